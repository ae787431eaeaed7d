/** The trainings search as it sits in the URL (`/trainings?province=…&valueChain=…`), all strings. */
export interface TrainingFilters {
  province: string;
  valueChain: string;
  /** `YYYY-MM-DD`, a day in Cambodia. */
  from: string;
  to: string;
  /** `lat,lng` from the phone's position ("near me"). */
  near: string;
  radiusKm: string;
}

export const TRAINING_RADII_KM = ['10', '25', '50', '100', '200'] as const;

export const EMPTY_TRAINING_FILTERS: TrainingFilters = { province: '', valueChain: '', from: '', to: '', near: '', radiusKm: '' };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const NEAR = /^-?\d{1,2}(\.\d+)?,-?\d{1,3}(\.\d+)?$/;
const CODE = /^[a-z_]{1,64}$/;
const PROVINCE = /^KH-\d{1,2}$/;

/** Reads the filters from the URL's query, dropping what makes no sense (a shared link can be edited). */
export function trainingFiltersFromQuery(query: Record<string, string | undefined>): TrainingFilters {
  const get = (name: string) => (query[name] ?? '').trim();
  const near = NEAR.test(get('near')) ? get('near') : '';
  const from = DAY.test(get('from')) ? get('from') : '';
  const to = DAY.test(get('to')) ? get('to') : '';
  return {
    province: PROVINCE.test(get('province')) ? get('province') : '',
    valueChain: CODE.test(get('valueChain')) ? get('valueChain') : '',
    from,
    // The API refuses an end before the start.
    to: from && to && to < from ? '' : to,
    near,
    radiusKm: near && (TRAINING_RADII_KM as readonly string[]).includes(get('radiusKm')) ? get('radiusKm') : '',
  };
}

/** The URL of a search: only the filters that are set, so links stay short and readable. */
export function trainingsUrl(filters: TrainingFilters): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters) as Array<[keyof TrainingFilters, string]>) {
    if (value) params.set(name, value);
  }
  const query = params.toString();
  return query ? `/trainings?${query}` : '/trainings';
}

/** The API's query for these filters (GET /api/v1/trainings). */
export function trainingsApiQuery(filters: TrainingFilters) {
  return {
    province: filters.province || undefined,
    valueChain: filters.valueChain || undefined,
    from: filters.from || undefined,
    to: filters.to || undefined,
    near: filters.near || undefined,
    radiusKm: filters.near && filters.radiusKm ? Number(filters.radiusKm) : undefined,
  };
}
