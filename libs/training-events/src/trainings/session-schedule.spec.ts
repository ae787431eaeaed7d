import fc from 'fast-check';
import { firstOverlap, TimeSpan } from './session-schedule';

const span = (start: number, hours: number): TimeSpan => ({
  startsAt: new Date(start * 3_600_000),
  endsAt: new Date((start + hours) * 3_600_000),
});

const overlaps = (a: TimeSpan, b: TimeSpan) => a.startsAt < b.endsAt && b.startsAt < a.endsAt;

describe('firstOverlap', () => {
  it('finds an overlapping pair exactly when one exists', () => {
    const spans = fc.array(
      fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 12 })).map(([s, h]) => span(s, h)),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(spans, (list) => {
        const anyOverlap = list.some((a, i) => list.some((b, j) => i < j && overlaps(a, b)));
        const found = firstOverlap(list);
        expect(found !== null).toBe(anyOverlap);
        if (found) {
          expect(found[0]).toBeLessThan(found[1]);
          expect(overlaps(list[found[0]]!, list[found[1]]!)).toBe(true);
        }
      }),
    );
  });

  it('lets one stop start when the previous one ends', () => {
    expect(firstOverlap([span(10, 2), span(12, 2)])).toBeNull();
    expect(firstOverlap([span(12, 2), span(10, 3)])).toEqual([0, 1]);
  });
});
