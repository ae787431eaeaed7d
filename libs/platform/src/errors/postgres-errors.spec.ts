import { HttpStatus } from '@nestjs/common';
import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { ProblemException } from './problem';
import { constraintProblem, pgErrorOf, retrySerializationFailures, sqlState, violatedConstraint } from './postgres-errors';

function pgError(code: string, constraint?: string): DatabaseError {
  return Object.assign(new DatabaseError('failed', 0, 'error'), { code, constraint });
}

const failedQuery = (code: string, constraint?: string) => new QueryFailedError('INSERT …', [], pgError(code, constraint));

describe('postgres errors', () => {
  it('reads the SQLSTATE and constraint from TypeORM and pg errors alike', () => {
    expect(sqlState(failedQuery('23505', 'users_email_key'))).toBe('23505');
    expect(violatedConstraint(failedQuery('23505', 'users_email_key'))).toBe('users_email_key');
    expect(sqlState(pgError('40P01'))).toBe('40P01');
    expect(pgErrorOf(new Error('not from Postgres'))).toBeUndefined();
    expect(sqlState(Object.assign(new Error('ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBeUndefined();
  });

  it('runs a transaction again after a serialization failure or a deadlock, then gives up', async () => {
    const fails = [failedQuery('40001'), failedQuery('40P01')];
    let runs = 0;
    await expect(retrySerializationFailures(async () => (++runs <= fails.length ? Promise.reject(fails[runs - 1]) : 'done'), { delayMs: () => 0 })).resolves.toBe('done');
    expect(runs).toBe(3);

    runs = 0;
    const deadlock = failedQuery('40P01');
    await expect(retrySerializationFailures(async () => (runs++, Promise.reject(deadlock)), { attempts: 3, delayMs: () => 0 })).rejects.toBe(deadlock);
    expect(runs).toBe(3);
  });

  it('does not run again after any other error', async () => {
    let runs = 0;
    const unique = failedQuery('23505');
    await expect(retrySerializationFailures(async () => (runs++, Promise.reject(unique)))).rejects.toBe(unique);
    expect(runs).toBe(1);
  });

  it("finds a lib's problem by the violated constraint's name", () => {
    const problems = { stalls_no_overlap: () => new ProblemException(HttpStatus.CONFLICT, 'overlap', 'Overlaps') };
    expect(constraintProblem(failedQuery('23P01', 'stalls_no_overlap'), problems)?.slug).toBe('overlap');
    expect(constraintProblem(failedQuery('23505', 'other_key'), problems)).toBeUndefined();
    expect(constraintProblem(failedQuery('23505', 'constructor'), problems)).toBeUndefined();
    expect(constraintProblem(new Error('boom'), problems)).toBeUndefined();
  });
});
