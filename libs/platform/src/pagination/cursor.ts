import { ValidationProblem } from '../errors/problem';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Cursors are opaque to clients: base64url of the sort key of the last row served.
 * Services page by keyset (`WHERE (sort_key, id) > (:key, :id)`), so rows inserted
 * meanwhile never shift or repeat what a client has already seen.
 */
export function encodeCursor(key: ReadonlyArray<string | number | null>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, length: number): Array<string | number | null> {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const valid =
    Array.isArray(key) &&
    key.length === length &&
    key.every((v) => v === null || typeof v === 'string' || typeof v === 'number');
  if (!valid) throw new ValidationProblem([{ field: 'cursor', message: 'cursor is not one this API issued' }]);
  return key as Array<string | number | null>;
}

/** Takes rows fetched with `limit + 1` and turns them into a page. */
export function toPage<R, T = R>(
  rows: R[],
  limit: number,
  keyOf: (row: R) => ReadonlyArray<string | number | null>,
  map: (row: R) => T = (row) => row as unknown as T,
): Page<T> {
  const hasMore = rows.length > limit;
  const served = hasMore ? rows.slice(0, limit) : rows;
  return {
    items: served.map(map),
    nextCursor: hasMore && served.length > 0 ? encodeCursor(keyOf(served[served.length - 1]!)) : null,
  };
}
