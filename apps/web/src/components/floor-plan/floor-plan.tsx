import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Schemas } from '../../api/types';
import { t } from '../../i18n/i18n';
import { initialView, panBy, reveal, scaleLimits, zoomAt, type Size, type View } from './floor-plan-geometry';
import './floor-plan.css';

export type Stall = Schemas['StallDto'];
export type Availability = Stall['availability'];
export const AVAILABILITIES: Availability[] = ['free', 'requested', 'taken'];

// Before the page is measured (and on the server): a 360 px phone less the page's padding.
const DEFAULT_VIEWPORT: Size = { width: 336, height: 320 };
// A finger moving less than this is a tap, not a drag.
const TAP_SLOP_PX = 8;

/** The three fills, each a colour and a pattern: free plain, requested striped, taken cross-hatched. */
function Patterns({ prefix, size }: { prefix: string; size: number }) {
  const n = String(size);
  return (
    <defs>
      <pattern id={`${prefix}-requested`} patternUnits="userSpaceOnUse" width={n} height={n} patternTransform="rotate(45)">
        <rect class="fill-requested" width={n} height={n} />
        <rect class="stripe-requested" width={String(size * 0.4)} height={n} />
      </pattern>
      <pattern id={`${prefix}-taken`} patternUnits="userSpaceOnUse" width={n} height={n}>
        <rect class="fill-taken" width={n} height={n} />
        <path class="stripe-taken" stroke-width={String(size * 0.18)} d={`M0 0L${n} ${n}M${n} 0L0 ${n}`} />
      </pattern>
    </defs>
  );
}

function fillOf(prefix: string, availability: Availability): string | undefined {
  return availability === 'free' ? undefined : `url(#${prefix}-${availability})`;
}

/** The legend: a swatch drawn like the stalls beside each word, so no one needs the colours. */
export function FloorPlanLegend() {
  return (
    <ul class="plan-legend">
      {AVAILABILITIES.map((a) => (
        <li key={a}>
          <svg width="28" height="28" viewBox="0 0 28 28" aria-hidden="true">
            <Patterns prefix={`legend-${a}`} size={8} />
            <rect class={`stall stall-${a}`} x="2" y="2" width="24" height="24" fill={fillOf(`legend-${a}`, a)} />
            {a === 'free' && <circle class="mark-free" cx="14" cy="14" r="4" />}
          </svg>
          {t(`fair.availability.${a}`)}
        </li>
      ))}
    </ul>
  );
}

interface FloorPlanProps {
  plan: Size;
  stalls: Stall[];
  /** A free stall tapped. */
  onChoose?: (stall: Stall) => void;
  /** The stall to show (chosen from the list): scrolled into view and outlined. */
  selectedId?: string | null;
}

interface Pointer {
  x: number;
  y: number;
}

/**
 * The plan of a fair, drawn from its stalls: zoom with the buttons or two fingers, move it
 * with one. It opens with the smallest stall at least 44 px, so a phone can tap it.
 */
