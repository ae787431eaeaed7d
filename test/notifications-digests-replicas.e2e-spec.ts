import { DigestWriter } from '@psar/messaging/notifications/digest-writer';
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
    await eventually(async () => expect((await a.app.get(OutboxBacklogService).read()).waiting).toBe(0), 120_000, 250);

    // Both replicas took part in writing the digests.
    for (const writes of writesOn) expect(writes.mock.calls.filter(([items]) => items.length > 0).length).toBeGreaterThan(0);
    const pairs = new Map(
      ((await db.query(
        `SELECT m.demand_id, count(*)::int AS n FROM match_notifications m JOIN demands d ON d.id = m.demand_id
         WHERE d.organization_id = $1 GROUP BY m.demand_id`,
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
});
