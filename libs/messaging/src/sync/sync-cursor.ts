import { decodeCursor, encodeCursor, isUuid, ValidationProblem } from '@psar/platform';

/**
 * Where a client is in the stream of rows written for it, per table: the (txid, id) of
 * the last row it got. Rows are served in (txid, id) order and only below the reading
 * snapshot's xmin, where every writing transaction has ended: a row committed after a
 * read always sorts after what that read served, so nothing is skipped.
 */
export interface SyncPosition {
  messages: Keyset;
  notifications: Keyset;
}

export interface Keyset {
  txid: string;
  id: string;
}

export const ZERO_UUID = '00000000-0000-0000-0000-000000000000';
const TXID = /^\d{1,19}$/;
export function encodeSyncCursor(position: SyncPosition): string {
  return encodeCursor(['s1', position.messages.txid, position.messages.id, position.notifications.txid, position.notifications.id]);
}

export function decodeSyncCursor(cursor: string): SyncPosition {
  const [version, mTxid, mId, nTxid, nId] = decodeCursor(cursor, 5);
  const valid =
    version === 's1' &&
    [mTxid, nTxid].every((t) => typeof t === 'string' && TXID.test(t)) &&
    [mId, nId].every((i) => typeof i === 'string' && isUuid(i));
  if (!valid) throw new ValidationProblem([{ field: 'cursor', message: 'cursor is not one this API issued' }]);
  return { messages: { txid: mTxid as string, id: mId as string }, notifications: { txid: nTxid as string, id: nId as string } };
}
