/**
 * A timestamptz as text to the microsecond, for keyset cursors: a JS Date keeps only
 * milliseconds, and a cursor cut to them would serve a row again.
 */
export function microseconds(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}
