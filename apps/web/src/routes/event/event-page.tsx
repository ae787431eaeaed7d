import { useRoute } from 'preact-iso';
import { useState } from 'preact/hooks';
import { provinceByCode, valueChainByCode } from '../../api/catalog';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/problem';
import type { Schemas } from '../../api/types';
import { FormError } from '../../components/field';
import { Photo } from '../../components/photo';
import { LoadState } from '../../components/status';
import { useCatalog } from '../../components/use-catalog';
import { useData } from '../../components/use-data';
import { formatDateTime, formatMoney, formatNumber } from '../../i18n/format';
import { nameOf, t, type MessageKey } from '../../i18n/i18n';
import { currentMembership, signedIn } from '../../session/session';
import { SeatsLeft, StopTimes, SupplierName } from '../trainings/training-parts';
import '../training/training.css';

type EventDetail = Schemas['EventDto'];
type Session = Schemas['EventSessionDto'];
type MyRegistration = Schemas['MyRegistrationDto'];

/**
 * An exposure visit's or a business forum's page: the host, what will be shown or the
 * agenda, the cost and who pays what, the dates with meeting points; registering with a
 * meeting point, what I owe, and once I am in, who I met.
 */
export function EventPage() {
  useCatalog();
  const { params } = useRoute();
  const id = params.id!;
  const event = useData(() => ok(api.GET('/api/v1/events/{id}', { params: { path: { id } } })), [id], `event:${id}`);
  const inside = signedIn.value;
  const mine = useData<MyRegistration[]>(
    async () => {
      if (!inside) return [];
      const page = await ok(api.GET('/api/v1/training-registrations', { params: { query: { limit: 100 } } }));
      return page.items.filter((r) => r.trainingId === id && r.status !== 'cancelled');
    },
    [id, inside],
  );
  const ev = event.data;
  if (!ev) return <LoadState loading={event.loading} error={event.error} />;
  const changed = () => {
    event.reload();
    mine.reload();
  };
  const sessions = ev.sessions ?? [];
  const confirmed = (mine.data ?? []).some((r) => r.status === 'confirmed');
  return (
    <article class="training-page event-page">
      <p class="badge">{t(`event.kind.${ev.kind}` as MessageKey)}</p>
      <h1>{ev.title}</h1>
      {ev.kind !== 'training' && currentMembership.value?.organizationId === ev.organizationId && currentMembership.value.role !== 'member' && (
        <p>
          <a href={`/my/events/${ev.id}`}>{t('event.manageLink')}</a>
        </p>
      )}
      <dl class="terms">
        <dt>{t('event.organizer')}</dt>
        <dd>
          <SupplierName organizationId={ev.organizationId} link />
        </dd>
        {ev.hostOrganizationId && (
          <>
            <dt>{t('event.host')}</dt>
            <dd>
              <SupplierName organizationId={ev.hostOrganizationId} link />
            </dd>
          </>
        )}
        {ev.valueChains.length > 0 && (
          <>
            <dt>{t('training.valueChains')}</dt>
            <dd>{ev.valueChains.map((code) => nameOf(valueChainByCode(code)) || code).join(', ')}</dd>
          </>
        )}
      </dl>
      {ev.description && <p class="description">{ev.description}</p>}
      {ev.photos.length > 0 && (
        <ul class="event-photos" aria-label={t('eventPhotos.title')}>
          {ev.photos.map((photo, i) => (
            <li key={photo.id}>
              <Photo photo={photo} alt={t('eventPhotos.alt', { n: i + 1, title: ev.title })} sizes="(min-width: 600px) 300px, 100vw" eager={i === 0} />
            </li>
          ))}
        </ul>
      )}
      {ev.cost && (
        <section aria-labelledby="event-cost-heading">
          <h2 id="event-cost-heading">{t('event.costTitle')}</h2>
          <p>
            {t('event.costLine', {
              cost: formatMoney(ev.cost.perParticipant),
              percent: `${formatNumber(ev.cost.sponsorSharePercent, 0)}%`,
              share: formatMoney(ev.cost.participantShare),
            })}
          </p>
        </section>
      )}
      {ev.agenda.length > 0 && (
        <section aria-labelledby="event-agenda-heading">
          <h2 id="event-agenda-heading">{t('event.agendaTitle')}</h2>
          <ol class="event-agenda">
            {ev.agenda.map((talk) => (
              <li key={talk.startsAt + talk.title}>
                <strong>{formatDateTime(talk.startsAt)}</strong> {talk.title} <span class="muted">{t('event.speaker', { speaker: talk.speaker })}</span>
              </li>
            ))}
          </ol>
        </section>
      )}
      <section aria-labelledby="event-stops-heading">
        <h2 id="event-stops-heading">{t('training.stopsTitle')}</h2>
        {sessions.length === 0 && <p>{t('training.noStops')}</p>}
        <ul class="training-stops">
          {sessions.map((session) => (
            <EventStop key={session.id} event={ev} session={session} mine={mine.data?.find((r) => r.sessionId === session.id) ?? null} onChange={changed} />
          ))}
        </ul>
      </section>
      {confirmed && <WhoIMet eventId={ev.id} />}
    </article>
  );
}

