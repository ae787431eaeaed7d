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
 */
export const WAITLIST_RULES = ['strict_order', 'fill_free_seats'] as const;
export type WaitlistRule = (typeof WAITLIST_RULES)[number];

export interface Queued {
  id: string;
  seats: number;
}

export interface Promotion<T extends Queued> {
  /** Promoted to confirmed, in waitlist order. */
  promoted: T[];
  /** Still waiting, in order: position i + 1 for the entry at index i. */
  waiting: T[];
  /** Seats free after the promotions. */
  seatsLeft: number;
}

export function promote<T extends Queued>(freeSeats: number, queue: readonly T[], rule: WaitlistRule): Promotion<T> {
  let seatsLeft = Math.max(0, freeSeats);
  const promoted: T[] = [];
  const waiting: T[] = [];
  let blocked = false;
  for (const entry of queue) {
    if (!blocked && entry.seats <= seatsLeft) {
      promoted.push(entry);
      seatsLeft -= entry.seats;
      continue;
    }
    waiting.push(entry);
    if (rule === 'strict_order') blocked = true;
  }
  return { promoted, waiting, seatsLeft };
}
