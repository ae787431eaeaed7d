export const CURRENCIES = ['KHR', 'USD'] as const;
export type Currency = (typeof CURRENCIES)[number];

export interface Money {
  amount: string;
  currency: Currency;
}

/** At most 12 integer digits and 2 decimals: fits `numeric(14,2)`. */
export const MONEY_AMOUNT_PATTERN = /^(0|[1-9]\d{0,11})(\.\d{1,2})?$/;

// Amounts are handled as integer hundredths (bigint), never as floats.
const SCALE = 100n;

export function toCents(amount: string): bigint {
  if (!MONEY_AMOUNT_PATTERN.test(amount)) throw new RangeError(`not a money amount: ${amount}`);
  const [whole, fraction = ''] = amount.split('.');
  return BigInt(whole!) * SCALE + BigInt(fraction.padEnd(2, '0'));
}

export function fromCents(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const text = `${abs / SCALE}.${(abs % SCALE).toString().padStart(2, '0')}`;
  return negative ? `-${text}` : text;
}

/** Divides with rounding half away from zero. */
function divRound(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  if (r * 2n >= d) return q + 1n;
  if (r * 2n <= -d) return q - 1n;
  return q;
}

/** Parses a positive decimal rate such as "4100" or "4087.5" into millionths. */
function rateMicros(khrPerUsd: string): bigint {
  const [whole, fraction = ''] = khrPerUsd.split('.');
  return BigInt(whole!) * 1_000_000n + BigInt(fraction.slice(0, 6).padEnd(6, '0'));
}

/** Converts at the configured KHR/USD rate, rounded to the cent. */
export function convertMoney(money: Money, to: Currency, khrPerUsd: string): Money {
  if (money.currency === to) return { amount: fromCents(toCents(money.amount)), currency: to };
  const cents = toCents(money.amount);
  const rate = rateMicros(khrPerUsd);
  const converted = to === 'USD' ? divRound(cents * 1_000_000n, rate) : divRound(cents * rate, 1_000_000n);
  return { amount: fromCents(converted), currency: to };
}

export function compareMoney(a: Money, b: Money, khrPerUsd: string): number {
  const x = toCents(convertMoney(a, 'KHR', khrPerUsd).amount);
  const y = toCents(convertMoney(b, 'KHR', khrPerUsd).amount);
  return x < y ? -1 : x > y ? 1 : 0;
}
