import { useState } from 'preact/hooks';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/problem';
import type { Money, Schemas } from '../../api/types';
import { Field } from '../../components/field';
import { MoneyInput } from '../../components/money';
import { formatMoney, formatNumber } from '../../i18n/format';
import { t, type MessageKey } from '../../i18n/i18n';
import { cellAt, gridLines, labelPosition, nudge, planViewBox, type Rect } from './plan-geometry';
import { StallProblem, stallProblem } from './stall-problem';

export type Fair = Schemas['TradeFairDetailDto'];
type Stall = Schemas['StallDto'];
type StallType = Stall['type'];

const STALL_TYPES: StallType[] = ['standard', 'corner', 'food', 'livestock'];

const asError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0, 'offline', ''));

/**
 * The floor plan as a grid of one-metre cells: stalls drawn at their place, a tap on an empty
 * cell puts the new stall there, a tap on a stall (or its button below) selects it to move,
 * resize or remove. A stall the server refused is drawn where it would have gone, hatched,
 * with the reason beside it.
 */
export function PlanEditor({ fair, onChanged }: { fair: Fair; onChanged: () => void }) {
  const plan = fair.floorPlan;
  const editable = fair.status === 'draft' || fair.status === 'open' || fair.status === 'closed';
  const [selectedId, choose] = useState<string | null>(null);
  const [problem, setProblem] = useState<StallProblem | null>(null);
  // A refusal belongs to the stall it was about: choosing another one clears it.
  const setSelectedId = (id: string | null) => {
    setProblem(null);
    choose(id);
  };
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const selected = fair.stalls.find((s) => s.id === selectedId) ?? null;
  const [prefill, setPrefill] = useState<{ x: number; y: number; n: number } | null>(null);
  // The next stall is likely priced and typed like the last one.
  const [last, setLast] = useState<{ price: Money; type: StallType }>({ price: { amount: '', currency: 'USD' }, type: 'standard' });

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setProblem(null);
    try {
      await action();
    } finally {
      setBusy(false);
    }
  };

  const addStall = (stall: StallFields) =>
    run(async () => {
      try {
        await ok(api.POST('/api/v1/trade-fairs/{id}/stalls', { params: { path: { id: fair.id } }, body: [stall] }));
        setLast({ price: stall.price, type: stall.type });
        setPrefill(null);
        onChanged();
      } catch (e) {
        setProblem(stallProblem(asError(e), stall, fair.stalls, plan));
        throw e;
      }
    });

  const moveStall = (stall: Stall, rect: Rect) =>
    run(async () => {
      try {
        await ok(api.PATCH('/api/v1/trade-fairs/{id}/stalls/{stallId}', { params: { path: { id: fair.id, stallId: stall.id } }, body: rect }));
        onChanged();
      } catch (e) {
        setProblem(stallProblem(asError(e), { ...rect, code: stall.code }, fair.stalls, plan, stall.id));
      }
    });

  const removeStall = (stall: Stall) =>
    run(async () => {
      try {
        await ok(api.DELETE('/api/v1/trade-fairs/{id}/stalls/{stallId}', { params: { path: { id: fair.id, stallId: stall.id } } }));
        setSelectedId(null);
        onChanged();
      } catch (e) {
        setError(asError(e));
      }
    });

  const onPlanClick = (event: MouseEvent) => {
    const svg = event.currentTarget as SVGSVGElement;
    const stallId = (event.target as Element).closest('[data-stall-id]')?.getAttribute('data-stall-id');
    if (stallId) {
      setSelectedId(stallId === selectedId ? null : stallId);
      return;
    }
    const matrix = svg.getScreenCTM();
    if (!matrix) return;
    const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
    const cell = cellAt(plan, point);
    if (!cell || !editable) return;
    setSelectedId(null);
    setPrefill((p) => ({ ...cell, n: (p?.n ?? 0) + 1 }));
  };

  return (
    <section class="plan-editor" aria-labelledby="plan-heading">
      <h2 id="plan-heading">{t('fairOrganizer.plan')}</h2>
      <p class="hint">{t('fairOrganizer.planHint', { width: formatNumber(plan.width), height: formatNumber(plan.height) })}</p>
      <PlanDrawing fair={fair} selectedId={selectedId} problem={problem} onClick={onPlanClick} />
      {fair.stalls.length > 0 && (
        <div class="stall-picker" role="group" aria-label={t('fairOrganizer.chooseStall')}>
          {fair.stalls.map((s) => (
            <button key={s.id} type="button" class={`secondary stall-chip availability-${s.availability}`} aria-pressed={s.id === selectedId} onClick={() => setSelectedId(s.id === selectedId ? null : s.id)}>
              {s.code}
            </button>
          ))}
        </div>
      )}
      {error && (
        <p class="form-error" role="alert">
          {error.summary}
        </p>
      )}
      {selected && editable ? (
        <StallMover key={`${selected.id}-${selected.x}-${selected.y}-${selected.width}-${selected.height}`} stall={selected} busy={busy} problem={problem} onMove={(r) => void moveStall(selected, r)} onRemove={() => void removeStall(selected)} onClose={() => setSelectedId(null)} />
      ) : (
        editable && <StallForm key={`${prefill?.n ?? 0}-${fair.stalls.length}`} prefill={prefill} last={last} count={fair.stalls.length} busy={busy} problem={problem} onSubmit={(s) => void addStall(s).catch(() => undefined)} />
      )}
    </section>
  );
}

