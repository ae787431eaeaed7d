import { useEffect, useState } from 'preact/hooks';
import { provinceByCode } from '../../api/catalog';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/problem';
import { useSignedIn } from '../../components/signed-in';
import { LoadState } from '../../components/status';
import { useCatalog } from '../../components/use-catalog';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { nameOf, t } from '../../i18n/i18n';
import { storedSession } from '../../session/tokens';
import { useTrainingNews } from '../training/use-training-news';
import { StopTimes } from '../trainings/training-parts';
import { keepRegistrations, keptRegistrations, type KeptRegistrations, type MyRegistration } from './registrations-store';
import './my-registrations.css';

const MAX_PAGES = 5;
const qrKey = (r: MyRegistration) => `${r.id}:${r.checkInCode}`;

/** Everything I registered for, from the server; then each confirmed one's QR image, kept on the phone. */
async function download(kept: KeptRegistrations | undefined): Promise<{ registrations: MyRegistration[]; qr: Record<string, string> }> {
  const registrations: MyRegistration[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await ok(api.GET('/api/v1/training-registrations', { params: { query: { limit: 100, cursor } } }));
    registrations.push(...answer.items);
    if (!answer.nextCursor) break;
    cursor = answer.nextCursor;
  }
  const qr: Record<string, string> = {};
  for (const r of registrations) {
    if (r.status !== 'confirmed' || !r.checkInCode) continue;
    // A registration's code never changes once given: the kept image is still right.
    const known = kept?.qr[qrKey(r)];
    qr[qrKey(r)] =
      known ??
      (await ok(
        api.GET('/api/v1/training-sessions/{id}/registrations/{registrationId}/qr.svg', {
          params: { path: { id: r.sessionId, registrationId: r.id } },
          parseAs: 'text',
        }),
      ));
  }
  return { registrations, qr };
}

/**
 * My registrations with their check-in codes, as text and as a QR image for the door. What
 * was last downloaded is kept on the phone (IndexedDB), so the screen opens without signal.
 */
export function MyRegistrationsPage() {
  useCatalog();
  const inside = useSignedIn();
  const userId = storedSession.value?.userId;
  const [shown, setShown] = useState<KeptRegistrations | null>(null);
  const [fresh, setFresh] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  useTrainingNews(() => setGeneration((g) => g + 1));

  useEffect(() => {
    if (!inside || !userId) return;
    let current = true;
    void (async () => {
      const kept = await keptRegistrations(userId).catch(() => undefined);
      if (current && kept) setShown(kept);
      try {
        const { registrations, qr } = await download(kept);
        const saved = await keepRegistrations(userId, registrations, qr).catch(() => ({ registrations, qr, savedAt: new Date().toISOString() }));
        if (!current) return;
        setShown(saved);
        setFresh(true);
        setError(null);
      } catch (e) {
        if (current) setError(e instanceof ApiError ? e : new ApiError(0, 'offline', ''));
      } finally {
        if (current) setLoading(false);
      }
    })();
    return () => {
      current = false;
    };
  }, [inside, userId, generation]);

  if (!inside) return null;
  // Soonest first (the API's order); what is over or cancelled is folded away below.
  const now = new Date().toISOString();
  const all = shown?.registrations ?? [];
  const live = all.filter((r) => r.status !== 'cancelled' && r.endsAt >= now);
  const past = all.filter((r) => r.status !== 'cancelled' && r.endsAt < now).reverse();
  const cancelled = all.filter((r) => r.status === 'cancelled');
  return (
    <section class="my-registrations">
      <h1>{t('training.myRegistrationsTitle')}</h1>
      {shown && !fresh && !loading && (
        <p class="muted" role="status">
          {t('training.keptAt', { when: formatDateTime(shown.savedAt) })}
        </p>
      )}
      {shown ? error && error.status !== 0 && <LoadState loading={false} error={error} /> : <LoadState loading={loading} error={error} />}
      {shown && live.length === 0 && (
        <p>
          {t('training.noRegistrations')} <a href="/trainings">{t('training.findTrainings')}</a>
        </p>
      )}
      <ul class="registrations">
        {live.map((r) => (
          <RegistrationCard key={r.id} registration={r} qr={shown?.qr[qrKey(r)]} />
        ))}
      </ul>
      {past.length > 0 && (
        <details class="past-registrations">
          <summary>{t('training.pastList', { n: formatNumber(past.length) })}</summary>
          <ul class="registrations">
            {past.map((r) => (
              <RegistrationCard key={r.id} registration={r} />
            ))}
          </ul>
        </details>
      )}
      {cancelled.length > 0 && (
        <details class="cancelled-registrations">
          <summary>{t('training.cancelledList', { n: formatNumber(cancelled.length) })}</summary>
          <ul class="registrations">
            {cancelled.map((r) => (
              <RegistrationCard key={r.id} registration={r} />
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

function RegistrationCard({ registration: r, qr }: { registration: MyRegistration; qr?: string }) {
  const headingId = `registration-${r.id}`;
  return (
    <li class="card registration" aria-labelledby={headingId}>
      <h2 class="card-title" id={headingId}>
        <a href={`/trainings/${r.trainingId}`}>{r.trainingTitle}</a>
      </h2>
      <p>
        <StopTimes startsAt={r.startsAt} endsAt={r.endsAt} />
      </p>
      <p>{t('training.where', { venue: r.venue, province: nameOf(provinceByCode(r.provinceCode)) })}</p>
      <p>
        {r.status === 'confirmed' ? (
          <span class="badge">{r.checkedInAt ? t('training.attended') : t('training.registered')}</span>
        ) : r.status === 'waitlisted' ? (
          <span class="badge waiting">{r.position !== null ? t('training.waitlistedAt', { position: formatNumber(r.position) }) : t('training.waitlisted')}</span>
        ) : (
          <span class="badge status-closed">{t('training.cancelled')}</span>
        )}{' '}
        {r.seats > 1 && <span>{t('training.seatsBooked', { n: formatNumber(r.seats) })}</span>}
      </p>
      {r.status === 'confirmed' && r.checkInCode && (
        <div class="check-in-pass">
          <p>
            {t('training.yourCode')} <strong class="check-in-code">{r.checkInCode}</strong>
          </p>
          {qr && <img class="qr" src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(qr)}`} alt={t('training.qrAlt', { code: r.checkInCode })} width={220} height={220} />}
          <p class="muted">{t('training.showAtDoor')}</p>
        </div>
      )}
    </li>
  );
}
