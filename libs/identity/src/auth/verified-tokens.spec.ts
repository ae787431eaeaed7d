import { VerifiedTokens } from './verified-tokens';

describe('VerifiedTokens', () => {
  const exp = 1_800_000_000; // seconds

  it('answers a kept token until the second of its exp, as jsonwebtoken does', () => {
    const tokens = new VerifiedTokens<{ sub: string }>(10);
    tokens.set('a.b.c', { sub: 'u1' }, exp);
    expect(tokens.get('a.b.c', exp * 1000 - 1)).toEqual({ sub: 'u1' });
    expect(tokens.get('a.b.c', exp * 1000)).toBeUndefined();
    // Forgotten once expired, even if asked with an earlier clock afterwards.
    expect(tokens.get('a.b.c', exp * 1000 - 1)).toBeUndefined();
  });

  it('knows nothing of a token it was not given, and keeps none without exp', () => {
    const tokens = new VerifiedTokens<{ sub: string }>(10);
    expect(tokens.get('x.y.z', 0)).toBeUndefined();
    tokens.set('x.y.z', { sub: 'u1' }, undefined);
    expect(tokens.get('x.y.z', 0)).toBeUndefined();
  });

  it('holds at most maxEntries tokens, dropping the oldest', () => {
    const tokens = new VerifiedTokens<number>(3);
    for (let i = 0; i < 5; i++) tokens.set(`t${i}`, i, exp);
    expect(['t0', 't1', 't2', 't3', 't4'].map((t) => tokens.get(t, 0))).toEqual([undefined, undefined, 2, 3, 4]);
    tokens.set('t4', 40, exp); // a token kept again takes no second place
    expect(tokens.get('t2', 0)).toBe(2);
  });
});
