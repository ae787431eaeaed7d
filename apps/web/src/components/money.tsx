import type { Money } from '../api/types';
import { formatMoney, formatNumber } from '../i18n/format';
import { t } from '../i18n/i18n';

export type Unit = 'piece' | 'kg' | 'tonne' | 'head' | 'litre' | 'm3';

/** `20,000 pieces`, `1.5 tonnes` in the current language. */
export function formatQuantity(quantity: string | number, unit: string): string {
  return t(`unit.${unit}` as 'unit.piece', { n: formatNumber(quantity, 3) });
}

/** A price with its unit: `1,200៛ / piece`. */
export function PerUnit({ price, unit }: { price: Money; unit: string }) {
  return <>{t('common.perUnit', { price: formatMoney(price), unit: t(`unitName.${unit}` as 'unitName.piece') })}</>;
}

interface MoneyInputProps {
  id: string;
  /** The API field (`price`): the amount is `price.amount`, the currency `price.currency`. */
  name: string;
  value: Money;
  onChange: (value: Money) => void;
  'aria-invalid'?: 'true';
  'aria-describedby'?: string;
}

/** An amount in riel or dollars; the amount field is labelled by the Field around it. */
export function MoneyInput({ id, name, value, onChange, ...aria }: MoneyInputProps) {
  return (
    <div class="row">
      <input
        {...aria}
        id={id}
        name={`${name}.amount`}
        inputMode="decimal"
        value={value.amount}
        onInput={(e) => onChange({ ...value, amount: (e.currentTarget as HTMLInputElement).value.trim() })}
      />
      <select
        aria-label={t('common.currency')}
        name={`${name}.currency`}
        value={value.currency}
        onChange={(e) => onChange({ ...value, currency: (e.currentTarget as HTMLSelectElement).value as Money['currency'] })}
      >
        <option value="KHR">{t('common.khr')}</option>
        <option value="USD">{t('common.usd')}</option>
      </select>
    </div>
  );
}
