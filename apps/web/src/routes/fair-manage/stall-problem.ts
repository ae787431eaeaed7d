import { ApiError } from '../../api/problem';
import { formatNumber } from '../../i18n/format';
import { t, type MessageKey } from '../../i18n/i18n';
import { blockingStall, leavesPlan, type PlanSize, type Rect } from './plan-geometry';

/**
 * A stall the server refused, told in the person's language: the reason drawn on the plan
 * and written beside the fields it names. Adding answers with `[0].x`-style fields (the API
 * takes an array): they are named as the form's own fields here.
 */
export class StallProblem extends ApiError {
  constructor(
    base: ApiError,
    /** Where the stall would have gone. */
    readonly rect: Rect & { code: string },
    /** The reason as a catalog message (worded when drawn, in the language of the moment), or null when the refusal is not about the plan. */
    private readonly because: { key: MessageKey; params?: Record<string, string | number> } | null,
  ) {
    super(
      base.status,
      base.type,
      base.detail,
      base.fieldErrors.flatMap((e) => {
        const field = e.field.replace(/^\[\d+\]\.?/, '');
        return field === '' ? [{ ...e, field: 'x' }, { ...e, field: 'y' }] : [{ ...e, field }];
      }),
    );
  }

  get reason(): string | null {
    return this.because ? t(this.because.key, this.because.params) : null;
  }

  override get summary(): string {
    return this.reason ?? super.summary;
  }

  override fieldMessage(field: string): string | undefined {
    const message = super.fieldMessage(field);
    return message && this.reason && ['x', 'y', 'width', 'height', 'code'].includes(field) ? this.reason : message;
  }
}

/** Why the server refused `rect`, from its answer and the plan as the screen knows it. */
export function stallProblem(
  error: ApiError,
  rect: Rect & { code: string },
  stalls: ReadonlyArray<Rect & { id: string; code: string }>,
  plan: PlanSize,
  exceptId?: string,
): StallProblem {
  let because: { key: MessageKey; params?: Record<string, string | number> } | null = null;
  if (error.slug === 'stall-overlap' || error.slug === 'stall-conflict') {
    const other = blockingStall(stalls, rect, exceptId);
    because = other ? { key: 'fairOrganizer.refused.overlap', params: { code: other.code } } : { key: 'fairOrganizer.refused.overlapAny' };
  } else if (error.slug === 'duplicate-stall-code') {
    because = { key: 'fairOrganizer.refused.duplicateCode', params: { code: rect.code } };
  } else if (error.slug === 'stall-held') {
    because = { key: 'fairOrganizer.refused.held' };
  } else if ((error.status === 400 || error.status === 422) && leavesPlan(rect, plan)) {
    because = { key: 'fairOrganizer.refused.outside', params: { width: formatNumber(plan.width), height: formatNumber(plan.height) } };
  }
  return new StallProblem(error, rect, because);
}
