import { useState } from 'preact/hooks';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/problem';
import type { Money, Schemas } from '../../api/types';
import { Field, FormError } from '../../components/field';
import { formatQuantity, MoneyInput } from '../../components/money';
import { organizationName } from '../../components/organization-names';
import { t } from '../../i18n/i18n';
import { editableMoney } from '../listing-edit/amount';
import { fromDateInput, toDateInput } from '../listing-edit/dates';

type Offer = Schemas['OfferDto'];

/**
 * Other terms for an offer received: each line's quantity and price, the date, a note. The
 * offer becomes "countered" and the other side gets this counter-offer to answer.
 */
export function CounterOfferForm({ offer, onDone, onCancel }: { offer: Offer; onDone: () => void; onCancel: () => void }) {
  const [lines, setLines] = useState(offer.lines.map((l) => ({ quantity: l.quantity, unitPrice: editableMoney(l.unitPrice) })));
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const unitName = t(`unitName.${offer.unit}` as 'unitName.piece');
  const change = (i: number, line: Partial<{ quantity: string; unitPrice: Money }>) => setLines(lines.map((l, j) => (j === i ? { ...l, ...line } : l)));

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const note = String(form.get('note') ?? '').trim();
    const day = String(form.get('deliverBy') ?? '');
    const deliverBy = day && day !== toDateInput(offer.deliverBy) ? fromDateInput(day, 'end') : undefined;
    setBusy(true);
    setError(null);
    try {
      await ok(
        api.POST('/api/v1/offers/{id}/counter', {
          params: { path: { id: offer.id } },
          body: {
            lines: lines.map((l, i) => ({ lineNo: i + 1, quantity: l.quantity.trim(), unitPrice: l.unitPrice })),
            ...(deliverBy ? { deliverBy } : {}),
            ...(note ? { note } : {}),
          },
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
    <form onSubmit={(e) => void onSubmit(e)} noValidate>
      <h4>{t('offers.counterTitle')}</h4>
      <FormError error={error} />
      {lines.map((line, i) => (
        <fieldset key={i} class="choices">
          {offer.lines.length > 1 && <legend>{organizationName(offer.lines[i]!.organizationId)}</legend>}
          <Field id={`counter-${offer.id}-quantity-${i}`} name={`lines[${i}].quantity`} label={t('quote.quantity')} hint={t('listingForm.inUnit', { unit: unitName })} error={error}>
            {(props) => <input {...props} inputMode="decimal" value={line.quantity} onInput={(e) => change(i, { quantity: (e.currentTarget as HTMLInputElement).value })} required />}
          </Field>
          <Field id={`counter-${offer.id}-price-${i}`} name={`lines[${i}].unitPrice`} label={t('quote.price')} hint={t('listingForm.perUnit', { unit: unitName })} error={error}>
            {(props) => <MoneyInput {...props} value={line.unitPrice} onChange={(unitPrice) => change(i, { unitPrice })} />}
          </Field>
        </fieldset>
      ))}
      <Field id={`counter-${offer.id}-deliver-by`} name="deliverBy" label={t('quote.deliverBy')} error={error}>
        {(props) => <input {...props} type="date" defaultValue={toDateInput(offer.deliverBy)} />}
      </Field>
      <Field id={`counter-${offer.id}-note`} name="note" label={t('quote.note')} hint={t('quote.optional')} error={error}>
        {(props) => <textarea {...props} rows={2} maxLength={2000} />}
      </Field>
      <div class="actions">
        <button type="submit" disabled={busy}>
          {t('offers.sendCounter')}
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          {t('offers.cancelCounter')}
        </button>
      </div>
      <p class="muted">{t('offers.counterHint', { quantity: formatQuantity(offer.quantity, offer.unit) })}</p>
    </form>
  );
}
