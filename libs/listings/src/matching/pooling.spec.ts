import fc from 'fast-check';
import { PoolCandidate, poolCombinations, POOLING_LIMITS } from './pooling';

const K = 1000n; // thousandths per unit

function candidate(id: string, organizationId: string, units: number, price: number, distanceKm = 10, extra: Partial<PoolCandidate> = {}): PoolCandidate {
  return {
    listingId: id,
    organizationId,
    available: BigInt(units) * K,
    minOrder: 0n,
    unitPriceKhr: price,
    distanceKm,
    groupIds: [],
    ...extra,
  };
}

const arbitraryCandidate = fc.record({
  listingId: fc.uuid(),
  organizationId: fc.constantFrom('o1', 'o2', 'o3', 'o4', 'o5', 'o6', 'o7', 'o8', 'o9', 'o10', 'o11', 'o12', 'o13', 'o14'),
  available: fc.bigInt({ min: 0n, max: 50_000_000n }),
  minOrder: fc.bigInt({ min: 0n, max: 5_000_000n }),
  unitPriceKhr: fc.double({ min: 1, max: 100_000, noNaN: true }),
  distanceKm: fc.double({ min: 0, max: 800, noNaN: true }),
  groupIds: fc.subarray(['g1', 'g2', 'g3']),
});

describe('pooling', () => {
  it('fills 40,000 tiles from producers offering 15,000, 20,000 and 10,000', () => {
    const pools = poolCombinations(40_000n * K, [
      candidate('a', 'kiln-a', 15_000, 650),
      candidate('b', 'kiln-b', 20_000, 700),
      candidate('c', 'kiln-c', 10_000, 600),
    ]);
    expect(pools).toHaveLength(1);
    const [pool] = pools;
    expect(pool!.total).toBe(40_000n * K);
    expect(Object.fromEntries(pool!.parts.map((p) => [p.candidate.listingId, p.quantity / K]))).toEqual({ a: 15_000n, b: 15_000n, c: 10_000n });
  });

  it('prefers the cheaper and nearer producers, and fewer of them', () => {
    const pools = poolCombinations(30_000n * K, [
      candidate('far', 'o1', 20_000, 600, 600),
      candidate('near', 'o2', 20_000, 600, 5),
      candidate('cheap', 'o3', 15_000, 500, 20),
      candidate('small-1', 'o4', 8_000, 560, 20),
      candidate('small-2', 'o5', 8_000, 560, 20),
    ]);
    expect(pools[0]!.parts.map((p) => p.candidate.listingId).sort()).toEqual(['cheap', 'near']);
  });

  it('prefers producers of the same cooperative when costs are close', () => {
    const pools = poolCombinations(30_000n * K, [
      candidate('x', 'o1', 15_000, 600, 30, { groupIds: [] }),
      candidate('y', 'o2', 15_000, 600, 30, { groupIds: ['coop'] }),
      candidate('z', 'o3', 15_000, 605, 30, { groupIds: ['coop'] }),
    ]);
    expect(pools[0]!.parts.map((p) => p.candidate.listingId).sort()).toEqual(['y', 'z']);
    expect(pools[0]!.sharedGroupId).toBe('coop');
    expect(pools[0]!.cohesion).toBe(1);
  });

  it('never uses one organization twice, even when it has the cheapest listings', () => {
    const pools = poolCombinations(30_000n * K, [
      candidate('a1', 'same', 20_000, 100),
      candidate('a2', 'same', 20_000, 110),
      candidate('b', 'other', 10_000, 900),
    ]);
    expect(pools.map((p) => p.parts.map((x) => x.candidate.listingId).sort())).toEqual([['a1', 'b']]);
  });

  it('respects minimum orders', () => {
    const pools = poolCombinations(10_000n * K, [
      candidate('a', 'o1', 9_000, 100, 0, { minOrder: 5_000n * K }),
      candidate('b', 'o2', 9_000, 200, 0, { minOrder: 6_000n * K }),
      candidate('c', 'o3', 9_000, 300, 0, { minOrder: 1_000n * K }),
    ]);
    for (const pool of pools) for (const p of pool.parts) expect(p.quantity).toBeGreaterThanOrEqual(p.candidate.minOrder);
    // a + b would need 11,000 at their minimums: not a pool.
    expect(pools.map((p) => p.parts.map((x) => x.candidate.listingId).sort())).toEqual([['a', 'c'], ['b', 'c']]);
  });

  it('finds nothing when everyone together is short', () => {
    expect(poolCombinations(100_000n * K, [candidate('a', 'o1', 20_000, 1), candidate('b', 'o2', 20_000, 1)])).toEqual([]);
  });

  it('property: never over a listing, never an organization twice, at most 5 parts, and covers exactly', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 120_000_000n }), fc.array(arbitraryCandidate, { maxLength: 25 }), (demand, candidates) => {
        const pools = poolCombinations(demand, candidates);
        expect(pools.length).toBeLessThanOrEqual(POOLING_LIMITS.maxResults);
        for (const pool of pools) {
          expect(pool.parts.length).toBeGreaterThanOrEqual(2);
          expect(pool.parts.length).toBeLessThanOrEqual(POOLING_LIMITS.maxParts);
          expect(new Set(pool.parts.map((p) => p.candidate.organizationId)).size).toBe(pool.parts.length);
          let sum = 0n;
          for (const p of pool.parts) {
            expect(p.quantity).toBeGreaterThan(0n);
            expect(p.quantity).toBeLessThanOrEqual(p.candidate.available);
            expect(p.quantity).toBeGreaterThanOrEqual(p.candidate.minOrder);
            sum += p.quantity;
          }
          expect(sum).toBe(pool.total);
          expect(pool.total).toBe(demand);
          expect(pool.cohesion).toBeGreaterThanOrEqual(0);
          expect(pool.cohesion).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('property: finds a pool whenever a few organizations (within the bound) could cover the demand together', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 100_000_000n }),
        fc.uniqueArray(arbitraryCandidate.map((c) => ({ ...c, minOrder: 0n })), { maxLength: 12, selector: (c) => c.organizationId }),
        (demand, candidates) => {
          const usable = candidates.filter((c) => c.available > 0n);
          const singleCovers = usable.some((c) => c.available >= demand);
          const largestFive = usable
            .map((c) => c.available)
            .sort((a, b) => (a > b ? -1 : 1))
            .slice(0, 5)
            .reduce((s, a) => s + a, 0n);
          const pools = poolCombinations(demand, candidates);
          // A pool of several exists when the five largest cover it; a single covering
          // listing still allows pools of two when another organization has stock.
          if (largestFive >= demand && !singleCovers) expect(pools.length).toBeGreaterThan(0);
          if (largestFive < demand) expect(pools).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: the same candidates in any order give the same pools', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 60_000_000n }), fc.array(arbitraryCandidate, { maxLength: 15 }), fc.integer(), (demand, candidates, seed) => {
        const shuffled = [...candidates].sort((a, b) => ((a.listingId.charCodeAt(seed % 8) ?? 0) - (b.listingId.charCodeAt(seed % 8) ?? 0)));
        const key = (pools: ReturnType<typeof poolCombinations>) => pools.map((p) => p.parts.map((x) => `${x.candidate.listingId}:${x.quantity}`).join());
        expect(key(poolCombinations(demand, shuffled))).toEqual(key(poolCombinations(demand, candidates)));
      }),
      { numRuns: 200 },
    );
  });
});
