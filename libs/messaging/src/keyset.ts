import { decodeCursor, isUuid, ValidationProblem } from '@psar/platform';

// Postgres's timestamptz::text, e.g. "2025-03-01 08:15:02.123456+07", full microseconds kept.
const PG_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/;

/** A (timestamp, id) keyset cursor as this API issues it; anything else is a 400 on `cursor`. */
export function decodeTimeKeyset(cursor: string): [string, string] {
  const [at, id] = decodeCursor(cursor, 2);
  if (typeof at !== 'string' || typeof id !== 'string' || !PG_TIMESTAMP.test(at) || !isUuid(id)) {
    throw new ValidationProblem([{ field: 'cursor', message: 'cursor is not one this API issued' }]);
  }
  return [at, id];
}
