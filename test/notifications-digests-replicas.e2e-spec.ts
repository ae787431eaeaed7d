import { DigestItem, DigestWriter } from '@psar/messaging/notifications/digest-writer';
import { randomUUID } from 'node:crypto';
import { OutboxBacklogService } from '@psar/platform';
import { DataSource } from 'typeorm';
import { bearer, createOrganization, registerUser } from './support/identity';
import { createDemand, createListing } from './support/listings';
import { eventually } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Two app instances on one database, both running the outbox worker (as two replicas do):
 * their workers deliver batches of the same burst side by side and meet on the same digests.
 */
jest.setTimeout(180_000);

describe('notifications: digests across two delivering replicas', () => {
  let a: TestApp;
  let b: TestApp;
  const drained = () => eventually(async () => expect((await a.app.get(OutboxBacklogService).read()).waiting).toBe(0), 120_000, 250);

  beforeAll(async () => {
    a = await createTestApp({ RATE_LIMIT_REGISTER_PER_IP: '1000' });
    b = await createTestApp({ RATE_LIMIT_REGISTER_PER_IP: '1000' }, { database: a.db });
  });

  afterAll(async () => {
    await b.close({ keepDatabase: true });
    await a.close();
  });

  it('count each match once, one digest per demand', async () => {
    const db = a.app.get(DataSource);
    const writesOn = [jest.spyOn(a.app.get(DigestWriter), 'write'), jest.spyOn(b.app.get(DigestWriter), 'write')];
    const buyerUser = await registerUser(a.http);
    const buyer = await createOrganization(a.http, buyerUser.accessToken, { name: 'Mekong Builders', capabilities: ['buy'], provinceCode: 'KH-12' });
    for (let i = 0; i < 10; i++) await createDemand(a.http, buyerUser.accessToken, buyer.id, { quantity: String(4000 + i * 2500) });
    // The demands' events delivered before any listing exists: a demand whose event came late
    // would announce the listings already posted to their sellers, and the buyer would not hear of those pairs.
    await drained();
    const sellers = await Promise.all(
      Array.from({ length: 6 }, async (_, k) => {
        const http = k % 2 === 0 ? a.http : b.http;
        const user = await registerUser(http);
        return { http, user, org: await createOrganization(http, user.accessToken, { name: `Kiln ${k + 1}` }) };
      }),
    );
    await Promise.all(
      sellers.map(async (s, k) => {
        for (let i = 0; i < 15; i++) {
          await createListing(s.http, s.user.accessToken, s.org.id, { title: `Kiln ${k + 1} tiles ${i + 1}`, quantity: String(2000 + ((k * 15 + i) * 1499) % 30000) });
        }
      }),
    );
    await drained();

    // Both replicas took part in writing the digests.
    for (const writes of writesOn) expect(writes.mock.calls.filter(([items]) => items.length > 0).length).toBeGreaterThan(0);
    const pairs = new Map(
      ((await db.query(
        `SELECT m.demand_id, count(*)::int AS n FROM match_notifications m JOIN demands d ON d.id = m.demand_id
         WHERE d.organization_id = $1 AND m.notified_organization_id = $1 GROUP BY m.demand_id`,
        [buyer.id],
      )) as Array<{ demand_id: string; n: number }>).map((r) => [r.demand_id, r.n]),
    );
    const feed = (await a.http().get('/api/v1/notifications?limit=100').set(...bearer(buyerUser.accessToken)).expect(200)).body.items as Array<{
      kind: string;
      count: number;
      data: { demandId: string };
    }>;
    const digests = feed.filter((n) => n.kind === 'match.listing_for_your_demand');
    expect(digests).toHaveLength(pairs.size);
    expect(pairs.size).toBeGreaterThan(1);
    for (const digest of digests) expect(digest.count).toBe(pairs.get(digest.data.demandId));
    const [{ n: items }] = await db.query(
      `SELECT count(*)::int AS n FROM notification_digest_items WHERE user_id = $1 AND kind = 'match.listing_for_your_demand'`,
      [buyerUser.id],
    );
    expect(items).toBe([...pairs.values()].reduce((s, n) => s + n, 0));
  });

  it('two writers at once, overlapping and repeating events, count each (event, user, kind) once; a read digest is followed by a new one', async () => {
    const db = a.app.get(DataSource);
    const writers = [a.app.get(DigestWriter), b.app.get(DigestWriter)];
    const user = await registerUser(a.http);
    const kind = 'probe.burst';
    const item = (eventId: string, key = 'k'): DigestItem => ({
      eventId,
      userId: user.id,
      kind,
      title: `event ${eventId}`,
      body: null,
      data: { key },
      digest: { key, label: `item ${eventId}`, summarize: ({ count }) => ({ title: `${count} events`, data: { key } }) },
    });
    const events = Array.from({ length: 60 }, () => randomUUID());
    const digest = async (key: string) =>
      (await db.query(
        `SELECT n.id, n.item_count, n.read_at, (SELECT count(*)::int FROM notification_digest_items i WHERE i.notification_id = n.id) AS items
         FROM notifications n WHERE n.user_id = $1 AND n.kind = $2 AND n.digest_key = $3 ORDER BY n.created_at, n.id`,
        [user.id, kind, key],
      )) as Array<{ id: string; item_count: number; read_at: Date | null; items: number }>;

    // Rounds of six writes on the two replicas' pools at once: overlapping slices of the same
    // events, a batch handed to both at once (as an expired job is), and a batch repeating an event.
    for (let round = 0; round < 5; round++) {
      const fresh = events.slice(round * 12, round * 12 + 12);
      const seen = events.slice(0, round * 12 + 12);
      await Promise.all([
        writers[0]!.write(fresh.slice(0, 8).map((e) => item(e))),
        writers[1]!.write(fresh.slice(4).map((e) => item(e))),
        writers[0]!.write(fresh.map((e) => item(e))),
        writers[1]!.write(fresh.map((e) => item(e))),
        writers[0]!.write([...seen, ...seen].map((e) => item(e))),
        writers[1]!.write(fresh.slice(2, 6).map((e) => item(e))),
      ]);
      const [open] = await digest('k');
      expect(open).toMatchObject({ item_count: (round + 1) * 12, items: (round + 1) * 12, read_at: null });
    }

    // Read: events already counted add nothing; new ones start a new digest, written side by side too.
    const [read] = await digest('k');
    await a.http().post(`/api/v1/notifications/${read!.id}/read`).set(...bearer(user.accessToken)).expect(200);
    const later = Array.from({ length: 10 }, () => randomUUID());
    await Promise.all([
      writers[0]!.write([...events.slice(50), ...later.slice(0, 7)].map((e) => item(e))),
      writers[1]!.write([...later.slice(3), ...events.slice(0, 5)].map((e) => item(e))),
      writers[0]!.write(later.map((e) => item(e))),
      writers[1]!.write(later.map((e) => item(e))),
    ]);
    const [old, current, ...more] = await digest('k');
    expect(more).toHaveLength(0);
    expect(old).toMatchObject({ id: read!.id, item_count: 60, items: 60 });
    expect(old!.read_at).not.toBeNull();
    expect(current).toMatchObject({ item_count: 10, items: 10, read_at: null });
  });

  it('an event that already has a notification of its own (from before digests) is left out, not a failed delivery', async () => {
    const db = a.app.get(DataSource);
    const writer = a.app.get(DigestWriter);
    const user = await registerUser(a.http);
    const kind = 'probe.upgrade';
    const item = (eventId: string): DigestItem => ({
      eventId,
      userId: user.id,
      kind,
      title: `event ${eventId}`,
      body: null,
      data: { key: 'k' },
      digest: { key: 'k', label: `item ${eventId}`, summarize: ({ count }) => ({ title: `${count} events`, data: { key: 'k' } }) },
    });
    const [old, fresh] = [randomUUID(), randomUUID()];
    // As the one-notification-per-event handler wrote it before the upgrade; the event is then redelivered.
    await db.query(`INSERT INTO notifications (event_id, user_id, kind, title, data) VALUES ($1, $2, $3, 'old', '{}')`, [old, user.id, kind]);
    await writer.write([item(old), item(fresh)]);
    const rows = (await db.query(`SELECT digest_key, item_count FROM notifications WHERE user_id = $1 AND kind = $2 ORDER BY digest_key NULLS FIRST`, [
      user.id,
      kind,
    ])) as Array<{ digest_key: string | null; item_count: number }>;
    expect(rows).toEqual([
      { digest_key: null, item_count: expect.any(Number) },
      { digest_key: 'k', item_count: 1 },
    ]);
  });
});
