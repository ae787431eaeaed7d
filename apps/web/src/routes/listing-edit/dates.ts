// Cambodia keeps one offset all year (no summer time), so a day there is fixed in UTC.
const CAMBODIA_OFFSET = '+07:00';

/** A date input's `2026-03-01` as the API's offset date-time: the day's start, or its end. */
export function fromDateInput(day: string, edge: 'start' | 'end'): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  return `${day}T${edge === 'start' ? '00:00:00' : '23:59:59'}${CAMBODIA_OFFSET}`;
}

/** An API date-time as the day it falls on in Cambodia, for a date input. */
export function toDateInput(value: string | null | undefined): string {
  if (!value) return '';
  const shifted = new Date(new Date(value).getTime() + 7 * 3600_000);
  return Number.isNaN(shifted.getTime()) ? '' : shifted.toISOString().slice(0, 10);
}
