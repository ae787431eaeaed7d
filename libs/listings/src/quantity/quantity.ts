/**
 * Quantities are exact decimals with at most 3 decimals (numeric(14,3)): kg of fish to the
 * gram, tiles and pigs as whole numbers. Handled as integer thousandths (bigint), never floats.
 */
export const QUANTITY_PATTERN = /^(0|[1-9]\d{0,10})(\.\d{1,3})?$/;

/** Units counted one by one: a quantity of them is a whole number. */
export const COUNTED_UNITS: readonly string[] = ['piece', 'head'];

const SCALE = 1000n;

export function isQuantity(text: string): boolean {
  return QUANTITY_PATTERN.test(text);
}

export function toThousandths(quantity: string): bigint {
  if (!QUANTITY_PATTERN.test(quantity)) throw new RangeError(`not a quantity: ${quantity}`);
  const [whole, fraction = ''] = quantity.split('.');
  // The digits with the point moved three places: one BigInt parse, no arithmetic.
  return BigInt(whole! + fraction.padEnd(3, '0'));
}

/** The shortest decimal string: 40000, 12.5, 0.125. */
export function fromThousandths(value: bigint): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const whole = abs / SCALE;
  const fraction = (abs % SCALE).toString().padStart(3, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** What Postgres returns for numeric(14,3): always three decimals. */
const STORED_QUANTITY = /^(0|[1-9]\d{0,10})\.(\d{3})$/;

/** Normalizes what Postgres returns for numeric(14,3) ("40000.000") to the API form ("40000"). */
export function normalizeQuantity(stored: string): string {
  // A page of search results normalizes three quantities a row: trimming the stored form's
  // zeros spares the two BigInt conversions (the largest frame of our own in bench:listings'
  // profile). Anything else goes the exact way.
  const match = STORED_QUANTITY.exec(stored);
  if (!match) return fromThousandths(toThousandths(stored));
  const fraction = match[2]!.replace(/0+$/, '');
  return fraction ? `${match[1]}.${fraction}` : match[1]!;
}

export function isWholeQuantity(quantity: string): boolean {
  return toThousandths(quantity) % SCALE === 0n;
}
