import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api, ok } from '../../api/client';
import { loadCatalog, productByCode, provinceByCode } from '../../api/catalog';
import { ApiError } from '../../api/problem';
import type { Money } from '../../api/types';
import { useActingOrganization } from '../../components/acting-organization';
import { Field, FormError } from '../../components/field';
import { formatQuantity, MoneyInput, PerUnit } from '../../components/money';
import { LoadState } from '../../components/status';
import { useData } from '../../components/use-data';
import { formatMoney } from '../../i18n/format';
import { nameOf, t } from '../../i18n/i18n';
import { sendOrQueue } from '../../offline/outbox';
import { cambodiaDate, cambodiaEndOfDay } from '../trade/dates';
import type { Offer } from '../trade/offer-card';
import '../trade/trade.css';

export function OrderPage({ id }: { id: string }) {
  const acting = useActingOrganization();
  const { route } = useLocation();
  useEffect(() => {
    void loadCatalog().catch(() => undefined);
  }, []);
  const listing = useData(() => ok(api.GET('/api/v1/listings/{id}', { params: { path: { id } } })), [id]);
  const [quantity, setQuantity] = useState('');
  const [unitPrice, setUnitPrice] = useState<Money | null>(null);
  const [deliverBy, setDeliverBy] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  if (!acting.ready) return acting.view;
  const l = listing.data;
  if (!l) return <LoadState loading={listing.loading} error={listing.error} />;
  const product = productByCode(l.productCode);
  const price = unitPrice ?? l.price;
  const total = Number(quantity) > 0 && Number(price.amount) > 0 ? { amount: String(Number(quantity) * Number(price.amount)), currency: price.currency } : null;

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const body = {
      kind: 'order' as const,
      organizationId: acting.organization.organizationId,
      listingId: l.id,
      quantity,
      // Left as listed, the listing's own price applies.
      unitPrice: unitPrice && (unitPrice.amount !== l.price.amount || unitPrice.currency !== l.price.currency) ? unitPrice : undefined,
      deliverBy: deliverBy ? cambodiaEndOfDay(deliverBy) : undefined,
      note: note.trim() || undefined,
    };
    try {
      await sendOrQueue<Offer>({ method: 'POST', path: '/api/v1/offers', body, kind: 'offer', label: `${l.title} · ${formatQuantity(quantity, l.unit)}` });
      route('/my/offers');
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'offline', ''));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="narrow">
      <h1>{t('order.title')}</h1>
      <div class="card">
        <h2 class="card-title">{l.title}</h2>
        <p>
          {l.organization.name}
          {l.organization.verified && <span class="badge">{t('order.verified')}</span>}
        </p>
        <dl class="facts">
          <dt>{t('order.product')}</dt>
          <dd>
            {nameOf(product) || l.productCode}
            {l.qualityGrade ? ` · ${t('common.grade', { grade: l.qualityGrade })}` : ''}
          </dd>
          <dt>{t('order.price')}</dt>
          <dd>
            <PerUnit price={l.price} unit={l.unit} />
          </dd>
          <dt>{t('order.remaining')}</dt>
          <dd>{formatQuantity(l.quantityRemaining, l.unit)}</dd>
          {l.minOrderQuantity && (
            <>
              <dt>{t('order.minimum')}</dt>
              <dd>{formatQuantity(l.minOrderQuantity, l.unit)}</dd>
            </>
          )}
          <dt>{t('order.where')}</dt>
          <dd>{nameOf(provinceByCode(l.provinceCode)) || l.provinceCode}</dd>
        </dl>
      </div>
      <p class="muted">{t('order.for', { organization: acting.organization.organizationName })}</p>
      <form onSubmit={onSubmit} noValidate>
        <FormError error={error} />
        <Field id="order-quantity" name="quantity" label={t('order.quantity')} hint={t('order.quantityHint', { unit: t(`unitName.${l.unit}` as 'unitName.piece') })} error={error}>
          {(props) => <input {...props} inputMode="decimal" value={quantity} onInput={(e) => setQuantity((e.currentTarget as HTMLInputElement).value.trim())} required />}
        </Field>
        <Field id="order-price" name="unitPrice" label={t('order.unitPrice')} hint={t('order.unitPriceHint')} error={error}>
          {(props) => <MoneyInput {...props} value={price} onChange={setUnitPrice} />}
        </Field>
        <Field id="order-deliver-by" name="deliverBy" label={t('order.deliverBy')} error={error}>
          {(props) => <input {...props} type="date" min={cambodiaDate(1)} value={deliverBy} onInput={(e) => setDeliverBy((e.currentTarget as HTMLInputElement).value)} />}
        </Field>
        <Field id="order-note" name="note" label={t('order.note')} hint={t('order.noteHint')} error={error}>
          {(props) => <textarea {...props} rows={3} maxLength={2000} value={note} onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)} />}
        </Field>
        {total && (
          <p role="status">
            {t('order.total', { total: formatMoney(total) })}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {t('order.submit')}
        </button>
      </form>
    </section>
  );
}
