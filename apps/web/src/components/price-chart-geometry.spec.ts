import { chartGeometry, niceTicks, type Box } from './price-chart-geometry';

const box: Box = { width: 320, height: 200, left: 60, right: 20, top: 10, bottom: 30 };

describe('niceTicks', () => {
  it('covers the range with round steps', () => {
    expect(niceTicks(627.5, 775)).toEqual([600, 650, 700, 750, 800]);
    // No float noise (0.14 + 0.02 is 0.16, not 0.16000000000000003).
    expect(niceTicks(0.15, 0.19)).toEqual([0.14, 0.16, 0.18, 0.2]);
    expect(niceTicks(0, 1000)).toEqual([0, 500, 1000]);
  });

  it('spreads a single value around itself', () => {
    const ticks = niceTicks(650, 650);
    expect(ticks[0]).toBeLessThan(650);
    expect(ticks[ticks.length - 1]).toBeGreaterThan(650);
    expect(niceTicks(0, 0).length).toBeGreaterThanOrEqual(2);
  });
});

describe('chartGeometry', () => {
  const weeks = [
    { weekStart: '2026-11-09', median: 600, p25: 550, p75: 650 },
    { weekStart: '2026-11-16', median: 700, p25: 650, p75: 750 },
    { weekStart: '2026-11-23', median: 800, p25: 700, p75: 900 },
  ];

  it('spaces weeks evenly across the plot and maps prices bottom (low) to top (high)', () => {
    const g = chartGeometry(weeks, box);
    expect(g.points.map((p) => p.x)).toEqual([60, 180, 300]);
    // Ticks 500..900: 500 at the plot bottom (170), 900 at its top (10), 100 every 40 px.
    expect(g.yTicks).toEqual([500, 600, 700, 800, 900].map((value, i) => ({ value, y: 170 - i * 40 })));
    expect(g.points.map((p) => p.y)).toEqual([130, 90, 50]);
    expect(g.median).toBe('M60,130L180,90L300,50');
    expect(g.xTicks).toEqual([
      { x: 60, weekStart: '2026-11-09' },
      { x: 300, weekStart: '2026-11-23' },
    ]);
  });

  it('draws the band along p75 then back along p25, closed', () => {
    expect(chartGeometry(weeks, box).band).toBe('M60,110L180,70L300,10L300,90L180,110L60,150Z');
  });

  it('puts a single week in the middle with a visible band', () => {
    const g = chartGeometry([{ weekStart: '2026-11-23', median: 650, p25: 650, p75: 650 }], box);
    expect(g.points).toHaveLength(1);
    expect(g.points[0]!.x).toBe(180);
    expect(g.points[0]!.y).toBeGreaterThan(10);
    expect(g.points[0]!.y).toBeLessThan(170);
    expect(g.band).toMatch(/^M168,[\d.]+H192V[\d.]+H168Z$/);
    expect(g.xTicks).toHaveLength(1);
  });

  it('draws nothing without weeks', () => {
    expect(chartGeometry([], box)).toEqual({ band: '', median: '', points: [], yTicks: [], xTicks: [] });
  });
});
