import { t, type MessageKey, locale } from '../i18n/i18n';

export interface FieldProblem {
  field: string;
  message: string;
  code?: string;
}

/** A problem+json answer (RFC 9457) the API gave, or a failure to reach it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly detail: string,
    readonly fieldErrors: FieldProblem[] = [],
  ) {
    super(detail);
  }

  /** The problem's slug: `validation`, `conflict`, `not-found`, `unavailable`, ... */
  get slug(): string {
    return this.type.split('/').pop() ?? '';
  }

  /** What to tell the person, in their language. */
  get summary(): string {
    if (this.status === 0) return t('error.offline');
    const key = `error.type.${this.slug}` as MessageKey;
    const worded = t(key);
    if (worded !== key) return worded;
    if (this.status >= 500) return t('error.server');
    // English speakers get the API's own wording, which names the exact rule.
    return locale.value === 'en' && this.detail ? this.detail : t('error.generic');
  }

  /** The message to show beside `field` (a path like `price.amount`), or undefined. */
  fieldMessage(field: string): string | undefined {
    const error = this.fieldErrors.find((e) => e.field === field || e.field.startsWith(`${field}.`) || e.field.startsWith(`${field}[`));
    if (!error) return undefined;
    if (locale.value === 'en') return error.message;
    const key = `error.field.${error.code ?? ''}` as MessageKey;
    const worded = t(key);
    return worded === key ? t('error.field.invalid') : worded;
  }
}

interface ProblemBody {
  type?: string;
  detail?: string;
  title?: string;
  errors?: FieldProblem[];
}

/** An ApiError from a problem+json body already read (openapi-fetch reads it into `error`). */
export function problemToApiError(response: Response, body: unknown): ApiError {
  if (!body || typeof body !== 'object') return new ApiError(response.status, '', response.statusText);
  const problem = body as ProblemBody;
  return new ApiError(response.status, problem.type ?? '', problem.detail ?? problem.title ?? response.statusText, problem.errors ?? []);
}

export async function toApiError(response: Response): Promise<ApiError> {
  try {
    return problemToApiError(response, await response.clone().json());
  } catch {
    return new ApiError(response.status, '', response.statusText);
  }
}
