import { createHash } from 'node:crypto';

/** What the version of a check-in list is computed from: each registration as the phone gets it. */
export interface CheckInListEntry {
  id: string;
  code: string | null;
  name: string | null;
  seats: number;
  status: string;
  checkedInAt: string | null;
}

/**
 * A hash of the list's content (in id order, so the order rows come back in does not
 * matter): it changes exactly when something a phone shows at the door changes.
 */
export function listVersion(registrations: readonly CheckInListEntry[]): string {
  const sorted = [...registrations]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((r) => [r.id, r.code, r.name, r.seats, r.status, r.checkedInAt]);
  return createHash('sha256').update(JSON.stringify(sorted)).digest('base64url').slice(0, 22);
}
