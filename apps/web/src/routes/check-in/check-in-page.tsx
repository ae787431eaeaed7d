import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/problem';
import { useSignedIn } from '../../components/signed-in';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { t, type MessageKey } from '../../i18n/i18n';
import { asciiDigits, codeFromQr, judge, normalizeCode } from './check-in-code';
import {
  deviceId,
  forgetScan,
  keepList,
  keepScan,
  keptList,
  pendingScans,
  type KeptList,
  type PendingScan,
  type ScanAnswer,
} from './check-in-store';
import './check-in.css';

/** A scan as shown on the screen: its local mark until the server answers, then the answer. */
interface ShownScan extends PendingScan {
  answer?: ScanAnswer;
}

interface Summary {
  accepted: number;
  duplicate: number;
  unknown: number;
  refused: number;
}

const MAX_BATCH = 500;

/** The scans of `batch` a 400 names (`scans[3].walkIn.phone`), each with what was wrong. */
function badScans(error: ApiError, batch: PendingScan[]): Array<[PendingScan, string]> {
  const found = new Map<number, string>();
  for (const problem of error.fieldErrors) {
    const index = /^scans\[(\d+)\]/.exec(problem.field)?.[1];
    if (index !== undefined && batch[Number(index)] && !found.has(Number(index))) {
      found.set(Number(index), error.fieldMessage(problem.field) ?? error.summary);
    }
  }
  return [...found].map(([index, reason]) => [batch[index]!, reason]);
}

const hasBarcodeDetector = () => typeof window !== 'undefined' && 'BarcodeDetector' in window;

export function CheckInPage({ id }: { id: string }) {
  if (!useSignedIn()) return null;
  return <CheckInScreen sessionId={id} />;
}

