import { convertMoney, type Currency, fromCents, type Money, toCents } from '@psar/platform';

export interface PricedLine {
  unitPrice: Money;
  /** Thousandths of the unit. */
  quantity: bigint;
}

/** Rounds half away from zero. */
function divRound(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  return r * 2n >= d ? q + 1n : q;
}

/**
 * Total and average unit price of a match, exact to the cent. Lines in one currency stay
 * in it; mixed lines are converted to `fallback` at the configured rate first.
 */
export function priceLines(lines: readonly PricedLine[], fallback: Currency, khrPerUsd: string): { total: Money; perUnit: Money } {
  const currencies = new Set(lines.map((l) => l.unitPrice.currency));
  const currency: Currency = currencies.size === 1 ? lines[0]!.unitPrice.currency : fallback;
  let sum = 0n; // cents × thousandths
  let quantity = 0n;
  for (const line of lines) {
    sum += toCents(convertMoney(line.unitPrice, currency, khrPerUsd).amount) * line.quantity;
    quantity += line.quantity;
  }
  return {
    total: { amount: fromCents(divRound(sum, 1000n)), currency },
    perUnit: { amount: fromCents(quantity === 0n ? 0n : divRound(sum, quantity)), currency },
  };
}
