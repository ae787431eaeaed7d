import { ValidationProblem } from '../errors/problem';
import { isUuid } from '../validation/validators';

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

/**
 * A timestamptz as a keyset cursor carries it, in one of the two forms services issue:
 * - Postgres's text (`requested_at::text`), e.g. "2026-12-02 00:13:21.9+00",
 *   "2025-03-01 08:15:02.123456+07" or "…+05:30" (Date.parse reads none of these: the
 *   offset is not ISO 8601's ±HH:MM);
 * - ISO 8601 in UTC to the microsecond (`to_char(at AT TIME ZONE 'UTC',
 *   'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`), e.g. "2026-12-02T00:13:21.123456Z".
 * Either way the microseconds a JS Date would lose are kept, so cursors neither skip nor repeat.
 */
const PG_TIMESTAMPTZ = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?[+-](\d{2})(?::(\d{2}))?(?::(\d{2}))?$/;
const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?Z$/;

/**
 * True for a timestamptz in either cursor form (above) that Postgres will read back as the
 * same instant: a real calendar date (no Feb 30, no month 13), a real time of day (no
 * leap second), an offset Postgres accepts (at most 15 hours).
 */
export function isPgTimestamptzText(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = PG_TIMESTAMPTZ.exec(value) ?? ISO_UTC.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second, offsetHours = '0', offsetMinutes = '0', offsetSeconds = '0'] = m.slice(1);
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return (
    date.getUTCFullYear() === Number(year) &&
    date.getUTCMonth() === Number(month) - 1 &&
    date.getUTCDate() === Number(day) &&
    Number(hour) < 24 &&
    Number(minute) < 60 &&
    Number(second) < 60 &&
    Number(offsetHours) <= 15 &&
    Number(offsetMinutes) < 60 &&
    Number(offsetSeconds) < 60
  );
}

/**
 * Decodes a (timestamptz, id) keyset cursor, the key of a list ordered by a timestamp and
 * then id, issued with `toPage(rows, limit, (r) => [r.at_key, r.id])` where at_key is
 * `at::text` or the ISO UTC form above. Anything else (a bad timestamp, an id not a uuid,
 * nulls, numbers) is a 400 on `cursor`. Bind the timestamp as `$n::timestamptz`.
 */
export function decodeTimeKeyset(cursor: string): [string, string] {
  const [at, id] = decodeCursor(cursor, 2);
  if (!isPgTimestamptzText(at) || !isUuid(id)) {
    throw new ValidationProblem([{ field: 'cursor', message: 'cursor is not one this API issued' }]);
  }
  return [at, id];
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
