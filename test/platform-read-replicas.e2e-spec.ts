/**
 * Read replicas (DATABASE_REPLICA_URLS, ReadReplicas): a real streaming replica, no Docker.
 *
 * This file runs its own primary and replica, whether or not DATABASE_URL is set: an embedded
 * Postgres (own-postgres.ts) and a hot standby of it made on this machine as pg_basebackup -R
 * would (EmbeddedPostgres.createStandbyOf: pg_backup_start/pg_backup_stop and a copy of the
 * data folder, then standby.signal, primary_conninfo and a replication slot). The shared test
 * server is not used for the replica because it cannot always serve one: DATABASE_URL's server
 * may refuse replication connections (the Debian Postgres here has no `replication` line in
 * pg_hba.conf, and must not be reconfigured), its data folder may be out of reach, and its
 * major version need not match the embedded binaries; and a replica of the shared server would
 * stream every other test file's databases too, and stopping it is part of this test. The
 * app code under test is the same either way: it is given a primary URL and a replica URL.
 *
 * Which server answered is seen from the outside: the replica's own statistics
 * (pg_stat_user_tables counts the scans run on that server), and, with the replica's WAL replay
 * paused, rows only the primary has.
 */
import { ReadReplicas, type ReplicaState } from '@psar/platform';
import { Client } from 'pg';
import { withDatabase } from './support/database-url';
import { createOrganization, registerUser, type CreatedOrganization, type RegisteredUser, bearer } from './support/identity';
import { createDemand, createListing, type CreatedListing } from './support/listings';
import { startOwnPostgres, type OwnPostgres } from './support/own-postgres';
import { eventually } from './support/problem';
import { createTestApp, type TestApp } from './support/test-app';

// Small, so the lagging case below does not take long; the default is 10 s.
const MAX_LAG_SECONDS = 6;
const CHECK_MS = 200;
const METRICS_TOKEN = 'metrics-token-for-the-read-replicas-0123456789';

jest.setTimeout(240_000);

