/**
 * The floor plan viewer's geometry, pure: a view maps plan metres to screen pixels as
 * `screen = metres × scale + offset`. The plan is kept covering the viewport on an axis
 * where it is larger than it, and centred on an axis where it is smaller.
 */

export interface Size {
  width: number;
  height: number;
}

export interface Rect extends Size {
  x: number;
  y: number;
}

export interface View {
  /** Pixels per metre. */
  scale: number;
  /** Pixels from the viewport's left to the plan's left (≤ 0 once the plan is wider). */
  x: number;
  y: number;
}

/** The smallest thing a finger is sure to hit, in CSS pixels. */
export const TARGET_PX = 44;
/** How far in one can zoom beyond the touch size: a stall four times the target. */
const MAX_ZOOM_OVER_TARGET = 4;

export interface ScaleLimits {
  min: number;
  max: number;
}

/** Zooming out stops with the whole plan in view; in, with the smallest stall at 4 × 44 px. */
export function scaleLimits(plan: Size, viewport: Size, stalls: readonly Size[]): ScaleLimits {
  const fit = Math.min(viewport.width / plan.width, viewport.height / plan.height);
  const smallest = stalls.length ? Math.min(...stalls.map((s) => Math.min(s.width, s.height))) : Math.min(plan.width, plan.height);
  const max = Math.max(fit, (TARGET_PX * MAX_ZOOM_OVER_TARGET) / smallest);
  return { min: fit, max };
}

function clampAxis(offset: number, planPx: number, viewportPx: number): number {
  if (planPx <= viewportPx) return (viewportPx - planPx) / 2;
  return Math.min(0, Math.max(viewportPx - planPx, offset));
}

/** The view with its scale within the limits and the plan kept in the viewport. */
export function clampView(view: View, plan: Size, viewport: Size, limits: ScaleLimits): View {
  const scale = Math.min(limits.max, Math.max(limits.min, view.scale));
  return {
    scale,
    x: clampAxis(view.x, plan.width * scale, viewport.width),
    y: clampAxis(view.y, plan.height * scale, viewport.height),
  };
}

/**
 * The view a phone opens with: every stall at least 44 px on its shorter side (or the whole
 * plan, if that is larger still), starting at the top left of the stalls.
 */
export function initialView(plan: Size, viewport: Size, stalls: readonly Rect[]): View {
  const limits = scaleLimits(plan, viewport, stalls);
  const smallest = stalls.length ? Math.min(...stalls.map((s) => Math.min(s.width, s.height))) : plan.width;
  const scale = Math.max(limits.min, TARGET_PX / smallest);
  const left = stalls.length ? Math.min(...stalls.map((s) => s.x)) : 0;
  const top = stalls.length ? Math.min(...stalls.map((s) => s.y)) : 0;
  // A little of the plan's edge shows, so one sees there is more beside.
  const margin = TARGET_PX / 4;
  return clampView({ scale, x: margin - left * scale, y: margin - top * scale }, plan, viewport, limits);
}

/** Zooms by `factor` keeping the plan point under `at` (viewport pixels) where it is. */
export function zoomAt(view: View, factor: number, at: { x: number; y: number }, plan: Size, viewport: Size, limits: ScaleLimits): View {
  const scale = Math.min(limits.max, Math.max(limits.min, view.scale * factor));
  const planX = (at.x - view.x) / view.scale;
  const planY = (at.y - view.y) / view.scale;
  return clampView({ scale, x: at.x - planX * scale, y: at.y - planY * scale }, plan, viewport, limits);
}

/** Moves the plan with the finger by (dx, dy) pixels. */
export function panBy(view: View, dx: number, dy: number, plan: Size, viewport: Size, limits: ScaleLimits): View {
  return clampView({ scale: view.scale, x: view.x + dx, y: view.y + dy }, plan, viewport, limits);
}

/** Where a plan rectangle lands on screen, in viewport pixels. */
export function toScreen(view: View, rect: Rect): Rect {
  return { x: rect.x * view.scale + view.x, y: rect.y * view.scale + view.y, width: rect.width * view.scale, height: rect.height * view.scale };
}

/** The view that brings `rect` fully into the viewport at the present scale (a stall chosen from the list). */
export function reveal(view: View, rect: Rect, plan: Size, viewport: Size, limits: ScaleLimits): View {
  const r = toScreen(view, rect);
  let { x, y } = view;
  if (r.x < 0) x -= r.x - TARGET_PX / 4;
  else if (r.x + r.width > viewport.width) x -= r.x + r.width - viewport.width + TARGET_PX / 4;
  if (r.y < 0) y -= r.y - TARGET_PX / 4;
  else if (r.y + r.height > viewport.height) y -= r.y + r.height - viewport.height + TARGET_PX / 4;
  return clampView({ scale: view.scale, x, y }, plan, viewport, limits);
}
