import { type Currency, fromCents, type Money, toCents } from '@psar/platform';

/** The smallest amount each currency is paid in, in hundredths: whole riel, US cents. */
const UNIT_CENTS: Record<Currency, bigint> = { KHR: 100n, USD: 1n };

export interface CostShare {
  /** What the sponsor (or the organizer) covers. */
  sponsored: Money;
  /** What the participant pays. */
  participant: Money;
}

/** Whether an amount can be paid in its currency (no fraction of a riel). */
export function isPayable(money: Money): boolean {
  return toCents(money.amount) % UNIT_CENTS[money.currency] === 0n;
}

/**
 * Splits the cost of `seats` places: the sponsor's share is `sponsorSharePercent` of it,
 * rounded half up to the currency's unit; the participant pays the rest, so the two always
 * add up to the cost exactly and neither is negative. Integer arithmetic only.
 */
export function splitCost(perParticipant: Money, sponsorSharePercent: number, seats = 1): CostShare {
  if (!Number.isInteger(sponsorSharePercent) || sponsorSharePercent < 0 || sponsorSharePercent > 100) {
    throw new RangeError(`sponsorSharePercent must be a whole number 0..100: ${sponsorSharePercent}`);
  }
  if (!Number.isInteger(seats) || seats < 1) throw new RangeError(`seats must be a positive whole number: ${seats}`);
  if (!isPayable(perParticipant)) throw new RangeError(`${perParticipant.amount} ${perParticipant.currency} is not payable`);
  const unit = UNIT_CENTS[perParticipant.currency];
  const units = (toCents(perParticipant.amount) / unit) * BigInt(seats);
  // units * percent / 100, rounded half up (everything is non-negative).
  const sponsoredUnits = (units * BigInt(sponsorSharePercent) * 2n + 100n) / 200n;
  const participantUnits = units - sponsoredUnits;
  return {
    sponsored: { amount: fromCents(sponsoredUnits * unit), currency: perParticipant.currency },
    participant: { amount: fromCents(participantUnits * unit), currency: perParticipant.currency },
  };
}
