import { QueryFailedError } from 'typeorm';

interface PgError {
  code?: string;
  constraint?: string;
  detail?: string;
}

/** The SQLSTATE and constraint behind a failed query, to answer with a precise problem. */
export function pgErrorOf(error: unknown): PgError | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  return error.driverError as PgError;
}

export function violated(error: unknown, constraint: string): boolean {
  return pgErrorOf(error)?.constraint === constraint;
}

/**
 * The rows an UPDATE or DELETE ... RETURNING gave back. TypeORM answers those with
 * [rows, affected] and an INSERT or SELECT with the rows alone.
 */
export function returnedRows<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}
