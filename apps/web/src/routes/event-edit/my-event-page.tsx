import { useEffect, useState } from 'preact/hooks';
import { loadCatalog, provinceByCode, valueChainByCode } from '../../api/catalog';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/problem';
import type { Schemas } from '../../api/types';
import { Field } from '../../components/field';
import { useSignedIn } from '../../components/signed-in';
import { LoadState } from '../../components/status';
import { useData } from '../../components/use-data';
import { usePaged } from '../../components/use-paged';
import { formatDateTime, formatMoney, formatNumber } from '../../i18n/format';
import { nameOf, t, type MessageKey } from '../../i18n/i18n';
import { InviteGroup } from '../training-edit/invite-group';
import { TrainingProblem } from '../training-edit/training-problem';
import { StopTimes, SupplierName } from '../trainings/training-parts';
import '../training-edit/training-edit.css';
import { AddDateForm, AgendaEditor, CancelDate, CancelEvent, MeetingPointsEditor } from './event-changes';
import { EventPhotos } from './event-photos';
import './event-edit.css';

type EventDetail = Schemas['EventDto'];
type Session = Schemas['EventSessionDto'];
type Registration = Schemas['StaffRegistrationDto'];
type Totals = Schemas['CostTotalsDto'];
type PaymentStatus = NonNullable<Registration['paymentStatus']>;

const PAYMENT_STATUSES: PaymentStatus[] = ['paid', 'waived', 'due'];
const asApiError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0, 'offline', ''));

export function MyEventPage({ id }: { id: string }) {
  if (!useSignedIn()) return null;
  return <ManageEvent eventId={id} />;
}

/**
 * The organizer's view of a visit or a forum: seats and the waitlist of each date, every
 * registration with what it owes and whether it is paid, the cost report (what participants
 * paid against what sponsors covered), and the notes sent to every participant.
 */
