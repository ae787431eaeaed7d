import { Transform } from 'class-transformer';

/**
 * Khmer digits (០–៩) are how many people write numbers, on a phone keyboard as on paper:
 * every number the API reads, in a query string or a JSON string, accepts them as well as
 * 0–9. One transform for every numeric field, so "២០០០០" means 20000 everywhere.
 */
const KHMER_DIGITS = /[\u17E0-\u17E9]/g;

/** "២០០០០" → "20000"; anything else is returned unchanged. */
export function toWesternDigits<T>(value: T): T {
  return (typeof value === 'string' ? value.replace(KHMER_DIGITS, (d) => String(d.charCodeAt(0) - 0x17e0)) : value) as T;
}

/** A decimal string field (quantity, money amount, price filter): Khmer digits become 0–9, before the pattern checks. */
export const WesternDigits = (): PropertyDecorator => Transform(({ value }: { value: unknown }) => toWesternDigits(value));

/**
 * A number from a query string (limit, radiusKm, weeks), replacing `@Type(() => Number)`:
 * Khmer digits become 0–9, then the text becomes a number (NaN when it is none, which the
 * number validators refuse with the field's name).
 */
export const NumberFromText = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => {
    const text = toWesternDigits(value);
    return typeof text === 'string' ? (text.trim() === '' ? Number.NaN : Number(text)) : text;
  });
