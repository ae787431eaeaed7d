import { useState } from 'preact/hooks';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/problem';
import { useActingOrganization } from '../../components/acting-organization';
import { Field, FormError } from '../../components/field';
import { LoadState } from '../../components/status';
import { useData } from '../../components/use-data';
import { formatDate, formatDateTime, formatMoney } from '../../i18n/format';
import { t, type MessageKey } from '../../i18n/i18n';
import { cambodiaToday } from '../my-fairs/fair-dates';
import { SalesChart, StallsChart, VisitorsChart } from './fair-charts';
import { PlanEditor, type Fair } from './plan-editor';
import './fair-manage.css';

const asError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0, 'offline', ''));

/** One fair of the organizer: its plan, opening it, stall requests, visitors and figures. */
export function FairManagePage({ id }: { id: string }) {
  const acting = useActingOrganization();
  const signedIn = acting.ready;
  const fair = useData(() => (signedIn ? ok(api.GET('/api/v1/trade-fairs/{id}', { params: { path: { id } } })) : Promise.resolve(null)), [id, signedIn]);
  const [generation, setGeneration] = useState(0);
  if (!acting.ready) return acting.view;
  const data = fair.data;
  const changed = () => {
    fair.reload();
    setGeneration((g) => g + 1);
  };
  return (
    <section class="fair-manage">
      <p>
        <a href="/my/fairs">{t('fairOrganizer.backToFairs')}</a>
      </p>
      <LoadState loading={fair.loading && !data} error={data ? null : fair.error} />
      {data && (
        <>
          <h1>{data.name}</h1>
          <p class="lead">
            {t('fairOrganizer.dates', { from: formatDate(data.startsOn), to: formatDate(data.endsOn) })}, {data.venue}
          </p>
          <FairStatus fair={data} onChanged={changed} />
          <PlanEditor fair={data} onChanged={changed} />
          {data.status !== 'draft' && <Bookings fairId={data.id} generation={generation} onChanged={changed} />}
          {data.status !== 'draft' && data.status !== 'cancelled' && <Visitors fair={data} onChanged={changed} />}
          <Stats fairId={data.id} generation={generation} />
        </>
      )}
    </section>
  );
}

