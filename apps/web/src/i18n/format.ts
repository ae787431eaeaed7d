import { locale, t, type MessageKey } from './i18n';

// Digits and separators as the examples and people's phones show them (`1,200៛`),
// the same in both languages. Chromium's own ICU data carries no Khmer month names (it
// prints "2026 M12 16"), so Khmer dates are put together from the catalog's month names.
const NUMBER_TAG = 'en-US';

// Making an Intl formatter costs far more than using one (a search page of cards made one
// per figure: a tenth of a second on a slow phone), so each is made once, when first
// needed (the first one loads the browser's number data: not at start on every page).
const formats = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let format = formats.get(key) as T | undefined;
  if (!format) {
    format = make();
    formats.set(key, format);
  }
  return format;
}

function numberFormat(maximumFractionDigits: number): Intl.NumberFormat {
  return cached(`number:${maximumFractionDigits}`, () => new Intl.NumberFormat(NUMBER_TAG, { maximumFractionDigits }));
}

/**
 * Makes the number formatters now. The first one costs a long task on a slow phone (the
 * browser loads its number data); called in a task of its own, that cost does not add to
 * the one of taking a server-drawn page over.
 */
export function prepareNumberFormats(): void {
  numberFormat(0);
}

export function formatNumber(value: number | string, maximumFractionDigits = 2): string {
  return numberFormat(maximumFractionDigits).format(Number(value));
}

/** Riel without decimals followed by ៛ (`1,200៛`), dollars with two (`$12.50`, in Khmer `12.50$`). */
export function formatMoney(money: { amount: string; currency: string } | null | undefined): string {
  if (!money) return '';
  const value = Number(money.amount);
  if (money.currency === 'KHR') return `${numberFormat(0).format(Math.round(value))}៛`;
  const figure = cached('dollars', () => new Intl.NumberFormat(NUMBER_TAG, { minimumFractionDigits: 2, maximumFractionDigits: 2 })).format(value);
  if (money.currency === 'USD') return locale.value === 'km' ? `${figure}$` : `$${figure}`;
  return `${figure} ${money.currency}`;
}

// Cambodia's own time, whatever the phone's zone: "needed by 16 December" means there.
const TIME_ZONE = 'Asia/Phnom_Penh';

function parts(value: string | Date): { day: string; month: number; year: string; hour: string; minute: string } {
  const found: Record<string, string> = {};
  const formatter = cached(
    'date-parts',
    () => new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, day: 'numeric', month: 'numeric', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
  );
  for (const part of formatter.formatToParts(new Date(value))) found[part.type] = part.value;
  return { day: String(Number(found.day)), month: Number(found.month), year: found.year, hour: found.hour, minute: found.minute };
}

function monthName(month: number): string {
  return t(`month.${month}` as MessageKey);
}

/** `1 ធ្នូ 2026` / `1 Dec 2026`. */
export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return '';
  const p = parts(value);
  return `${p.day} ${monthName(p.month)} ${p.year}`;
}

/** `1 ធ្នូ 14:30` / `1 Dec 14:30`. */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return '';
  const p = parts(value);
  return `${p.day} ${monthName(p.month)} ${p.hour}:${p.minute}`;
}

export function formatPercent(share: number): string {
  return `${formatNumber(share * 100, 0)}%`;
}
