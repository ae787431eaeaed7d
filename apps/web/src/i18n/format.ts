import { locale, t, type MessageKey } from './i18n';

// Digits and separators as the issue's examples and people's phones show them (`1,200៛`),
// the same in both languages. Chromium's own ICU data carries no Khmer month names (it
// prints "2026 M12 16"), so Khmer dates are put together from the catalog's month names.
const NUMBER_TAG = 'en-US';

// Making an Intl formatter costs far more than using one (a search page of cards made one
// per figure: a tenth of a second on a slow phone), so each is made once, when first needed.
const formats = new Map<string, Intl.NumberFormat>();

function numberFormat(minimumFractionDigits: number, maximumFractionDigits: number): Intl.NumberFormat {
  const key = `${minimumFractionDigits}-${maximumFractionDigits}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(NUMBER_TAG, { minimumFractionDigits, maximumFractionDigits });
    formats.set(key, format);
  }
  return format;
}

/** The shortest decimal that reads back as `size` (≥ 0, < 1e21), as String() gives it but never in exponent form. */
function decimalOf(size: number): string {
  const text = String(size);
  const exponent = text.indexOf('e-');
  if (exponent < 0) return text;
  // Below 1e-6 String() writes `1.25e-7`: 0.000000125.
  const digits = text.slice(0, exponent).replace('.', '');
  return `0.${'0'.repeat(Number(text.slice(exponent + 2)) - 1)}${digits}`;
}

/** The decimal digits `digits` plus one in their last place (`199` → `200`, `99` → `100`). */
function plusOne(digits: string): string {
  let i = digits.length - 1;
  while (i >= 0 && digits[i] === '9') i--;
  if (i < 0) return `1${'0'.repeat(digits.length)}`;
  return `${digits.slice(0, i)}${Number(digits[i]) + 1}${'0'.repeat(digits.length - i - 1)}`;
}

/**
 * `value` as Intl.NumberFormat('en-US') writes it (`1,234.5`), without Intl for the figures
 * pages show: the first Intl formatter loads the browser's number data, a long task of 30 to
 * 150 ms on a busy phone while a server-drawn page is taken over (the fair's floor plan lost
 * its budget to it). As Intl does, it rounds the shortest decimal that reads back as the
 * value (1.005 is 1.01, where toFixed says 1.00), half away from zero; format.spec.ts checks
 * that both agree. NaN, the infinities and 21 digits or more go to Intl.
 */
function writeNumber(value: number, minimumFractionDigits: number, maximumFractionDigits: number): string {
  const size = Math.abs(value);
  if (!Number.isFinite(value) || size >= 1e21) return numberFormat(minimumFractionDigits, maximumFractionDigits).format(value);
  const [whole = '0', fraction = ''] = decimalOf(size).split('.');
  let digits = `${whole}${fraction.slice(0, maximumFractionDigits).padEnd(maximumFractionDigits, '0')}`;
  if (fraction.length > maximumFractionDigits && fraction[maximumFractionDigits]! >= '5') digits = plusOne(digits);
  const wholeDigits = digits.slice(0, digits.length - maximumFractionDigits) || '0';
  let fractionDigits = digits.slice(digits.length - maximumFractionDigits);
  while (fractionDigits.length > minimumFractionDigits && fractionDigits.endsWith('0')) fractionDigits = fractionDigits.slice(0, -1);
  // Intl keeps the sign of a negative figure that rounds to zero (`-0`).
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  return `${sign}${wholeDigits.replace(/\B(?=(\d{3})+$)/g, ',')}${fractionDigits ? `.${fractionDigits}` : ''}`;
}

export function formatNumber(value: number | string, maximumFractionDigits = 2): string {
  return writeNumber(Number(value), 0, maximumFractionDigits);
}

/** Riel without decimals followed by ៛ (`1,200៛`), dollars with two (`$12.50`, in Khmer `12.50$`). */
export function formatMoney(money: { amount: string; currency: string } | null | undefined): string {
  if (!money) return '';
  const value = Number(money.amount);
  if (money.currency === 'KHR') return `${writeNumber(Math.round(value), 0, 0)}៛`;
  const figure = writeNumber(value, 2, 2);
  if (money.currency === 'USD') return locale.value === 'km' ? `${figure}$` : `$${figure}`;
  return `${figure} ${money.currency}`;
}

// Cambodia's own time, whatever the phone's zone: "needed by 16 December" means there. It is
// UTC+7 all year (no daylight saving; so since 1931), so no Intl time-zone data is needed
// (loading it was another long task at the takeover; format.spec.ts checks it against Intl).
const CAMBODIA_OFFSET_MS = 7 * 3_600_000;

function twoDigits(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function parts(value: string | Date): { day: string; month: number; year: string; hour: string; minute: string } {
  const time = new Date(value).getTime();
  if (Number.isNaN(time)) throw new RangeError('Invalid time value');
  const there = new Date(time + CAMBODIA_OFFSET_MS);
  return {
    day: String(there.getUTCDate()),
    month: there.getUTCMonth() + 1,
    year: String(there.getUTCFullYear()),
    hour: twoDigits(there.getUTCHours()),
    minute: twoDigits(there.getUTCMinutes()),
  };
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
