import fc from 'fast-check';
import { ValidationProblem } from '../errors/problem';
import { decodeCursor, decodeTimeKeyset, encodeCursor, isPgTimestamptzText, toPage } from './cursor';

describe('cursors', () => {
  it('round-trip any key', () => {
    const key = fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null)), { minLength: 1, maxLength: 4 });
    fc.assert(fc.property(key, (k) => JSON.stringify(decodeCursor(encodeCursor(k), k.length)) === JSON.stringify(k)));
  });

  it('refuse anything this API did not issue', () => {
    for (const bad of ['', 'abc', encodeCursor(['a', 'b']), Buffer.from('{"a":1}').toString('base64url'), Buffer.from('[{}]').toString('base64url')]) {
      expect(() => decodeCursor(bad, 1)).toThrow(ValidationProblem);
    }
  });

  it('make a page from limit + 1 rows', () => {
    const rows = [{ id: 1 }, { id: 2 }, { id: 3 }];
    expect(toPage(rows, 2, (r) => [r.id])).toEqual({ items: [{ id: 1 }, { id: 2 }], nextCursor: encodeCursor([2]) });
    expect(toPage(rows, 3, (r) => [r.id])).toEqual({ items: rows, nextCursor: null });
    expect(toPage([], 3, () => [])).toEqual({ items: [], nextCursor: null });
  });

  describe('time keysets', () => {
    const id = '6f1c2a4e-0d3b-4c5a-9e8f-7a6b5c4d3e2f';

    it('read timestamptz::text in any session zone, and ISO UTC, microseconds kept', () => {
      for (const at of [
        '2026-12-02 00:13:21.9+00',
        '2026-12-02 00:13:21+00',
        '2026-12-02 00:13:21.123456+00',
        '2026-12-02 07:13:21.123456+07',
        '2026-12-02 05:43:21.5+05:30',
        '2026-12-01 14:13:21-10',
        '1900-01-01 00:00:00+06:42:04',
        '2028-02-29 23:59:59.999999+00',
        '2026-12-02T00:13:21.123456Z',
        '2026-12-02T00:13:21.9Z',
        '2028-02-29T23:59:59Z',
      ]) {
        expect(decodeTimeKeyset(encodeCursor([at, id]))).toEqual([at, id]);
      }
    });

    it('refuse anything else', () => {
      for (const key of [
        ['2026-02-31T08:15:02.123456Z', id],
        ['2026-13-01T00:00:00.000000Z', id],
        ['2026-12-02T24:00:00.000000Z', id],
        ['2026-12-02T00:13:21.1234567Z', id],
        ['2026-12-02T00:13:21.123456+07', id],
        ['2026-12-02 00:13:21.123456Z', id],
        ['2026-12-02T00:13:21', id],
        ['0000-01-01T00:00:00Z', id],
        ['2026-12-02 00:13:21.1234567+00', id],
        ['2026-02-30 00:00:00+00', id],
        ['2027-02-29 00:00:00+00', id],
        ['2026-13-01 00:00:00+00', id],
        ['2026-12-02 24:00:00+00', id],
        ['2026-12-02 00:60:00+00', id],
        ['2026-12-02 00:00:00+99', id],
        ['2026-12-02 00:00:00', id],
        ["2026-12-02 00:00:00+00' OR 1=1", id],
        ['2026-12-02 00:13:21+00', 'not-a-uuid'],
        [1764634401000, id],
        [null, id],
        [null, null],
        ['2026-12-02T00:13:21.123456Z', null],
        ['9'.repeat(5000), id],
      ]) {
        expect(() => decodeTimeKeyset(encodeCursor(key))).toThrow(ValidationProblem);
      }
      expect(() => decodeTimeKeyset(encodeCursor(['2026-12-02 00:13:21+00']))).toThrow(ValidationProblem);
      expect(isPgTimestamptzText(undefined)).toBe(false);
    });
  });
});
