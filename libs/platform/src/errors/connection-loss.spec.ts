import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { isConnectionLoss } from './connection-loss';
import { toProblem } from './to-problem';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('connection loss', () => {
  it('is recognised in what pg, TypeORM, Node and pg-boss hand over while the database is away', () => {
    const lost = [
      withCode('terminating connection due to administrator command', '57P01'),
      withCode('the database system is starting up', '57P03'),
      withCode('the database system is shutting down', '57P03'),
      withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
      Object.assign(new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], ''), { code: 'ECONNREFUSED' }),
      new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], ''),
      new Error('Connection terminated unexpectedly'),
      new Error('Client has encountered a connection error and is not queryable'),
      new QueryFailedError('SELECT 1', [], withCode('terminating connection due to administrator command', '57P01')),
      new Error('delivery failed', { cause: withCode('read ECONNRESET', 'ECONNRESET') }),
      // A transaction whose connection died between statements: TypeORM released its runner.
      new QueryRunnerAlreadyReleasedError(),
      new QueryRunnerProviderAlreadyReleasedError(),
      // pg-boss emits a worker's error as a plain copy with the queue in the message.
      { code: '57P01', message: 'terminating connection due to administrator command (Queue: outbox, Worker: 1)' },
    ];
    for (const error of lost) expect([error, isConnectionLoss(error)]).toEqual([error, true]);
  });

  it('is not what a bad query or a busy database raises', () => {
    const notLost = [
      withCode('duplicate key value violates unique constraint', '23505'),
      withCode('canceling statement due to statement timeout', '57014'),
      withCode('could not serialize access', '40001'),
      new QueryFailedError('SELECT x', [], withCode('column "x" does not exist', '42703')),
      new Error('timeout exceeded when trying to connect'),
      new Error('Something else'),
      'Connection terminated',
      null,
      undefined,
    ];
    for (const error of notLost) expect([error, isConnectionLoss(error)]).toEqual([error, false]);
  });

  it('is answered 503 problem+json with Retry-After; an exhausted pool stays "busy"', () => {
    const lost = toProblem(new QueryFailedError('SELECT 1', [], withCode('terminating connection due to administrator command', '57P01')));
    expect(lost.problem).toMatchObject({ status: 503, type: 'https://psar.example/problems/unavailable' });
    expect(lost.headers['retry-after']).toBeDefined();
    expect(lost.errorId).toBeUndefined();
    expect(toProblem(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')).problem.status).toBe(503);
    expect(toProblem(new Error('timeout exceeded when trying to connect')).problem).toMatchObject({ status: 503, type: 'https://psar.example/problems/busy' });
  });
});
