import { useRoute } from 'preact-iso';
import { useState } from 'preact/hooks';
import { provinceByCode, valueChainByCode } from '../../api/catalog';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/problem';
import type { Schemas } from '../../api/types';
import { Field, FormError } from '../../components/field';
import { LoadState } from '../../components/status';
import { useCatalog } from '../../components/use-catalog';
import { useData } from '../../components/use-data';
import { MessageButton } from '../../components/message-button';
import { formatNumber } from '../../i18n/format';
import { nameOf, t } from '../../i18n/i18n';
import { currentMembership, signedIn } from '../../session/session';
import { SeatsLeft, StopTimes, SupplierName } from '../trainings/training-parts';
import { useTrainingNews } from './use-training-news';
import './training.css';

type Session = Schemas['TrainingSessionDto'];
type MyRegistration = Schemas['MyRegistrationDto'];

/** A training's public page: what it teaches and offers, its stops with seats left, and registering for one. */
export function TrainingPage() {
  useCatalog();
  const { params } = useRoute();
  const id = params.id!;
  const training = useData(() => ok(api.GET('/api/v1/trainings/{id}', { params: { path: { id } } })), [id], `training:${id}`);
  const inside = signedIn.value;
  // Personal: never drawn by the server, asked for once the browser knows who is here.
  const mine = useData<MyRegistration[]>(
    async () => {
      if (!inside) return [];
      const page = await ok(api.GET('/api/v1/training-registrations', { params: { query: { limit: 100 } } }));
      return page.items.filter((r) => r.trainingId === id && r.status !== 'cancelled');
    },
    [id, inside],
  );
  // A seat freed up for me while I look at the page: it says so at once.
  useTrainingNews(() => {
    training.reload();
    mine.reload();
  });
  const tr = training.data;
  if (!tr) return <LoadState loading={training.loading} error={training.error} />;
  const sessions = tr.sessions ?? [];
  const changed = () => {
    training.reload();
    mine.reload();
  };
  return (
    <article class="training-page">
      <h1>{tr.title}</h1>
      <p class="supplier-line">
        <SupplierName organizationId={tr.organizationId} link />
      </p>
      <MessageButton about={{ type: 'training', id: tr.id }} to={{ organizationId: tr.organizationId }} label={t('messages.toTrainer')} subject={tr.title} />
      {tr.status === 'cancelled' && (
        <p class="form-error" role="alert">
          {t('training.trainingCancelled')}
        </p>
      )}
      <dl class="terms">
        <dt>{t('training.topic')}</dt>
        <dd>{tr.topic}</dd>
        {tr.valueChains.length > 0 && (
          <>
            <dt>{t('training.valueChains')}</dt>
            <dd>{tr.valueChains.map((code) => nameOf(valueChainByCode(code)) || code).join(', ')}</dd>
          </>
        )}
      </dl>
      {tr.description && <p class="description">{tr.description}</p>}
      {tr.embeddedOffer && (
        <section aria-labelledby="training-offer-heading">
          <h2 id="training-offer-heading">{t('training.offerTitle')}</h2>
          <p class="description">{tr.embeddedOffer}</p>
        </section>
      )}
      <p>
        <a class="button secondary" href={`/api/v1/trainings/${tr.id}/calendar.ics`} download={`training-${tr.id}.ics`}>
          {t('training.addToCalendar')}
        </a>
      </p>
      <section aria-labelledby="training-stops-heading">
        <h2 id="training-stops-heading">{t('training.stopsTitle')}</h2>
        {sessions.length === 0 && <p>{t('training.noStops')}</p>}
        <ul class="training-stops">
          {sessions.map((session) => (
            <Stop key={session.id} trainingId={tr.id} session={session} mine={mine.data?.find((r) => r.sessionId === session.id) ?? null} onChange={changed} />
          ))}
        </ul>
      </section>
      {inside && (
        <p>
          <a href="/my/registrations">{t('training.myRegistrationsLink')}</a>
        </p>
      )}
    </article>
  );
}

