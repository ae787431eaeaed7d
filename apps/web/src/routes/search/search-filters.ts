/** The search's filters as they sit in the URL (`/listings?q=…&province=…`), all strings. */
export interface SearchFilters {
  q: string;
  product: string;
  province: string;
  grade: string;
  minPrice: string;
  maxPrice: string;
  currency: 'KHR' | 'USD';
  /** `lat,lng` from the phone's position ("near me"). */
  near: string;
  radiusKm: string;
  sort: '' | 'relevance' | 'price' | 'distance' | 'newest';
}

export const RADII_KM = ['10', '25', '50', '100', '200'] as const;
const SORTS = ['relevance', 'price', 'distance', 'newest'] as const;

const isAmount = (value: string) => /^\d+(\.\d{1,2})?$/.test(value);

export const EMPTY_FILTERS: SearchFilters = { q: '', product: '', province: '', grade: '', minPrice: '', maxPrice: '', currency: 'KHR', near: '', radiusKm: '', sort: '' };

/** Reads the filters from the URL's query, dropping what makes no sense (a shared link can be edited). */
export function filtersFromQuery(query: Record<string, string | undefined>): SearchFilters {
  const get = (name: string) => (query[name] ?? '').trim();
  const near = /^-?\d{1,2}(\.\d+)?,-?\d{1,3}(\.\d+)?$/.test(get('near')) ? get('near') : '';
  const sort = (SORTS as readonly string[]).includes(get('sort')) ? (get('sort') as SearchFilters['sort']) : '';
  return {
    q: get('q'),
    product: get('product'),
    province: get('province'),
    grade: get('grade'),
    minPrice: isAmount(get('minPrice')) ? get('minPrice') : '',
    maxPrice: isAmount(get('maxPrice')) ? get('maxPrice') : '',
    currency: get('currency') === 'USD' ? 'USD' : 'KHR',
    near,
    radiusKm: near && (RADII_KM as readonly string[]).includes(get('radiusKm')) ? get('radiusKm') : '',
    // The API refuses relevance without text and distance without a point.
    sort: (sort === 'relevance' && !get('q')) || (sort === 'distance' && !near) ? '' : sort,
  };
}

const hasPrice = (filters: SearchFilters) => Boolean(filters.minPrice || filters.maxPrice);

/** The URL of a search: only the filters that are set, so links stay short and readable. */
export function searchUrl(filters: SearchFilters): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters) as Array<[keyof SearchFilters, string]>) {
    if (!value) continue;
    if (name === 'currency' && (value === 'KHR' || !hasPrice(filters))) continue;
    params.set(name, value);
  }
  const query = params.toString();
  return query ? `/listings?${query}` : '/listings';
}

/** The API's query for these filters (GET /api/v1/listings). */
export function apiQuery(filters: SearchFilters) {
  return {
    q: filters.q || undefined,
    productCode: filters.product || undefined,
    province: filters.province || undefined,
    grade: filters.grade || undefined,
    minPrice: filters.minPrice || undefined,
    maxPrice: filters.maxPrice || undefined,
    currency: hasPrice(filters) ? filters.currency : undefined,
    near: filters.near || undefined,
    radiusKm: filters.radiusKm ? Number(filters.radiusKm) : undefined,
    sort: filters.sort || undefined,
  };
}
