import { api, ok } from '../../api/client';
import { useData } from '../../components/use-data';
import { LoadState } from '../../components/status';
import { t } from '../../i18n/i18n';

/** The organization's active listings, for the exhibitor to choose which to show at the stall. */
export function useMyListings(organizationId: string | null) {
  return useData(async () => {
    if (!organizationId) return [];
    const page = await ok(api.GET('/api/v1/listings', { params: { query: { mine: true, status: 'active', limit: 100 } } }));
    return page.items.filter((l) => l.organizationId === organizationId);
  }, [organizationId]);
}

interface ShowcasePickerProps {
  id: string;
  organizationId: string;
  chosen: string[];
  onChange: (chosen: string[]) => void;
}

/** Check boxes of the organization's listings, under one legend. */
export function ShowcasePicker({ id, organizationId, chosen, onChange }: ShowcasePickerProps) {
  const listings = useMyListings(organizationId);
  return (
    <fieldset class="choices">
      <legend>{t('fair.showcase.legend')}</legend>
      <p class="hint">{t('fair.showcase.hint')}</p>
      <LoadState loading={listings.loading && !listings.data} error={listings.error} />
      {listings.data?.length === 0 && (
        <p class="muted">
          {t('fair.showcase.none')} <a href="/my/listings/new">{t('fair.showcase.addListing')}</a>
        </p>
      )}
      {listings.data?.map((l) => (
        <label key={l.id} class="check" for={`${id}-${l.id}`}>
          <input
            id={`${id}-${l.id}`}
            type="checkbox"
            checked={chosen.includes(l.id)}
            onChange={(e) => onChange((e.currentTarget as HTMLInputElement).checked ? [...chosen, l.id] : chosen.filter((c) => c !== l.id))}
          />
          {l.title}
        </label>
      ))}
    </fieldset>
  );
}
