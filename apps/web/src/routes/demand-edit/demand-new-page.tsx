import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { productByCode } from '../../api/catalog';
import { ApiError } from '../../api/problem';
import type { Money, Schemas } from '../../api/types';
import { useActingOrganization } from '../../components/acting-organization';
import { GradeSelect, ProductSelect, ProvinceSelect } from '../../components/catalog-pickers';
import { Field, FormError } from '../../components/field';
import { formatQuantity, MoneyInput } from '../../components/money';
import { nameOf, t } from '../../i18n/i18n';
import { sendOrQueue } from '../../offline/outbox';
import { cambodiaDate, cambodiaEndOfDay } from '../trade/dates';
import '../trade/trade.css';

type Demand = Schemas['DemandDto'];

export function DemandNewPage() {
  const acting = useActingOrganization();
  const { route } = useLocation();
  const [productCode, setProductCode] = useState('');
  const [quantity, setQuantity] = useState('');
  const [grade, setGrade] = useState('');
  const [maxPrice, setMaxPrice] = useState<Money>({ amount: '', currency: 'KHR' });
  const [province, setProvince] = useState('');
  const [location, setLocation] = useState<{ lat: number; lng: number } | null>(null);
  const [locating, setLocating] = useState(false);
  const [neededBy, setNeededBy] = useState('');
  const [allowPooled, setAllowPooled] = useState(true);
  const [quotesWanted, setQuotesWanted] = useState('');
  const [quotesUntil, setQuotesUntil] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  if (!acting.ready) return acting.view;
  const product = productByCode(productCode);

  const useMyLocation = () => {
    if (!('geolocation' in navigator)) return;
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocation({ lat: Number(position.coords.latitude.toFixed(5)), lng: Number(position.coords.longitude.toFixed(5)) });
        setLocating(false);
      },
      () => setLocating(false),
      { timeout: 15_000 },
    );
  };

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const body = {
      organizationId: acting.organization.organizationId,
      productCode,
      quantity,
      unit: product?.unit ?? 'piece',
      qualityGrade: grade || undefined,
      maxPrice: maxPrice.amount ? maxPrice : undefined,
      deliveryProvinceCode: province,
      deliveryLocation: location ?? undefined,
      // A date alone means "by the end of that day" where the goods are delivered.
      neededBy: neededBy ? cambodiaEndOfDay(neededBy) : '',
      allowPooled,
      // Optional: the request closes once it has that many quotes, or after that day.
      quotesWanted: quotesWanted.trim() ? Number(quotesWanted.trim()) : undefined,
      quotesUntil: quotesUntil ? cambodiaEndOfDay(quotesUntil) : undefined,
      description: description.trim() || undefined,
    };
    const label = product ? `${nameOf(product)} · ${formatQuantity(quantity, product.unit)}` : quantity;
    try {
      const result = await sendOrQueue<Demand>({ method: 'POST', path: '/api/v1/demands', body, kind: 'demand', label });
      route(result.sent ? `/my/demands/${result.data.id}` : '/my/demands');
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'offline', ''));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="narrow">
      <h1>{t('demandForm.title')}</h1>
      <p class="muted">{t('demandForm.for', { organization: acting.organization.organizationName })}</p>
      <form onSubmit={onSubmit} noValidate>
        <FormError error={error} />
        <Field id="demand-product" name="productCode" label={t('demandForm.product')} error={error}>
          {(props) => <ProductSelect {...props} value={productCode} onChange={(code) => (setProductCode(code), setGrade(''))} required />}
        </Field>
        <Field
          id="demand-quantity"
          name="quantity"
          label={t('demandForm.quantity')}
          hint={product ? t('demandForm.quantityHint', { unit: t(`unitName.${product.unit}` as 'unitName.piece') }) : undefined}
          error={error}
        >
          {(props) => <input {...props} inputMode="decimal" value={quantity} onInput={(e) => setQuantity((e.currentTarget as HTMLInputElement).value.trim())} required />}
        </Field>
        <Field id="demand-grade" name="qualityGrade" label={t('demandForm.grade')} hint={t('demandForm.gradeHint')} error={error}>
          {(props) => <GradeSelect {...props} productCode={productCode} value={grade} onChange={setGrade} />}
        </Field>
        <Field id="demand-max-price" name="maxPrice" label={t('demandForm.maxPrice')} hint={t('demandForm.maxPriceHint')} error={error}>
          {(props) => <MoneyInput {...props} value={maxPrice} onChange={setMaxPrice} />}
        </Field>
        <Field id="demand-province" name="deliveryProvinceCode" label={t('demandForm.province')} error={error}>
          {(props) => <ProvinceSelect {...props} value={province} onChange={setProvince} required />}
        </Field>
        <div class="field">
          <button type="button" class="secondary" onClick={useMyLocation} disabled={locating} aria-describedby="demand-place-state">
            {t('demandForm.useMyLocation')}
          </button>
          <p class="hint" id="demand-place-state" role="status">
            {location ? t('demandForm.placeSet') : t('demandForm.placeHint')}
          </p>
          {location && (
            <button type="button" class="secondary" onClick={() => setLocation(null)}>
              {t('demandForm.clearPlace')}
            </button>
          )}
        </div>
        <Field id="demand-needed-by" name="neededBy" label={t('demandForm.neededBy')} error={error}>
          {(props) => <input {...props} type="date" min={cambodiaDate(1)} value={neededBy} onInput={(e) => setNeededBy((e.currentTarget as HTMLInputElement).value)} required />}
        </Field>
        <label class="check">
          <input type="checkbox" name="allowPooled" checked={allowPooled} onChange={(e) => setAllowPooled((e.currentTarget as HTMLInputElement).checked)} />
          {t('demandForm.allowPooled')}
        </label>
        <Field id="demand-quotes-wanted" name="quotesWanted" label={t('demandForm.quotesWanted')} hint={t('demandForm.quotesWantedHint')} error={error}>
          {(props) => <input {...props} inputMode="numeric" value={quotesWanted} onInput={(e) => setQuotesWanted((e.currentTarget as HTMLInputElement).value)} />}
        </Field>
        <Field id="demand-quotes-until" name="quotesUntil" label={t('demandForm.quotesUntil')} hint={t('demandForm.maxPriceHint')} error={error}>
          {(props) => <input {...props} type="date" min={cambodiaDate(1)} value={quotesUntil} onInput={(e) => setQuotesUntil((e.currentTarget as HTMLInputElement).value)} />}
        </Field>
        <Field id="demand-description" name="description" label={t('demandForm.description')} error={error}>
          {(props) => <textarea {...props} rows={3} maxLength={4000} value={description} onInput={(e) => setDescription((e.currentTarget as HTMLTextAreaElement).value)} />}
        </Field>
        <button type="submit" disabled={busy}>
          {t('demandForm.submit')}
        </button>
      </form>
    </section>
  );
}
