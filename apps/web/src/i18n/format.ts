import { locale } from './i18n';

// Khmer text with Western digits reads best on the phones our users have (and matches what
// they type); `km` would give Khmer digits in some runtimes and not others.
const numberingSystem = 'latn';

function tag(): string {
  return locale.value === 'km' ? 'km-KH' : 'en-US';
}

export function formatNumber(value: number | string, maximumFractionDigits = 2): string {
  return new Intl.NumberFormat(tag(), { numberingSystem, maximumFractionDigits }).format(Number(value));
}

/** Riel without decimals followed by ៛ (`1,200៛`), dollars with two (`$12.50`). */
export function formatMoney(money: { amount: string; currency: string } | null | undefined): string {
  if (!money) return '';
  const value = Number(money.amount);
  if (money.currency === 'KHR') {
    return `${new Intl.NumberFormat(tag(), { numberingSystem, maximumFractionDigits: 0 }).format(Math.round(value))}៛`;
  }
  return new Intl.NumberFormat(tag(), { numberingSystem, style: 'currency', currency: money.currency, minimumFractionDigits: 2 }).format(value);
}

export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return '';
  return new Intl.DateTimeFormat(tag(), { numberingSystem, day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(value));
}

export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return '';
  return new Intl.DateTimeFormat(tag(), { numberingSystem, day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(new Date(value));
}

export function formatPercent(share: number): string {
  return new Intl.NumberFormat(tag(), { numberingSystem, style: 'percent', maximumFractionDigits: 0 }).format(share);
}
