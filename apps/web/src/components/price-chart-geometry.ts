/** One week of a price series, amounts as numbers in one currency. */
export interface WeekPrice {
  weekStart: string;
  median: number;
  p25: number;
  p75: number;
}

export interface Box {
  width: number;
  height: number;
  /** Room for the axis labels: left for prices, bottom for weeks. */
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export interface ChartGeometry {
  /** The p25–p75 band as one closed path (p75 left to right, then p25 back). */
  band: string;
  /** The median as a polyline path. */
  median: string;
  points: Array<{ x: number; y: number; week: WeekPrice }>;
  yTicks: Array<{ y: number; value: number }>;
  /** Where the first and last week sit (their labels are drawn there). */
  xTicks: Array<{ x: number; weekStart: string }>;
}

/** Round tick values (1, 2 or 5 × 10^n apart) covering min..max, about `count` of them. */
export function niceTicks(min: number, max: number, count = 4): number[] {
  if (!(max > min)) {
    // One value (or none): a range around it, so the line sits mid-chart.
    const pad = Math.abs(min) > 0 ? Math.abs(min) * 0.1 : 1;
    return niceTicks(min - pad, max + pad, count);
  }
  const rough = (max - min) / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough)!;
  const first = Math.floor(min / step) * step;
  const ticks: number[] = [];
  // The epsilon keeps float error (0.1 + 0.2) from dropping the last tick.
  for (let v = first; v <= max + step * 1e-9 || ticks.length < 2; v += step) ticks.push(Number(v.toPrecision(12)));
  if (ticks[ticks.length - 1]! < max) ticks.push(Number((ticks[ticks.length - 1]! + step).toPrecision(12)));
  return ticks;
}

const f = (n: number) => Number(n.toFixed(1));

/**
 * Scales and paths of a weekly chart: weeks evenly spaced left to right (oldest first, as the
 * API gives them), prices bottom to top from the lowest to the highest tick. A single week
 * sits in the middle with a band wide enough to see.
 */
export function chartGeometry(weeks: WeekPrice[], box: Box): ChartGeometry {
  const plotLeft = box.left;
  const plotRight = box.width - box.right;
  const plotTop = box.top;
  const plotBottom = box.height - box.bottom;
  if (weeks.length === 0) return { band: '', median: '', points: [], yTicks: [], xTicks: [] };

  const low = Math.min(...weeks.map((w) => Math.min(w.p25, w.median)));
  const high = Math.max(...weeks.map((w) => Math.max(w.p75, w.median)));
  const ticks = niceTicks(low, high);
  const bottomValue = ticks[0]!;
  const topValue = ticks[ticks.length - 1]!;
  const y = (value: number) => plotBottom - ((value - bottomValue) / (topValue - bottomValue)) * (plotBottom - plotTop);
  const x = (index: number) => (weeks.length === 1 ? (plotLeft + plotRight) / 2 : plotLeft + (index / (weeks.length - 1)) * (plotRight - plotLeft));

  const points = weeks.map((week, i) => ({ x: f(x(i)), y: f(y(week.median)), week }));
  let band: string;
  let median: string;
  if (weeks.length === 1) {
    const half = 12;
    const cx = points[0]!.x;
    const top = f(y(weeks[0]!.p75));
    const bottom = f(y(weeks[0]!.p25));
    band = `M${f(cx - half)},${top}H${f(cx + half)}V${bottom}H${f(cx - half)}Z`;
    median = `M${f(cx - half)},${points[0]!.y}H${f(cx + half)}`;
  } else {
    const upper = weeks.map((w, i) => `${f(x(i))},${f(y(w.p75))}`);
    const lower = weeks.map((w, i) => `${f(x(i))},${f(y(w.p25))}`).reverse();
    band = `M${upper.join('L')}L${lower.join('L')}Z`;
    median = `M${points.map((p) => `${p.x},${p.y}`).join('L')}`;
  }
  const xTicks = [{ x: points[0]!.x, weekStart: weeks[0]!.weekStart }];
  if (weeks.length > 1) xTicks.push({ x: points[points.length - 1]!.x, weekStart: weeks[weeks.length - 1]!.weekStart });
  return { band, median, points, yTicks: ticks.map((value) => ({ y: f(y(value)), value })), xTicks };
}