function CheckInScreen({ sessionId }: { sessionId: string }) {
  const [kept, setKept] = useState<KeptList | undefined>(undefined);
  const [ready, setReady] = useState(false);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [scans, setScans] = useState<ShownScan[]>([]);
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState(false);
  const [sending, setSending] = useState(false);
  const [sendFailed, setSendFailed] = useState(false);
  const [summary, setSummary] = useState<Summary | null>(null);
  const keptRef = useRef<KeptList | undefined>(undefined);
  const scansRef = useRef<ShownScan[]>([]);
  const sendingRef = useRef(false);

  const showKept = (next: KeptList | undefined) => {
    keptRef.current = next;
    setKept(next);
  };
  const showScans = (next: ShownScan[]) => {
    scansRef.current = next;
    setScans(next);
  };

  const download = async () => {
    try {
      const list = await ok(api.GET('/api/v1/training-sessions/{id}/check-in-list', { params: { path: { id: sessionId } } }));
      showKept(await keepList(sessionId, list));
      setLoadError(null);
    } catch (error) {
      // Offline (or refused): the kept list, if any, stays on screen.
      setLoadError(error instanceof ApiError ? error : new ApiError(0, 'offline', ''));
    }
  };

  const send = async () => {
    if (sendingRef.current) return;
    let waiting = (await pendingScans(sessionId)).filter((s) => !s.rejected);
    if (waiting.length === 0) {
      if (navigator.onLine) await download();
      return;
    }
    sendingRef.current = true;
    setSending(true);
    setSendFailed(false);
    const totals: Summary = { accepted: 0, duplicate: 0, unknown: 0, refused: 0 };
    const answers = new Map<string, ScanAnswer>();
    const rejected = new Map<string, string>();
    try {
      while (waiting.length > 0) {
        const batch = waiting.slice(0, MAX_BATCH);
        const body = {
          scans: batch.map((s) =>
            s.walkIn ? { scanId: s.scanId, walkIn: s.walkIn, scannedAt: s.scannedAt, deviceId: s.deviceId } : { scanId: s.scanId, code: s.code!, scannedAt: s.scannedAt, deviceId: s.deviceId },
          ),
        };
        let results: ScanAnswer[];
        try {
          results = (await ok(api.POST('/api/v1/training-sessions/{id}/check-ins/batch', { params: { path: { id: sessionId } }, body }))).results;
        } catch (error) {
          // A scan the server refuses as such (not its answer: the scan itself) is set aside
          // and the others sent again; anything else (no signal, no right) stops the upload.
          const bad = error instanceof ApiError && error.status === 400 ? badScans(error, batch) : [];
          if (bad.length === 0) throw error;
          for (const [scan, reason] of bad) {
            rejected.set(scan.scanId, reason);
            await keepScan({ ...scan, rejected: reason });
          }
          waiting = waiting.filter((s) => !rejected.has(s.scanId));
          continue;
        }
        for (const answer of results) {
          answers.set(answer.scanId, answer);
          totals[answer.result] += 1;
          await forgetScan(sessionId, answer.scanId);
        }
        waiting = waiting.slice(batch.length);
      }
    } catch {
      setSendFailed(true);
    }
    if (answers.size > 0 || rejected.size > 0) {
      showScans(
        scansRef.current.map((s) =>
          answers.has(s.scanId) ? { ...s, answer: answers.get(s.scanId) } : rejected.has(s.scanId) ? { ...s, rejected: rejected.get(s.scanId) } : s,
        ),
      );
    }
    if (answers.size > 0) {
      setSummary(totals);
      await download();
    }
    sendingRef.current = false;
    setSending(false);
    // Scans made while this upload was on its way go next.
    if (answers.size > 0 && navigator.onLine && (await pendingScans(sessionId)).some((s) => !s.rejected && !answers.has(s.scanId))) void send();
  };

  useEffect(() => {
    let live = true;
    void (async () => {
      const [list, waiting] = await Promise.all([keptList(sessionId), pendingScans(sessionId)]);
      if (!live) return;
      showKept(list);
      showScans(waiting);
      if (navigator.onLine) {
        if (waiting.length > 0) await send();
        else await download();
      }
      if (live) setReady(true);
    })();
    const onOnline = () => void send();
    window.addEventListener('online', onOnline);
    return () => {
      live = false;
      window.removeEventListener('online', onOnline);
    };
  }, [sessionId]);

  const record = async (scan: PendingScan) => {
    await keepScan(scan);
    showScans([scan, ...scansRef.current]);
    setSummary(null);
    if (navigator.onLine) void send();
  };

  const checkIn = async (raw: string) => {
    const normalized = normalizeCode(raw);
    if (!normalized) {
      setCodeError(true);
      return;
    }
    setCodeError(false);
    setCode('');
    const { mark, entry } = judge(
      normalized,
      keptRef.current?.list,
      scansRef.current.filter((s) => s.code && !s.rejected && (s.answer ? s.answer.result !== 'unknown' : s.mark === 'waiting' || s.mark === 'already')).map((s) => s.code!),
    );
    await record({
      sessionId,
      scanId: crypto.randomUUID(),
      code: normalized,
      scannedAt: new Date().toISOString(),
      deviceId: deviceId(),
      mark,
      name: entry?.name ?? null,
      seats: entry?.seats ?? null,
    });
  };

  const checkInWalkIn = (walkIn: { name: string; phone: string; seats: number }) =>
    record({ sessionId, scanId: crypto.randomUUID(), walkIn, scannedAt: new Date().toISOString(), deviceId: deviceId(), mark: 'walkIn', name: walkIn.name, seats: walkIn.seats });

  const onSubmit = (event: Event) => {
    event.preventDefault();
    void checkIn(code);
  };

  const pendingCount = scans.filter((s) => !s.answer && !s.rejected).length;

  return (
    <section class="narrow check-in">
      <h1>{t('checkIn.title')}</h1>
      {kept ? (
        <p class="hint">{t('checkIn.savedAt', { time: formatDateTime(kept.savedAt) })}</p>
      ) : (
        ready && <p role="alert">{loadError && loadError.status !== 0 ? loadError.summary : t('checkIn.noList')}</p>
      )}
      {kept && loadError && loadError.status !== 0 && <p class="form-error">{loadError.summary}</p>}

      <form class="check-in-form" onSubmit={onSubmit} noValidate>
        <div class="field">
          <label for="check-in-code">{t('checkIn.code')}</label>
          <p class="hint" id="check-in-code-hint">
            {t('checkIn.codeHint')}
          </p>
          <input
            id="check-in-code"
            name="code"
            value={code}
            autocomplete="off"
            autocapitalize="characters"
            spellcheck={false}
            aria-invalid={codeError ? 'true' : undefined}
            aria-describedby={codeError ? 'check-in-code-hint check-in-code-error' : 'check-in-code-hint'}
            onInput={(e) => setCode((e.target as HTMLInputElement).value)}
          />
          {codeError && (
            <p class="field-error" id="check-in-code-error">
              {t('checkIn.invalidCode')}
            </p>
          )}
        </div>
        <button type="submit" class="check-in-button">
          {t('checkIn.submit')}
        </button>
      </form>
      {hasBarcodeDetector() && <QrScanner onCode={(raw) => void checkIn(codeFromQr(raw) ?? raw)} />}

      <section aria-labelledby="check-in-scans">
        <h2 id="check-in-scans">{t('checkIn.scans')}</h2>
        <div class="check-in-send">
          <p>{t('checkIn.pending', { count: formatNumber(pendingCount) })}</p>
          <button type="button" class="secondary" disabled={sending || pendingCount === 0} onClick={() => void send()}>
            {sending ? t('checkIn.sending') : t('checkIn.send')}
          </button>
        </div>
        <div role="status">
          {summary && (
            <p class="check-in-summary">
              {t('checkIn.summary', { accepted: formatNumber(summary.accepted), duplicate: formatNumber(summary.duplicate), unknown: formatNumber(summary.unknown) })}
              {summary.refused > 0 && ` ${t('checkIn.summaryRefused', { refused: formatNumber(summary.refused) })}`}
            </p>
          )}
          {sendFailed && <p>{t('checkIn.sendFailed')}</p>}
        </div>
        <ul class="check-in-scans" aria-live="polite">
          {scans.map((s) => (
            <ScanRow key={s.scanId} scan={s} />
          ))}
        </ul>
      </section>

      <WalkInForm onWalkIn={(w) => void checkInWalkIn(w)} />
      {kept && <WhoIsIn kept={kept} scans={scans} />}
    </section>
  );
}

