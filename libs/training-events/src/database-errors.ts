import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '@psar/platform';
import { setTimeout as sleep } from 'node:timers/promises';
import { QueryFailedError } from 'typeorm';

const RETRIED = new Set(['40001', '40P01']);

/**
 * Runs a transaction again when Postgres chose it as a deadlock victim or a serialization
 * loser (rare with our lock order, but possible): a few times, with jitter.
 */
export async function retryingTransaction<T>(run: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts || !RETRIED.has(sqlState(error) ?? '')) throw error;
      await sleep(10 + Math.random() * 40 * attempt);
    }
  }
}

export function sqlState(error: unknown): string | undefined {
  return error instanceof QueryFailedError ? (error.driverError as { code?: string } | undefined)?.code : undefined;
}

function constraintOf(error: unknown): string | undefined {
  return error instanceof QueryFailedError ? (error.driverError as { constraint?: string } | undefined)?.constraint : undefined;
}

// Constraints this lib's rules rest on, with the answer a client should get when one fires.
const CONSTRAINT_PROBLEMS: Record<string, () => ProblemException> = {
  training_sessions_no_overlap: () =>
    new ProblemException(
      HttpStatus.CONFLICT,
      'sessions-overlap',
      'This session overlaps another session of the training: one training team cannot be in two places at once',
    ),
  training_sessions_seats_within_capacity: () =>
    new ProblemException(
      HttpStatus.CONFLICT,
      'capacity-below-confirmed',
      'More seats are already confirmed than this capacity; cancel registrations first',
    ),
  training_registrations_one_per_user: () =>
    new ProblemException(HttpStatus.CONFLICT, 'already-registered', 'You are already registered for this session'),
  training_invitations_pkey: () =>
    new ProblemException(HttpStatus.CONFLICT, 'already-invited', 'This group was already invited to this training'),
};

/**
 * A timestamptz as text to the microsecond, for keyset cursors: a JS Date keeps only
 * milliseconds, and a cursor cut to them would serve a row again.
 */
export function microseconds(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** Turns a violation of one of our constraints into its problem; anything else is rethrown as is. */
export function rethrowAsProblem(error: unknown): never {
  const constraint = constraintOf(error);
  const problem = constraint ? CONSTRAINT_PROBLEMS[constraint] : undefined;
  throw problem ? problem() : error;
}
