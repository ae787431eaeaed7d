import fc from 'fast-check';
import { canonicalJson, IDEMPOTENCY_KEY_PATTERN, requestFingerprint } from './request-fingerprint';

describe('requestFingerprint', () => {
  it('ignores the order of object keys at any depth', () => {
    const a = { name: 'Tiles', location: { lat: 1, lng: 2 }, capabilities: ['sell', 'buy'] };
    const b = { capabilities: ['sell', 'buy'], location: { lng: 2, lat: 1 }, name: 'Tiles' };
    expect(requestFingerprint('POST', '/api/v1/organizations', a)).toBe(requestFingerprint('post', '/api/v1/organizations', b));
  });

  it('tells apart bodies, paths, methods and array orders', () => {
    const base = requestFingerprint('POST', '/x', { a: [1, 2] });
    expect(requestFingerprint('POST', '/x', { a: [2, 1] })).not.toBe(base);
    expect(requestFingerprint('POST', '/y', { a: [1, 2] })).not.toBe(base);
    expect(requestFingerprint('PUT', '/x', { a: [1, 2] })).not.toBe(base);
    expect(requestFingerprint('POST', '/x', { a: [1, 2], b: null })).not.toBe(base);
  });

  it('gives equal JSON values equal canonical forms', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const roundTripped = JSON.parse(JSON.stringify(value)) as unknown;
        expect(canonicalJson(roundTripped)).toBe(canonicalJson(value));
      }),
    );
  });
});

describe('IDEMPOTENCY_KEY_PATTERN', () => {
  it('accepts UUIDs and refuses spaces, control characters and overlong keys', () => {
    expect(IDEMPOTENCY_KEY_PATTERN.test('5f0c8a4e-3b7e-4c55-9d8e-0a4c1f1f2b3c')).toBe(true);
    expect(IDEMPOTENCY_KEY_PATTERN.test('has space')).toBe(false);
    expect(IDEMPOTENCY_KEY_PATTERN.test('tab\tkey')).toBe(false);
    expect(IDEMPOTENCY_KEY_PATTERN.test('x'.repeat(256))).toBe(false);
    expect(IDEMPOTENCY_KEY_PATTERN.test('')).toBe(false);
  });
});
