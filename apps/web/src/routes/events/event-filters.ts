import { trainingFiltersFromQuery, trainingsApiQuery, type TrainingFilters } from '../trainings/training-filters';

export const EVENT_KINDS = ['exposure_visit', 'business_forum', 'training'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** The events search as it sits in the URL (`/events?kind=…&province=…`): the trainings' filters and a kind. */
export interface EventFilters extends TrainingFilters {
  kind: '' | EventKind;
}

/** Reads the filters from the URL's query, dropping what makes no sense, as the trainings search does. */
export function eventFiltersFromQuery(query: Record<string, string | undefined>): EventFilters {
  const kind = (query.kind ?? '').trim();
  return { kind: (EVENT_KINDS as readonly string[]).includes(kind) ? (kind as EventKind) : '', ...trainingFiltersFromQuery(query) };
}

/** The URL of a search: only the filters that are set. */
export function eventsUrl(filters: EventFilters): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters) as Array<[keyof EventFilters, string]>) {
    if (value) params.set(name, value);
  }
  const query = params.toString();
  return query ? `/events?${query}` : '/events';
}

/** The API's query for these filters (GET /api/v1/events). */
export function eventsApiQuery(filters: EventFilters) {
  return { kind: filters.kind || undefined, ...trainingsApiQuery(filters) };
}