function ManageEvent({ eventId }: { eventId: string }) {
  useEffect(() => void loadCatalog().catch(() => undefined), []);
  const [generation, setGeneration] = useState(0);
  const event = useData(() => ok(api.GET('/api/v1/events/{id}', { params: { path: { id: eventId } } })), [eventId, generation]);
  const report = useData(
    () => ok(api.GET('/api/v1/events/{id}/cost-shares', { params: { path: { id: eventId } } })),
    [eventId, generation],
  );
  const refresh = () => setGeneration((g) => g + 1);
  const ev = event.data;
  if (!ev) {
    return (
      <section class="event-manage">
        <LoadState loading={event.loading} error={event.error} />
      </section>
    );
  }
  const sessions = ev.sessions ?? [];
  return (
    <section class="event-manage">
      <p>
        <a href="/my/events">{t('eventMine.back')}</a>
      </p>
      <p class="badge">{t(`event.kind.${ev.kind}` as MessageKey)}</p>
      <h1>{ev.title}</h1>
      {ev.status === 'cancelled' && <p class="badge training-cancelled">{t('supplierTraining.status.cancelled')}</p>}
      <dl class="training-facts">
        <dt>{t('event.organizer')}</dt>
        <dd>
          <SupplierName organizationId={ev.organizationId} />
        </dd>
        {ev.hostOrganizationId && (
          <>
            <dt>{t('event.host')}</dt>
            <dd>
              <SupplierName organizationId={ev.hostOrganizationId} link />
            </dd>
          </>
        )}
        <dt>{t('training.valueChains')}</dt>
        <dd>{ev.valueChains.map((code) => nameOf(valueChainByCode(code)) || code).join(', ')}</dd>
        {ev.cost && (
          <>
            <dt>{t('event.costTitle')}</dt>
            <dd>
              {t('event.costLine', {
                cost: formatMoney(ev.cost.perParticipant),
                percent: `${formatNumber(ev.cost.sponsorSharePercent, 0)}%`,
                share: formatMoney(ev.cost.participantShare),
              })}
            </dd>
          </>
        )}
      </dl>
      {ev.description && <p class="description">{ev.description}</p>}
      <p>
        <a href={`/events/${ev.id}`}>{t('eventManage.publicPage')}</a>
      </p>
      <EventPhotos event={ev} onChanged={refresh} />
      {ev.status === 'active' && <EditBasics event={ev} onSaved={refresh} />}
      {(ev.agenda.length > 0 || (ev.kind === 'business_forum' && ev.status === 'active')) && (
        <section aria-labelledby="manage-agenda-heading">
          <h2 id="manage-agenda-heading">{t('event.agendaTitle')}</h2>
          {ev.agenda.length === 0 && <p class="muted">{t('eventManage.agendaEmpty')}</p>}
          <ol class="event-agenda">
            {ev.agenda.map((talk) => (
              <li key={talk.startsAt + talk.title}>
                <strong>{formatDateTime(talk.startsAt)}</strong> {talk.title} <span class="muted">{t('event.speaker', { speaker: talk.speaker })}</span>
              </li>
            ))}
          </ol>
          {ev.kind === 'business_forum' && ev.status === 'active' && <AgendaEditor event={ev} onSaved={refresh} />}
        </section>
      )}

      {ev.cost && (
        <section aria-labelledby="manage-cost-heading">
          <h2 id="manage-cost-heading">{t('eventManage.costReportTitle')}</h2>
          <LoadState loading={report.loading && !report.data} error={report.data ? null : report.error} />
          {report.data && report.data.totals.length === 0 && <p>{t('eventManage.costReportEmpty')}</p>}
          {report.data?.totals.map((totals) => <CostTotals key={totals.currency} totals={totals} />)}
        </section>
      )}

      <section aria-labelledby="manage-sessions-heading">
        <h2 id="manage-sessions-heading">{t('eventEdit.sessionsTitle')}</h2>
        <ol class="stops">
          {sessions.map((session, index) => (
            <SessionCard key={session.id} event={ev} session={session} index={index} onChanged={refresh} />
          ))}
        </ol>
      </section>

      {ev.status === 'active' && (
        <>
          <AddDateForm event={ev} onAdded={refresh} />
          <section aria-labelledby="manage-invite-heading">
            <h2 id="manage-invite-heading">{t('supplierTraining.inviteTitle')}</h2>
            <InviteGroup trainingId={ev.id} hint={t('eventManage.inviteHint')} />
          </section>
        </>
      )}

      <NotesForm event={ev} />

      {ev.status === 'active' && <CancelEvent event={ev} onCancelled={refresh} />}
    </section>
  );
}

