import { DataSource } from 'typeorm';
import { bearer, createOrganization, CreatedOrganization, registerUser, RegisteredUser } from './support/identity';
import { createListing } from './support/listings';
import { expectProblem } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';
import { createSupplier, createTraining, CreatedTraining, registerUsers, sessionBody, Supplier } from './support/training-events';

const LIMIT = 2;

const encode = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');

/**
 * Cursors no endpoint issued, for a (timestamp, id) keyset: not base64, wrong length, numbers
 * and nulls, bad uuid, impossible dates and offsets in both forms services issue
 * (timestamptz::text and ISO UTC to the microsecond), SQL-ish text, 5,000 characters.
 */
function malformedTimeKeysets(id: string): string[] {
  return [
    'not-a-cursor',
    '!!!!',
    encode([]),
    encode(['2026-11-30T08:15:02.123456Z']),
    encode(['2026-11-30T08:15:02.123456Z', id, 'extra']),
    encode([1764490502123, id]),
    encode(['2026-11-30T08:15:02.123456Z', 'not-a-uuid']),
    encode(['2026-11-30T08:15:02.123456Z', null]),
    encode([null, id]),
    encode([null, null]),
    encode(['yesterday', id]),
    encode(['', id]),
    encode(['2026-13-40 25:61:61+00', id]),
    encode(['2026-02-30 08:15:02+00', id]),
    encode(['2026-02-31T08:15:02.123456Z', id]),
    encode(['2026-13-01T08:15:02.123456Z', id]),
    encode(['2026-11-30T24:00:00.000000Z', id]),
    encode(['2026-11-30 08:15:02+99', id]),
    encode(["2026-11-30 08:15:02+00' OR 1=1 --", id]),
    encode(['9'.repeat(5000), id]),
    'A'.repeat(600),
  ];
}

/**
 * Every keyset-paged list: following nextCursor walks each row once, in the database's
 * order (ties within one microsecond broken by id), and a cursor the API did not issue is a
 * 400 problem+json naming `cursor`, never a 500, a generic 400 or an empty 200 page.
 */
