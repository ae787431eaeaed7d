/**
 * The organizer's plan editor, drawn in plan units: one grid cell is one metre, the unit
 * the API keeps stalls in. Pure geometry for the drawing and for naming what is in the way;
 * the server decides whether a stall fits (these only explain its answer on the plan).
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

export interface ViewBox {
  minX: number;
  minY: number;
  width: number;
  height: number;
}

const cm = (metres: number) => Math.round(metres * 100);

/** The drawn area: the plan with a margin, widened to show a refused stall that leaves it. */
export function planViewBox(plan: PlanSize, refused?: Rect | null, margin = 0.5): ViewBox {
  let minX = -margin;
  let minY = -margin;
  let maxX = plan.width + margin;
  let maxY = plan.height + margin;
  if (refused) {
    // A stall far outside would shrink the plan to nothing: at most one plan size beyond it.
    minX = Math.max(Math.min(minX, refused.x - margin), -plan.width);
    minY = Math.max(Math.min(minY, refused.y - margin), -plan.height);
    maxX = Math.min(Math.max(maxX, refused.x + refused.width + margin), plan.width * 2);
    maxY = Math.min(Math.max(maxY, refused.y + refused.height + margin), plan.height * 2);
  }
  return { minX, minY, width: maxX - minX, height: maxY - minY };
}

/** Where the grid lines go: every metre on small plans, every 5 m on large ones. */
export function gridLines(plan: PlanSize): { step: number; xs: number[]; ys: number[] } {
  const step = Math.max(plan.width, plan.height) > 40 ? 5 : 1;
  const along = (length: number) => Array.from({ length: Math.floor(length / step) + 1 }, (_, i) => i * step).filter((v) => v <= length);
  return { step, xs: along(plan.width), ys: along(plan.height) };
}

/** The cell under a point given in plan units, or null outside the plan. */
export function cellAt(plan: PlanSize, point: { x: number; y: number }): { x: number; y: number } | null {
  if (point.x < 0 || point.y < 0 || point.x >= plan.width || point.y >= plan.height) return null;
  return { x: Math.floor(point.x), y: Math.floor(point.y) };
}

/** Whether the interiors meet: stalls sharing a wall do not overlap (as on the server). */
export function overlaps(a: Rect, b: Rect): boolean {
  return cm(a.x) < cm(b.x) + cm(b.width) && cm(b.x) < cm(a.x) + cm(a.width) && cm(a.y) < cm(b.y) + cm(b.height) && cm(b.y) < cm(a.y) + cm(a.height);
}

/** The first stall (by code order given) that `rect` would overlap, leaving out `exceptId`. */
export function blockingStall<S extends Rect & { id: string }>(stalls: readonly S[], rect: Rect, exceptId?: string): S | undefined {
  return stalls.find((s) => s.id !== exceptId && overlaps(s, rect));
}

/** Whether the rectangle leaves the plan on any side. */
export function leavesPlan(rect: Rect, plan: PlanSize): boolean {
  return cm(rect.x) < 0 || cm(rect.y) < 0 || cm(rect.x) + cm(rect.width) > cm(plan.width) || cm(rect.y) + cm(rect.height) > cm(plan.height);
}

/** The stall moved by whole cells, or resized by them (never below one cell). */
export function nudge(rect: Rect, change: { dx?: number; dy?: number; dw?: number; dh?: number }): Rect {
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    x: round(rect.x + (change.dx ?? 0)),
    y: round(rect.y + (change.dy ?? 0)),
    width: round(Math.max(1, rect.width + (change.dw ?? 0))),
    height: round(Math.max(1, rect.height + (change.dh ?? 0))),
  };
}

/** Where a refused stall's reason is written: under it when there is room, else above it. */
export function labelPosition(rect: Rect, view: ViewBox): { x: number; y: number } {
  const below = rect.y + rect.height + 1;
  const y = below <= view.minY + view.height - 0.2 ? below : Math.max(view.minY + 1, rect.y - 0.3);
  const x = Math.min(Math.max(rect.x, view.minX + 0.2), view.minX + view.width - 0.2);
  return { x, y };
}