function PlanDrawing({ fair, selectedId, problem, onClick }: { fair: Fair; selectedId: string | null; problem: StallProblem | null; onClick: (e: MouseEvent) => void }) {
  const plan = fair.floorPlan;
  const refused = problem?.reason ? problem.rect : null;
  const view = planViewBox(plan, refused);
  const grid = gridLines(plan);
  const label = refused ? labelPosition(refused, view) : null;
  const font = Math.max(0.6, Math.min(1, plan.width / 24));
  const counts = fair.stallCounts;
  return (
    <svg
      class="fair-plan"
      viewBox={`${view.minX} ${view.minY} ${view.width} ${view.height}`}
      role="img"
      aria-labelledby="fair-plan-title"
      aria-describedby="fair-plan-desc"
      onClick={onClick}
      style={{ fontSize: `${font}px` }}
    >
      <title id="fair-plan-title">{t('fairOrganizer.planTitle', { name: fair.name })}</title>
      <desc id="fair-plan-desc">
        {[
          t('fairOrganizer.planDescription', { width: formatNumber(plan.width), height: formatNumber(plan.height), total: formatNumber(counts.total), free: formatNumber(counts.free) }),
          problem?.reason ? t('fairOrganizer.refusedOnPlan', { code: problem.rect.code || '?', reason: problem.reason }) : '',
        ]
          .filter(Boolean)
          .join(' ')}
      </desc>
      <defs>
        <pattern id="refused-hatch" width="0.6" height="0.6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <line class="hatch" x1="0" y1="0" x2="0" y2="0.6" />
        </pattern>
      </defs>
      <rect class="plan-ground" x="0" y="0" width={plan.width} height={plan.height} />
      {grid.xs.map((x) => (
        <line key={`x${x}`} class="grid" x1={x} x2={x} y1="0" y2={plan.height} />
      ))}
      {grid.ys.map((y) => (
        <line key={`y${y}`} class="grid" x1="0" x2={plan.width} y1={y} y2={y} />
      ))}
      {fair.stalls.map((s) => (
        <g key={s.id} class={`stall availability-${s.availability}${s.id === selectedId ? ' selected' : ''}`} data-stall-id={s.id} data-code={s.code}>
          <rect x={s.x + 0.05} y={s.y + 0.05} width={Math.max(0.1, s.width - 0.1)} height={Math.max(0.1, s.height - 0.1)} />
          <text x={s.x + s.width / 2} y={s.y + s.height / 2} text-anchor="middle" dominant-baseline="central">
            {s.code}
          </text>
        </g>
      ))}
      {refused && label && (
        <g class="refused" data-refused={problem?.rect.code}>
          <rect x={refused.x} y={refused.y} width={refused.width} height={refused.height} />
          <text class="refused-reason" x={label.x} y={label.y}>
            {problem?.reason}
          </text>
        </g>
      )}
    </svg>
  );
}

export interface StallFields {
  code: string;
  type: StallType;
  x: number;
  y: number;
  width: number;
  height: number;
  price: Money;
}

const num = (value: string) => (value.trim() === '' ? Number.NaN : Number(value.replace(',', '.')));

