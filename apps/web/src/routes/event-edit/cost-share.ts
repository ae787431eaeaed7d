import type { Money } from '../../api/types';
import { asciiDigits } from '../check-in/check-in-code';

/** The smallest amount each currency is paid in, in hundredths: whole riel, US cents (as the API's cost split). */
const UNIT_CENTS: Record<Money['currency'], bigint> = { KHR: 100n, USD: 1n };

/** `40000`, `12.5`, `១២.៥០` → hundredths; null when it is not an amount the currency is paid in. */
function cents(amount: string, currency: Money['currency']): bigint | null {
  const text = asciiDigits(amount.trim()).replace(/,/g, '');
  const match = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) return null;
  const value = BigInt(match[1]!) * 100n + BigInt((match[2] ?? '').padEnd(2, '0') || '0');
  return value % UNIT_CENTS[currency] === 0n ? value : null;
}

function money(hundredths: bigint, currency: Money['currency']): Money {
  return { amount: `${hundredths / 100n}.${(hundredths % 100n).toString().padStart(2, '0')}`, currency };
}

/** The amount as the API takes it (`40000`, `12.50`), or what was typed when it is not one (the API names the field). */
export function apiAmount(amount: string, currency: Money['currency']): string {
  const value = cents(amount, currency);
  if (value === null) return amount.trim();
  return currency === 'KHR' ? String(value / 100n) : money(value, currency).amount;
}

/** A whole percent 0–100 as typed (`25`, `២៥`), else null. */
export function sponsorPercent(text: string): number | null {
  const digits = asciiDigits(text.trim());
  if (!/^\d{1,3}$/.test(digits)) return null;
  const n = Number(digits);
  return n <= 100 ? n : null;
}

/**
 * What the sponsor covers and what each participant pays, as the API splits it: the sponsor's
 * share rounded half up to the riel or the cent, the participant the rest. Null while the
 * amount or the percent is not yet one the API takes.
 */
export function shareOfCost(amount: string, currency: Money['currency'], percentText: string): { sponsored: Money; participant: Money } | null {
  const value = cents(amount, currency);
  const percent = sponsorPercent(percentText);
  if (value === null || percent === null) return null;
  const unit = UNIT_CENTS[currency];
  const units = value / unit;
  const sponsoredUnits = (units * BigInt(percent) * 2n + 100n) / 200n;
  return { sponsored: money(sponsoredUnits * unit, currency), participant: money((units - sponsoredUnits) * unit, currency) };
}
