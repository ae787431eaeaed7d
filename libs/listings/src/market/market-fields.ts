export const GRADE = /^[A-Z]{1,3}$/;

/** Years a listing or demand may reach into the future; further is a typo. */
export const MAX_YEARS_AHEAD = 5;

export function isTooFarAhead(date: Date, now = new Date()): boolean {
  const limit = new Date(now);
  limit.setFullYear(limit.getFullYear() + MAX_YEARS_AHEAD);
  return date > limit;
}
