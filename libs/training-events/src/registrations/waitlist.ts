/**
 * Who gets the seats that are free, in what order. Pure: the registrations service runs it
 * under the session's row lock and writes its answer.
 *
 * `strict_order` (the default): the waitlist is served strictly from its head. When the
 * head needs more seats than are free (a group of 3 with 2 seats free), nobody behind it
 * is promoted: the group keeps its place and the seats wait for more to free up. Nobody
 * is ever overtaken.
 *
 * `fill_free_seats` (a supplier's choice per training): the waitlist is walked in order
 * and everyone who fits in the seats still free is promoted; a group that does not fit
 * keeps its place at the head for the next seats freed.
 *
 * Meeting points (an exposure visit's buses) are lines of their own: an entry needs a seat
 * in the session and one at its meeting point. Under `strict_order` an entry whose meeting
 * point is full holds back only those behind it at the same meeting point; one held back
 * by the session's seats holds back everyone, as without meeting points.
 */
export const WAITLIST_RULES = ['strict_order', 'fill_free_seats'] as const;
export type WaitlistRule = (typeof WAITLIST_RULES)[number];

export interface Queued {
  id: string;
  seats: number;
  /** The meeting point whose transport seats it also needs, if any. */
  meetingPointId?: string | null;
}

export interface Promotion<T extends Queued> {
  /** Promoted to confirmed, in waitlist order. */
  promoted: T[];
  /** Still waiting, in order: position i + 1 for the entry at index i. */
  waiting: T[];
  /** Seats free after the promotions. */
  seatsLeft: number;
}

/** `meetingPointSeats`: the seats still free at each meeting point the queue names. */
export function promote<T extends Queued>(
  freeSeats: number,
  queue: readonly T[],
  rule: WaitlistRule,
  meetingPointSeats: ReadonlyMap<string, number> = new Map(),
): Promotion<T> {
  let seatsLeft = Math.max(0, freeSeats);
  const pointLeft = new Map([...meetingPointSeats].map(([id, n]) => [id, Math.max(0, n)]));
  const promoted: T[] = [];
  const waiting: T[] = [];
  let blocked = false;
  const blockedPoints = new Set<string>();
  for (const entry of queue) {
    const point = entry.meetingPointId ?? null;
    const fitsSession = entry.seats <= seatsLeft;
    const fitsPoint = point === null || entry.seats <= (pointLeft.get(point) ?? 0);
    if (!blocked && !(point !== null && blockedPoints.has(point)) && fitsSession && fitsPoint) {
      promoted.push(entry);
      seatsLeft -= entry.seats;
      if (point !== null) pointLeft.set(point, pointLeft.get(point)! - entry.seats);
      continue;
    }
    waiting.push(entry);
    if (rule === 'strict_order') {
      if (!fitsSession || blocked) blocked = true;
      else if (point !== null) blockedPoints.add(point);
    }
  }
  return { promoted, waiting, seatsLeft };
}
