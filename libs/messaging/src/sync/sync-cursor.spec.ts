import fc from 'fast-check';
import { ValidationProblem, encodeCursor } from '@psar/platform';
import { decodeSyncCursor, encodeSyncCursor, MAX_SNAPSHOT_LENGTH, MAX_SYNC_CURSOR_LENGTH, snapshotXmax } from './sync-cursor';

const INT8_MAX = 2n ** 63n - 1n;
const UUID = '00000000-0000-0000-0000-000000000000';
const ID = '7d444840-9dc0-11d1-b245-5ffdce74fad2';

describe('sync cursors', () => {
  const txid = fc.bigInt({ min: 0n, max: INT8_MAX }).map(String);
  const keyset = fc.record({ txid, id: fc.uuid() });
  // What pg_current_snapshot() prints: xmin:xmax:xip, xip ascending in [xmin, xmax).
  const snapshot = fc
    .tuple(fc.bigInt({ min: 1n, max: INT8_MAX }), fc.bigInt({ min: 0n, max: 1000n }), fc.array(fc.bigInt({ min: 0n, max: 1000n }), { maxLength: 20 }))
    .map(([xmin, span, offsets]) => {
      const xmax = xmin + span > INT8_MAX ? INT8_MAX : xmin + span;
      const xip = [...new Set(offsets.map((o) => xmin + o).filter((x) => x < xmax))].sort((a, b) => (a < b ? -1 : 1));
      return `${xmin}:${xmax}:${xip.join(',')}`;
    });

  it('round-trip any position, with or without a starting snapshot', () => {
    fc.assert(
      fc.property(fc.record({ messages: keyset, notifications: keyset, snapshot: fc.option(snapshot, { nil: null }) }), (position) => {
        expect(decodeSyncCursor(encodeSyncCursor(position))).toEqual(position);
      }),
    );
  });

  it('fit the longest position in the length the API accepts', () => {
    const longest = String(INT8_MAX);
    const xip = Array.from({ length: 200 }, () => longest).join(',');
    const snapshot = `${longest}:${longest}:${xip}`.slice(0, MAX_SNAPSHOT_LENGTH);
    const cursor = encodeSyncCursor({ messages: { txid: longest, id: ID }, notifications: { txid: longest, id: ID }, snapshot });
    expect(cursor.length).toBeLessThanOrEqual(MAX_SYNC_CURSOR_LENGTH);
  });

  it('read the cursors issued before snapshots, as positions without one', () => {
    expect(decodeSyncCursor(encodeCursor(['s1', '42', ID, '7', UUID]))).toEqual({ messages: { txid: '42', id: ID }, notifications: { txid: '7', id: UUID }, snapshot: null });
  });

  it('give the xmax of a snapshot', () => {
    expect(snapshotXmax('10:20:12,15')).toBe(20n);
    expect(snapshotXmax('795:795:')).toBe(795n);
  });

  it('refuse cursors from elsewhere', () => {
    const s2 = (snapshot: unknown) => encodeCursor(['s2', '1', UUID, '1', UUID, snapshot as string]);
    const bad = [
      '',
      'x',
      encodeCursor(['1', 'a']),
      encodeCursor(['s1', '1', 'nope', '2', 'nope']),
      encodeCursor(['s2', '1', UUID, '1', UUID]),
      encodeCursor(['s1', '1', UUID, '1', UUID, null]),
      encodeCursor(['s3', '1', UUID, '1', UUID, null]),
      encodeCursor(['s1', '-1', UUID, '1', UUID]),
      encodeCursor(['s2', '9223372036854775808', UUID, '1', UUID, null]),
      s2(5),
      s2(''),
      s2('10:20'),
      s2('10:20:x'),
      s2('0:20:'),
      s2('20:10:'),
      s2('10:20:9'),
      s2('10:20:20'),
      s2('10:20:15,12'),
      s2('10:20:12,'),
      s2('10:9223372036854775808:'),
      s2(`1:${'9'.repeat(18)}:${Array.from({ length: 60 }, (_, i) => String(10 ** 17 + i)).join(',')}`),
    ];
    for (const cursor of bad) {
      expect(() => decodeSyncCursor(cursor)).toThrow(ValidationProblem);
    }
  });
});
