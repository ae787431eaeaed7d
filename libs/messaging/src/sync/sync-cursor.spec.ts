import fc from 'fast-check';
import { ValidationProblem, encodeCursor } from '@psar/platform';
import { decodeSyncCursor, encodeSyncCursor } from './sync-cursor';

describe('sync cursors', () => {
  const txid = fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }).map(String);
  const keyset = fc.record({ txid, id: fc.uuid() });

  it('round-trip any position', () => {
    fc.assert(
      fc.property(fc.record({ messages: keyset, notifications: keyset }), (position) => {
        expect(decodeSyncCursor(encodeSyncCursor(position))).toEqual(position);
      }),
    );
  });

  it('refuse cursors from elsewhere', () => {
    for (const bad of ['', 'x', encodeCursor(['1', 'a']), encodeCursor(['s1', '1', 'nope', '2', 'nope']), encodeCursor(['s2', '1', '00000000-0000-0000-0000-000000000000', '1', '00000000-0000-0000-0000-000000000000']), encodeCursor(['s1', '-1', '00000000-0000-0000-0000-000000000000', '1', '00000000-0000-0000-0000-000000000000'])]) {
      expect(() => decodeSyncCursor(bad)).toThrow(ValidationProblem);
    }
  });
});