function FairStatus({ fair, onChanged }: { fair: Fair; onChanged: () => void }) {
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const act = async (to: 'open' | 'close') => {
    setBusy(true);
    setError(null);
    try {
      if (to === 'open') await ok(api.POST('/api/v1/trade-fairs/{id}/open', { params: { path: { id: fair.id } } }));
      else await ok(api.POST('/api/v1/trade-fairs/{id}/close', { params: { path: { id: fair.id } } }));
      onChanged();
    } catch (e) {
      setError(asError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="fair-status" aria-labelledby="status-heading">
      <h2 id="status-heading">{t('fairOrganizer.statusHeading')}</h2>
      <p>
        <span class={`badge fair-status-${fair.status}`}>{t(`fairOrganizer.status.${fair.status}` as MessageKey)}</span>{' '}
        {fair.acceptingApplications && t('fairOrganizer.acceptingUntil', { when: formatDateTime(fair.applicationsCloseAt) })}
      </p>
      <FormError error={error} />
      {(fair.status === 'draft' || fair.status === 'closed') && (
        <>
          {fair.status === 'draft' && <p class="hint">{t('fairOrganizer.openHint')}</p>}
          <button type="button" disabled={busy} onClick={() => void act('open')}>
            {t('fairOrganizer.openFair')}
          </button>
        </>
      )}
      {fair.status === 'open' && (
        <button type="button" class="secondary" disabled={busy} onClick={() => void act('close')}>
          {t('fairOrganizer.closeFair')}
        </button>
      )}
    </section>
  );
}

function Bookings({ fairId, generation, onChanged }: { fairId: string; generation: number; onChanged: () => void }) {
  const bookings = useData(() => ok(api.GET('/api/v1/trade-fairs/{id}/bookings', { params: { path: { id: fairId }, query: { limit: 100 } } })), [fairId, generation]);
  const [error, setError] = useState<ApiError | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const act = async (bookingId: string, call: () => Promise<unknown>) => {
    setBusyId(bookingId);
    setError(null);
    try {
      await call();
      onChanged();
    } catch (e) {
      setError(asError(e));
    } finally {
      setBusyId(null);
    }
  };
  const path = (bookingId: string) => ({ params: { path: { id: bookingId } } });
  const items = bookings.data?.items ?? [];
  return (
    <section class="fair-bookings" aria-labelledby="bookings-heading">
      <h2 id="bookings-heading">{t('fairOrganizer.requests')}</h2>
      <FormError error={error} />
      <LoadState loading={bookings.loading && !bookings.data} error={bookings.data ? null : bookings.error} />
      {bookings.data && items.length === 0 && <p class="muted">{t('fairOrganizer.noRequests')}</p>}
      <ul class="cards">
        {items.map((b) => (
          <li key={b.id} class="card booking" data-stall={b.stall.code}>
            <h3 class="card-title">{t('fairOrganizer.requestTitle', { code: b.stall.code, name: b.exhibitor.name })}</h3>
            <p>
              <span class={`badge booking-${b.status}`}>{t(`fairOrganizer.bookingStatus.${b.status}` as MessageKey)}</span>{' '}
              {b.status === 'approved' && <span class={`badge payment-${b.paymentStatus}`}>{t(`fairOrganizer.payment.${b.paymentStatus}` as MessageKey)}</span>}
            </p>
            <p>
              {formatMoney(b.price)}
              {b.exhibitor.phone ? `, ${b.exhibitor.phone}` : ''}
            </p>
            {b.status === 'requested' && <p class="muted">{t('fairOrganizer.holdUntil', { when: formatDateTime(b.holdUntil) })}</p>}
            <div class="row wrap">
              {b.status === 'requested' && (
                <>
                  <button type="button" disabled={busyId === b.id} onClick={() => void act(b.id, () => ok(api.POST('/api/v1/stall-bookings/{id}/approve', { ...path(b.id), body: {} })))}>
                    {t('fairOrganizer.approve', { code: b.stall.code })}
                  </button>
                  <button type="button" class="danger" disabled={busyId === b.id} onClick={() => void act(b.id, () => ok(api.POST('/api/v1/stall-bookings/{id}/reject', { ...path(b.id), body: {} })))}>
                    {t('fairOrganizer.reject', { code: b.stall.code })}
                  </button>
                </>
              )}
              {b.status === 'approved' && b.paymentStatus !== 'paid' && (
                <button type="button" disabled={busyId === b.id} onClick={() => void act(b.id, () => ok(api.PUT('/api/v1/stall-bookings/{id}/payment', { ...path(b.id), body: { status: 'paid' } })))}>
                  {t('fairOrganizer.markPaid', { code: b.stall.code })}
                </button>
              )}
              {b.status === 'approved' && b.paymentStatus === 'paid' && (
                <button type="button" class="secondary" disabled={busyId === b.id} onClick={() => void act(b.id, () => ok(api.PUT('/api/v1/stall-bookings/{id}/payment', { ...path(b.id), body: { status: 'unpaid' } })))}>
                  {t('fairOrganizer.markUnpaid', { code: b.stall.code })}
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Visitors({ fair, onChanged }: { fair: Fair; onChanged: () => void }) {
  const [error, setError] = useState<ApiError | null>(null);
  // Kept as figures, worded when drawn: a language switch rewords it.
  const [saved, setSaved] = useState<{ date: string; count: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const today = cambodiaToday();
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const date = String(form.get('date') ?? '').trim();
    const count = String(form.get('count') ?? '').trim();
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      await ok(api.PUT('/api/v1/trade-fairs/{id}/visitor-counts/{date}', { params: { path: { id: fair.id, date } }, body: { count: count === '' ? Number.NaN : Number(count) } }));
      setSaved({ date, count });
      onChanged();
    } catch (e) {
      setError(asError(e));
    } finally {
      setBusy(false);
    }
  };
  const lastDay = fair.endsOn < today ? fair.endsOn : today;
  return (
    <section class="fair-visitors" aria-labelledby="visitors-heading">
      <h2 id="visitors-heading">{t('fairOrganizer.recordVisitors')}</h2>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <FormError error={error} />
        {saved && <p role="status">{t('fairOrganizer.visitorsSaved', { date: formatDate(saved.date), count: saved.count })}</p>}
        <div class="row wrap pairs">
          <Field id="visitors-date" name="date" label={t('fairOrganizer.day')} error={error}>
            {(props) => <input {...props} type="date" min={fair.startsOn} max={lastDay} defaultValue={lastDay >= fair.startsOn ? lastDay : fair.startsOn} required />}
          </Field>
          <Field id="visitors-count" name="count" label={t('fairOrganizer.visitors')} error={error}>
            {(props) => <input {...props} inputMode="numeric" required />}
          </Field>
        </div>
        <button type="submit" disabled={busy}>
          {t('fairOrganizer.saveVisitors')}
        </button>
      </form>
    </section>
  );
}

function Stats({ fairId, generation }: { fairId: string; generation: number }) {
  const stats = useData(() => ok(api.GET('/api/v1/trade-fairs/{id}/stats', { params: { path: { id: fairId } } })), [fairId, generation]);
  return (
    <section class="fair-stats" aria-labelledby="stats-heading">
      <h2 id="stats-heading">{t('fairOrganizer.stats')}</h2>
      <LoadState loading={stats.loading && !stats.data} error={stats.data ? null : stats.error} />
      {stats.data && (
        <>
          <h3>{t('fairOrganizer.visitorsPerDay')}</h3>
          <VisitorsChart stats={stats.data} />
          <h3>{t('fairOrganizer.stallsTaken')}</h3>
          <StallsChart stats={stats.data} />
          <h3>{t('fairOrganizer.reportedSales')}</h3>
          <SalesChart stats={stats.data} />
        </>
      )}
    </section>
  );
}
