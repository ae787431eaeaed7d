import { api, ok } from '../../api/client';
import type { Schemas } from '../../api/types';
import { useActingOrganization } from '../../components/acting-organization';
import { LoadState } from '../../components/status';
import { useData } from '../../components/use-data';
import { usePaged } from '../../components/use-paged';
import { formatDateTime, formatMoney, formatNumber } from '../../i18n/format';
import { t, type MessageKey } from '../../i18n/i18n';
import '../my-trainings/my-trainings.css';
import './my-events.css';

type Event = Schemas['TrainingDto'];

/** The date still to come first, else the last one held. */
function nextDate(event: Event) {
  const live = (event.sessions ?? []).filter((s) => s.status === 'scheduled');
  const now = Date.now();
  return live.find((s) => new Date(s.startsAt).getTime() > now) ?? live[live.length - 1];
}

/** The exposure visits and business forums (and trainings) the organization organizes, newest first. */
export function MyEventsPage() {
  const acting = useActingOrganization();
  if (!acting.ready) return acting.view;
  return <MyEvents organizationId={acting.organization.organizationId} organizationName={acting.organization.organizationName} />;
}

function MyEvents({ organizationId, organizationName }: { organizationId: string; organizationName: string }) {
  const events = usePaged(
    (cursor) => ok(api.GET('/api/v1/events/mine', { params: { query: { organizationId, limit: 20, cursor } } })),
    [organizationId],
  );
  return (
    <section class="my-trainings my-events">
      <h1>{t('eventMine.title')}</h1>
      <p class="lead">{organizationName}</p>
      <p class="row wrap">
        <a class="button" href="/my/events/new">
          {t('eventMine.newVisit')}
        </a>
        <a class="button secondary" href="/my/events/new?kind=business_forum">
          {t('eventMine.newForum')}
        </a>
      </p>
      <LoadState loading={events.loading && events.items.length === 0} error={events.error} />
      {!events.loading && !events.error && events.items.length === 0 && <p class="muted">{t('eventMine.none')}</p>}
      <ul class="cards">
        {events.items.map((event) => {
          const next = nextDate(event);
          const live = (event.sessions ?? []).filter((s) => s.status === 'scheduled').length;
          const href = event.kind === 'training' ? `/my/trainings/${event.id}` : `/my/events/${event.id}`;
          return (
            <li key={event.id} class="card">
              <h2 class="card-title">
                <a href={href}>{event.title}</a>
              </h2>
              <p class="row wrap">
                <span class="badge">{t(`event.kind.${event.kind}` as MessageKey)}</span>
                <span class={`badge training-${event.status}`}>{t(`supplierTraining.status.${event.status}` as MessageKey)}</span>
              </p>
              <p>{t('eventMine.dateCount', { count: formatNumber(live) })}</p>
              {next && (
                <p class="muted">
                  {t('eventMine.next', { when: formatDateTime(next.startsAt), venue: next.venue, taken: formatNumber(next.seatsTaken), capacity: formatNumber(next.capacity) })}
                </p>
              )}
            </li>
          );
        })}
      </ul>
      {events.hasMore && (
        <button type="button" class="secondary" onClick={events.more}>
          {t('supplierTraining.more')}
        </button>
      )}
      <MonthlyCostShares organizationId={organizationId} />
    </section>
  );
}

/**
 * What participants paid against what sponsors covered, month by month over all the
 * organization's events (GET /events/cost-shares): the share participants carry should grow.
 */
function MonthlyCostShares({ organizationId }: { organizationId: string }) {
  const report = useData(() => ok(api.GET('/api/v1/events/cost-shares', { params: { query: { organizationId } } })), [organizationId]);
  const months = report.data?.months ?? [];
  return (
    <section aria-labelledby="cost-months-heading">
      <h2 id="cost-months-heading">{t('eventMine.costTitle')}</h2>
      <LoadState loading={report.loading && !report.data} error={report.data ? null : report.error} />
      {report.data && months.length === 0 && <p class="muted">{t('eventMine.costNone')}</p>}
      {months.length > 0 && (
        <table class="cost-months">
          <caption class="visually-hidden">{t('eventMine.costTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('eventMine.costMonth')}</th>
              <th scope="col">{t('eventManage.paid')}</th>
              <th scope="col">{t('eventManage.sponsored')}</th>
              <th scope="col">{t('eventMine.costPercent')}</th>
            </tr>
          </thead>
          <tbody>
            {months.map((m) => {
              const [year, month] = m.month.split('-');
              return (
                <tr key={`${m.month}-${m.currency}`}>
                  <th scope="row">{t('eventMine.month', { month: t(`month.${Number(month)}` as MessageKey), year: year! })}</th>
                  <td>{formatMoney(m.paid)}</td>
                  <td>{formatMoney(m.sponsored)}</td>
                  <td>{m.paidPercent === null ? '–' : `${formatNumber(m.paidPercent, 1)}%`}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
