/**
 * Pooled supply: when no single producer can fill a demand, combinations of listings from
 * different organizations whose quantities add up to it. Pure: no Nest, no database.
 *
 * Quantities are integer thousandths (bigint), so a pool covers a demand exactly.
 *
 * The search is bounded so it stays well under a millisecond whatever the market size:
 *  1. one listing per organization (its cheapest once distance is priced in);
 *  2. the `maxCandidates` (12) organizations with the lowest effective unit cost;
 *  3. every *minimal* covering set of 2..`maxParts` (5) of them — no member could be
 *     dropped and the rest still cover — by depth-first search that stops extending a set
 *     once it covers and prunes a branch when even the largest remaining listings could not
 *     cover. At most C(12,2)+…+C(12,5) = 1,573 sets are looked at.
 * Each set is filled cheapest first above every member's minimum order, which is the
 * least-cost split for that set; sets are ranked by that cost with distance priced in,
 * fewer producers and producers of one cooperative or working group preferred.
 */

export interface PoolCandidate {
  listingId: string;
  organizationId: string;
  /** Remaining quantity, thousandths. */
  available: bigint;
  /** The listing's minimum order, thousandths (0 when none). */
  minOrder: bigint;
  /** Unit price in KHR (for comparing; exact money is computed by the caller). */
  unitPriceKhr: number;
  distanceKm: number;
  /** Cooperatives and working groups the organization belongs to (a group counts as its own). */
  groupIds: readonly string[];
}

export interface PoolPart {
  candidate: PoolCandidate;
  /** Thousandths; minOrder <= quantity <= available. */
  quantity: bigint;
}

export interface PooledCombination {
  parts: PoolPart[];
  /** Equal to the demand. */
  total: bigint;
  /** Σ quantity × unit price, KHR. */
  costKhr: number;
  /** Quantity-weighted mean distance. */
  distanceKm: number;
  /** The group most of the quantity comes from, when at least two parts share it. */
  sharedGroupId: string | null;
  /** Share of the quantity from that group's members, 0..1 (0 without one). */
  cohesion: number;
  /** What the ranking minimised (lower is better). */
  objective: number;
}

export interface PoolingLimits {
  maxParts: number;
  maxCandidates: number;
  maxResults: number;
}

export const POOLING_LIMITS: PoolingLimits = { maxParts: 5, maxCandidates: 12, maxResults: 10 };

/** Transport priced in: every DISTANCE_COST_KM of distance adds the unit price once more. */
export const DISTANCE_COST_KM = 300;

const effectiveUnitCost = (c: PoolCandidate) => c.unitPriceKhr * (1 + Math.max(0, c.distanceKm) / DISTANCE_COST_KM);

/** Cheapest first; ties by id, so the same input always gives the same pools. */
function byEffectiveCost(a: PoolCandidate, b: PoolCandidate): number {
  return effectiveUnitCost(a) - effectiveUnitCost(b) || (a.listingId < b.listingId ? -1 : a.listingId > b.listingId ? 1 : 0);
}

export function poolCombinations(demand: bigint, candidates: readonly PoolCandidate[], limits: PoolingLimits = POOLING_LIMITS): PooledCombination[] {
  if (demand <= 0n || limits.maxParts < 2) return [];
  const usable = candidates.filter((c) => c.available > 0n && c.minOrder >= 0n && c.minOrder <= c.available && c.minOrder <= demand);
  const bestPerOrganization = new Map<string, PoolCandidate>();
  for (const c of [...usable].sort(byEffectiveCost)) {
    if (!bestPerOrganization.has(c.organizationId)) bestPerOrganization.set(c.organizationId, c);
  }
  const pool = [...bestPerOrganization.values()].slice(0, limits.maxCandidates);
  // largestFrom[i][k]: the k largest availabilities among pool[i..], summed.
  const largestFrom = pool.map((_, i) => {
    const sorted = pool
      .slice(i)
      .map((c) => c.available)
      .sort((a, b) => (a > b ? -1 : a < b ? 1 : 0));
    const sums = [0n];
    for (const a of sorted) sums.push(sums[sums.length - 1]! + a);
    return sums;
  });
  const reachable = (from: number, slots: number) => {
    const sums = largestFrom[from];
    return sums ? sums[Math.min(slots, sums.length - 1)]! : 0n;
  };

  const found: PooledCombination[] = [];
  const chosen: PoolCandidate[] = [];
  const visit = (start: number, sumAvailable: bigint, sumMin: bigint) => {
    for (let i = start; i < pool.length; i++) {
      const c = pool[i]!;
      const minimums = sumMin + c.minOrder;
      if (minimums > demand) continue;
      const available = sumAvailable + c.available;
      chosen.push(c);
      if (available >= demand) {
        // Covering: record it if minimal; a bigger set containing it would not be.
        if (chosen.length >= 2 && chosen.every((m) => available - m.available < demand)) found.push(allocate(demand, chosen));
      } else if (chosen.length < limits.maxParts && available + reachable(i + 1, limits.maxParts - chosen.length) >= demand) {
        visit(i + 1, available, minimums);
      }
      chosen.pop();
    }
  };
  visit(0, 0n, 0n);
  return found.sort((a, b) => a.objective - b.objective || compareIds(a, b)).slice(0, limits.maxResults);
}

function compareIds(a: PooledCombination, b: PooledCombination): number {
  const ka = a.parts.map((p) => p.candidate.listingId).join();
  const kb = b.parts.map((p) => p.candidate.listingId).join();
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** Every member its minimum order, then the rest cheapest first: the least-cost split. */
function allocate(demand: bigint, members: readonly PoolCandidate[]): PooledCombination {
  const ordered = [...members].sort(byEffectiveCost);
  const quantities = ordered.map((c) => c.minOrder);
  let left = demand - quantities.reduce((s, q) => s + q, 0n);
  ordered.forEach((c, i) => {
    const more = c.available - quantities[i]! < left ? c.available - quantities[i]! : left;
    quantities[i] = quantities[i]! + more;
    left -= more;
  });
  const parts = ordered.map((candidate, i) => ({ candidate, quantity: quantities[i]! }));
  const total = quantities.reduce((s, q) => s + q, 0n);
  const weight = (p: PoolPart) => Number(p.quantity) / Number(total);
  const costKhr = parts.reduce((s, p) => s + (Number(p.quantity) / 1000) * p.candidate.unitPriceKhr, 0);
  const distanceKm = parts.reduce((s, p) => s + weight(p) * p.candidate.distanceKm, 0);
  const effectiveCost = parts.reduce((s, p) => s + (Number(p.quantity) / 1000) * effectiveUnitCost(p.candidate), 0);

  let sharedGroupId: string | null = null;
  let cohesion = 0;
  const groupShare = new Map<string, { quantity: bigint; members: number }>();
  for (const p of parts) {
    for (const g of new Set(p.candidate.groupIds)) {
      const entry = groupShare.get(g) ?? { quantity: 0n, members: 0 };
      groupShare.set(g, { quantity: entry.quantity + p.quantity, members: entry.members + 1 });
    }
  }
  for (const [groupId, entry] of [...groupShare.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const share = Number(entry.quantity) / Number(total);
    if (entry.members >= 2 && share > cohesion) {
      cohesion = share;
      sharedGroupId = groupId;
    }
  }
  const objective = effectiveCost * (1 + 0.02 * (parts.length - 2)) * (1 - 0.1 * cohesion);
  return { parts, total, costKhr, distanceKm, sharedGroupId, cohesion, objective };
}
