import { FOLDED_DIGEST_KEY } from './notification-draft';

/** The new items of one (user, kind), with what the database says of that user's feed. */
export interface DigestGroup {
  /** The digest key of each new item, in arrival order (repeats allowed). */
  itemKeys: string[];
  /** Keys that have an unread digest already: their items update it. */
  openKeys: ReadonlySet<string>;
  /** Notifications of this kind the user got in the last hour. */
  createdLastHour: number;
}

/**
 * Where each new item goes: its own key's digest when that one is open or the hourly
 * budget allows a new one; otherwise the folded digest of the kind. Returns one target
 * key per item, in the items' order. Pure, so the limit rule is tested on its own.
 */
export function planDigests(group: DigestGroup, perHour: number): string[] {
  let budget = Math.max(0, perHour - group.createdLastHour);
  const admitted = new Set<string>();
  return group.itemKeys.map((key) => {
    if (group.openKeys.has(key) || admitted.has(key)) return key;
    if (budget > 0) {
      budget -= 1;
      admitted.add(key);
      return key;
    }
    return FOLDED_DIGEST_KEY;
  });
}