function StallForm({ prefill, last, count, busy, problem, onSubmit }: { prefill: { x: number; y: number } | null; last: { price: Money; type: StallType }; count: number; busy: boolean; problem: StallProblem | null; onSubmit: (s: StallFields) => void }) {
  const [price, setPrice] = useState<Money>(last.price);
  const [type, setType] = useState<StallType>(last.type);
  const submit = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    onSubmit({ code: text('code'), type, x: num(text('x')), y: num(text('y')), width: num(text('width')), height: num(text('height')), price });
  };
  const error = problem;
  return (
    <form class="stall-form" onSubmit={submit} noValidate aria-labelledby="stall-form-heading">
      <h3 id="stall-form-heading">{t('fairOrganizer.addStall')}</h3>
      {prefill && (
        <p class="hint" role="status">
          {t('fairOrganizer.prefilled', { x: formatNumber(prefill.x), y: formatNumber(prefill.y) })}
        </p>
      )}
      {problem && (
        <p class="form-error" role="alert">
          {problem.summary}
        </p>
      )}
      <div class="row wrap pairs">
        <Field id="stall-code" name="code" label={t('fairOrganizer.stallCode')} error={error}>
          {(props) => <input {...props} defaultValue={`S-${String(count + 1).padStart(2, '0')}`} maxLength={20} autocapitalize="characters" required />}
        </Field>
        <Field id="stall-type" name="type" label={t('fairOrganizer.stallType')} error={error}>
          {(props) => (
            <select {...props} value={type} onChange={(e) => setType((e.currentTarget as HTMLSelectElement).value as StallType)}>
              {STALL_TYPES.map((k) => (
                <option key={k} value={k}>
                  {t(`fairOrganizer.stallType.${k}` as MessageKey)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="stall-x" name="x" label={t('fairOrganizer.x')} error={error}>
          {(props) => <input {...props} inputMode="decimal" defaultValue={String(prefill?.x ?? 0)} required />}
        </Field>
        <Field id="stall-y" name="y" label={t('fairOrganizer.y')} error={error}>
          {(props) => <input {...props} inputMode="decimal" defaultValue={String(prefill?.y ?? 0)} required />}
        </Field>
        <Field id="stall-width" name="width" label={t('fairOrganizer.width')} error={error}>
          {(props) => <input {...props} inputMode="decimal" defaultValue="3" required />}
        </Field>
        <Field id="stall-height" name="height" label={t('fairOrganizer.height')} error={error}>
          {(props) => <input {...props} inputMode="decimal" defaultValue="3" required />}
        </Field>
      </div>
      <Field id="stall-price" name="price" label={t('fairOrganizer.price')} error={error}>
        {(props) => <MoneyInput {...props} value={price} onChange={setPrice} />}
      </Field>
      <button type="submit" disabled={busy}>
        {t('fairOrganizer.addStallButton')}
      </button>
    </form>
  );
}

function StallMover({ stall, busy, problem, onMove, onRemove, onClose }: { stall: Stall; busy: boolean; problem: StallProblem | null; onMove: (r: Rect) => void; onRemove: () => void; onClose: () => void }) {
  const held = stall.availability !== 'free';
  const rect = { x: stall.x, y: stall.y, width: stall.width, height: stall.height };
  const step = (change: Parameters<typeof nudge>[1]) => onMove(nudge(rect, change));
  const submit = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? '');
    onMove({ x: num(text('x')), y: num(text('y')), width: num(text('width')), height: num(text('height')) });
  };
  const moves: Array<[MessageKey, Parameters<typeof nudge>[1]]> = [
    ['fairOrganizer.moveLeft', { dx: -1 }],
    ['fairOrganizer.moveRight', { dx: 1 }],
    ['fairOrganizer.moveUp', { dy: -1 }],
    ['fairOrganizer.moveDown', { dy: 1 }],
    ['fairOrganizer.narrower', { dw: -1 }],
    ['fairOrganizer.wider', { dw: 1 }],
    ['fairOrganizer.shorter', { dh: -1 }],
    ['fairOrganizer.taller', { dh: 1 }],
  ];
  return (
    <form class="stall-mover" onSubmit={submit} noValidate aria-labelledby="stall-mover-heading">
      <h3 id="stall-mover-heading">{t('fairOrganizer.selectedStall', { code: stall.code })}</h3>
      <p>
        {t(`fairOrganizer.stallType.${stall.type}` as MessageKey)}, {formatMoney(stall.price)}, {t(`fairOrganizer.availability.${stall.availability}` as MessageKey)}
      </p>
      {held && <p class="muted">{t('fairOrganizer.heldNote')}</p>}
      {problem && (
        <p class="form-error" role="alert">
          {problem.summary}
        </p>
      )}
      <div class="nudges" role="group" aria-label={t('fairOrganizer.moveOrResize')}>
        {moves.map(([key, change]) => (
          <button key={key} type="button" class="secondary" disabled={busy || held} onClick={() => step(change)}>
            {t(key)}
          </button>
        ))}
      </div>
      <div class="row wrap pairs">
        {(['x', 'y', 'width', 'height'] as const).map((name) => (
          <Field key={name} id={`move-${name}`} name={name} label={t(`fairOrganizer.${name}` as MessageKey)} error={problem}>
            {(props) => <input {...props} inputMode="decimal" defaultValue={String(stall[name])} disabled={held} />}
          </Field>
        ))}
      </div>
      <div class="row wrap">
        <button type="submit" disabled={busy || held}>
          {t('fairOrganizer.applyMove')}
        </button>
        <button type="button" class="danger" disabled={busy || held} onClick={onRemove}>
          {t('fairOrganizer.removeStall')}
        </button>
        <button type="button" class="secondary" onClick={onClose}>
          {t('fairOrganizer.doneEditing')}
        </button>
      </div>
    </form>
  );
}
