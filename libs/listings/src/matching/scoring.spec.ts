import fc from 'fast-check';
import { distanceScore, MatchFacts, matchReasons, percent, reputationScore, scoreMatch, scorePool } from './scoring';

const facts = fc.record({
  unitPriceKhr: fc.double({ min: 1, max: 1_000_000, noNaN: true }),
  lowestPriceKhr: fc.double({ min: 1, max: 1_000_000, noNaN: true }),
  maxPriceKhr: fc.option(fc.double({ min: 1, max: 2_000_000, noNaN: true }), { nil: null }),
  distanceKm: fc.double({ min: 0, max: 20_000, noNaN: true }),
  coverage: fc.double({ min: 0, max: 1, noNaN: true }),
  verifiedShare: fc.constantFrom(0, 1),
  reputation: fc.option(fc.record({ averageRating: fc.double({ min: 1, max: 5, noNaN: true }), ratedDeals: fc.integer({ min: 0, max: 500 }) }), {
    nil: null,
  }),
});

const base: MatchFacts = {
  unitPriceKhr: 650,
  lowestPriceKhr: 600,
  maxPriceKhr: 800,
  distanceKm: 38,
  coverage: 1,
  verifiedShare: 1,
  reputation: null,
};

describe('scoring', () => {
  it('property: scores stay within 0..1', () => {
    fc.assert(fc.property(facts, (f) => scoreMatch(f) >= 0 && scoreMatch(f) <= 1));
    fc.assert(
      fc.property(facts, fc.integer({ min: 2, max: 5 }), fc.double({ min: 0, max: 1, noNaN: true }), (f, producers, cohesion) => {
        const s = scorePool({ ...f, producers, cohesion });
        return s >= 0 && s <= 1;
      }),
    );
  });

  it('property: cheaper, nearer, fuller and verified never score lower', () => {
    fc.assert(
      fc.property(facts, fc.double({ min: 0, max: 0.9, noNaN: true }), (f, cut) => {
        expect(scoreMatch({ ...f, unitPriceKhr: f.unitPriceKhr * (1 - cut) })).toBeGreaterThanOrEqual(scoreMatch(f));
        expect(scoreMatch({ ...f, distanceKm: f.distanceKm * (1 - cut) })).toBeGreaterThanOrEqual(scoreMatch(f));
        expect(scoreMatch({ ...f, coverage: Math.min(1, f.coverage + cut) })).toBeGreaterThanOrEqual(scoreMatch(f));
        expect(scoreMatch({ ...f, verifiedShare: 1 })).toBeGreaterThanOrEqual(scoreMatch({ ...f, verifiedShare: 0 }));
      }),
    );
  });

  it('halves the distance part at 50 km', () => {
    expect(distanceScore(0)).toBe(1);
    expect(distanceScore(50)).toBe(0.5);
  });

  it('treats a seller without rated deals as average, and few ratings cautiously', () => {
    expect(reputationScore(null)).toBe(0.5);
    expect(reputationScore({ averageRating: 5, ratedDeals: 1 })).toBeLessThan(reputationScore({ averageRating: 5, ratedDeals: 50 }));
  });

  it('explains a single match in words', () => {
    expect(matchReasons({ ...base, grade: 'A' })).toEqual(['covers 100 %', '38 km from delivery', '18 % under your maximum price', 'grade A', 'verified']);
    expect(matchReasons({ ...base, coverage: 0.375, maxPriceKhr: null, unitPriceKhr: 600, verifiedShare: 0, distanceKm: 0.4 })).toEqual([
      'covers 37 %',
      'under 1 km from delivery',
      'lowest price of the matches',
    ]);
    expect(matchReasons({ ...base, maxPriceKhr: 650 })).toContain('at your maximum price');
  });

  it('explains a pool in words', () => {
    expect(
      matchReasons({ ...base, producers: 3, verifiedProducers: 1, verifiedShare: 0.3, group: { name: 'Prey Veng Clay Tile Makers', members: 2 } }),
    ).toEqual([
      '3 producers together cover 100 %',
      '38 km from delivery on average',
      '18 % under your maximum price',
      '2 of 3 producers in Prey Veng Clay Tile Makers',
      '1 of 3 producers verified',
    ]);
  });

  it('never rounds a shortfall up to 100 %', () => {
    expect(percent(0.9996)).toBe(99);
    expect(percent(1)).toBe(100);
  });
});

describe('reasons for a seller', () => {
  it('speaks of the buyer', () => {
    expect(matchReasons({ ...base, audience: 'seller', coverage: 0.5 })).toEqual([
      'covers 50 %',
      '38 km from delivery',
      '18 % under their maximum price',
      'verified buyer',
    ]);
  });
});
