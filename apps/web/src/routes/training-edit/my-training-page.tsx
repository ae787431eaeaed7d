import { useEffect, useState } from 'preact/hooks';
import { loadCatalog, provinceByCode, valueChainByCode } from '../../api/catalog';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/problem';
import type { Schemas } from '../../api/types';
import { TrainingProblem } from './training-problem';
import { useSignedIn } from '../../components/signed-in';
import { LoadState } from '../../components/status';
import { useData } from '../../components/use-data';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { nameOf, t, type MessageKey } from '../../i18n/i18n';
import { AddStopForm } from './add-stop-form';
import { AttendanceCounts } from './attendance-counts';
import { InviteGroup } from './invite-group';
import { attendanceFileName } from './stop-time';
import './training-edit.css';

type Training = Schemas['TrainingDto'];
type Stop = Schemas['TrainingSessionDto'];
type StopAttendance = Schemas['SessionAttendanceDto'];

const asApiError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0, 'offline', ''));

export function MyTrainingPage({ id }: { id: string }) {
  if (!useSignedIn()) return null;
  return <ManageTraining trainingId={id} />;
}

function ManageTraining({ trainingId }: { trainingId: string }) {
  useEffect(() => void loadCatalog().catch(() => undefined), []);
  const [generation, setGeneration] = useState(0);
  const training = useData(() => ok(api.GET('/api/v1/trainings/{id}', { params: { path: { id: trainingId } } })), [trainingId, generation]);
  const attendance = useData(() => ok(api.GET('/api/v1/trainings/{id}/attendance', { params: { path: { id: trainingId } } })), [trainingId, generation]);
  const refresh = () => setGeneration((g) => g + 1);

  if (!training.data) {
    return (
      <section class="training-manage">
        <LoadState loading={training.loading} error={training.error} />
      </section>
    );
  }
  const data = training.data;
  const stops = data.sessions ?? [];
  const active = data.status === 'active';
  const byStop = new Map((attendance.data?.sessions ?? []).map((s) => [s.sessionId, s]));
  return (
    <section class="training-manage">
      <p>
        <a href="/my/trainings">{t('supplierTraining.back')}</a>
      </p>
      <h1>{data.title}</h1>
      <p>
        <span class={`badge training-${data.status}`}>{t(`supplierTraining.status.${data.status}` as MessageKey)}</span>
      </p>
      <dl class="training-facts">
        <dt>{t('supplierTraining.topic')}</dt>
        <dd>{data.topic}</dd>
        <dt>{t('supplierTraining.valueChains')}</dt>
        <dd>{data.valueChains.map((code) => nameOf(valueChainByCode(code)) || code).join(', ')}</dd>
        {data.description && (
          <>
            <dt>{t('supplierTraining.description')}</dt>
            <dd class="description">{data.description}</dd>
          </>
        )}
        {data.embeddedOffer && (
          <>
            <dt>{t('supplierTraining.offer')}</dt>
            <dd>{data.embeddedOffer}</dd>
          </>
        )}
      </dl>

      <h2>{t('supplierTraining.totalsTitle')}</h2>
      <LoadState loading={attendance.loading && !attendance.data} error={attendance.data ? null : attendance.error} />
      {attendance.data && <AttendanceCounts counts={attendance.data.totals} label={t('supplierTraining.totalsTitle')} />}

      <h2>{t('supplierTraining.stopsTitle')}</h2>
      {stops.length === 0 && <p class="muted">{t('supplierTraining.noStops')}</p>}
      <ol class="stops">
        {stops.map((stop, index) => (
          <StopCard key={stop.id} stop={stop} index={index} report={byStop.get(stop.id)} onChanged={refresh} />
        ))}
      </ol>

      {active && (
        <>
          <h2>{t('supplierTraining.addStopTitle')}</h2>
          <AddStopForm trainingId={trainingId} onAdded={refresh} />
          <h2>{t('supplierTraining.inviteTitle')}</h2>
          <InviteGroup trainingId={trainingId} />
          <h2>{t('supplierTraining.cancelTrainingTitle')}</h2>
          <CancelTraining training={data} onCancelled={refresh} />
        </>
      )}
    </section>
  );
}

