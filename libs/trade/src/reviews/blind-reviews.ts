/**
 * Blind reviews (Sharetribe's default process): a review stays hidden from the other side and
 * the public until both sides have reviewed or this many days have passed since the deal
 * completed, so neither side can answer the other's review.
 */
export const BLIND_REVIEW_DAYS = 14;

/**
 * SQL: true when review `r` of deal `d` may be shown to anyone. revealed_at is set on both
 * reviews when the second side reviews; the date half needs no job to be exact.
 */
export function reviewVisibleSql(r = 'r', d = 'd'): string {
  return `(${r}.revealed_at IS NOT NULL OR ${d}.completed_at <= now() - make_interval(days => ${BLIND_REVIEW_DAYS}))`;
}
