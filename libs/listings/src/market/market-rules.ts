import type { Product } from '@psar/catalog';
import type { FieldError } from '@psar/platform';
import { COUNTED_UNITS, isWholeQuantity, toThousandths } from '../quantity/quantity';
import { isTooFarAhead } from './market-fields';

/** Counted units (tiles, pigs) come in whole numbers. */
export function checkWholeQuantities(product: Product, fields: Record<string, string | null | undefined>, errors: FieldError[]): void {
  if (!COUNTED_UNITS.includes(product.unit)) return;
  for (const [field, value] of Object.entries(fields)) {
    if (value && !isWholeQuantity(value)) errors.push({ field, message: `${field} must be a whole number of ${product.unit}s` });
  }
}

export function checkPositiveAmount(field: string, amount: string | undefined, errors: FieldError[]): void {
  if (amount !== undefined && /^0+(\.0+)?$/.test(amount)) errors.push({ field, message: `${field} must be greater than 0` });
}

export function checkNotAbove(field: string, value: string | null | undefined, limitField: string, limit: string, errors: FieldError[]): void {
  if (value && toThousandths(value) > toThousandths(limit)) errors.push({ field, message: `${field} must not be more than ${limitField}` });
}

export function checkFuture(field: string, date: Date | null | undefined, errors: FieldError[], now = new Date()): void {
  if (!date) return;
  if (date <= now) errors.push({ field, message: `${field} must be in the future` });
  else if (isTooFarAhead(date, now)) errors.push({ field, message: `${field} must be within 5 years` });
}
