import { DataSource } from 'typeorm';
import { bearer, registerUser } from './support/identity';
import { expectProblem } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';
import { createExhibitor, createOpenFair, createOrganizer, Exhibitor, Organizer, requestStall } from './support/trade-fairs';

const BOOKINGS = 13;
const LIMIT = 4;

/**
 * GET /api/v1/stall-bookings pages by (requested_at, id), newest first. The cursor carries
 * requested_at as Postgres renders it (e.g. "2026-12-02 00:13:21.9+00" on a UTC server):
 * following nextCursor must walk every booking once, in order, whatever the server's zone.
 */
describe('trade fairs: paging an exhibitor\'s stall bookings', () => {
  let t: TestApp;
  let db: DataSource;
  let organizer: Organizer;
  let tiles: Exhibitor;
  let expected: string[];

  const page = (token: string, query: string) => t.http().get(`/api/v1/stall-bookings?organizationId=${tiles.org.id}&${query}`).set(...bearer(token));

  async function walk(token: string, query: string): Promise<{ ids: string[]; pages: number }> {
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await page(token, `${query}${cursor ? `&cursor=${cursor}` : ''}`);
      expect({ status: res.status, body: res.status === 200 ? 'ok' : res.body }).toEqual({ status: 200, body: 'ok' });
      expect(res.body.items.length).toBeLessThanOrEqual(LIMIT);
      ids.push(...res.body.items.map((b: { id: string }) => b.id));
      cursor = res.body.nextCursor;
      pages++;
      expect(pages).toBeLessThan(20);
    } while (cursor);
    return { ids, pages };
  }

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_REGISTER_PER_IP: '1000' });
    db = t.app.get(DataSource);
    organizer = await createOrganizer(t.http);
    tiles = await createExhibitor(t.http);
    // Two fairs, requests made at once: many share a millisecond, some a microsecond (below).
    const first = await createOpenFair(t.http, organizer, { stalls: 8 });
    const second = await createOpenFair(t.http, organizer, { stalls: 8 });
    const stalls = [...first.stalls.map((s) => [first.id, s.id]), ...second.stalls.map((s) => [second.id, s.id])].slice(0, BOOKINGS);
    const made = await Promise.all(stalls.map(([fairId, stallId]) => requestStall(t.http, tiles.user.accessToken, fairId!, stallId!, tiles.org.id)));
    // Three requests in the same microsecond (the id breaks the tie), and one a microsecond
    // later, which a millisecond-precision cursor would skip or repeat.
    const ids = made.map((b) => b.id);
    await db.query(`UPDATE stall_bookings SET requested_at = '2026-11-30 08:15:02.123456+00' WHERE id = ANY($1::uuid[])`, [ids.slice(0, 3)]);
    await db.query(`UPDATE stall_bookings SET requested_at = '2026-11-30 08:15:02.123457+00' WHERE id = $1`, [ids[3]]);
    await db.query(`UPDATE stall_bookings SET requested_at = '2026-11-30 08:15:02.9+00' WHERE id = $1`, [ids[4]]);
    await db.query(`UPDATE stall_bookings SET requested_at = '2026-11-30 08:15:03+00' WHERE id = $1`, [ids[5]]);
    await requestStall(t.http, tiles.user.accessToken, second.id, second.stalls[7]!.id, tiles.org.id).then((b) =>
      db.query(`UPDATE stall_bookings SET status = 'cancelled', cancelled_by_side = 'exhibitor' WHERE id = $1`, [b.id]),
    );
    expected = (
      (await db.query('SELECT id FROM stall_bookings WHERE exhibitor_id = $1 ORDER BY requested_at DESC, id DESC', [tiles.org.id])) as Array<{ id: string }>
    ).map((r) => r.id);
    expect(expected).toHaveLength(BOOKINGS + 1);
  });

  afterAll(() => t.close());

  it('follows nextCursor through every page: each booking once, newest first, no 400', async () => {
    const { ids, pages } = await walk(tiles.user.accessToken, `limit=${LIMIT}`);
    expect(ids).toEqual(expected);
    expect(new Set(ids).size).toBe(ids.length);
    expect(pages).toBe(Math.ceil(expected.length / LIMIT));
  });

  it('pages a status filter the same way', async () => {
    const requested = (
      (await db.query(`SELECT id FROM stall_bookings WHERE exhibitor_id = $1 AND status = 'requested' ORDER BY requested_at DESC, id DESC`, [tiles.org.id])) as Array<{ id: string }>
    ).map((r) => r.id);
    expect(requested).toHaveLength(BOOKINGS);
    const { ids } = await walk(tiles.user.accessToken, `limit=${LIMIT}&status=requested`);
    expect(ids).toEqual(requested);
  });

  it('pages the same with limit=1 for 50 readers at once', async () => {
    const second = await page(tiles.user.accessToken, 'limit=1').expect(200);
    const results = await Promise.all(Array.from({ length: 50 }, () => page(tiles.user.accessToken, `limit=1&cursor=${second.body.nextCursor}`)));
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(200));
    for (const r of results) expect(r.body.items.map((b: { id: string }) => b.id)).toEqual([expected[1]]);
  });

  it("refuses the cursor's page to another organization's user (404, as without a cursor)", async () => {
    const first = await page(tiles.user.accessToken, `limit=${LIMIT}`).expect(200);
    const stranger = await registerUser(t.http);
    expectProblem(await page(stranger.accessToken, `limit=${LIMIT}&cursor=${first.body.nextCursor}`), 404);
  });

  it('answers a malformed cursor with 400 problem+json naming cursor, never 500', async () => {
    const id = expected[0]!;
    const encode = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');
    const bad = [
      'not-a-cursor',
      '!!!!',
      encode([]),
      encode(['2026-11-30 08:15:02.123456+00']),
      encode(['2026-11-30 08:15:02.123456+00', id, 'extra']),
      encode([1764490502123, id]),
      encode(['2026-11-30 08:15:02.123456+00', 'not-a-uuid']),
      encode(['2026-11-30 08:15:02.123456+00', null]),
      encode(['yesterday', id]),
      encode(['', id]),
      encode(['2026-13-40 25:61:61+00', id]),
      encode(['2026-02-30 08:15:02+00', id]),
      encode(['2026-11-30 08:15:02+99', id]),
      encode(["2026-11-30 08:15:02+00' OR 1=1 --", id]),
      encode(['9'.repeat(5000), id]),
      'A'.repeat(600),
    ];
    for (const cursor of bad) {
      const res = await page(tiles.user.accessToken, `limit=${LIMIT}&cursor=${encodeURIComponent(cursor)}`);
      try {
        expectProblem(res, 400, 'cursor');
      } catch (error) {
        throw new Error(`cursor ${cursor.slice(0, 80)}: ${res.status} ${JSON.stringify(res.body)}\n${String(error)}`);
      }
    }
  });

  it('reads a cursor whatever offset Postgres wrote in it (+00, +07, +05:30)', async () => {
    // Cursors issued by a server whose session zone is not UTC carry other offsets.
    const id = expected[5]!;
    for (const [zone, offset] of [['UTC', '+00'], ['Asia/Phnom_Penh', '+07'], ['Asia/Kolkata', '+05:30']] as const) {
      const [{ at }] = (await db.query('SELECT timezone($2, requested_at)::text || $3 AS at FROM stall_bookings WHERE id = $1', [id, zone, offset])) as [{ at: string }];
      const cursor = Buffer.from(JSON.stringify([at, id])).toString('base64url');
      const res = await page(tiles.user.accessToken, `limit=${LIMIT}&cursor=${cursor}`);
      expect({ zone, at, status: res.status }).toEqual({ zone, at, status: 200 });
      expect(res.body.items.map((b: { id: string }) => b.id)).toEqual(expected.slice(6, 6 + LIMIT));
    }
  });
});
