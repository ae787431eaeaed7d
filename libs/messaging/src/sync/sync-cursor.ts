import { decodeCursor, encodeCursor, isUuid, ValidationProblem } from '@psar/platform';

/**
 * Where a client is in the stream of rows written for it, per table: the (txid, id) of
 * the last row it got. Rows are served in (txid, id) order and only below the reading
 * snapshot's xmin, where every writing transaction has ended: a row committed after a
 * read always sorts after what that read served, so nothing is skipped.
 *
 * A starting cursor also carries the snapshot it was taken in (pg_snapshot text,
 * `xmin:xmax:xip,...`): its keyset position is the snapshot's xmin, and rows at or above
 * xmin that were already visible in that snapshot (committed before the start, so
 * loaded by the client) are skipped. Without it, any transaction open elsewhere on the
 * server at the start would make the first fetch repeat what the client already had.
 * Rows at or above the snapshot's xmax are never visible in it, so once both positions
 * reach xmax the snapshot is dropped and the cursor is a plain keyset again.
 */
export interface SyncPosition {
  messages: Keyset;
  notifications: Keyset;
  snapshot: string | null;
}

export interface Keyset {
  txid: string;
  id: string;
}

export const ZERO_UUID = '00000000-0000-0000-0000-000000000000';

/**
 * A snapshot's text grows with the transactions in progress (at most max_connections plus
 * prepared ones). Past this length the start falls back to the xmin alone: it may repeat
 * rows the client already has (clients skip ids they have), it never loses one.
 * 1,024 characters hold some 50 to 100 transaction ids.
 */
export const MAX_SNAPSHOT_LENGTH = 1024;

/** Room for the longest cursor this API issues (both keysets and the longest snapshot). */
export const MAX_SYNC_CURSOR_LENGTH = 2048;

const INT8_MAX = 2n ** 63n - 1n;
const TXID = /^\d{1,19}$/;
const SNAPSHOT = /^(\d{1,19}):(\d{1,19}):((?:\d{1,19})(?:,\d{1,19})*)?$/;

export function encodeSyncCursor(position: SyncPosition): string {
  return encodeCursor(['s2', position.messages.txid, position.messages.id, position.notifications.txid, position.notifications.id, position.snapshot]);
}

export function decodeSyncCursor(cursor: string): SyncPosition {
  const key = decodeKey(cursor);
  const [version, mTxid, mId, nTxid, nId, snapshot = null] = key;
  const valid =
    ((version === 's2' && key.length === 6) || (version === 's1' && key.length === 5)) &&
    [mTxid, nTxid].every((t) => typeof t === 'string' && isTxid(t)) &&
    [mId, nId].every((i) => typeof i === 'string' && isUuid(i)) &&
    (snapshot === null || (typeof snapshot === 'string' && isSnapshot(snapshot)));
  if (!valid) throw new ValidationProblem([{ field: 'cursor', message: 'cursor is not one this API issued' }]);
  return {
    messages: { txid: mTxid as string, id: mId as string },
    notifications: { txid: nTxid as string, id: nId as string },
    snapshot: snapshot as string | null,
  };
}

/** The snapshot's xmax: rows from this transaction id on were not visible in it. */
export function snapshotXmax(snapshot: string): bigint {
  return BigInt(snapshot.split(':')[1]!);
}

// s2 cursors have six parts; s1 cursors (issued before the snapshot, kept in clients'
// storage) have five and decode to a position without a snapshot.
function decodeKey(cursor: string): Array<string | number | null> {
  try {
    return decodeCursor(cursor, 6);
  } catch {
    return decodeCursor(cursor, 5);
  }
}

// Postgres keeps txids as bigint here: a larger number would fail in SQL, not as a 400.
function isTxid(value: string): boolean {
  return TXID.test(value) && BigInt(value) <= INT8_MAX;
}

// What pg_snapshot's input accepts: 0 < xmin <= xmax, xip ascending in [xmin, xmax).
function isSnapshot(value: string): boolean {
  const match = value.length <= MAX_SNAPSHOT_LENGTH ? SNAPSHOT.exec(value) : null;
  if (!match || !isTxid(match[1]!) || !isTxid(match[2]!)) return false;
  const xmin = BigInt(match[1]!);
  const xmax = BigInt(match[2]!);
  if (xmin === 0n || xmin > xmax) return false;
  let last = xmin;
  for (const part of match[3] ? match[3].split(',') : []) {
    const xid = BigInt(part);
    if (xid < last || xid >= xmax) return false;
    last = xid;
  }
  return true;
}
