import { SessionCache } from './session-cache';

describe('SessionCache', () => {
  const listening = () => {
    const cache = new SessionCache(10_000, 3);
    cache.startedListening();
    return cache;
  };

  it('keeps a live answer for the ttl, a revoked one for good', () => {
    const cache = listening();
    cache.set('a', true, cache.ticket(), 0);
    cache.set('b', false, cache.ticket(), 0);
    expect(cache.get('a', 9_999)).toBe(true);
    expect(cache.get('a', 10_000)).toBeUndefined();
    expect(cache.get('b', 1_000_000)).toBe(false);
  });

  it('a revocation replaces a live answer at once', () => {
    const cache = listening();
    cache.set('a', true, cache.ticket(), 0);
    cache.revoked('a', 1);
    expect(cache.get('a', 2)).toBe(false);
  });

  it('a look-up that answers live after the revocation does not bring the session back', () => {
    const cache = listening();
    const ticket = cache.ticket(); // the look-up starts, its snapshot before the logout commits
    cache.revoked('a', 1); // the logout (here, or heard by NOTIFY)
    cache.set('a', true, ticket, 2); // the look-up's answer arrives late
    expect(cache.get('a', 3)).toBe(false);
  });

  it('caches no live answer while not listening, and forgets them when listening stops', () => {
    const cache = new SessionCache(10_000, 10);
    cache.set('a', true, cache.ticket(), 0);
    expect(cache.get('a', 1)).toBeUndefined();
    cache.startedListening();
    cache.set('a', true, cache.ticket(), 0);
    cache.set('b', false, cache.ticket(), 0);
    cache.stoppedListening();
    expect(cache.get('a', 1)).toBeUndefined();
    expect(cache.get('b', 1)).toBe(false);
  });

  it('drops a live answer whose lookup began before a gap in listening', () => {
    const cache = listening();
    const ticket = cache.ticket();
    cache.stoppedListening();
    cache.startedListening();
    cache.set('a', true, ticket, 0);
    expect(cache.get('a', 1)).toBeUndefined();
    cache.set('a', true, cache.ticket(), 0);
    expect(cache.get('a', 1)).toBe(true);
  });

  it('holds at most maxEntries, dropping the oldest', () => {
    const cache = listening();
    for (const id of ['a', 'b', 'c', 'd']) cache.set(id, true, cache.ticket(), 0);
    expect(cache.get('a', 1)).toBeUndefined();
    expect(['b', 'c', 'd'].map((id) => cache.get(id, 1))).toEqual([true, true, true]);
  });
});
