import { api, ok } from '../../api/client';
import type { Schemas } from '../../api/types';
import { useData } from '../../components/use-data';
import { formatDate, formatDateTime, formatNumber } from '../../i18n/format';
import { t } from '../../i18n/i18n';

// Shared by the search's cards and a training's page.

/** The supplier's name; the same data key as its profile, so the server draws it once. */
export function SupplierName({ organizationId, link = false }: { organizationId: string; link?: boolean }) {
  const org = useData(() => ok(api.GET('/api/v1/organizations/{id}', { params: { path: { id: organizationId } } })), [organizationId], `organization:${organizationId}`);
  if (!org.data) return <>{t('common.loading')}</>;
  const name = t('training.by', { supplier: org.data.name });
  return link ? <a href={`/organizations/${org.data.id}`}>{name}</a> : <>{name}</>;
}

/** Seats left at a stop, or that the next one to register waits for a seat. */
export function SeatsLeft({ session }: { session: Pick<Schemas['TrainingSessionDto'], 'seatsLeft' | 'waitlisted' | 'registrationOpen' | 'status'> }) {
  if (session.status === 'cancelled') return <span class="badge status-closed">{t('training.stopCancelled')}</span>;
  if (!session.registrationOpen) return <span class="badge status-closed">{t('training.registrationClosed')}</span>;
  // While anyone waits, a newcomer joins the end of the line even if a seat is free.
  if (session.seatsLeft === 0 || session.waitlisted > 0) {
    return <span class="badge waiting">{session.waitlisted > 0 ? t('training.fullWaiting', { n: formatNumber(session.waitlisted) }) : t('training.fullWaitlist')}</span>;
  }
  return <span class="badge">{t('training.seatsLeft', { n: formatNumber(session.seatsLeft) })}</span>;
}


/** When a stop runs: `7 ធ្នូ 08:00 ដល់ 11:00`, the end's day too when it ends on another. */
export function StopTimes({ startsAt, endsAt }: { startsAt: string; endsAt: string }) {
  const end = formatDateTime(endsAt);
  // formatDateTime ends with the time (`7 Dec 11:00`): on the same day the time is enough.
  const sameDay = formatDate(startsAt) === formatDate(endsAt);
  return <>{t('training.when', { start: formatDateTime(startsAt), end: sameDay ? end.slice(end.lastIndexOf(' ') + 1) : end })}</>;
}
