import type { Logger } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import type { Pool } from 'pg';
import { DatabaseOutageLog } from './outage-log';

function fakeLogger() {
  const lines: Array<[string, string]> = [];
  const at = (level: string) => (_fields: unknown, message: string) => lines.push([level, message]);
  return { lines, logger: { warn: at('warn'), log: at('log'), debug: at('debug') } as unknown as Logger };
}

const lost = () => Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });

describe('database outage log', () => {
  it('says once that the database is lost and once that it is back, per outage', () => {
    const { lines, logger } = fakeLogger();
    const pool = new EventEmitter();
    const log = new DatabaseOutageLog(logger, 'api');
    log.watch(pool as unknown as Pool);
    const client = new EventEmitter();
    pool.emit('connect', client);
    expect(lines).toEqual([]);

    const error = lost();
    client.emit('error', error); // the same error reaches the client's listener and the pool's
    pool.emit('error', error);
    pool.emit('error', lost());
    expect(log.report({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED (Queue: outbox)' })).toBe(true);
    pool.emit('connect', new EventEmitter());
    pool.emit('connect', new EventEmitter());
    pool.emit('error', lost());
    expect(lines).toEqual([
      ['warn', 'database connection lost; retrying until it is back'],
      ['debug', 'database still unavailable'],
      ['debug', 'database still unavailable'],
      ['log', 'database connection back'],
      ['warn', 'database connection lost; retrying until it is back'],
    ]);
  });

  it('keeps a checked-out client that dies from raising an unhandled error, and logs other errors as they are', () => {
    const { lines, logger } = fakeLogger();
    const pool = new EventEmitter();
    const log = new DatabaseOutageLog(logger, 'realtime');
    log.watch(pool as unknown as Pool);
    const client = new EventEmitter();
    pool.emit('connect', client);
    expect(() => client.emit('error', lost())).not.toThrow();
    client.emit('error', new Error('Received unexpected dataRow message from backend.'));
    expect(log.report(new Error('syntax error'))).toBe(false);
    expect(lines.map(([level, message]) => `${level} ${message}`)).toEqual([
      'warn database connection lost; retrying until it is back',
      'warn database connection error',
    ]);
  });
});
