/**
 * A screen's list with what the outbox sent that the list does not hold yet (newest first,
 * above it): the list may be the service worker's copy from before those were sent. Where
 * both have an item, the list's copy is shown: it is the later word on it.
 */
export function withSent<T extends { id: string }>(items: T[], sent: T[]): T[] {
  const listed = new Set(items.map((item) => item.id));
  return [...sent.filter((item) => !listed.has(item.id)), ...items];
}