describe('pagination: following and forging cursors', () => {
  let t: TestApp;
  let db: DataSource;
  let buyerUser: RegisteredUser;
  let sellerUser: RegisteredUser;
  let buyer: CreatedOrganization;
  let seller: CreatedOrganization;
  let supplier: Supplier;
  let trainings: CreatedTraining[];
  let learners: RegisteredUser[];

  const get = (path: string, token?: string) => {
    const req = t.http().get(`/api/v1${path}`);
    return token ? req.set(...bearer(token)) : req;
  };
  const ids = async (sql: string, params: unknown[]) => ((await db.query(sql, params)) as Array<{ id: string }>).map((r) => r.id);

  async function walk(path: string, token?: string): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const res = await get(`${path}${sep}limit=${LIMIT}${cursor ? `&cursor=${cursor}` : ''}`, token);
      expect({ path, status: res.status, body: res.status === 200 ? 'ok' : res.body }).toEqual({ path, status: 200, body: 'ok' });
      expect(res.body.items.length).toBeLessThanOrEqual(LIMIT);
      seen.push(...res.body.items.map((i: { id: string }) => i.id));
      cursor = res.body.nextCursor;
      expect(++pages).toBeLessThan(20);
    } while (cursor);
    return seen;
  }

  async function refusesMalformed(path: string, cursors: string[], token?: string): Promise<void> {
    const sep = path.includes('?') ? '&' : '?';
    for (const cursor of cursors) {
      const res = await get(`${path}${sep}cursor=${encodeURIComponent(cursor)}`, token);
      try {
        expectProblem(res, 400, 'cursor');
      } catch (error) {
        throw new Error(`${path} cursor ${cursor.slice(0, 80)}: ${res.status} ${JSON.stringify(res.body)}\n${String(error)}`);
      }
    }
  }

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_REGISTER_PER_IP: '1000' });
    db = t.app.get(DataSource);
    [buyerUser, sellerUser] = await Promise.all([registerUser(t.http), registerUser(t.http)]);
    buyer = await createOrganization(t.http, buyerUser.accessToken, { name: 'Mekong Builders', capabilities: ['buy'] });
    seller = await createOrganization(t.http, sellerUser.accessToken, { name: 'Kampong Leav Kilns' });
    const listing = await createListing(t.http, sellerUser.accessToken, seller.id, { quantity: '1000' });

    // Five orders; four accepted, delivered, confirmed and reviewed by the buyer.
    const offers: string[] = [];
    for (let i = 0; i < 5; i++) {
      const made = await t
        .http()
        .post('/api/v1/offers')
        .set(...bearer(buyerUser.accessToken))
        .send({ kind: 'order', organizationId: buyer.id, listingId: listing.id, quantity: '10' })
        .expect(201);
      offers.push(made.body.id);
    }
    for (const offerId of offers.slice(0, 4)) {
      const { dealId } = (await t.http().post(`/api/v1/offers/${offerId}/accept`).set(...bearer(sellerUser.accessToken)).expect(200)).body;
      await t.http().post(`/api/v1/deals/${dealId}/deliver`).set(...bearer(sellerUser.accessToken)).expect(200);
      await t.http().post(`/api/v1/deals/${dealId}/confirm`).set(...bearer(buyerUser.accessToken)).expect(200);
      await t.http().post(`/api/v1/deals/${dealId}/reviews`).set(...bearer(buyerUser.accessToken)).send({ rating: 4 }).expect(201);
    }
    // Three of each in one microsecond (the id breaks the tie), one a microsecond later.
    const tie = async (table: string, column: string, where: string, param: string) => {
      const rows = await ids(`SELECT id FROM ${table} WHERE ${where} ORDER BY id`, [param]);
      await db.query(`UPDATE ${table} SET ${column} = '2026-11-30 08:15:02.123456+00' WHERE id = ANY($1::uuid[])`, [rows.slice(0, 3)]);
      await db.query(`UPDATE ${table} SET ${column} = '2026-11-30 08:15:02.123457+00' WHERE id = $1`, [rows[3]]);
    };
    await tie('offers', 'created_at', 'buyer_organization_id = $1', buyer.id);
    await tie('deals', 'agreed_at', 'buyer_organization_id = $1', buyer.id);
    await tie('deal_reviews', 'created_at', 'reviewee_organization_id = $1', seller.id);

    // Five trainings, a session each; the first learner registers for all, four more for the first.
    supplier = await createSupplier(t.http);
    trainings = [];
    for (let day = 3; day < 8; day++) {
      trainings.push(await createTraining(t.http, supplier.owner.accessToken, supplier.organization.id, { sessions: [sessionBody(day)] }));
    }
    learners = await registerUsers(t.http, 5);
    const register = (token: string, sessionId: string) =>
      t.http().post(`/api/v1/training-sessions/${sessionId}/registrations`).set(...bearer(token)).send({}).expect(201);
    for (const training of trainings) await register(learners[0]!.accessToken, training.sessions[0]!.id);
    for (const learner of learners.slice(1)) await register(learner.accessToken, trainings[0]!.sessions[0]!.id);
    await tie('training_registrations', 'created_at', 'session_id = $1', trainings[0]!.sessions[0]!.id);
    // Two sessions in the same slot (the id breaks the tie), one a microsecond late.
    await db.query(`UPDATE training_sessions SET (starts_at, ends_at) = (SELECT starts_at, ends_at FROM training_sessions WHERE id = $2) WHERE id = $1`, [
      trainings[2]!.sessions[0]!.id,
      trainings[3]!.sessions[0]!.id,
    ]);
    await db.query(`UPDATE training_sessions SET starts_at = starts_at + interval '1 microsecond' WHERE id = $1`, [trainings[1]!.sessions[0]!.id]);
  });

  afterAll(() => t.close());

  describe('deals', () => {
    it('follows nextCursor through every page', async () => {
      const expected = await ids('SELECT id FROM deals WHERE buyer_organization_id = $1 ORDER BY agreed_at DESC, id DESC', [buyer.id]);
      expect(expected).toHaveLength(4);
      expect(await walk('/deals', buyerUser.accessToken)).toEqual(expected);
      expect(await walk('/deals?status=completed', sellerUser.accessToken)).toEqual(expected);
    });

    it('answers a malformed cursor with 400 naming cursor', async () => {
      const [id] = await ids('SELECT id FROM deals WHERE buyer_organization_id = $1', [buyer.id]);
      await refusesMalformed('/deals', malformedTimeKeysets(id!), buyerUser.accessToken);
    });
  });

  describe('offers', () => {
    it('follows nextCursor through every page', async () => {
      const expected = await ids('SELECT id FROM offers WHERE buyer_organization_id = $1 ORDER BY created_at DESC, id DESC', [buyer.id]);
      expect(expected).toHaveLength(5);
      expect(await walk('/offers', buyerUser.accessToken)).toEqual(expected);
      expect(await walk('/offers', sellerUser.accessToken)).toEqual(expected);
    });

    it('answers a malformed cursor with 400 naming cursor', async () => {
      const [id] = await ids('SELECT id FROM offers WHERE buyer_organization_id = $1', [buyer.id]);
      await refusesMalformed('/offers', malformedTimeKeysets(id!), buyerUser.accessToken);
    });
  });

  describe("an organization's reviews", () => {
    it('follows nextCursor through every page', async () => {
      const expected = await ids('SELECT id FROM deal_reviews WHERE reviewee_organization_id = $1 ORDER BY created_at DESC, id DESC', [seller.id]);
      expect(expected).toHaveLength(4);
      // Only the buyer reviewed, so the reviews are still blind: their author sees them, page by page.
      expect(await walk(`/organizations/${seller.id}/reviews`, buyerUser.accessToken)).toEqual(expected);
      expect(await walk(`/organizations/${seller.id}/reviews`)).toEqual([]);
    });

    it('answers a malformed cursor with 400 naming cursor', async () => {
      const [id] = await ids('SELECT id FROM deal_reviews WHERE reviewee_organization_id = $1', [seller.id]);
      await refusesMalformed(`/organizations/${seller.id}/reviews`, malformedTimeKeysets(id!));
    });
  });

  describe("a session's registrations", () => {
    it('follows nextCursor through every page', async () => {
      const sessionId = trainings[0]!.sessions[0]!.id;
      const expected = await ids('SELECT id FROM training_registrations WHERE session_id = $1 ORDER BY created_at, id', [sessionId]);
      expect(expected).toHaveLength(5);
      expect(await walk(`/training-sessions/${sessionId}/registrations`, supplier.owner.accessToken)).toEqual(expected);
    });

    it('answers a malformed cursor with 400 naming cursor', async () => {
      const sessionId = trainings[0]!.sessions[0]!.id;
      const [id] = await ids('SELECT id FROM training_registrations WHERE session_id = $1', [sessionId]);
      await refusesMalformed(`/training-sessions/${sessionId}/registrations`, malformedTimeKeysets(id!), supplier.owner.accessToken);
    });
  });

  describe("a learner's own registrations", () => {
    it('follows nextCursor through every page', async () => {
      const expected = await ids(
        `SELECT r.id FROM training_registrations r JOIN training_sessions s ON s.id = r.session_id
         WHERE r.user_id = $1 ORDER BY s.starts_at, r.id`,
        [learners[0]!.id],
      );
      expect(expected).toHaveLength(5);
      expect(await walk('/training-registrations', learners[0]!.accessToken)).toEqual(expected);
    });

    it('answers a malformed cursor with 400 naming cursor', async () => {
      const [id] = await ids('SELECT id FROM training_registrations WHERE user_id = $1', [learners[0]!.id]);
      await refusesMalformed('/training-registrations', malformedTimeKeysets(id!), learners[0]!.accessToken);
    });
  });

  describe('trainings search', () => {
    it('follows nextCursor through every page', async () => {
      const all = (await get(`/trainings?organizationId=${supplier.organization.id}&limit=50`).expect(200)).body.items.map((i: { id: string }) => i.id);
      expect(all).toHaveLength(5);
      expect(await walk(`/trainings?organizationId=${supplier.organization.id}`)).toEqual(all);
    });

    it('answers a malformed cursor with 400 naming cursor', async () => {
      await refusesMalformed(`/trainings?organizationId=${supplier.organization.id}`, malformedTimeKeysets(trainings[0]!.id));
    });
  });

  // listings-search.e2e-spec.ts walks every page of each sort.
  describe('listings search', () => {
    it('answers a malformed cursor with 400 naming cursor, newest and windowed sorts', async () => {
      const id = (await ids('SELECT id FROM listings WHERE organization_id = $1', [seller.id]))[0]!;
      const newest = [
        ...malformedTimeKeysets(id),
        ...[
          '2026-02-31T08:15:02.123456Z',
          '2026-13-01T08:15:02.123456Z',
          '2026-11-30T24:00:00.000000Z',
          '2026-11-30 08:15:02+99',
          null,
          1764490502123,
          '9'.repeat(5000),
        ].map((at) => encode(['newest', at, id, null])),
        encode(['newest', '2026-11-30T08:15:02.123456Z', 'not-a-uuid', null]),
        encode(['newest', '2026-11-30T08:15:02.123456Z', null, null]),
        encode([null, null, null, null]),
      ];
      await refusesMalformed('/listings?sort=newest', newest);
      const windowed = ['2026-02-31T08:15:02.123456Z', '2026-11-30T08:15:02.123456+07', null, 'now'].map((end) => encode(['relevance', 0.5, id, end]));
      await refusesMalformed('/listings?sort=relevance&q=roof%20tiles', windowed);
    });
  });

  describe('notifications, conversations, member invitations (the copies now use the platform helper)', () => {
    it('answer a malformed cursor with 400 naming cursor', async () => {
      const bad = malformedTimeKeysets(buyer.id);
      await refusesMalformed('/notifications', bad, buyerUser.accessToken);
      await refusesMalformed('/conversations', bad, buyerUser.accessToken);
      await refusesMalformed(`/organizations/${seller.id}/invitations`, bad, sellerUser.accessToken);
    });
  });
});
