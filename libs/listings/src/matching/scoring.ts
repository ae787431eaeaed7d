/**
 * How well a listing (or a pool of listings) answers a demand: a score in [0, 1] and
 * reasons a person can read. Pure: no Nest, no database.
 */

export interface Reputation {
  /** 1..5 */
  averageRating: number;
  ratedDeals: number;
  /** Share of offers and first messages to it answered in the last 90 days, 0..1; null (or absent) with too few. */
  responseRate?: number | null;
  /** Median minutes to its first answer; null (or absent) with too few, or none answered. */
  medianResponseMinutes?: number | null;
}

/** Price weighs most, then distance and how much of the demand is covered, then trust. */
export const SCORE_WEIGHTS = { price: 0.35, distance: 0.25, coverage: 0.25, reputation: 0.1, verified: 0.05 } as const;

/** At this distance the distance part of the score is half of what it is next door. */
export const HALF_SCORE_DISTANCE_KM = 50;

/** Reputation before any rated deal, and the weight of that prior (in deals). */
const PRIOR_RATING = 3;
const PRIOR_DEALS = 5;

export interface MatchFacts {
  /** The listing's unit price converted to KHR (for comparing only; money stays exact elsewhere). */
  unitPriceKhr: number;
  /** The lowest unit price among the fitting listings, in KHR. */
  lowestPriceKhr: number;
  maxPriceKhr: number | null;
  distanceKm: number;
  /** Share of the demand covered, 0..1. */
  coverage: number;
  /** Share (by quantity) supplied by verified sellers, 0..1; a single listing is 0 or 1. */
  verifiedShare: number;
  reputation: Reputation | null;
}

const clamp01 = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);
const round3 = (x: number) => Math.round(x * 1000) / 1000;

export function priceScore(unitPriceKhr: number, lowestPriceKhr: number): number {
  return unitPriceKhr <= 0 ? 1 : clamp01(lowestPriceKhr / unitPriceKhr);
}

export function distanceScore(distanceKm: number): number {
  return 1 / (1 + Math.max(0, distanceKm) / HALF_SCORE_DISTANCE_KM);
}

/** Average rating shrunk towards 3 while there are few deals, mapped to 0..1; 0.5 with none. */
export function reputationScore(reputation: Reputation | null): number {
  const deals = Math.max(0, reputation?.ratedDeals ?? 0);
  const rating = reputation && deals > 0 ? reputation.averageRating : PRIOR_RATING;
  const shrunk = (rating * deals + PRIOR_RATING * PRIOR_DEALS) / (deals + PRIOR_DEALS);
  return clamp01((shrunk - 1) / 4);
}

/** At this median time to a first answer the speed part of responsiveness is half of an instant one. */
export const HALF_SPEED_MINUTES = 240;
/**
 * How far responsiveness moves a score, either way from an unknown seller's: at most half this
 * (±0.04), so fit and price still decide (IndiaMART ranks unresponsive sellers lower, not out).
 */
export const RESPONSIVENESS_WEIGHT = 0.08;

/**
 * 0..1, 0.5 when unknown: the share answered, counted fully when the answers come at once and
 * half when they come very late. An organization that answers nothing scores 0.
 */
export function responsivenessScore(reputation: Reputation | null): number {
  const rate = reputation?.responseRate;
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return 0.5;
  const minutes = reputation?.medianResponseMinutes;
  const speed = minutes === null || minutes === undefined || !Number.isFinite(minutes) ? 0 : 1 / (1 + Math.max(0, minutes) / HALF_SPEED_MINUTES);
  return clamp01(rate) * (0.5 + 0.5 * speed);
}

export function scoreMatch(f: MatchFacts): number {
  const w = SCORE_WEIGHTS;
  return round3(
    clamp01(
      w.price * priceScore(f.unitPriceKhr, f.lowestPriceKhr) +
        w.distance * distanceScore(f.distanceKm) +
        w.coverage * clamp01(f.coverage) +
        w.reputation * reputationScore(f.reputation) +
        w.verified * clamp01(f.verifiedShare) +
        RESPONSIVENESS_WEIGHT * (responsivenessScore(f.reputation) - 0.5),
    ),
  );
}

export interface PoolFacts extends MatchFacts {
  producers: number;
  /** Share of the quantity from producers of the best-represented cooperative or working group. */
  cohesion: number;
}

