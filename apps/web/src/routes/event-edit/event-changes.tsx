import { useState } from 'preact/hooks';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/problem';
import type { Schemas } from '../../api/types';
import { ProvinceSelect } from '../../components/catalog-pickers';
import { Field } from '../../components/field';
import { LocationPicker, useMyLocation } from '../../components/use-my-location';
import { formatDate, formatDateTime, formatNumber } from '../../i18n/format';
import { t } from '../../i18n/i18n';
import { asciiDigits } from '../check-in/check-in-code';
import { cambodiaDate } from '../trade/dates';
import { TrainingProblem } from '../training-edit/training-problem';
import { cambodiaDateTime } from '../training-edit/stop-time';

type EventDetail = Schemas['EventDto'];
type Session = Schemas['EventSessionDto'];

const asApiError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0, 'offline', ''));

/** A whole number as typed (`12`, `១២`), or what was typed when it is not one: the API names the field. */
const wholeNumber = (text: string) => {
  const digits = asciiDigits(text.trim());
  return (/^\d+$/.test(digits) ? Number(digits) : digits) as number;
};

/** The Cambodian day (`2026-12-05`) and wall-clock time (`08:30`) of an instant. */
function cambodiaParts(iso: string): { day: string; time: string } {
  const local = new Date(new Date(iso).getTime() + 7 * 3_600_000).toISOString();
  return { day: local.slice(0, 10), time: local.slice(11, 16) };
}

/** A confirmation before something everyone registered is told of, as the trainings' screen asks for a stop. */
function Confirm({ id, question, yes, busy, onYes, onNo }: { id: string; question: string; yes: string; busy: boolean; onYes: () => void; onNo: () => void }) {
  return (
    <div class="confirm" role="group" aria-labelledby={id}>
      <p id={id}>{question}</p>
      <div class="row wrap">
        <button type="button" class="danger" disabled={busy} onClick={onYes}>
          {yes}
        </button>
        <button type="button" class="secondary" onClick={onNo}>
          {t('supplierTraining.keep')}
        </button>
      </div>
    </div>
  );
}

