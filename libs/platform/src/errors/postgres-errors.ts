import { DatabaseError } from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { QueryFailedError } from 'typeorm';
import { ProblemException } from './problem';

/** What Postgres says about a failed statement: SQLSTATE, violated constraint, details. */
export interface PgError {
  code?: string;
  constraint?: string;
  detail?: string;
}

/** The Postgres error behind a failed query (TypeORM's QueryFailedError, or pg's own), else undefined. */
export function pgErrorOf(error: unknown): PgError | undefined {
  if (error instanceof QueryFailedError) return error.driverError as PgError;
  if (error instanceof DatabaseError) return error;
  return undefined;
}

export function sqlState(error: unknown): string | undefined {
  return pgErrorOf(error)?.code;
}

/** The name of the constraint or unique index a failed statement violated, if any. */
export function violatedConstraint(error: unknown): string | undefined {
  return pgErrorOf(error)?.constraint;
}

// Postgres aborted the transaction so that another could go ahead (a serialization failure
// or a deadlock victim): the same transaction run again is correct.
const RETRIED_SQLSTATES = new Set(['40001', '40P01']);

export function isSerializationFailure(error: unknown): boolean {
  return RETRIED_SQLSTATES.has(sqlState(error) ?? '');
}

export interface RetryOptions {
  /** Runs in all, the first included. */
  attempts?: number;
  /** Wait before the next run after `attempt` failed; jittered so that the losers spread out. */
  delayMs?: (attempt: number) => number;
}

/**
 * Runs `run` (a whole transaction) again when Postgres chose it as a deadlock victim or a
 * serialization loser (rare with a consistent lock order, but possible): a few times, with
 * jitter. Any other error, or the last attempt's, is thrown as is.
 */
export async function retrySerializationFailures<T>(run: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { attempts = 4, delayMs = (attempt: number) => 10 + Math.random() * 40 * attempt } = options;
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts || !isSerializationFailure(error)) throw error;
      await sleep(delayMs(attempt));
    }
  }
}

/**
 * The answer a lib gives when one of its constraints fires, looked up by constraint name;
 * undefined for any other error, which the caller rethrows (the global filter maps the rest).
 */
export function constraintProblem(error: unknown, problems: Record<string, () => ProblemException>): ProblemException | undefined {
  const constraint = violatedConstraint(error);
  return constraint && Object.hasOwn(problems, constraint) ? problems[constraint]() : undefined;
}