export function FloorPlan({ plan, stalls, onChoose, selectedId }: FloorPlanProps) {
  const box = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState<Size>(DEFAULT_VIEWPORT);
  const limits = useMemo(() => scaleLimits(plan, viewport, stalls), [plan.width, plan.height, viewport, stalls]);
  const [view, setView] = useState<View>(() => initialView(plan, DEFAULT_VIEWPORT, stalls));
  const pointers = useRef(new Map<number, Pointer>());
  const gesture = useRef<{ moved: boolean; pinch: number | null }>({ moved: false, pinch: null });

  useEffect(() => {
    const element = box.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    // The observer's first call comes once the page is laid out (reading the width here
    // would lay it out again at the takeover), and again whenever the width changes.
    let width = viewport.width;
    const observer = new ResizeObserver(() => {
      const measured = Math.round(element.clientWidth);
      if (measured > 0 && measured !== width) {
        width = measured;
        const next = { width, height: DEFAULT_VIEWPORT.height };
        setViewport(next);
        setView(initialView(plan, next, stalls));
      }
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const stall = stalls.find((s) => s.id === selectedId);
    if (stall) setView((v) => reveal(v, stall, plan, viewport, limits));
  }, [selectedId]);

  const local = (e: PointerEvent): Pointer => {
    const r = box.current!.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };
  const spread = () => {
    const [a, b] = [...pointers.current.values()];
    return a && b ? { d: Math.hypot(a.x - b.x, a.y - b.y), mid: { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 } } : null;
  };

  const onPointerDown = (e: PointerEvent) => {
    pointers.current.set(e.pointerId, local(e));
    if (pointers.current.size === 1) gesture.current = { moved: false, pinch: null };
    if (pointers.current.size === 2) gesture.current.pinch = spread()!.d;
  };
  const onPointerMove = (e: PointerEvent) => {
    const before = pointers.current.get(e.pointerId);
    if (!before) return;
    const now = local(e);
    if (pointers.current.size === 1) {
      const dx = now.x - before.x;
      const dy = now.y - before.y;
      if (!gesture.current.moved && Math.hypot(dx, dy) < TAP_SLOP_PX) return;
      if (!gesture.current.moved) {
        // Keeps the drag when the finger leaves the plan; some pointers cannot be captured.
        try {
          (e.currentTarget as Element).setPointerCapture(e.pointerId);
        } catch {
          // The drag goes on without it.
        }
      }
      gesture.current.moved = true;
      pointers.current.set(e.pointerId, now);
      setView((v) => panBy(v, dx, dy, plan, viewport, limits));
      return;
    }
    pointers.current.set(e.pointerId, now);
    const s = spread();
    if (s && gesture.current.pinch) {
      gesture.current.moved = true;
      const factor = s.d / gesture.current.pinch;
      gesture.current.pinch = s.d;
      setView((v) => zoomAt(v, factor, s.mid, plan, viewport, limits));
    }
  };
  const onPointerEnd = (e: PointerEvent) => {
    pointers.current.delete(e.pointerId);
    if (pointers.current.size < 2) gesture.current.pinch = null;
  };
  const onClick = (e: MouseEvent) => {
    if (gesture.current.moved) return;
    const id = (e.target as Element).closest?.('[data-stall]')?.getAttribute('data-stall');
    const stall = stalls.find((s) => s.id === id);
    if (stall && stall.availability === 'free') onChoose?.(stall);
  };
  const zoom = (factor: number) => setView((v) => zoomAt(v, factor, { x: viewport.width / 2, y: viewport.height / 2 }, plan, viewport, limits));

  const counts = AVAILABILITIES.map((a) => t(`fair.plan.count.${a}`, { n: stalls.filter((s) => s.availability === a).length })).join(', ');
  return (
    <div class="floor-plan">
      <div class="plan-tools" role="group" aria-label={t('fair.plan.tools')}>
        <button type="button" class="secondary zoom" aria-label={t('fair.plan.zoomIn')} onClick={() => zoom(1.5)} disabled={view.scale >= limits.max - 1e-9}>
          +
        </button>
        <button type="button" class="secondary zoom" aria-label={t('fair.plan.zoomOut')} onClick={() => zoom(1 / 1.5)} disabled={view.scale <= limits.min + 1e-9}>
          −
        </button>
        <button type="button" class="secondary" onClick={() => setView(initialView(plan, viewport, stalls))}>
          {t('fair.plan.reset')}
        </button>
      </div>
      <div
        ref={box}
        class="plan-box"
        style={{ height: `${viewport.height}px` }}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerEnd}
        onPointerCancel={onPointerEnd}
        onClick={onClick}
      >
        <svg class="plan-svg" width={viewport.width} height={viewport.height} viewBox={`0 0 ${viewport.width} ${viewport.height}`} role="img" aria-label={t('fair.plan.label', { counts })}>
          <Patterns prefix="plan" size={0.6} />
          <g transform={`translate(${view.x} ${view.y}) scale(${view.scale})`}>
            <rect class="plan-ground" width={plan.width} height={plan.height} />
            {stalls.map((s) => (
              <g key={s.id} data-stall={s.id} data-code={s.code} data-availability={s.availability} class={s.id === selectedId ? 'selected' : undefined}>
                <rect class={`stall stall-${s.availability}`} x={s.x} y={s.y} width={s.width} height={s.height} fill={fillOf('plan', s.availability)} />
                {s.availability === 'free' && <circle class="mark-free" cx={s.x + s.width / 2} cy={s.y + s.height * 0.72} r={Math.min(s.width, s.height) * 0.1} />}
                <text class="stall-code" x={s.x + s.width / 2} y={s.y + s.height * 0.45} font-size={Math.min(s.width / 3.2, s.height / 2.6)}>
                  {s.code}
                </text>
              </g>
            ))}
          </g>
        </svg>
      </div>
      <FloorPlanLegend />
    </div>
  );
}
