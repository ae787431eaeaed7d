import fc from 'fast-check';
import { planDigests } from './digest-plan';
import { FOLDED_DIGEST_KEY } from './notification-draft';

describe('planDigests', () => {
  it('gives each key its own digest while the hourly budget lasts, then folds the rest', () => {
    expect(planDigests({ itemKeys: ['a', 'b', 'a', 'c', 'd', 'c'], openKeys: new Set(), createdLastHour: 1 }, 3)).toEqual([
      'a',
      'b',
      'a',
      FOLDED_DIGEST_KEY,
      FOLDED_DIGEST_KEY,
      FOLDED_DIGEST_KEY,
    ]);
  });

  it('lets items of an open digest update it, whatever the budget', () => {
    expect(planDigests({ itemKeys: ['x', 'y'], openKeys: new Set(['x']), createdLastHour: 99 }, 30)).toEqual(['x', FOLDED_DIGEST_KEY]);
  });

  it('never opens more new digests than the budget, and keeps every item', () => {
    const keys = fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { maxLength: 40 });
    fc.assert(
      fc.property(keys, fc.subarray(['a', 'b', 'c']), fc.nat(40), fc.integer({ min: 1, max: 10 }), (itemKeys, open, recent, perHour) => {
        const openKeys = new Set(open);
        const targets = planDigests({ itemKeys, openKeys, createdLastHour: recent }, perHour);
        expect(targets).toHaveLength(itemKeys.length);
        const opened = new Set(targets.filter((k) => k !== FOLDED_DIGEST_KEY && !openKeys.has(k)));
        expect(opened.size).toBeLessThanOrEqual(Math.max(0, perHour - recent));
        targets.forEach((target, i) => expect([itemKeys[i], FOLDED_DIGEST_KEY]).toContain(target));
      }),
    );
  });
});