function markKey(scan: ShownScan): MessageKey {
  if (scan.rejected) return 'checkIn.rejected';
  if (scan.answer) return `checkIn.answer.${scan.answer.result}` as MessageKey;
  return `checkIn.mark.${scan.mark}` as MessageKey;
}

function markClass(scan: ShownScan): string {
  if (scan.rejected) return 'check-in-scan bad';
  const good = scan.answer ? scan.answer.result === 'accepted' : scan.mark === 'waiting' || scan.mark === 'walkIn';
  return good ? 'check-in-scan good' : 'check-in-scan bad';
}

function ScanRow({ scan }: { scan: ShownScan }) {
  return (
    <li class={markClass(scan)}>
      <strong>{scan.name ?? scan.code}</strong>
      {scan.name && scan.code && <span class="check-in-code"> {scan.code}</span>}
      {scan.seats !== null && <span> · {t('checkIn.seats', { seats: formatNumber(scan.seats) })}</span>}
      <span class="check-in-mark">
        {t(markKey(scan))}
        {scan.answer?.reason && ` (${t(`checkIn.reason.${scan.answer.reason}` as MessageKey)})`}
        {scan.rejected && ` (${scan.rejected})`}
      </span>
    </li>
  );
}

function WalkInForm({ onWalkIn }: { onWalkIn: (walkIn: { name: string; phone: string; seats: number }) => void }) {
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [seats, setSeats] = useState('1');
  const [invalid, setInvalid] = useState(false);
  const onSubmit = (event: Event) => {
    event.preventDefault();
    const count = Number(asciiDigits(seats));
    if (!name.trim() || asciiDigits(phone).replace(/\D/g, '').length < 8 || !Number.isInteger(count) || count < 1) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    onWalkIn({ name: name.trim(), phone: asciiDigits(phone).trim(), seats: count });
    setName('');
    setPhone('');
    setSeats('1');
  };
  return (
    <form class="check-in-walk-in" onSubmit={onSubmit} noValidate aria-labelledby="walk-in-title">
      <h2 id="walk-in-title">{t('checkIn.walkIn.title')}</h2>
      <div class="field">
        <label for="walk-in-name">{t('checkIn.walkIn.name')}</label>
        <input id="walk-in-name" value={name} autocomplete="off" onInput={(e) => setName((e.target as HTMLInputElement).value)} />
      </div>
      <div class="field">
        <label for="walk-in-phone">{t('checkIn.walkIn.phone')}</label>
        <input id="walk-in-phone" type="tel" inputMode="tel" value={phone} autocomplete="off" onInput={(e) => setPhone((e.target as HTMLInputElement).value)} />
      </div>
      <div class="field">
        <label for="walk-in-seats">{t('checkIn.walkIn.seats')}</label>
        <input id="walk-in-seats" inputMode="numeric" value={seats} onInput={(e) => setSeats((e.target as HTMLInputElement).value)} />
      </div>
      {invalid && (
        <p class="form-error" role="alert">
          {t('checkIn.walkIn.invalid')}
        </p>
      )}
      <button type="submit" class="secondary">
        {t('checkIn.walkIn.submit')}
      </button>
    </form>
  );
}

