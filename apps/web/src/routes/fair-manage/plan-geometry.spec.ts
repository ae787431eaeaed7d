import { barChart, stackedBar } from './chart-geometry';
import { blockingStall, cellAt, gridLines, labelPosition, leavesPlan, nudge, overlaps, planViewBox } from './plan-geometry';

const plan = { width: 20, height: 12 };

describe('the plan editor geometry', () => {
  it('draws the plan with a margin, widened (within limits) to show a refused stall leaving it', () => {
    expect(planViewBox(plan)).toEqual({ minX: -0.5, minY: -0.5, width: 21, height: 13 });
    expect(planViewBox(plan, { x: 18, y: 10, width: 4, height: 3 })).toEqual({ minX: -0.5, minY: -0.5, width: 23, height: 14 });
    const far = planViewBox(plan, { x: 500, y: -500, width: 3, height: 3 });
    expect(far.minX + far.width).toBe(40);
    expect(far.minY).toBe(-12);
  });

  it('puts grid lines every metre on small plans and every 5 m on large ones', () => {
    expect(gridLines({ width: 3, height: 2 })).toEqual({ step: 1, xs: [0, 1, 2, 3], ys: [0, 1, 2] });
    expect(gridLines({ width: 60, height: 12 })).toEqual({ step: 5, xs: [0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60], ys: [0, 5, 10] });
  });

  it('finds the cell under a tap, none outside the plan', () => {
    expect(cellAt(plan, { x: 3.7, y: 0.2 })).toEqual({ x: 3, y: 0 });
    expect(cellAt(plan, { x: 20, y: 1 })).toBeNull();
    expect(cellAt(plan, { x: -0.1, y: 1 })).toBeNull();
  });

  it('counts only real overlaps (a shared wall is none) and names the stall in the way', () => {
    const stalls = [
      { id: 'a', code: 'A-01', x: 0, y: 0, width: 3, height: 3 },
      { id: 'b', code: 'A-02', x: 3, y: 0, width: 3, height: 3 },
    ];
    expect(overlaps(stalls[0]!, stalls[1]!)).toBe(false);
    expect(overlaps({ x: 0.1, y: 0.2, width: 0.1, height: 0.1 }, { x: 0.19, y: 0.29, width: 1, height: 1 })).toBe(true);
    expect(blockingStall(stalls, { x: 4, y: 1, width: 3, height: 3 })?.code).toBe('A-02');
    expect(blockingStall(stalls, { x: 4, y: 1, width: 3, height: 3 }, 'b')).toBeUndefined();
    expect(blockingStall(stalls, { x: 6, y: 0, width: 3, height: 3 })).toBeUndefined();
  });

  it('tells a stall leaving the plan on any side', () => {
    expect(leavesPlan({ x: 17, y: 9, width: 3, height: 3 }, plan)).toBe(false);
    expect(leavesPlan({ x: 18, y: 0, width: 3, height: 3 }, plan)).toBe(true);
    expect(leavesPlan({ x: 0, y: -1, width: 3, height: 3 }, plan)).toBe(true);
  });

  it('moves by whole cells and never shrinks below one', () => {
    expect(nudge({ x: 1, y: 1, width: 3, height: 2 }, { dx: 1, dy: -1 })).toEqual({ x: 2, y: 0, width: 3, height: 2 });
    expect(nudge({ x: 1, y: 1, width: 1, height: 2 }, { dw: -1, dh: 1 })).toEqual({ x: 1, y: 1, width: 1, height: 3 });
    expect(nudge({ x: 0.1, y: 0.2, width: 1, height: 1 }, { dx: 0.2 })).toEqual({ x: 0.3, y: 0.2, width: 1, height: 1 });
  });

  it('writes a refused stall’s reason under it, or above it at the bottom of the plan', () => {
    const view = planViewBox(plan);
    expect(labelPosition({ x: 2, y: 2, width: 3, height: 3 }, view)).toEqual({ x: 2, y: 6 });
    expect(labelPosition({ x: 2, y: 10, width: 3, height: 2 }, view)).toEqual({ x: 2, y: 9.7 });
  });
});

describe('the fair stats charts geometry', () => {
  const box = { width: 320, height: 180, left: 40, right: 10, top: 20, bottom: 30 };

  it('draws bars from zero up to a round top, spaced evenly in order', () => {
    const chart = barChart([120, 340], box);
    expect(chart.yTicks.map((t) => t.value)).toEqual([0, 100, 200, 300, 400]);
    expect(chart.baseline).toBe(150);
    const [first, second] = chart.bars;
    expect(first!.height).toBeCloseTo((120 / 400) * 130, 0);
    expect(second!.height).toBeCloseTo((340 / 400) * 130, 0);
    expect(first!.labelX).toBe(107.5);
    expect(second!.labelX).toBe(242.5);
    expect(first!.y + first!.height).toBeCloseTo(150, 1);
  });

  it('copes with no values and all zeros', () => {
    expect(barChart([], box)).toEqual({ bars: [], yTicks: [], baseline: 150 });
    const zeros = barChart([0, 0], box);
    expect(zeros.bars.every((b) => b.height === 0)).toBe(true);
    expect(zeros.yTicks.map((t) => t.value)).toEqual([0, 1]);
  });

  it('splits one bar by shares', () => {
    expect(stackedBar([{ key: 'taken', value: 1 }, { key: 'requested', value: 1 }, { key: 'free', value: 2 }], 200)).toEqual([
      { key: 'taken', x: 0, width: 50, value: 1 },
      { key: 'requested', x: 50, width: 50, value: 1 },
      { key: 'free', x: 100, width: 100, value: 2 },
    ]);
    expect(stackedBar([{ key: 'free', value: 0 }], 200)).toEqual([{ key: 'free', x: 0, width: 0, value: 0 }]);
  });
});
