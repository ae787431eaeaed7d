import fc from 'fast-check';
import { clampView, initialView, panBy, scaleLimits, TARGET_PX, toScreen, zoomAt, type Rect, type Size, type View } from './floor-plan-geometry';

const phone: Size = { width: 336, height: 320 };
// Today's worst case: a 60 m hall with a row of 20 stalls of 3 × 3 m.
const hall: Size = { width: 60, height: 40 };
const row: Rect[] = Array.from({ length: 20 }, (_, i) => ({ x: i * 3, y: 0, width: 3, height: 3 }));

const size = fc.record({ width: fc.double({ min: 5, max: 500, noNaN: true }), height: fc.double({ min: 5, max: 500, noNaN: true }) });
const viewport = fc.record({ width: fc.integer({ min: 200, max: 1200 }), height: fc.integer({ min: 200, max: 900 }) });
const stallSide = fc.double({ min: 1, max: 5, noNaN: true });

/** The plan stays in the viewport: covering it on an axis where it is larger, centred where smaller. */
function expectInside(view: View, plan: Size, vp: Size): void {
  const w = plan.width * view.scale;
  const h = plan.height * view.scale;
  if (w <= vp.width) expect(view.x).toBeCloseTo((vp.width - w) / 2, 6);
  else {
    expect(view.x).toBeLessThanOrEqual(1e-9);
    expect(view.x + w).toBeGreaterThanOrEqual(vp.width - 1e-6);
  }
  if (h <= vp.height) expect(view.y).toBeCloseTo((vp.height - h) / 2, 6);
  else {
    expect(view.y).toBeLessThanOrEqual(1e-9);
    expect(view.y + h).toBeGreaterThanOrEqual(vp.height - 1e-6);
  }
}

describe('the floor plan geometry', () => {
  it('opens a 20-stall row on a phone with each stall at least 44 px (not the 17 px of drawing it whole)', () => {
    const view = initialView(hall, phone, row);
    const first = toScreen(view, row[0]!);
    expect(first.width).toBeGreaterThanOrEqual(TARGET_PX);
    expect(first.height).toBeGreaterThanOrEqual(TARGET_PX);
    expect(first.x).toBeGreaterThanOrEqual(0);
    expect(first.y).toBeGreaterThanOrEqual(0);
    // Zoomed all the way out the whole plan fits.
    const out = clampView({ ...view, scale: 0 }, hall, phone, scaleLimits(hall, phone, row));
    expect(hall.width * out.scale).toBeLessThanOrEqual(phone.width + 1e-9);
  });

  it('opens every plan with its smallest stall at least 44 px, the first stall on screen', () => {
    fc.assert(
      fc.property(viewport, stallSide, fc.integer({ min: 1, max: 40 }), (vp, side, count) => {
        const stalls = Array.from({ length: count }, (_, i) => ({ x: 2 + i * side, y: 1, width: side, height: side }));
        const plan = { width: 4 + count * side, height: 2 + side * 3 };
        const view = initialView(plan, vp, stalls);
        const first = toScreen(view, stalls[0]!);
        expect(Math.min(first.width, first.height)).toBeGreaterThanOrEqual(TARGET_PX - 1e-9);
        expect(first.x).toBeGreaterThanOrEqual(-1e-9);
        expect(first.x).toBeLessThan(vp.width);
        expectInside(view, plan, vp);
      }),
    );
  });

  it('keeps the plan point under the fingers where it is when zooming, unless the edge stops it', () => {
    fc.assert(
      fc.property(size, viewport, fc.double({ min: 0.2, max: 5, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (plan, vp, factor, fx, fy) => {
        const stalls = [{ x: 0, y: 0, width: 2, height: 2 }];
        const limits = scaleLimits(plan, vp, stalls);
        const start = initialView(plan, vp, stalls);
        const at = { x: fx * vp.width, y: fy * vp.height };
        const next = zoomAt(start, factor, at, plan, vp, limits);
        expect(next.scale).toBeGreaterThanOrEqual(limits.min - 1e-9);
        expect(next.scale).toBeLessThanOrEqual(limits.max + 1e-9);
        expectInside(next, plan, vp);
        const unclamped = clampView(next, plan, vp, { min: 0, max: Infinity });
        const planPoint = { x: (at.x - start.x) / start.scale, y: (at.y - start.y) / start.scale };
        const wideEnough = plan.width * next.scale > vp.width && plan.height * next.scale > vp.height;
        const hitEdge = next.x === 0 || next.y === 0 || next.x === vp.width - plan.width * next.scale || next.y === vp.height - plan.height * next.scale;
        if (wideEnough && !hitEdge && unclamped.scale === next.scale) {
          expect(planPoint.x * next.scale + next.x).toBeCloseTo(at.x, 6);
          expect(planPoint.y * next.scale + next.y).toBeCloseTo(at.y, 6);
        }
      }),
    );
  });

  it('pans by what the finger moved, and never past the plan', () => {
    fc.assert(
      fc.property(size, viewport, fc.double({ min: -2000, max: 2000, noNaN: true }), fc.double({ min: -2000, max: 2000, noNaN: true }), (plan, vp, dx, dy) => {
        const stalls = [{ x: 0, y: 0, width: 1, height: 1 }];
        const limits = scaleLimits(plan, vp, stalls);
        const start = initialView(plan, vp, stalls);
        const next = panBy(start, dx, dy, plan, vp, limits);
        expectInside(next, plan, vp);
        expect(next.scale).toBe(start.scale);
        // Going back where one came from, when nothing stopped it, is where one started.
        const back = panBy(next, -(next.x - start.x), -(next.y - start.y), plan, vp, limits);
        expect(back.x).toBeCloseTo(start.x, 6);
        expect(back.y).toBeCloseTo(start.y, 6);
        if (plan.width * start.scale > vp.width && next.x !== 0 && next.x !== vp.width - plan.width * start.scale) {
          expect(next.x).toBeCloseTo(start.x + dx, 6);
        }
      }),
    );
  });
});
