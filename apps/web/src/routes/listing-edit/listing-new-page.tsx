import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/problem';
import { useData } from '../../components/use-data';
import { t } from '../../i18n/i18n';
import { sendOrQueue } from '../../offline/outbox';
import { currentMembership } from '../../session/session';
import { useSignedIn } from '../../components/signed-in';
import { type Listing, ListingForm, type ListingFields } from './listing-form';
import { uploadListingPhoto } from './photos';
import './listing-edit.css';

export function ListingNewPage() {
  const inside = useSignedIn();
  const { route } = useLocation();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const organization = currentMembership.value;
  // Where the organization is: the likely place of what it sells. Its cached copy works offline.
  const profile = useData(
    () => (organization ? ok(api.GET('/api/v1/organizations/{id}', { params: { path: { id: organization.organizationId } } })) : Promise.resolve(null)),
    [organization?.organizationId],
  );
  if (!inside) return null;
  if (!organization) {
    return (
      <section class="narrow">
        <h1>{t('listingForm.newTitle')}</h1>
        <p>
          {t('my.noOrganization')} <a href="/organizations/new">{t('my.createOrganization')}</a>
        </p>
      </section>
    );
  }

  const onSubmit = async (fields: ListingFields, photos: File[]) => {
    setBusy(true);
    setError(null);
    try {
      // Written with no signal, it waits on the phone and is sent once (its Idempotency-Key) when back online.
      const result = await sendOrQueue<Listing>({
        method: 'POST',
        path: '/api/v1/listings',
        body: { organizationId: organization.organizationId, ...fields },
        kind: 'listing',
        label: fields.title,
      });
      if (!result.sent) {
        route('/my/listings?queued=1');
        return;
      }
      const failed = await uploadAll(result.data.id, photos);
      route(`/my/listings/${result.data.id}${failed > 0 ? `?photosFailed=${failed}` : ''}`);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'offline', ''));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="narrow">
      <h1>{t('listingForm.newTitle')}</h1>
      <p class="lead">{t('listingForm.newLead', { name: organization.organizationName })}</p>
      <ListingForm defaultProvince={profile.data?.provinceCode} error={error} busy={busy} submitLabel={t('listingForm.publish')} onSubmit={(f, p) => void onSubmit(f, p)} />
    </section>
  );
}

/** Sends the photos one by one (a slow link copes better); returns how many could not be sent. */
async function uploadAll(listingId: string, photos: File[]): Promise<number> {
  let failed = 0;
  for (const photo of photos) {
    try {
      await uploadListingPhoto(listingId, photo);
    } catch {
      failed++;
    }
  }
  return failed;
}
