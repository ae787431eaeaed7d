import { niceTicks } from '../../components/price-chart-geometry';

export interface ChartBox {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
  /** Where the bar's label sits (under it) and its value (above it). */
  labelX: number;
  valueY: number;
}

export interface BarChartGeometry {
  bars: Bar[];
  yTicks: Array<{ y: number; value: number }>;
  baseline: number;
}

const f = (n: number) => Number(n.toFixed(1));

/**
 * Vertical bars from zero, evenly spaced left to right in the order given; the scale's top is
 * a round tick at or above the largest value. No values: no bars and no ticks.
 */
export function barChart(values: readonly number[], box: ChartBox): BarChartGeometry {
  const plotLeft = box.left;
  const plotRight = box.width - box.right;
  const plotTop = box.top;
  const baseline = box.height - box.bottom;
  if (values.length === 0) return { bars: [], yTicks: [], baseline };
  const max = Math.max(0, ...values);
  const ticks = max > 0 ? niceTicks(0, max, 4).filter((v) => v >= 0) : [0, 1];
  const top = ticks[ticks.length - 1]!;
  const y = (value: number) => baseline - (value / top) * (baseline - plotTop);
  const slot = (plotRight - plotLeft) / values.length;
  const width = Math.min(48, slot * 0.7);
  const bars = values.map((value, i) => {
    const centre = plotLeft + slot * (i + 0.5);
    const barTop = y(Math.max(0, value));
    return { x: f(centre - width / 2), y: f(barTop), width: f(width), height: f(baseline - barTop), labelX: f(centre), valueY: f(barTop - 4) };
  });
  return { bars, yTicks: ticks.map((value) => ({ y: f(y(value)), value })), baseline };
}

export interface Segment {
  key: string;
  x: number;
  width: number;
  value: number;
}

/** One horizontal bar split into parts by their share of the whole (taken, requested, free). */
export function stackedBar(parts: ReadonlyArray<{ key: string; value: number }>, width: number): Segment[] {
  const total = parts.reduce((sum, p) => sum + Math.max(0, p.value), 0);
  let x = 0;
  return parts.map((p) => {
    const w = total > 0 ? (Math.max(0, p.value) / total) * width : 0;
    const segment = { key: p.key, x: f(x), width: f(w), value: p.value };
    x += w;
    return segment;
  });
}