/**
 * A pool scores like a single listing on its quantity-weighted price and distance, a little
 * less per extra producer to coordinate, a little more when its producers belong together.
 */
export function scorePool(f: PoolFacts): number {
  const base = scoreMatch(f);
  const coordination = 1 - 0.03 * Math.max(0, f.producers - 2);
  return round3(clamp01(base * coordination + 0.05 * clamp01(f.cohesion)));
}

// What toLocaleString('en-US') formats with, built once: toLocaleString builds one per call.
const KM_DIGITS = new Intl.NumberFormat('en-US');

/** "38 km", "under 1 km", "1,240 km". */
export function formatKm(km: number): string {
  if (km < 1) return 'under 1 km';
  return `${KM_DIGITS.format(Math.round(km))} km`;
}

/** "usually replies within 1 hour", "… within 3 hours", "… within 2 days": the median, rounded up. */
export function repliesWithin(minutes: number): string {
  const hours = Math.max(1, Math.ceil(minutes / 60 - 1e-9));
  if (hours < 48) return `usually replies within ${hours} hour${hours === 1 ? '' : 's'}`;
  return `usually replies within ${Math.ceil(hours / 24 - 1e-9)} days`;
}

/** Floors, so 99.96 % never reads as 100 %. */
export function percent(share: number): number {
  return Math.floor(clamp01(share) * 100 + 1e-9);
}

export interface ReasonFacts extends MatchFacts {
  /** Who reads them: the buyer (matches for a demand, default) or the seller (for a listing). */
  audience?: 'buyer' | 'seller';
  grade?: string | null;
  /** For pools. */
  producers?: number;
  verifiedProducers?: number;
  group?: { name: string; members: number } | null;
}

export function matchReasons(f: ReasonFacts): string[] {
  const reasons: string[] = [];
  const pooled = (f.producers ?? 1) > 1;
  reasons.push(pooled ? `${f.producers} producers together cover ${percent(f.coverage)} %` : `covers ${percent(f.coverage)} %`);
  reasons.push(`${formatKm(f.distanceKm)} from delivery${pooled ? ' on average' : ''}`);
  const whose = f.audience === 'seller' ? 'their' : 'your';
  if (f.maxPriceKhr !== null && f.maxPriceKhr > 0) {
    const under = Math.floor(((f.maxPriceKhr - f.unitPriceKhr) / f.maxPriceKhr) * 100 + 1e-9);
    reasons.push(under >= 1 ? `${under} % under ${whose} maximum price` : `at ${whose} maximum price`);
  } else if (f.audience === 'seller') {
    reasons.push('no maximum price set');
  } else if (f.unitPriceKhr <= f.lowestPriceKhr) {
    reasons.push(pooled ? 'lowest average price of the matches' : 'lowest price of the matches');
  } else {
    const above = Math.ceil(((f.unitPriceKhr - f.lowestPriceKhr) / f.lowestPriceKhr) * 100);
    reasons.push(`${above} % above the lowest price`);
  }
  if (f.grade) reasons.push(`grade ${f.grade}`);
  if (pooled) {
    if (f.group && f.group.members >= 2) {
      reasons.push(
        f.group.members === f.producers ? `all members of ${f.group.name}` : `${f.group.members} of ${f.producers} producers in ${f.group.name}`,
      );
    }
    const verified = f.verifiedProducers ?? 0;
    if (verified > 0) reasons.push(verified === f.producers ? 'all producers verified' : `${verified} of ${f.producers} producers verified`);
  } else if (f.verifiedShare >= 1) {
    reasons.push(f.audience === 'seller' ? 'verified buyer' : 'verified');
  }
  if (f.reputation && f.reputation.ratedDeals > 0) {
    reasons.push(`rated ${f.reputation.averageRating.toFixed(1)} from ${f.reputation.ratedDeals} deal${f.reputation.ratedDeals === 1 ? '' : 's'}`);
  }
  // One seller's habits: a pool has several, its parts' own reasons are not merged here.
  const rate = pooled ? null : f.reputation?.responseRate;
  if (rate !== null && rate !== undefined) {
    const minutes = f.reputation?.medianResponseMinutes;
    if (rate < 0.5) reasons.push(`replies to ${percent(rate)} % of requests`);
    else if (minutes !== null && minutes !== undefined) reasons.push(repliesWithin(minutes));
  }
  return reasons;
}