function EventStop({ event, session, mine, onChange }: { event: EventDetail; session: Session; mine: MyRegistration | null; onChange: () => void }) {
  const headingId = `stop-${session.id}`;
  return (
    <li class="card training-stop" aria-labelledby={headingId}>
      <h3 class="card-title" id={headingId}>
        <StopTimes startsAt={session.startsAt} endsAt={session.endsAt} />
      </h3>
      <p>{t('training.where', { venue: session.venue, province: nameOf(provinceByCode(session.provinceCode)) })}</p>
      <p>
        <SeatsLeft session={session} /> <span class="muted">{t('training.capacity', { n: formatNumber(session.capacity) })}</span>
      </p>
      {session.meetingPoints.length > 0 && (
        <ul class="event-meeting-points">
          {session.meetingPoints.map((p) => (
            <li key={p.id}>{t('event.departs', { name: p.name, time: formatDateTime(p.departsAt), n: formatNumber(p.seatsLeft) })}</li>
          ))}
        </ul>
      )}
      {mine ? (
        <MyEventPlace registration={mine} session={session} />
      ) : session.registrationOpen ? (
        signedIn.value ? (
          <EventRegisterForm session={session} onDone={onChange} />
        ) : (
          <a class="button" href={`/sign-in?next=${encodeURIComponent(`/events/${event.id}`)}`}>
            {t('training.signInToRegister')}
          </a>
        )
      ) : null}
    </li>
  );
}

/** Where I stand, my meeting point, and what I owe. */
function MyEventPlace({ registration, session }: { registration: MyRegistration; session: Session }) {
  const point = session.meetingPoints.find((p) => p.id === registration.meetingPointId);
  const waiting = registration.status === 'waitlisted';
  return (
    <div class="my-place">
      <p role="status">
        {waiting ? (
          <span class="badge waiting">
            {registration.position !== null ? t('training.waitlistedAt', { position: formatNumber(registration.position) }) : t('training.waitlisted')}
          </span>
        ) : (
          <span class="badge">{t('training.registered')}</span>
        )}
      </p>
      {point && <p>{t('event.myMeetingPoint', { name: point.name, time: formatDateTime(point.departsAt) })}</p>}
      {registration.amountDue && registration.paymentStatus && (
        <p class="event-owe">
          {t('event.owe', { amount: formatMoney(registration.amountDue) })} <span class="badge">{t(`event.payment.${registration.paymentStatus}` as MessageKey)}</span>
        </p>
      )}
      {!waiting && registration.checkInCode && (
        <p>
          {t('training.yourCode')} <strong class="check-in-code">{registration.checkInCode}</strong>
        </p>
      )}
    </div>
  );
}

/** Register myself or my organization, at a meeting point if the visit has them, sharing my profile if I want. */
function EventRegisterForm({ session, onDone }: { session: Session; onDone: () => void }) {
  const membership = currentMembership.value;
  const [meetingPointId, setMeetingPointId] = useState(session.meetingPoints[0]?.id ?? '');
  const [share, setShare] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const id = `register-${session.id}`;
  const onSubmit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await ok(
        api.POST('/api/v1/training-sessions/{id}/registrations', {
          params: { path: { id: session.id } },
          body: {
            seats: 1,
            ...(membership ? { organizationId: membership.organizationId, shareProfile: share } : {}),
            ...(meetingPointId ? { meetingPointId } : {}),
          },
          headers: { 'Idempotency-Key': crypto.randomUUID() },
        }),
      );
      onDone();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'offline', ''));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="register-form" onSubmit={(e) => void onSubmit(e)} noValidate>
      <FormError error={error} />
      {session.meetingPoints.length > 0 && (
        <fieldset class="choices">
          <legend>{t('event.meetingPoint')}</legend>
          {session.meetingPoints.map((p) => (
            <label class="check" key={p.id}>
              <input type="radio" name={`${id}-point`} value={p.id} checked={meetingPointId === p.id} onChange={() => setMeetingPointId(p.id)} />
              {t('event.departs', { name: p.name, time: formatDateTime(p.departsAt), n: formatNumber(p.seatsLeft) })}
            </label>
          ))}
          <label class="check">
            <input type="radio" name={`${id}-point`} value="" checked={meetingPointId === ''} onChange={() => setMeetingPointId('')} />
            {t('event.ownWay')}
          </label>
        </fieldset>
      )}
      {membership && (
        <label class="check">
          <input type="checkbox" name="shareProfile" checked={share} onChange={(e) => setShare((e.currentTarget as HTMLInputElement).checked)} />
          {t('event.shareProfile', { organization: membership.organizationName })}
        </label>
      )}
      <button type="submit" disabled={busy}>
        {session.seatsLeft === 0 || session.waitlisted > 0 ? t('training.joinWaitlist') : t('training.register')}
      </button>
    </form>
  );
}

/** The other participants' organizations that allowed it, and the host: each a profile to open and message. */
function WhoIMet({ eventId }: { eventId: string }) {
  const met = useData(() => ok(api.GET('/api/v1/events/{id}/participants', { params: { path: { id: eventId }, query: { limit: 100 } } })), [eventId]);
  return (
    <section aria-labelledby="event-met-heading">
      <h2 id="event-met-heading">{t('event.whoIMetTitle')}</h2>
      {met.data ? (
        met.data.items.length <= 1 ? (
          <p>{t('event.whoIMetNone')}</p>
        ) : null
      ) : (
        <LoadState loading={met.loading} error={met.error} />
      )}
      <ul class="event-met">
        {(met.data?.items ?? []).map((p) => (
          <li key={p.organizationId}>
            <a href={`/organizations/${p.organizationId}`}>{p.name}</a> <span class="muted">{nameOf(provinceByCode(p.provinceCode))}</span>
            {p.host && <span class="badge">{t('event.host')}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