/** Cancels one date of the event (POST /training-sessions/:id/cancel): its registrants are told. */
export function CancelDate({ session, onCancelled }: { session: Session; onCancelled: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  if (session.status === 'cancelled') return <p class="badge stop-status-cancelled">{t('eventManage.dateCancelled')}</p>;
  if (!session.registrationOpen) return null;
  const cancel = async () => {
    setBusy(true);
    setError(null);
    try {
      await ok(api.POST('/api/v1/training-sessions/{id}/cancel', { params: { path: { id: session.id } } }));
      setConfirming(false);
      onCancelled();
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      <TrainingProblem error={error} />
      {confirming ? (
        <Confirm
          id={`cancel-${session.id}`}
          question={t('eventManage.cancelDateConfirm')}
          yes={t('eventManage.cancelDateYes')}
          busy={busy}
          onYes={() => void cancel()}
          onNo={() => setConfirming(false)}
        />
      ) : (
        <button type="button" class="secondary" onClick={() => setConfirming(true)}>
          {t('eventManage.cancelDate')}
        </button>
      )}
    </div>
  );
}

/** Cancels the whole visit or forum (POST /trainings/:id/cancel serves every kind). */
export function CancelEvent({ event, onCancelled }: { event: EventDetail; onCancelled: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const visit = event.kind === 'exposure_visit';
  const cancel = async () => {
    setBusy(true);
    setError(null);
    try {
      await ok(api.POST('/api/v1/trainings/{id}/cancel', { params: { path: { id: event.id } } }));
      onCancelled();
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="cancel-event-heading">
      <h2 id="cancel-event-heading">{visit ? t('eventManage.cancelVisitTitle') : t('eventManage.cancelForumTitle')}</h2>
      <p class="hint">{t('eventManage.cancelEventHint')}</p>
      <TrainingProblem error={error} />
      {confirming ? (
        <Confirm
          id="cancel-event-confirm"
          question={t('eventManage.cancelEventConfirm')}
          yes={t('eventManage.cancelEventYes')}
          busy={busy}
          onYes={() => void cancel()}
          onNo={() => setConfirming(false)}
        />
      ) : (
        <button type="button" class="secondary" onClick={() => setConfirming(true)}>
          {visit ? t('eventManage.cancelVisit') : t('eventManage.cancelForum')}
        </button>
      )}
    </section>
  );
}

/**
 * A date's meeting points, changed before it starts: each can be removed while nobody leaves
 * from it (the API answers 409 otherwise), and another added on the date's day.
 */
export function MeetingPointsEditor({ session, onChanged }: { session: Session; onChanged: () => void }) {
  const [error, setError] = useState<ApiError | null>(null);
  const [removeError, setRemoveError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState(false);
  const day = cambodiaParts(session.startsAt).day;
  const prefix = `point-${session.id}`;

  const remove = async (pointId: string) => {
    setBusy(true);
    setRemoveError(null);
    setAdded(false);
    try {
      await ok(api.DELETE('/api/v1/training-sessions/{id}/meeting-points/{meetingPointId}', { params: { path: { id: session.id, meetingPointId: pointId } } }));
      onChanged();
    } catch (e) {
      // 409 while someone registered leaves from it: said in words, not beside a field.
      setRemoveError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    const form = new FormData(formElement);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    setBusy(true);
    setError(null);
    setRemoveError(null);
    setAdded(false);
    try {
      await ok(
        api.POST('/api/v1/training-sessions/{id}/meeting-points', {
          params: { path: { id: session.id } },
          body: { name: text('name'), departsAt: cambodiaDateTime(day, asciiDigits(text('departsAt'))), seats: wholeNumber(text('seats')) },
          headers: { 'Idempotency-Key': crypto.randomUUID() },
        }),
      );
      formElement.reset();
      setAdded(true);
      onChanged();
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="meeting-points">
      <TrainingProblem error={removeError} />
      {session.meetingPoints.length > 0 && (
        <ul class="event-meeting-points">
          {session.meetingPoints.map((p) => (
            <li key={p.id}>
              {t('eventManage.point', { name: p.name, time: formatDateTime(p.departsAt), taken: formatNumber(p.seatsTaken), seats: formatNumber(p.seats) })}{' '}
              <button type="button" class="secondary" disabled={busy} onClick={() => void remove(p.id)}>
                {t('eventManage.removePoint', { name: p.name })}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class="add-point" onSubmit={(e) => void onSubmit(e)} noValidate aria-label={t('eventManage.addPointTitle')}>
        <TrainingProblem error={error?.fieldErrors.length ? null : error} />
        <Field id={`${prefix}-name`} name="name" label={t('eventEdit.pointName')} error={error}>
          {(props) => <input {...props} maxLength={200} required />}
        </Field>
        <div class="stop-times">
          <Field id={`${prefix}-time`} name="departsAt" label={t('eventEdit.pointDeparts')} error={error}>
            {(props) => <input {...props} type="time" required />}
          </Field>
          <Field id={`${prefix}-seats`} name="seats" label={t('eventEdit.pointSeats')} error={error}>
            {(props) => <input {...props} inputMode="numeric" required />}
          </Field>
        </div>
        <button type="submit" class="secondary" disabled={busy}>
          {t('eventManage.addPoint')}
        </button>
        {added && (
          <p class="hint" role="status">
            {t('eventManage.pointAdded')}
          </p>
        )}
      </form>
    </div>
  );
}

/** Another date of the visit or forum (POST /events/:id/sessions), with a visit's first meeting point. */
export function AddDateForm({ event, onAdded }: { event: EventDetail; onAdded: () => void }) {
  const [province, setProvince] = useState('');
  const picker = useMyLocation();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState(false);
  const visit = event.kind === 'exposure_visit';

  const onSubmit = async (e: Event) => {
    e.preventDefault();
    const formElement = e.currentTarget as HTMLFormElement;
    const form = new FormData(formElement);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const date = text('date');
    const pointName = text('pointName');
    setBusy(true);
    setError(null);
    setAdded(false);
    try {
      await ok(
        api.POST('/api/v1/events/{id}/sessions', {
          params: { path: { id: event.id } },
          body: {
            startsAt: cambodiaDateTime(date, asciiDigits(text('startTime'))),
            endsAt: cambodiaDateTime(date, asciiDigits(text('endTime'))),
            provinceCode: province,
            venue: text('venue'),
            ...(picker.location ? { location: picker.location } : {}),
            capacity: wholeNumber(text('capacity')),
            ...(visit && pointName
              ? { meetingPoints: [{ name: pointName, departsAt: cambodiaDateTime(date, asciiDigits(text('pointTime'))), seats: wholeNumber(text('pointSeats')) }] }
              : {}),
          },
          headers: { 'Idempotency-Key': crypto.randomUUID() },
        }),
      );
      formElement.reset();
      setProvince('');
      picker.clear();
      setAdded(true);
      onAdded();
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="add-date-heading">
      <h2 id="add-date-heading">{t('eventManage.addDateTitle')}</h2>
      <form class="add-stop" onSubmit={(e) => void onSubmit(e)} noValidate>
        <TrainingProblem error={error?.fieldErrors.length ? null : error} />
        <Field id="date-day" name="startsAt" label={t('supplierTraining.stopDate')} hint={t('supplierTraining.stopDateHint')} error={error}>
          {(props) => <input {...props} name="date" type="date" min={cambodiaDate(0)} required />}
        </Field>
        <div class="stop-times">
          <Field id="date-start" name="startTime" label={t('supplierTraining.stopStart')} error={error}>
            {(props) => <input {...props} type="time" required />}
          </Field>
          <Field id="date-end" name="endsAt" label={t('supplierTraining.stopEnd')} error={error}>
            {(props) => <input {...props} name="endTime" type="time" required />}
          </Field>
        </div>
        <Field id="date-province" name="provinceCode" label={t('supplierTraining.stopProvince')} error={error}>
          {(props) => <ProvinceSelect {...props} value={province} onChange={setProvince} required />}
        </Field>
        <Field id="date-venue" name="venue" label={t('supplierTraining.stopVenue')} hint={visit ? t('eventEdit.venueHintVisit') : undefined} error={error}>
          {(props) => <input {...props} maxLength={200} required />}
        </Field>
        <LocationPicker legend={t('supplierTraining.stopPlace')} picker={picker} />
        <Field id="date-capacity" name="capacity" label={t('supplierTraining.stopSeats')} error={error}>
          {(props) => <input {...props} inputMode="numeric" required />}
        </Field>
        {visit && (
          <fieldset class="meeting-point">
            <legend>{t('eventEdit.pointN', { n: formatNumber(1) })}</legend>
            <p class="hint">{t('eventManage.firstPointHint')}</p>
            <Field id="date-point-name" name="meetingPoints[0].name" label={t('eventEdit.pointName')} error={error}>
              {(props) => <input {...props} name="pointName" maxLength={200} />}
            </Field>
            <div class="stop-times">
              <Field id="date-point-time" name="meetingPoints[0].departsAt" label={t('eventEdit.pointDeparts')} error={error}>
                {(props) => <input {...props} name="pointTime" type="time" />}
              </Field>
              <Field id="date-point-seats" name="meetingPoints[0].seats" label={t('eventEdit.pointSeats')} error={error}>
                {(props) => <input {...props} name="pointSeats" inputMode="numeric" />}
              </Field>
            </div>
          </fieldset>
        )}
        <button type="submit" disabled={busy}>
          {t('eventManage.addDate')}
        </button>
        {added && (
          <p class="hint" role="status">
            {t('eventManage.dateAdded')}
          </p>
        )}
      </form>
    </section>
  );
}

interface TalkDraft {
  key: number;
  day: string;
  time: string;
  title: string;
  speaker: string;
}
let nextKey = 1;

/** A forum's talks changed after it was announced: the whole agenda is saved at once (PUT /events/:id/agenda). */
export function AgendaEditor({ event, onSaved }: { event: EventDetail; onSaved: () => void }) {
  const days = [...new Set((event.sessions ?? []).filter((s) => s.status !== 'cancelled').map((s) => cambodiaParts(s.startsAt).day))];
  const draftsOf = (): TalkDraft[] =>
    event.agenda.map((talk) => ({ key: nextKey++, ...cambodiaParts(talk.startsAt), title: talk.title, speaker: talk.speaker }));
  const [open, setOpen] = useState(false);
  const [talks, setTalks] = useState<TalkDraft[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const setTalk = (i: number, change: Partial<TalkDraft>) => setTalks((all) => all.map((talk, j) => (j === i ? { ...talk, ...change } : talk)));
  const newTalk = (): TalkDraft => ({ key: nextKey++, day: days[0] ?? '', time: '', title: '', speaker: '' });

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
            const drafts = draftsOf();
            setTalks(drafts.length > 0 ? drafts : [newTalk()]);
            setSaved(false);
            setError(null);
            setOpen(true);
          }}
        >
          {t('eventManage.agendaEdit')}
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
        api.PUT('/api/v1/events/{id}/agenda', {
          params: { path: { id: event.id } },
          body: {
            agenda: talks
              .filter((talk) => talk.title.trim() || talk.speaker.trim() || talk.time)
              .map((talk) => ({ startsAt: cambodiaDateTime(talk.day, asciiDigits(talk.time)), title: talk.title.trim(), speaker: talk.speaker.trim() })),
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
    <form class="event-agenda-edit" onSubmit={(e) => void onSubmit(e)} noValidate>
      <TrainingProblem error={error?.fieldErrors.length ? null : error} />
      {talks.map((talk, i) => {
        const field = `agenda[${i}]`;
        const id = `edit-talk-${talk.key}`;
        return (
          <fieldset key={talk.key} class="event-talk">
            <legend>{t('eventEdit.talkN', { n: formatNumber(i + 1) })}</legend>
            {days.length > 1 && (
              <div class="field">
                <label for={`${id}-day`}>{t('eventEdit.talkDay')}</label>
                <select id={`${id}-day`} value={talk.day} onChange={(e) => setTalk(i, { day: (e.currentTarget as HTMLSelectElement).value })}>
                  {(days.includes(talk.day) ? days : [talk.day, ...days]).map((day) => (
                    <option key={day} value={day}>
                      {formatDate(`${day}T12:00:00+07:00`)}
                    </option>
                  ))}
                </select>
              </div>
            )}
            <Field id={`${id}-time`} name={`${field}.startsAt`} label={t('eventEdit.talkStarts')} error={error}>
              {(props) => <input {...props} type="time" value={talk.time} onInput={(e) => setTalk(i, { time: (e.currentTarget as HTMLInputElement).value })} />}
            </Field>
            <Field id={`${id}-title`} name={`${field}.title`} label={t('eventEdit.talkTitle')} error={error}>
              {(props) => <input {...props} maxLength={200} value={talk.title} onInput={(e) => setTalk(i, { title: (e.currentTarget as HTMLInputElement).value })} />}
            </Field>
            <Field id={`${id}-speaker`} name={`${field}.speaker`} label={t('eventEdit.talkSpeaker')} error={error}>
              {(props) => <input {...props} maxLength={200} value={talk.speaker} onInput={(e) => setTalk(i, { speaker: (e.currentTarget as HTMLInputElement).value })} />}
            </Field>
            <button type="button" class="secondary" onClick={() => setTalks((all) => all.filter((_, j) => j !== i))}>
              {t('eventEdit.removeTalk', { n: formatNumber(i + 1) })}
            </button>
          </fieldset>
        );
      })}
      <p>
        <button type="button" class="secondary" onClick={() => setTalks((all) => [...all, newTalk()])}>
          {t('eventEdit.addTalk')}
        </button>
      </p>
      <div class="row wrap">
        <button type="submit" disabled={busy}>
          {t('eventManage.agendaSave')}
        </button>
        <button type="button" class="secondary" onClick={() => setOpen(false)}>
          {t('eventManage.editKeep')}
        </button>
      </div>
    </form>
  );
}