function WhoIsIn({ kept, scans }: { kept: KeptList; scans: ShownScan[] }) {
  const waiting = new Set(scans.filter((s) => !s.answer && !s.rejected && s.mark === 'waiting').map((s) => s.code ?? ''));
  // A code the server just recorded (or had already) is in, even before the list is taken
  // again: that download may be slow or fail on a weak signal.
  const recorded = new Set(scans.filter((s) => s.answer && s.answer.result !== 'unknown' && s.answer.result !== 'refused').map((s) => s.code ?? ''));
  const registered = kept.list.registrations.filter((r) => r.status === 'confirmed');
  const rows = registered.map((r) => ({
    ...r,
    state: r.checkedInAt || (r.code && recorded.has(r.code)) ? 'in' : r.code && waiting.has(r.code) ? 'waiting' : 'notYet',
  }));
  const checkedIn = rows.filter((r) => r.state !== 'notYet').length;
  return (
    <section aria-labelledby="who-is-in">
      <h2 id="who-is-in">{t('checkIn.whoIsIn')}</h2>
      <p class="check-in-counts">{t('checkIn.counts', { checkedIn: formatNumber(checkedIn), registered: formatNumber(registered.length) })}</p>
      <ul class="check-in-people">
        {rows.map((r) => (
          <li key={r.id} class={`check-in-person ${r.state}`}>
            <span>
              {r.name} <span class="check-in-code">{r.code}</span>
            </span>
            <span>{t(`checkIn.status.${r.state}` as MessageKey)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

interface Detector {
  detect(source: HTMLVideoElement): Promise<Array<{ rawValue: string }>>;
}

/** The camera and the browser's own QR reader, polled a few times a second. */
function QrScanner({ onCode }: { onCode: (raw: string) => void }) {
  const [on, setOn] = useState(false);
  const [failed, setFailed] = useState(false);
  const video = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    if (!on) return;
    let stream: MediaStream | undefined;
    let timer: ReturnType<typeof setInterval> | undefined;
    let stopped = false;
    void (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
        if (stopped || !video.current) return stream.getTracks().forEach((track) => track.stop());
        video.current.srcObject = stream;
        await video.current.play();
        const Ctor = (window as unknown as { BarcodeDetector: new (options: { formats: string[] }) => Detector }).BarcodeDetector;
        const detector = new Ctor({ formats: ['qr_code'] });
        let busy = false;
        timer = setInterval(() => {
          if (busy || !video.current) return;
          busy = true;
          detector
            .detect(video.current)
            .then((found) => {
              if (found[0] && !stopped) {
                onCode(found[0].rawValue);
                setOn(false);
              }
            })
            .catch(() => undefined)
            .finally(() => (busy = false));
        }, 300);
      } catch {
        setFailed(true);
        setOn(false);
      }
    })();
    return () => {
      stopped = true;
      if (timer) clearInterval(timer);
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, [on]);

  return (
    <div class="check-in-qr">
      <button type="button" class="secondary check-in-button" onClick={() => (setFailed(false), setOn(!on))}>
        {on ? t('checkIn.stopScan') : t('checkIn.scan')}
      </button>
      {on && <video ref={video} class="check-in-video" muted playsInline aria-label={t('checkIn.camera')} />}
      {failed && <p role="alert">{t('checkIn.cameraError')}</p>}
    </div>
  );
}