function Stop({ trainingId, session, mine, onChange }: { trainingId: string; session: Session; mine: MyRegistration | null; onChange: () => void }) {
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
      {mine ? (
        <MyPlace registration={mine} onChange={onChange} />
      ) : session.registrationOpen ? (
        signedIn.value ? (
          <RegisterForm session={session} onDone={onChange} />
        ) : (
          <a class="button" href={`/sign-in?next=${encodeURIComponent(`/trainings/${trainingId}`)}`}>
            {t('training.signInToRegister')}
          </a>
        )
      ) : null}
    </li>
  );
}

/** Where I stand at this stop: registered (with my code) or waiting, and the way out. */
function MyPlace({ registration, onChange }: { registration: MyRegistration; onChange: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const cancel = async () => {
    setBusy(true);
    setError(null);
    try {
      await ok(api.DELETE('/api/v1/training-sessions/{id}/registrations/{registrationId}', { params: { path: { id: registration.sessionId, registrationId: registration.id } } }));
      onChange();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'offline', ''));
    } finally {
      setBusy(false);
    }
  };
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
        )}{' '}
        {registration.seats > 1 && <span>{t('training.seatsBooked', { n: formatNumber(registration.seats) })}</span>}
      </p>
      {waiting && <p class="muted">{t('training.waitlistHint')}</p>}
      {!waiting && registration.checkInCode && (
        <p>
          {t('training.yourCode')} <strong class="check-in-code">{registration.checkInCode}</strong>
        </p>
      )}
      {!waiting && registration.checkInCode && (
        <a class="button secondary" href="/my/registrations">
          {t('training.showQr')}
        </a>
      )}
      <FormError error={error} />
      <button type="button" class="secondary" onClick={() => void cancel()} disabled={busy}>
        {waiting ? t('training.leaveWaitlist') : t('training.cancelRegistration')}
      </button>
    </div>
  );
}

const KHMER_DIGITS = '០១២៣៤៥៦៧៨៩';
const westernDigits = (text: string) => text.replace(/[០-៩]/g, (d) => String(KHMER_DIGITS.indexOf(d)));

/** Register myself, or my organization with several seats (I must be one of its members). */
function RegisterForm({ session, onDone }: { session: Session; onDone: () => void }) {
  const membership = currentMembership.value;
  const [who, setWho] = useState<'me' | 'organization'>('me');
  const [seats, setSeats] = useState('1');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const id = `register-${session.id}`;
  const onSubmit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = who === 'organization' && membership ? { organizationId: membership.organizationId, seats: Number(westernDigits(seats.trim())) } : { seats: 1 };
      await ok(
        api.POST('/api/v1/training-sessions/{id}/registrations', {
          params: { path: { id: session.id } },
          body,
          headers: { 'Idempotency-Key': crypto.randomUUID() },
        }),
      );
      onDone();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'offline', ''));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="register-form" onSubmit={(e) => void onSubmit(e)} noValidate>
      <FormError error={error} />
      {membership && (
        <fieldset class="choices">
          <legend>{t('training.whoComes')}</legend>
          <label class="check">
            <input type="radio" name={`${id}-who`} value="me" checked={who === 'me'} onChange={() => setWho('me')} />
            {t('training.forMe')}
          </label>
          <label class="check">
            <input type="radio" name={`${id}-who`} value="organization" checked={who === 'organization'} onChange={() => setWho('organization')} />
            {t('training.forOrganization', { organization: membership.organizationName })}
          </label>
        </fieldset>
      )}
      {who === 'organization' && membership && (
        <Field id={`${id}-seats`} label={t('training.seats')} name="seats" error={error} hint={t('training.seatsHint')}>
          {(props) => <input {...props} inputMode="numeric" autoComplete="off" value={seats} onInput={(e) => setSeats((e.currentTarget as HTMLInputElement).value)} />}
        </Field>
      )}
      {(session.seatsLeft === 0 || session.waitlisted > 0) && <p class="muted">{t('training.willWait')}</p>}
      <button type="submit" disabled={busy}>
        {session.seatsLeft === 0 || session.waitlisted > 0 ? t('training.joinWaitlist') : t('training.register')}
      </button>
    </form>
  );
}
