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

describe('responsiveness', () => {
  const responsiveness = fc.record({
    responseRate: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
    medianResponseMinutes: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: null }),
  });

  it('property: all else equal, a more responsive seller (answers more, or sooner) never ranks lower', () => {
    fc.assert(
      fc.property(
        facts,
        responsiveness,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (f, r, more, sooner) => {
          const rated = { averageRating: f.reputation?.averageRating ?? 3, ratedDeals: f.reputation?.ratedDeals ?? 0 };
          const slow = { ...f, reputation: { ...rated, ...r } };
          // Both known: answers a larger share, and its median is no later.
          const rate = (r.responseRate ?? 0) + (1 - (r.responseRate ?? 0)) * more;
          const minutes = r.medianResponseMinutes === null ? null : Math.floor(r.medianResponseMinutes * (1 - sooner));
          const slowKnown = { ...slow, reputation: { ...slow.reputation, responseRate: r.responseRate ?? 0 } };
          const quick = { ...f, reputation: { ...rated, responseRate: rate, medianResponseMinutes: minutes } };
          expect(scoreMatch(quick)).toBeGreaterThanOrEqual(scoreMatch(slowKnown));
          expect(scorePool({ ...quick, producers: 2, cohesion: 0 })).toBeGreaterThanOrEqual(scorePool({ ...slowKnown, producers: 2, cohesion: 0 }));
        },
      ),
    );
  });

  it('property: responsiveness moves a score by at most 0.04 either way, so price and fit still decide', () => {
    fc.assert(
      fc.property(facts, responsiveness, (f, r) => {
        const known = scoreMatch({ ...f, reputation: { averageRating: 3, ratedDeals: 0, ...r } });
        const unknown = scoreMatch({ ...f, reputation: { averageRating: 3, ratedDeals: 0 } });
        expect(Math.abs(known - unknown)).toBeLessThanOrEqual(0.0401);
      }),
    );
  });

  it('ranks a seller who answers in minutes above one who lets requests expire, and says so', () => {
    const quick = { ...base, reputation: { averageRating: 3, ratedDeals: 0, responseRate: 1, medianResponseMinutes: 15 } };
    const silent = { ...base, reputation: { averageRating: 3, ratedDeals: 0, responseRate: 0, medianResponseMinutes: null } };
    expect(scoreMatch(quick)).toBeGreaterThan(scoreMatch(base));
    expect(scoreMatch(base)).toBeGreaterThan(scoreMatch(silent));
    expect(matchReasons(quick)).toContain('usually replies within 1 hour');
    expect(matchReasons(silent)).toContain('replies to 0 % of requests');
    expect(matchReasons({ ...base, reputation: { averageRating: 3, ratedDeals: 0, responseRate: 0.8, medianResponseMinutes: 121 } })).toContain(
      'usually replies within 3 hours',
    );
    expect(matchReasons({ ...base, reputation: { averageRating: 3, ratedDeals: 0, responseRate: 0.8, medianResponseMinutes: 60 * 50 } })).toContain(
      'usually replies within 3 days',
    );
    expect(matchReasons(base).some((r) => r.includes('replies'))).toBe(false);
  });
});