function StopCard({ stop, index, report, onChanged }: { stop: Stop; index: number; report?: StopAttendance; onChanged: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const cancelled = stop.status === 'cancelled';
  const headingId = `stop-${stop.id}`;

  const cancel = async () => {
    setBusy(true);
    setError(null);
    try {
      await ok(api.POST('/api/v1/training-sessions/{id}/cancel', { params: { path: { id: stop.id } } }));
      setConfirming(false);
      onChanged();
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const download = async () => {
    setError(null);
    try {
      // The sheet needs the staff's token, so it comes through the client and is saved from memory.
      const result = await api.GET('/api/v1/training-sessions/{id}/attendance.csv', { params: { path: { id: stop.id } }, parseAs: 'blob' });
      const blob = await ok(Promise.resolve(result));
      const named = /filename="([^"]+)"/.exec(result.response.headers.get('content-disposition') ?? '')?.[1];
      const url = URL.createObjectURL(blob as unknown as Blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = named ?? attendanceFileName(stop.startsAt, stop.venue);
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (e) {
      setError(asApiError(e));
    }
  };

  return (
    <li class={`card stop${cancelled ? ' stop-cancelled' : ''}`} aria-labelledby={headingId}>
      <h3 class="card-title" id={headingId}>
        {t('supplierTraining.stopHeading', { n: formatNumber(index + 1), when: formatDateTime(stop.startsAt) })}
      </h3>
      <p>
        {cancelled ? (
          <span class="badge stop-status-cancelled">{t('supplierTraining.stopCancelled')}</span>
        ) : (
          <span class={`badge${stop.registrationOpen ? '' : ' stop-status-closed'}`}>
            {stop.registrationOpen ? t('supplierTraining.stopOpen') : t('supplierTraining.stopClosed')}
          </span>
        )}
      </p>
      <p>{t('supplierTraining.stopUntil', { when: formatDateTime(stop.endsAt) })}</p>
      <p>
        {stop.venue}, {nameOf(provinceByCode(stop.provinceCode)) || stop.provinceCode}
      </p>
      <p class="stop-seats">{t('supplierTraining.seats', { taken: formatNumber(stop.seatsTaken), capacity: formatNumber(stop.capacity) })}</p>
      <p>{t('supplierTraining.waitlist', { count: formatNumber(stop.waitlisted) })}</p>
      {report && !cancelled && <p>{t('supplierTraining.checkIns', { count: formatNumber(report.attended) })}</p>}
      {report && !cancelled && <AttendanceCounts counts={report} label={t('supplierTraining.stopReport', { n: formatNumber(index + 1) })} />}
      <TrainingProblem error={error} />
      <div class="stop-actions">
        {!cancelled && (
          <a class="button secondary" href={`/training-sessions/${stop.id}/check-in`}>
            {t('supplierTraining.checkInLink')}
          </a>
        )}
        <button type="button" class="secondary" onClick={() => void download()}>
          {t('supplierTraining.downloadCsv')}
        </button>
        {!cancelled && stop.registrationOpen && !confirming && (
          <button type="button" class="secondary" onClick={() => setConfirming(true)}>
            {t('supplierTraining.cancelStop')}
          </button>
        )}
      </div>
      {confirming && (
        <div class="confirm" role="group" aria-labelledby={`${headingId}-confirm`}>
          <p id={`${headingId}-confirm`}>{t('supplierTraining.cancelStopConfirm')}</p>
          <div class="row wrap">
            <button type="button" class="danger" disabled={busy} onClick={() => void cancel()}>
              {t('supplierTraining.cancelStopYes')}
            </button>
            <button type="button" class="secondary" onClick={() => setConfirming(false)}>
              {t('supplierTraining.keep')}
            </button>
          </div>
        </div>
      )}
    </li>
  );
}

function CancelTraining({ training, onCancelled }: { training: Training; onCancelled: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const cancel = async () => {
    setBusy(true);
    setError(null);
    try {
      await ok(api.POST('/api/v1/trainings/{id}/cancel', { params: { path: { id: training.id } } }));
      onCancelled();
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      <p class="hint">{t('supplierTraining.cancelTrainingHint')}</p>
      <TrainingProblem error={error} />
      {!confirming ? (
        <button type="button" class="secondary" onClick={() => setConfirming(true)}>
          {t('supplierTraining.cancelTraining')}
        </button>
      ) : (
        <div class="confirm" role="group" aria-labelledby="cancel-training-confirm">
          <p id="cancel-training-confirm">{t('supplierTraining.cancelTrainingConfirm')}</p>
          <div class="row wrap">
            <button type="button" class="danger" disabled={busy} onClick={() => void cancel()}>
              {t('supplierTraining.cancelTrainingYes')}
            </button>
            <button type="button" class="secondary" onClick={() => setConfirming(false)}>
              {t('supplierTraining.keep')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
