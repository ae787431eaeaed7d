import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import { RealtimeConnections } from '@psar/messaging/realtime/realtime-connections';
import { OutboxService } from '@psar/platform';
import type { Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { registerUser } from './support/identity';
import { connectSocket, listen, messageReaches, quietFor, startConversation } from './support/messaging';
import { startOwnPostgres, OwnPostgres } from './support/own-postgres';
import { requestLoop } from './support/request-loop';
import { eventually } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';

const SLOW_EVENT = 'probe.slow';
// Small, so the bound below means something; the pools' own default is 3 s.
const CONNECTION_TIMEOUT_MS = 1500;
// Slack for a loaded 2-core machine on top of the connection timeout.
const SLACK_MS = 1500;

/** An outbox handler slow enough for the database to go away while a delivery is in flight. */
@Injectable()
class SlowHandler implements OnModuleInit {
  static runs: string[] = [];

  constructor(private readonly outbox: OutboxService) {}

  onModuleInit(): void {
    this.outbox.subscribe(SLOW_EVENT, 'probe-slow', async (event) => {
      SlowHandler.runs.push(event.id);
      await quietFor(1500);
    });
  }
}

@Module({ providers: [SlowHandler] })
class SlowHandlerModule {}

/**
 * A real restart of the database server under two running apps (two replicas: A works the
 * outbox, B does not), as a managed database's maintenance or failover does it: a fast
 * shutdown that cuts every session, then the server back 8 s later. The server is this
 * file's own embedded Postgres, never the shared one. The apps run in the jest process so the
 * test can look inside them (a delivery in flight, the pools); the same restart under load on
 * two API processes is platform-database-restart-processes.e2e-spec.ts.
 */
describe('platform: the database restarts under the API', () => {
  let server: OwnPostgres;
  let a: TestApp;
  let b: TestApp;
  let urlA: string;
  let urlB: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    server = await startOwnPostgres();
    const database = await server.createDatabase('psar_restart');
    const overrides = { DB_CONNECTION_TIMEOUT_MS: String(CONNECTION_TIMEOUT_MS) };
    a = await createTestApp(overrides, { database, imports: [SlowHandlerModule] });
    b = await createTestApp({ ...overrides, OUTBOX_WORKER: 'false' }, { database });
    [urlA, urlB] = [await listen(a.app), await listen(b.app)];
  }, 180_000);

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await b?.close();
    await a?.close();
    await server?.destroy();
  }, 60_000);

  const recordSlowEvent = (n: number): Promise<string> =>
    a.app.get(DataSource).transaction((manager) => a.app.get(OutboxService).record(manager, SLOW_EVENT, { n }));

  it('answers 503 problem+json while it is away, serves again within 10 s of its return, and delivers what was pending', async () => {
    const [buyer, seller] = await Promise.all([registerUser(a.http), registerUser(b.http)]);
    const conversationId = (await startConversation(a.http, buyer.accessToken, { participants: [{ userId: seller.id }] })).id;
    const [buyerOnA, sellerOnB] = await Promise.all([connectSocket(urlA, buyer.accessToken), connectSocket(urlB, seller.accessToken)]);
    sockets.push(buyerOnA, sellerOnB);

    const listings = requestLoop(() => ({ label: 'search', url: `${urlA}/api/v1/listings` }), 200);
    await quietFor(1000);

    // One outbox event whose delivery is in flight when the database goes, one waiting behind it.
    const inFlight = await recordSlowEvent(1);
    await eventually(async () => expect(SlowHandler.runs).toContain(inFlight), 10_000, 20);
    const waiting = await recordSlowEvent(2);

    await server.stop();
    const stoppedAt = Date.now();
    const readyWhileAway = await fetch(`${urlA}/health/ready`);
    expect({ status: readyWhileAway.status, type: readyWhileAway.headers.get('content-type') }).toEqual({
      status: 503,
      type: expect.stringContaining('application/problem+json'),
    });
    await quietFor(8000);
    const restartAt = Date.now();
    await server.start();
    const backAt = Date.now();

    // Serving again within 10 s of the database's return, then steadily.
    await eventually(async () => expect(listings.samples.some((s) => s.startedAt >= backAt && s.status === 200)).toBe(true), 10_000);
    const firstOk = listings.samples.find((s) => s.startedAt >= backAt && s.status === 200)!;
    expect(firstOk.startedAt + firstOk.ms - backAt).toBeLessThan(10_000);
    await quietFor(2000);
    await listings.stop();
    const ready = await fetch(`${urlA}/health/ready`);
    expect(ready.status).toBe(200);

    // The process answered every request, and each one made while the database was away was
    // a quick 503 problem+json with Retry-After.
    expect(listings.samples.filter((s) => s.status === 0)).toEqual([]);
    const away = listings.samples.filter((s) => s.startedAt >= stoppedAt && s.startedAt + s.ms <= restartAt);
    expect(away.length).toBeGreaterThanOrEqual(5);
    for (const sample of away) {
      expect(sample).toMatchObject({ status: 503, contentType: expect.stringContaining('application/problem+json'), retryAfter: expect.any(String) });
      expect(sample.ms).toBeLessThan(CONNECTION_TIMEOUT_MS + SLACK_MS);
    }
    expect(listings.samples.filter((s) => s.startedAt >= firstOk.startedAt && s.status !== 200)).toEqual([]);

    // The outbox worker went on: the delivery cut by the outage ran again, the waiting one ran.
    const delivered = async (id: string) =>
      ((await a.app.get(DataSource).query('SELECT delivered_at FROM outbox_events WHERE id = $1', [id])) as Array<{ delivered_at: Date | null }>)[0]?.delivered_at;
    await eventually(async () => {
      expect(await delivered(inFlight)).toBeTruthy();
      expect(await delivered(waiting)).toBeTruthy();
    }, 30_000, 250);
    expect(SlowHandler.runs.filter((id) => id === inFlight).length).toBeGreaterThanOrEqual(2);

    // Both adapters LISTEN again: a message sent on one replica reaches a socket on the other.
    // The adapter retries its LISTEN every 1-3 s, so a message may miss the moment (clients
    // recover those through GET /sync): try until one crosses.
    await eventually(() => messageReaches(b.http, seller.accessToken, conversationId, buyerOnA), 15_000, 0);
    await eventually(() => messageReaches(a.http, buyer.accessToken, conversationId, sellerOnB), 15_000, 0);

    // The dead LISTEN connection went back to the pool: one client held (the new LISTEN), not two.
    for (const app of [a, b]) {
      const pool = app.app.get(RealtimeConnections, { strict: false }).pool;
      await eventually(async () => expect(pool.totalCount - pool.idleCount).toBe(1), 5000);
    }
  }, 120_000);
});
