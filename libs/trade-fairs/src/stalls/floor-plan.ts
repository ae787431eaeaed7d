/**
 * Floor-plan geometry, in metres with centimetre precision (what the database stores).
 * Arithmetic is done on whole centimetres so that 0.1 + 0.2 never decides a stall's fate.
 * A stall occupies the half-open rectangle [x, x + width) × [y, y + height): two stalls
 * sharing a wall do not overlap.
 */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlanSize {
  width: number;
  height: number;
}

export function centimetres(metres: number): number {
  return Math.round(metres * 100);
}

/** A finite number with at most two decimals (a value the numeric(7,2) columns keep as is). */
export function hasCentimetrePrecision(metres: number): boolean {
  return Number.isFinite(metres) && Math.abs(metres * 100 - Math.round(metres * 100)) < 1e-6;
}

/** Which side of the rectangle leaves the plan, named as the request field to fix; null when inside. */
export function outsidePlan(rect: Rect, plan: PlanSize): 'x' | 'y' | 'width' | 'height' | null {
  const [x, y, w, h, pw, ph] = [rect.x, rect.y, rect.width, rect.height, plan.width, plan.height].map(centimetres) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (x < 0 || x >= pw) return 'x';
  if (y < 0 || y >= ph) return 'y';
  if (x + w > pw) return 'width';
  if (y + h > ph) return 'height';
  return null;
}

/** Whether the interiors intersect: touching at an edge or a corner is not an overlap. */
export function overlaps(a: Rect, b: Rect): boolean {
  const [ax, ay, aw, ah] = [a.x, a.y, a.width, a.height].map(centimetres) as [number, number, number, number];
  const [bx, by, bw, bh] = [b.x, b.y, b.width, b.height].map(centimetres) as [number, number, number, number];
  return ax < bx + bw && bx < ax + aw && ay < by + bh && by < ay + ah;
}

/** The box the database indexes (fair_stalls.footprint): the stall shrunk by 1 mm on each side, in mm. */
export interface Footprint {
  lowX: number;
  lowY: number;
  highX: number;
  highY: number;
}

export function footprint(rect: Rect): Footprint {
  const mm = (metres: number) => centimetres(metres) * 10;
  return {
    lowX: mm(rect.x) + 1,
    lowY: mm(rect.y) + 1,
    highX: mm(rect.x) + mm(rect.width) - 1,
    highY: mm(rect.y) + mm(rect.height) - 1,
  };
}

/** Postgres `box && box`: closed boxes, so touching ones intersect. */
export function footprintsIntersect(a: Footprint, b: Footprint): boolean {
  return a.lowX <= b.highX && b.lowX <= a.highX && a.lowY <= b.highY && b.lowY <= a.highY;
}

/**
 * Every pair of overlapping rectangles, as index pairs [i, j] with i < j, sorted.
 * A sweep along x: only rectangles whose x-ranges meet are compared.
 */
export function findOverlaps(rects: readonly Rect[]): Array<[number, number]> {
  const order = rects.map((_, i) => i).sort((i, j) => centimetres(rects[i]!.x) - centimetres(rects[j]!.x));
  const pairs: Array<[number, number]> = [];
  let active: number[] = [];
  for (const i of order) {
    const r = rects[i]!;
    const left = centimetres(r.x);
    active = active.filter((k) => centimetres(rects[k]!.x) + centimetres(rects[k]!.width) > left);
    for (const k of active) if (overlaps(r, rects[k]!)) pairs.push(i < k ? [i, k] : [k, i]);
    active.push(i);
  }
  return pairs.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
}