describe('read replicas', () => {
  let server: OwnPostgres;
  let t: TestApp;
  /** A second API process on the same primary and replica, as behind a load balancer. */
  let other: TestApp;
  let replicas: ReadReplicas;
  let primary: Client;
  let replica: Client;
  let replicaUrl: string;
  let seller: RegisteredUser;
  let sellerOrg: CreatedOrganization;
  let buyer: RegisteredUser;
  let buyerOrg: CreatedOrganization;
  let listing: CreatedListing;
  let demand: CreatedListing;

  const connect = async (url: string) => {
    const client = new Client({ connectionString: url });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  };
  const state = (): ReplicaState => replicas.status()[0]!.state;
  const served = (): number => replicas.status()[0]!.served;
  /** Scans of `listings` run on the replica itself (flushed by its backends about once a second). */
  const replicaScans = async (): Promise<number> => {
    const { rows } = await replica.query<{ scans: string }>(
      `SELECT (coalesce(seq_scan, 0) + coalesce(idx_scan, 0))::text AS scans FROM pg_stat_user_tables WHERE relname = 'listings'`,
    );
    return Number(rows[0]!.scans);
  };
  /** The replica has replayed all the primary has written so far. */
  const replicaCaughtUp = async () => {
    const { rows: [p] } = await primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
    await eventually(async () => {
      const { rows: [r] } = await replica.query<{ behind: boolean }>('SELECT pg_last_wal_replay_lsn() < $1::pg_lsn AS behind', [p!.lsn]);
      if (r!.behind) throw new Error('the replica is behind');
    }, 30_000);
  };
  const until = (wanted: ReplicaState, timeoutMs = 30_000) =>
    eventually(async () => expect(state()).toBe(wanted), timeoutMs, 50);
  const search = (word: string, token?: string) => {
    const req = t.http().get('/api/v1/listings').query({ q: word });
    return token ? req.set(...bearer(token)) : req;
  };
  const ids = (body: { items: Array<{ id: string }> }) => body.items.map((i) => i.id);

  beforeAll(async () => {
    server = await startOwnPostgres();
    const database = await server.createDatabase('psar_read_replicas');
    replicaUrl = withDatabase(await server.startStandby(), database.name);
    const settings = {
      DATABASE_REPLICA_URLS: replicaUrl,
      DATABASE_REPLICA_MAX_LAG_SECONDS: String(MAX_LAG_SECONDS),
      DATABASE_REPLICA_CHECK_MS: String(CHECK_MS),
      DB_CONNECTION_TIMEOUT_MS: '1000',
      METRICS_TOKEN,
    };
    t = await createTestApp(settings, { database });
    other = await createTestApp({ ...settings, OUTBOX_WORKER: 'false' }, { database });
    replicas = t.app.get(ReadReplicas);
    primary = await connect(database.url);
    replica = await connect(replicaUrl);

    seller = await registerUser(t.http);
    sellerOrg = await createOrganization(t.http, seller.accessToken);
    listing = await createListing(t.http, seller.accessToken, sellerOrg.id, { title: 'Kampot glazed ridge tiles' });
    buyer = await registerUser(t.http);
    buyerOrg = await createOrganization(t.http, buyer.accessToken, { capabilities: ['buy'], provinceCode: 'KH-12' });
    demand = await createDemand(t.http, buyer.accessToken, buyerOrg.id);
    await replicaCaughtUp();
    await until('healthy');
    await eventually(async () => expect(other.app.get(ReadReplicas).status()[0]!.state).toBe('healthy'), 30_000, 50);
  });

  afterAll(async () => {
    await replica?.query('SELECT pg_wal_replay_resume()').catch(() => undefined);
    await Promise.all([primary?.end(), replica?.end().catch(() => undefined)]);
    await other?.close({ keepDatabase: true });
    await t?.close();
    await server?.destroy();
  });

  it('is a real hot standby, and the routing reaches it', async () => {
    const ready = await t.http().get('/health/ready').expect(200);
    expect(ready.body.info.readReplicas.replicas).toEqual([expect.objectContaining({ state: 'healthy', url: expect.stringContaining('***@127.0.0.1') })]);
    const metrics = await t.http().get('/metrics').set(...bearer(METRICS_TOKEN)).expect(200);
    expect(metrics.text).toMatch(/^psar_read_replica_in_use\{replica="replica-1"\} 1$/m);
    expect(metrics.text).toMatch(/^psar_read_replica_lag_seconds\{replica="replica-1"\} [\d.]+$/m);
    const { rows } = await replica.query<{ standby: boolean }>('SELECT pg_is_in_recovery() AS standby');
    expect(rows[0]!.standby).toBe(true);
    const [seen] = await replicas.query<{ standby: boolean }>('SELECT pg_is_in_recovery() AS standby');
    expect(seen!.standby).toBe(true);
    // Someone who just wrote is sent to the primary.
    const [own] = await replicas.query<{ standby: boolean }>('SELECT pg_is_in_recovery() AS standby', [], { reader: { id: seller.id } });
    expect(own!.standby).toBe(false);
  });

  it('serves a public search from the replica: its own statistics count the scan', async () => {
    const before = await replicaScans();
    const servedBefore = served();
    const res = await search('glazed').expect(200);
    expect(ids(res.body)).toContain(listing.id);
    expect(served()).toBeGreaterThan(servedBefore);
    await eventually(async () => expect(await replicaScans()).toBeGreaterThan(before), 10_000, 200);
  });

  it('a writer sees their own write at once while the replica has not replayed it; others see it later', async () => {
    await replica.query('SELECT pg_wal_replay_pause()');
    await eventually(async () => {
      const { rows } = await replica.query<{ state: string }>('SELECT pg_get_wal_replay_pause_state() AS state');
      expect(rows[0]!.state).toBe('paused');
    });
    const fresh = await createListing(t.http, seller.accessToken, sellerOrg.id, { title: 'Takeo unglazed ridge tiles' });
    // Anonymous: the replica answers (within the lag bound), and it has not replayed the listing.
    await t.http().get(`/api/v1/listings/${fresh.id}`).expect(404);
    expect(ids((await search('unglazed').expect(200)).body)).not.toContain(fresh.id);
    // The writer reads the primary: the listing, and it in their search.
    await t.http().get(`/api/v1/listings/${fresh.id}`).set(...bearer(seller.accessToken)).expect(200);
    expect(ids((await search('unglazed', seller.accessToken).expect(200)).body)).toContain(fresh.id);
    // So does another API process, which heard of the write (NOTIFY) before the response left.
    await other.http().get(`/api/v1/listings/${fresh.id}`).set(...bearer(seller.accessToken)).expect(200);
    await other.http().get(`/api/v1/listings/${fresh.id}`).expect(404);

    // Paused past the bound, the replica is skipped: everyone reads the primary.
    await until('lagging', (MAX_LAG_SECONDS + 10) * 1000);
    expect(replicas.status()[0]!.lagMs).toBeGreaterThan(MAX_LAG_SECONDS * 1000);
    const servedWhileLagging = served();
    await t.http().get(`/api/v1/listings/${fresh.id}`).expect(200);
    expect(ids((await search('unglazed').expect(200)).body)).toContain(fresh.id);
    expect(served()).toBe(servedWhileLagging);

    // Replay resumes: the replica catches up and is used again.
    await replica.query('SELECT pg_wal_replay_resume()');
    await until('healthy');
    const servedAgain = served();
    await t.http().get(`/api/v1/listings/${fresh.id}`).expect(200);
    expect(served()).toBeGreaterThan(servedAgain);
  });

  it('with the replica stopped every public path answers from the primary; restarted, it is used again', async () => {
    const anonymous = [
      '/api/v1/listings?q=glazed',
      `/api/v1/listings/${listing.id}`,
      '/api/v1/demands',
      `/api/v1/demands/${demand.id}`,
      `/api/v1/organizations/${sellerOrg.id}`,
      '/api/v1/market-prices',
      '/api/v1/trainings',
      '/api/v1/events',
      '/api/v1/trade-fairs',
    ];
    const own: Array<[string, string]> = [
      [`/api/v1/listings/${listing.id}/matches`, seller.accessToken],
      [`/api/v1/demands/${demand.id}/matches`, buyer.accessToken],
    ];
    const everyPath = async () => {
      for (const path of anonymous) {
        const res = await t.http().get(path);
        expect([path, res.status]).toEqual([path, 200]);
      }
      for (const [path, token] of own) {
        const res = await t.http().get(path).set(...bearer(token));
        expect([path, res.status]).toEqual([path, 200]);
      }
    };
    // With the replica up, the anonymous ones are served there.
    const servedBefore = served();
    await everyPath();
    expect(served()).toBeGreaterThanOrEqual(servedBefore + anonymous.length);

    await server.stopStandby();
    // At once, before a health check has noticed: a read that fails there is answered by the primary.
    await everyPath();
    await until('down');
    await everyPath();

    await server.restartStandby();
    await until('healthy', 60_000);
    const servedRestarted = served();
    const res = await search('glazed').expect(200);
    expect(ids(res.body)).toContain(listing.id);
    expect(served()).toBeGreaterThan(servedRestarted);
  });
});
