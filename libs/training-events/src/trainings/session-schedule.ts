export interface TimeSpan {
  startsAt: Date;
  endsAt: Date;
}

/** Longest stop of a roving training: a few days in one village, not a course that runs for weeks. */
export const MAX_SESSION_HOURS = 7 * 24;

/**
 * The first pair of spans that overlap, as indexes (earlier index first), or null.
 * Half-open like the database's tstzrange: one stop may end at 12:00 and the next start
 * at 12:00. The exclusion constraint is the guarantee; this only names the fields.
 */
export function firstOverlap(spans: readonly TimeSpan[]): [number, number] | null {
  const order = spans.map((_, i) => i).sort((a, b) => spans[a]!.startsAt.getTime() - spans[b]!.startsAt.getTime());
  for (let k = 1; k < order.length; k++) {
    const before = order[k - 1]!;
    const after = order[k]!;
    if (spans[after]!.startsAt.getTime() < spans[before]!.endsAt.getTime()) {
      return before < after ? [before, after] : [after, before];
    }
  }
  return null;
}
