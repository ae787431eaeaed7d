import { api, ok } from '../../api/client';
import { useActingOrganization } from '../../components/acting-organization';
import { LoadState } from '../../components/status';
import { useData } from '../../components/use-data';
import { formatDate, formatNumber } from '../../i18n/format';
import { t, type MessageKey } from '../../i18n/i18n';
import './my-fairs.css';

/** The fairs the acting organization organizes, drafts included, soonest first. */
export function MyFairsPage() {
  const acting = useActingOrganization();
  const organizationId = acting.ready ? acting.organization.organizationId : undefined;
  const fairs = useData(
    () => (organizationId ? ok(api.GET('/api/v1/trade-fairs', { params: { query: { organizationId, limit: 100 } } })) : Promise.resolve(null)),
    [organizationId],
  );
  if (!acting.ready) return acting.view;
  const organizes = acting.organization.capabilities.includes('organize_fairs');
  const items = fairs.data?.items ?? [];
  return (
    <section class="my-fairs">
      <h1>{t('fairOrganizer.myFairs')}</h1>
      <p class="lead">{acting.organization.organizationName}</p>
      {organizes ? (
        <p>
          <a class="button" href="/my/fairs/new">
            {t('fairOrganizer.newFair')}
          </a>
        </p>
      ) : (
        <p class="muted">{t('fairOrganizer.cannotOrganize')}</p>
      )}
      <LoadState loading={fairs.loading && !fairs.data} error={fairs.data ? null : fairs.error} />
      {fairs.data && items.length === 0 && <p class="muted">{t('fairOrganizer.noFairs')}</p>}
      <ul class="cards">
        {items.map((fair) => (
          <li key={fair.id} class="card">
            <h2 class="card-title">
              <a href={`/my/fairs/${fair.id}`}>{fair.name}</a>
            </h2>
            <p>
              <span class={`badge fair-status-${fair.status}`}>{t(`fairOrganizer.status.${fair.status}` as MessageKey)}</span>
            </p>
            <p>{t('fairOrganizer.dates', { from: formatDate(fair.startsOn), to: formatDate(fair.endsOn) })}</p>
            <p class="muted">
              {t('fairOrganizer.stallCounts', {
                total: formatNumber(fair.stallCounts.total),
                taken: formatNumber(fair.stallCounts.taken),
                requested: formatNumber(fair.stallCounts.requested),
              })}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
