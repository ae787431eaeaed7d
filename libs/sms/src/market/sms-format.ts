import type { Locale } from '@psar/identity';
import type { Currency } from '@psar/platform';

const UNITS: Record<Locale, Record<string, string>> = {
  en: { piece: 'pcs', kg: 'kg', tonne: 't', head: 'head', litre: 'L', m3: 'm3' },
  km: { piece: 'គ្រាប់', kg: 'គីឡូ', tonne: 'តោន', head: 'ក្បាល', litre: 'លីត្រ', m3: 'ម៉ែត្រគូប' },
};

const GROUPED = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

/** 20,000 pcs · 20,000 គ្រាប់: Western digits in both languages, as phones type them. */
export function smsQuantity(locale: Locale, quantity: string, unit: string): string {
  return `${GROUPED.format(Number(quantity))} ${UNITS[locale][unit] ?? unit}`;
}

/** 1,200៛ (riel have no decimals) or $1.20. */
export function smsMoney(money: { amount: string; currency: Currency }): string {
  const value = Number(money.amount);
  if (money.currency === 'KHR') return `${new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(value)}៛`;
  return `$${new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value)}`;
}

export function productName(locale: Locale, product: { nameEn: string; nameKm: string }): string {
  return locale === 'km' ? product.nameKm : product.nameEn;
}
