import { useState } from 'preact/hooks';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/problem';
import type { Schemas } from '../../api/types';
import { useActingOrganization } from '../../components/acting-organization';
import { Field, FormError } from '../../components/field';
import { LoadState } from '../../components/status';
import { useData } from '../../components/use-data';
import { formatDateTime, formatMoney } from '../../i18n/format';
import { t } from '../../i18n/i18n';
import { sendOrQueue } from '../../offline/outbox';
import { cambodiaToday, fairDates } from '../my-fairs/fair-dates';
import { ShowcasePicker } from '../fair/showcase-picker';
import './my-stall-bookings.css';

type Booking = Schemas['StallBookingDto'];

/** What the exhibitor sees of a booking: requested, approved (and paid), rejected, cancelled, expired. */
function statusKey(b: Booking): Booking['status'] | 'paid' | 'waived' {
  if (b.status === 'approved' && b.paymentStatus !== 'unpaid') return b.paymentStatus;
  return b.status;
}

/** My organization's stall requests at every fair, newest first: follow them, change what is shown, cancel, report sales. */
export function MyStallBookingsPage() {
  const acting = useActingOrganization();
  const organizationId = acting.ready ? acting.organization.organizationId : null;
  const bookings = useData(async () => {
    if (!organizationId) return [];
    return (await ok(api.GET('/api/v1/stall-bookings', { params: { query: { organizationId, limit: 100 } } }))).items;
  }, [organizationId]);
  if (!acting.ready) return acting.view;
  return (
    <section class="my-stall-bookings">
      <h1>{t('fair.mine.title')}</h1>
      <p class="muted">{acting.organization.organizationName}</p>
      <LoadState loading={bookings.loading && !bookings.data} error={bookings.error} />
      {bookings.data?.length === 0 && (
        <p>
          {t('fair.mine.none')} <a href="/fairs">{t('fair.mine.seeFairs')}</a>
        </p>
      )}
      <ul class="cards">
        {bookings.data?.map((b) => <BookingCard key={b.id} booking={b} organizationId={organizationId!} onChanged={bookings.reload} />)}
      </ul>
    </section>
  );
}

function BookingCard({ booking: b, organizationId, onChanged }: { booking: Booking; organizationId: string; onChanged: () => void }) {
  const live = b.status === 'requested' || b.status === 'approved';
  const status = statusKey(b);
  const [error, setError] = useState<ApiError | null>(null);
  const cancel = async () => {
    if (!window.confirm(t('fair.mine.cancelConfirm', { code: b.stall.code }))) return;
    setError(null);
    try {
      await ok(api.POST('/api/v1/stall-bookings/{id}/cancel', { params: { path: { id: b.id } }, body: {} }));
      onChanged();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'offline', ''));
    }
  };
  return (
    <li class="card booking">
      <h2 class="card-title">
        <a href={`/fairs/${b.fair.id}`}>{b.fair.name}</a>
      </h2>
      <p>
        {t('fair.mine.stall', { code: b.stall.code })} · {formatMoney(b.price)}{' '}
        <span class={`badge booking-${status}`}>{t(`fair.bookingStatus.${status}`)}</span>
      </p>
      <p class="muted">
        {b.status === 'requested'
          ? t('fair.mine.holdUntil', { date: formatDateTime(b.holdUntil) })
          : b.decidedAt
            ? t('fair.mine.decidedAt', { date: formatDateTime(b.decidedAt) })
            : t('fair.mine.requestedAt', { date: formatDateTime(b.requestedAt) })}
      </p>
      {b.reason && <p>{t('fair.mine.reason', { reason: b.reason })}</p>}
      {live && <ShowcaseEditor booking={b} organizationId={organizationId} onSaved={onChanged} />}
      {b.status === 'approved' && <SalesReport fairId={b.fair.id} fairName={b.fair.name} organizationId={organizationId} />}
      <FormError error={error} />
      {live && (
        <button type="button" class="secondary" onClick={cancel}>
          {t('fair.mine.cancel', { code: b.stall.code })}
        </button>
      )}
    </li>
  );
}

function ShowcaseEditor({ booking, organizationId, onSaved }: { booking: Booking; organizationId: string; onSaved: () => void }) {
  const [chosen, setChosen] = useState<string[]>(booking.showcase);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const save = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setSaved(false);
    try {
      await ok(api.PUT('/api/v1/stall-bookings/{id}/showcase', { params: { path: { id: booking.id } }, body: { listingIds: chosen } }));
      setSaved(true);
      onSaved();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'offline', ''));
    }
  };
  return (
    <form class="showcase-form" onSubmit={save}>
      <ShowcasePicker id={`showcase-${booking.id}`} organizationId={organizationId} chosen={chosen} onChange={setChosen} />
      <FormError error={error} />
      <div class="row wrap">
        <button type="submit">{t('fair.showcase.save')}</button>
        {saved && <span role="status">{t('fair.showcase.saved')}</span>}
      </div>
    </form>
  );
}

function SalesReport({ fairId, fairName, organizationId }: { fairId: string; fairName: string; organizationId: string }) {
  const fair = useData(() => ok(api.GET('/api/v1/trade-fairs/{id}', { params: { path: { id: fairId } } })), [fairId]);
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState<'KHR' | 'USD'>('KHR');
  const [error, setError] = useState<ApiError | null>(null);
  const [reported, setReported] = useState<{ total: Schemas['MoneyDto']; queued: boolean } | null>(null);
  const f = fair.data;
  if (!f) return null;
  if (cambodiaToday() < f.startsOn) return <p class="muted">{t('fair.sales.later', { dates: fairDates(f) })}</p>;
  const id = `sales-${fairId}`;
  const send = async (e: Event) => {
    e.preventDefault();
    setError(null);
    const total = { amount: amount.replace(/,/g, '').trim(), currency };
    try {
      // At the fairground the signal comes and goes: the report waits on the phone if it must (a PUT, sent again safely).
      const result = await sendOrQueue<Schemas['SalesReportDto']>({
        method: 'PUT',
        path: `/api/v1/trade-fairs/${fairId}/sales-reports/${organizationId}`,
        body: { total },
        kind: 'salesReport',
        label: fairName,
      });
      setReported(result.sent ? { total: result.data.total, queued: false } : { total, queued: true });
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'offline', ''));
    }
  };
  return (
    <form class="sales-form" onSubmit={send}>
      <h3>{t('fair.sales.title')}</h3>
      <div class="sales-fields">
        <Field id={`${id}-amount`} name="total.amount" label={t('fair.sales.amount')} error={error}>
          {(props) => <input {...props} inputMode="decimal" value={amount} onInput={(e) => setAmount((e.currentTarget as HTMLInputElement).value)} required />}
        </Field>
        <Field id={`${id}-currency`} name="total.currency" label={t('common.currency')} error={error}>
          {(props) => (
            <select {...props} value={currency} onChange={(e) => setCurrency((e.currentTarget as HTMLSelectElement).value as 'KHR' | 'USD')}>
              <option value="KHR">{t('common.khr')}</option>
              <option value="USD">{t('common.usd')}</option>
            </select>
          )}
        </Field>
      </div>
      <FormError error={error && !error.fieldErrors.length ? error : null} />
      <button type="submit">{t('fair.sales.send')}</button>
      {reported && (
        <p role="status" class="sales-done">
          {t(reported.queued ? 'fair.sales.queued' : 'fair.sales.done', { total: formatMoney(reported.total) })}
        </p>
      )}
    </form>
  );
}
