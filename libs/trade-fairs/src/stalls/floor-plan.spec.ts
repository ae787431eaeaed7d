import fc from 'fast-check';
import { findOverlaps, footprint, footprintsIntersect, hasCentimetrePrecision, outsidePlan, overlaps, Rect } from './floor-plan';

// Rectangles on a centimetre grid, as the API accepts them.
const metres = (min: number, max: number) => fc.integer({ min, max }).map((cm) => cm / 100);
const rect = (): fc.Arbitrary<Rect> =>
  fc.record({ x: metres(0, 3000), y: metres(0, 3000), width: metres(1, 1500), height: metres(1, 1500) });

function naiveOverlaps(rects: Rect[]): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) if (overlaps(rects[i]!, rects[j]!)) pairs.push([i, j]);
  return pairs;
}

describe('floor-plan geometry', () => {
  it('overlap is symmetric, and a stall overlaps itself', () => {
    fc.assert(
      fc.property(rect(), rect(), (a, b) => {
        expect(overlaps(a, b)).toBe(overlaps(b, a));
        expect(overlaps(a, a)).toBe(true);
      }),
    );
  });

  it('stalls sharing a wall or a corner do not overlap', () => {
    fc.assert(
      fc.property(rect(), metres(1, 500), metres(1, 500), metres(-500, 500), (a, w, h, shift) => {
        const right = { x: +(a.x + a.width).toFixed(2), y: +(a.y + shift).toFixed(2), width: w, height: h };
        const below = { x: +(a.x + shift).toFixed(2), y: +(a.y + a.height).toFixed(2), width: w, height: h };
        const corner = { x: +(a.x + a.width).toFixed(2), y: +(a.y + a.height).toFixed(2), width: w, height: h };
        expect(overlaps(a, right)).toBe(false);
        expect(overlaps(a, below)).toBe(false);
        expect(overlaps(a, corner)).toBe(false);
      }),
    );
  });

  it('a stall moved one centimetre into its neighbour overlaps it', () => {
    fc.assert(
      fc.property(rect(), metres(1, 500), (a, w) => {
        const intruder = { x: +(a.x + a.width - 0.01).toFixed(2), y: a.y, width: w, height: a.height };
        expect(overlaps(a, intruder)).toBe(true);
      }),
    );
  });

  it('the shrunk box the database indexes intersects exactly when the stalls overlap', () => {
    fc.assert(
      fc.property(rect(), rect(), (a, b) => {
        expect(footprintsIntersect(footprint(a), footprint(b))).toBe(overlaps(a, b));
      }),
      { numRuns: 2000 },
    );
    // Near misses, where the millimetre matters: neighbours that touch or overlap by 1 cm.
    fc.assert(
      fc.property(rect(), fc.integer({ min: -2, max: 2 }), fc.integer({ min: -2, max: 2 }), (a, dx, dy) => {
        const b = { x: +(a.x + a.width + dx / 100).toFixed(2), y: +(a.y + dy / 100).toFixed(2), width: 1, height: a.height };
        if (b.x < 0 || b.y < 0) return;
        expect(footprintsIntersect(footprint(a), footprint(b))).toBe(overlaps(a, b));
      }),
    );
  });

  it('finds the same overlapping pairs as comparing every pair', () => {
    fc.assert(
      fc.property(fc.array(rect(), { maxLength: 40 }), (rects) => {
        expect(findOverlaps(rects)).toEqual(naiveOverlaps(rects));
      }),
    );
  });

  it('finds no overlap in a grid of adjacent stalls', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 }), metres(50, 600), metres(50, 600), (cols, rows, w, h) => {
        const grid: Rect[] = [];
        for (let c = 0; c < cols; c++) for (let r = 0; r < rows; r++) grid.push({ x: +(c * w).toFixed(2), y: +(r * h).toFixed(2), width: w, height: h });
        expect(findOverlaps(grid)).toEqual([]);
      }),
    );
  });

  it('names the side that leaves the plan, and accepts a stall flush with the edges', () => {
    fc.assert(
      fc.property(rect(), (a) => {
        const plan = { width: +(a.x + a.width).toFixed(2), height: +(a.y + a.height).toFixed(2) };
        expect(outsidePlan(a, plan)).toBeNull();
        expect(outsidePlan(a, { ...plan, width: +(plan.width - 0.01).toFixed(2) })).toMatch(/^(x|width)$/);
        expect(outsidePlan(a, { ...plan, height: +(plan.height - 0.01).toFixed(2) })).toMatch(/^(y|height)$/);
      }),
    );
    expect(outsidePlan({ x: -1, y: 0, width: 1, height: 1 }, { width: 10, height: 10 })).toBe('x');
    expect(outsidePlan({ x: 0, y: 10, width: 1, height: 1 }, { width: 10, height: 10 })).toBe('y');
  });

  it('tells centimetre values from finer ones', () => {
    expect(hasCentimetrePrecision(2.5)).toBe(true);
    expect(hasCentimetrePrecision(0.29)).toBe(true);
    expect(hasCentimetrePrecision(1.005)).toBe(false);
    expect(hasCentimetrePrecision(Number.NaN)).toBe(false);
    fc.assert(fc.property(metres(0, 1_000_000), (m) => expect(hasCentimetrePrecision(m)).toBe(true)));
  });
});
