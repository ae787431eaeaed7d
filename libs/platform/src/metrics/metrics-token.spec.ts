import { bearerTokenMatches } from './metrics-token';

const TOKEN = 'a'.repeat(40);

describe('bearerTokenMatches', () => {
  it('accepts the configured token as a bearer token', () => {
    expect(bearerTokenMatches(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerTokenMatches(`bearer ${TOKEN}`, TOKEN)).toBe(true);
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['another scheme', `Basic ${TOKEN}`],
    ['the token without a scheme', TOKEN],
    ['a different token', `Bearer ${'b'.repeat(40)}`],
    ['a prefix of the token', `Bearer ${TOKEN.slice(0, 39)}`],
    ['the token with more after it', `Bearer ${TOKEN}x`],
    ['two tokens', `Bearer ${TOKEN} ${TOKEN}`],
  ])('refuses %s', (_, header) => {
    expect(bearerTokenMatches(header, TOKEN)).toBe(false);
  });
});