/** One currency's totals over the confirmed registrations, from GET /events/:id/cost-shares. */
function CostTotals({ totals }: { totals: Totals }) {
  const rows: Array<[string, string]> = [
    [t('eventManage.registrations'), formatNumber(totals.registrations)],
    [t('eventManage.totalCost'), formatMoney(totals.cost)],
    [t('eventManage.sponsored'), formatMoney(totals.sponsored)],
    [t('eventManage.participantShare'), formatMoney(totals.participantShare)],
    [t('eventManage.paid'), formatMoney(totals.paid)],
    [t('eventManage.waived'), formatMoney(totals.waived)],
    [t('eventManage.due'), formatMoney(totals.due)],
    [t('eventManage.paidPercent'), totals.paidPercent === null ? '–' : `${formatNumber(totals.paidPercent, 1)}%`],
  ];
  return (
    <table class="attendance cost-totals">
      <caption class="visually-hidden">{t('eventManage.costReportCaption', { currency: totals.currency })}</caption>
      <tbody>
        {rows.map(([name, value]) => (
          <tr key={name}>
            <th scope="row">{name}</th>
            <td>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SessionCard({ event, session, index, onChanged }: { event: EventDetail; session: Session; index: number; onChanged: () => void }) {
  // Not loaded again when a payment is marked: each row keeps what the API answered, and the
  // organizer stays where they were in a long list.
  const registrations = usePaged(
    (cursor) => ok(api.GET('/api/v1/training-sessions/{id}/registrations', { params: { path: { id: session.id }, query: { limit: 50, cursor } } })),
    [session.id],
  );
  const headingId = `session-${session.id}`;
  const live = registrations.items.filter((r) => r.status !== 'cancelled');
  return (
    <li class="card stop" aria-labelledby={headingId}>
      <h3 class="card-title" id={headingId}>
        {t('eventManage.sessionHeading', { n: formatNumber(index + 1) })} <StopTimes startsAt={session.startsAt} endsAt={session.endsAt} />
      </h3>
      <p>{t('training.where', { venue: session.venue, province: nameOf(provinceByCode(session.provinceCode)) })}</p>
      <p class="stop-seats">{t('supplierTraining.seats', { taken: formatNumber(session.seatsTaken), capacity: formatNumber(session.capacity) })}</p>
      <p>{t('supplierTraining.waitlist', { count: formatNumber(session.waitlisted) })}</p>
      {event.kind === 'exposure_visit' && session.registrationOpen ? (
        <MeetingPointsEditor session={session} onChanged={onChanged} />
      ) : (
        session.meetingPoints.length > 0 && (
          <ul class="event-meeting-points">
            {session.meetingPoints.map((p) => (
              <li key={p.id}>
                {t('eventManage.point', { name: p.name, time: formatDateTime(p.departsAt), taken: formatNumber(p.seatsTaken), seats: formatNumber(p.seats) })}
              </li>
            ))}
          </ul>
        )
      )}
      <h4>{t('eventManage.registrationsTitle')}</h4>
      <LoadState loading={registrations.loading && registrations.items.length === 0} error={registrations.error} />
      {!registrations.loading && !registrations.error && live.length === 0 && <p class="muted">{t('eventManage.noRegistrations')}</p>}
      <ul class="event-registrations">
        {live.map((r) => (
          <RegistrationRow key={r.id} session={session} registration={r} hasCost={event.cost !== null} onChanged={onChanged} />
        ))}
      </ul>
      {registrations.hasMore && (
        <button type="button" class="secondary" onClick={registrations.more}>
          {t('supplierTraining.more')}
        </button>
      )}
      {session.status !== 'cancelled' && (
        <p>
          <a class="button secondary" href={`/training-sessions/${session.id}/check-in`}>
            {t('supplierTraining.checkInLink')}
          </a>
        </p>
      )}
      <CancelDate session={session} onCancelled={onChanged} />
    </li>
  );
}

/** Who registered, where they join the transport, what they owe, and the organizer's mark: paid, waived or still due. */
function RegistrationRow({ session, registration, hasCost, onChanged }: { session: Session; registration: Registration; hasCost: boolean; onChanged: () => void }) {
  const [status, setStatus] = useState<PaymentStatus | null>(registration.paymentStatus);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const name = registration.attendeeName ?? t('eventManage.someone');
  const point = session.meetingPoints.find((p) => p.id === registration.meetingPointId);
  const groupId = `payment-${registration.id}`;

  const mark = async (next: PaymentStatus) => {
    const before = status;
    setStatus(next);
    setBusy(true);
    setError(null);
    try {
      const saved = await ok(
        api.PUT('/api/v1/training-sessions/{id}/registrations/{registrationId}/payment', {
          params: { path: { id: session.id, registrationId: registration.id } },
          body: { status: next },
        }),
      );
      setStatus(saved.paymentStatus);
      // The seats and the cost report change with it.
      onChanged();
    } catch (e) {
      setStatus(before);
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <li class="event-registration" aria-label={name}>
      <p>
        <strong>{name}</strong> {registration.attendeePhone && <span class="muted">{registration.attendeePhone}</span>}{' '}
        {registration.status === 'waitlisted' ? (
          <span class="badge waiting">{t('training.waitlistedAt', { position: formatNumber(registration.position ?? 0) })}</span>
        ) : (
          <span class="badge">{t('training.registered')}</span>
        )}
      </p>
      {registration.seats > 1 && <p>{t('eventManage.seatsBooked', { n: formatNumber(registration.seats) })}</p>}
      {session.meetingPoints.length > 0 && <p>{point ? t('eventManage.joinsAt', { name: point.name }) : t('event.ownWay')}</p>}
      {hasCost && registration.amountDue && status && (
        <>
          <p>{t('eventManage.owes', { amount: formatMoney(registration.amountDue) })}</p>
          <fieldset class="payment" id={groupId}>
            <legend>{t('eventManage.paymentOf', { name })}</legend>
            <div class="row wrap">
              {PAYMENT_STATUSES.map((s) => (
                <label key={s} class="check">
                  <input type="radio" name={groupId} value={s} checked={status === s} disabled={busy} onChange={() => void mark(s)} />
                  {t(`event.payment.${s}` as MessageKey)}
                </label>
              ))}
            </div>
          </fieldset>
        </>
      )}
      <TrainingProblem error={error} />
    </li>
  );
}

/** The title and what will be shown or discussed, changed in place (PATCH /trainings/:id, the same row). */
function EditBasics({ event, onSaved }: { event: EventDetail; onSaved: () => void }) {
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState(event.title);
  const [description, setDescription] = useState(event.description ?? '');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const visit = event.kind === 'exposure_visit';
  if (!open) {
    return (
      <p>
        {saved && (
          <span class="hint" role="status">
            {t('eventManage.saved')}{' '}
          </span>
        )}
        <button
          type="button"
          class="secondary"
          onClick={() => {
            setTitle(event.title);
            setDescription(event.description ?? '');
            setSaved(false);
            setOpen(true);
          }}
        >
          {t('eventManage.edit')}
        </button>
      </p>
    );
  }
  const onSubmit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await ok(
        api.PATCH('/api/v1/trainings/{id}', {
          params: { path: { id: event.id } },
          body: {
            title: title.trim(),
            description: description.trim() || null,
            // The subject follows the title it was made from.
            ...(event.topic === event.title ? { topic: title.trim() } : {}),
          },
        }),
      );
      setOpen(false);
      setSaved(true);
      onSaved();
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="event-edit-basics" onSubmit={(e) => void onSubmit(e)} noValidate>
      <TrainingProblem error={error?.fieldErrors.length ? null : error} />
      <Field id="edit-title" name="title" label={t('eventEdit.title')} error={error}>
        {(props) => <input {...props} maxLength={200} value={title} onInput={(e) => setTitle((e.currentTarget as HTMLInputElement).value)} required />}
      </Field>
      <Field id="edit-description" name="description" label={visit ? t('eventEdit.shown') : t('eventEdit.about')} error={error}>
        {(props) => <textarea {...props} rows={4} maxLength={4000} value={description} onInput={(e) => setDescription((e.currentTarget as HTMLTextAreaElement).value)} />}
      </Field>
      <div class="row wrap">
        <button type="submit" disabled={busy}>
          {t('eventManage.editSave')}
        </button>
        <button type="button" class="secondary" onClick={() => setOpen(false)}>
          {t('eventManage.editKeep')}
        </button>
      </div>
    </form>
  );
}

/** The forum's notes or outcomes, sent as a notification to every confirmed participant. */
function NotesForm({ event }: { event: EventDetail }) {
  const [body, setBody] = useState('');
  const [sent, setSent] = useState<number | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const onSubmit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSent(null);
    try {
      const notes = await ok(
        api.POST('/api/v1/events/{id}/notes', {
          params: { path: { id: event.id } },
          body: { body: body.trim() },
          headers: { 'Idempotency-Key': crypto.randomUUID() },
        }),
      );
      setSent(notes.recipientCount);
      setBody('');
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="manage-notes-heading">
      <h2 id="manage-notes-heading">{t('eventManage.notesTitle')}</h2>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <TrainingProblem error={error?.fieldErrors.length ? null : error} />
        <Field id="event-notes" name="body" label={t('eventManage.notesLabel')} hint={t('eventManage.notesHint')} error={error}>
          {(props) => <textarea {...props} rows={5} maxLength={4000} value={body} onInput={(e) => setBody((e.currentTarget as HTMLTextAreaElement).value)} />}
        </Field>
        <button type="submit" disabled={busy}>
          {t('eventManage.notesSend')}
        </button>
        {sent !== null && (
          <p class="hint" role="status">
            {t('eventManage.notesSent', { n: formatNumber(sent) })}
          </p>
        )}
      </form>
    </section>
  );
}
