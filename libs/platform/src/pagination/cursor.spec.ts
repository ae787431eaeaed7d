import fc from 'fast-check';
import { ValidationProblem } from '../errors/problem';
import { decodeCursor, encodeCursor, toPage } from './cursor';

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
});
