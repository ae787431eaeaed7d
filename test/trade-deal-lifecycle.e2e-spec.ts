import { Clock, ScheduledJobsService } from '@psar/platform';
import { DEAL_AUTO_CANCEL_JOB, DEAL_AUTO_CONFIRM_JOB, DEAL_DELIVERY_REMINDER_JOB, DEAL_DISPUTE_ESCALATION_JOB, ReputationService } from '@psar/trade';
import { DataSource } from 'typeorm';
import { bearer, createOrganization, CreatedOrganization, registerUser, RegisteredUser } from './support/identity';
import { createListing, CreatedListing, daysFromNow } from './support/listings';
import { eventually, expectProblem } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';

const DAY = 86_400_000;

/** A clock the test moves: null is the real time. */
class TestClock extends Clock {
  at: Date | null = null;
  override now(): Date {
    return this.at ?? new Date();
  }
}

describe('trade: deals delivered, disputed and moved on by timers (issue 18)', () => {
  let t: TestApp;
  let db: DataSource;
  let jobs: ScheduledJobsService;
  const clock = new TestClock();
  let buyerUser: RegisteredUser;
  let sellerUser: RegisteredUser;
  let outsiderUser: RegisteredUser;
  let adminUser: RegisteredUser;
  let buyer: CreatedOrganization;
  let seller: CreatedOrganization;

  const as = (user: RegisteredUser) => bearer(user.accessToken);
  const post = (user: RegisteredUser, path: string, body?: object) => {
    const req = t.http().post(`/api/v1${path}`).set(...as(user));
    return body === undefined ? req : req.send(body);
  };
  const get = (user: RegisteredUser, path: string) => t.http().get(`/api/v1${path}`).set(...as(user));
  const remaining = async (listingId: string) => ((await db.query('SELECT quantity_remaining::text AS q FROM listings WHERE id = $1', [listingId]))[0] as { q: string }).q;
  const listingStatus = async (listingId: string) => ((await db.query('SELECT status FROM listings WHERE id = $1', [listingId]))[0] as { status: string }).status;
  const events = async (type: string, dealId: string) =>
    Number(((await db.query(`SELECT count(*)::int AS n FROM outbox_events WHERE type = $1 AND payload->>'dealId' = $2`, [type, dealId]))[0] as { n: number }).n);

  /** The buyer orders from the listing, the seller accepts: the deal's id. */
  async function agreedDeal(listing: CreatedListing, quantity: string, extra: object = {}): Promise<string> {
    const offer = await post(buyerUser, '/offers', { kind: 'order', organizationId: buyer.id, listingId: listing.id, quantity, ...extra }).expect(201);
    return ((await post(sellerUser, `/offers/${offer.body.id}/accept`).expect(200)).body as { dealId: string }).dealId;
  }

  beforeAll(async () => {
    t = await createTestApp({ DEAL_DELIVERY_TOLERANCE_PERCENT: '20', DEAL_AUTO_CANCEL_DAYS: '7', DEAL_AUTO_CONFIRM_DAYS: '3', DEAL_DELIVERY_REMINDER_HOURS: '24' }, {
      overrides: [{ provide: Clock, useValue: clock }],
    });
    db = t.app.get(DataSource);
    jobs = t.app.get(ScheduledJobsService);
    [buyerUser, sellerUser, outsiderUser, adminUser] = await Promise.all([1, 2, 3, 4].map(() => registerUser(t.http)));
    buyer = await createOrganization(t.http, buyerUser.accessToken, { name: 'Phnom Penh Meat Traders', capabilities: ['buy'], provinceCode: 'KH-12', valueChains: ['swine'] });
    seller = await createOrganization(t.http, sellerUser.accessToken, { name: 'Svay Rieng Pig Farm', valueChains: ['swine', 'aquaculture'] });
    await createOrganization(t.http, outsiderUser.accessToken, { name: 'Outsider Traders', capabilities: ['buy', 'sell'] });
    // Platform admins are made from the CLI only (makeAdmin); the flag is what it sets.
    await db.query('UPDATE users SET is_admin = true WHERE id = $1', [adminUser.id]);
  });

  afterEach(() => {
    clock.at = null;
  });

  afterAll(() => t.close());

  it('a 100-head pig order delivered as 96 head recomputes the total and returns 4 head to the listing once, even when two delivery calls race', async () => {
    const pigs = await createListing(t.http, sellerUser.accessToken, seller.id, {
      productCode: 'live_pig',
      title: 'Fattened pigs, 95–110 kg',
      quantity: '100',
      unit: 'head',
      price: { amount: '1250000', currency: 'KHR' },
      qualityGrade: undefined,
    });
    const dealId = await agreedDeal(pigs, '100');
    expect(await remaining(pigs.id)).toBe('0.000');
    expect(await listingStatus(pigs.id)).toBe('sold_out');
    const agreed = (await get(buyerUser, `/deals/${dealId}`).expect(200)).body;
    expect(agreed).toMatchObject({ status: 'agreed', lines: [{ lineNo: 1, quantity: '100', deliveredQuantity: null }], totals: [{ amount: '125000000.00', currency: 'KHR' }] });
    expect(agreed.actions).toEqual(['cancel']);
    expect((await get(sellerUser, `/deals/${dealId}`).expect(200)).body.actions.sort()).toEqual(['cancel', 'deliver']);

    const race = await Promise.all([1, 2].map(() => post(sellerUser, `/deals/${dealId}/deliver`, { lines: [{ lineNo: 1, deliveredQuantity: '96' }] })));
    expect(race.map((r) => r.status).sort()).toEqual([200, 409]);
    expectProblem(race.find((r) => r.status === 409)!, 409);
    expect(await remaining(pigs.id)).toBe('4.000');
    // The 4 head are for sale again.
    expect(await listingStatus(pigs.id)).toBe('active');
    const delivered = (await get(buyerUser, `/deals/${dealId}`).expect(200)).body;
    expect(delivered).toMatchObject({
      status: 'delivered',
      quantity: '100',
      deliveredQuantity: '96',
      lines: [{ lineNo: 1, quantity: '100', deliveredQuantity: '96' }],
      agreedTotals: [{ amount: '125000000.00', currency: 'KHR' }],
      totals: [{ amount: '120000000.00', currency: 'KHR' }],
    });
    expect(delivered.actions.sort()).toEqual(['confirm', 'dispute']);
    expect(await events('deal.delivered', dealId)).toBe(1);
    // A later cancel or delivery changes nothing.
    expectProblem(await post(sellerUser, `/deals/${dealId}/deliver`), 409);
    expectProblem(await post(buyerUser, `/deals/${dealId}/cancel`), 409);
    await post(buyerUser, `/deals/${dealId}/confirm`).expect(200);
    expect(await remaining(pigs.id)).toBe('4.000');
  });

  it('pork by its actual weight: a decimal delivered quantity, the total exact to the riel', async () => {
    const pork = await createListing(t.http, sellerUser.accessToken, seller.id, { productCode: 'pork', title: 'Pork sides', quantity: '1000', unit: 'kg', price: { amount: '9800', currency: 'KHR' }, qualityGrade: undefined });
    const dealId = await agreedDeal(pork, '500');
    const res = await post(sellerUser, `/deals/${dealId}/deliver`, { lines: [{ lineNo: 1, deliveredQuantity: '487.35' }] }).expect(200);
    // 487.35 × 9,800 = 4,776,030.00
    expect(res.body).toMatchObject({ deliveredQuantity: '487.35', totals: [{ amount: '4776030.00', currency: 'KHR' }] });
    expect(await remaining(pork.id)).toBe('512.650');
    // An omitted line is delivered as agreed, and a body is optional.
    const other = await agreedDeal(pork, '10');
    expect((await post(sellerUser, `/deals/${other}/deliver`).expect(200)).body).toMatchObject({ deliveredQuantity: '10', lines: [{ deliveredQuantity: '10' }] });
  });

  it('refuses bad delivery bodies with 400 problem+json naming the field, and changes nothing', async () => {
    const pigs = await createListing(t.http, sellerUser.accessToken, seller.id, { productCode: 'live_pig', title: 'Pigs', quantity: '200', unit: 'head', price: { amount: '1200000', currency: 'KHR' }, qualityGrade: undefined });
    const dealId = await agreedDeal(pigs, '100');
    const deliver = (body: object) => post(sellerUser, `/deals/${dealId}/deliver`, body);
    expectProblem(await deliver({ lines: [{ lineNo: 1, deliveredQuantity: '-5' }] }), 400, 'lines[0].deliveredQuantity');
    expectProblem(await deliver({ lines: [{ lineNo: 1, deliveredQuantity: -5 }] }), 400, 'lines[0].deliveredQuantity');
    expectProblem(await deliver({ lines: [{ lineNo: 0, deliveredQuantity: '96' }] }), 400, 'lines[0].lineNo');
    expectProblem(await deliver({ lines: [{ lineNo: 2, deliveredQuantity: '96' }] }), 400, 'lines[0].lineNo');
    expectProblem(await deliver({ lines: [{ lineNo: 1, deliveredQuantity: '79' }] }), 400, 'lines[0].deliveredQuantity');
    expectProblem(await deliver({ lines: [{ lineNo: 1, deliveredQuantity: '121' }] }), 400, 'lines[0].deliveredQuantity');
    expectProblem(await deliver({ lines: [{ lineNo: 1, deliveredQuantity: '96.5' }] }), 400, 'lines[0].deliveredQuantity');
    expectProblem(await deliver({ lines: [{ lineNo: 1, deliveredQuantity: '96' }, { lineNo: 1, deliveredQuantity: '97' }] }), 400, 'lines[1].lineNo');
    expectProblem(await deliver({ lines: Array.from({ length: 51 }, () => ({ lineNo: 1, deliveredQuantity: '96' })) }), 400, 'lines');
    expectProblem(await deliver({ lines: 'all of them' }), 400, 'lines');
    expectProblem(await deliver({ lines: [{ lineNo: 1, deliveredQuantity: '96', price: '1' }] }), 400, 'lines[0].price');
    const huge = await t.http().post(`/api/v1/deals/${dealId}/deliver`).set(...as(sellerUser)).set('content-type', 'application/json').send(`{"lines":[${'{"lineNo":1,"deliveredQuantity":"96"},'.repeat(40_000)}{"lineNo":1,"deliveredQuantity":"96"}]}`);
    expectProblem(huge, 413);
    expect((await get(sellerUser, `/deals/${dealId}`).expect(200)).body.status).toBe('agreed');
    expect(await remaining(pigs.id)).toBe('100.000');
    // Tolerance edges: 80 and 120 of 100 are within 20 %.
    await deliver({ lines: [{ lineNo: 1, deliveredQuantity: '80' }] }).expect(200);
    expect(await remaining(pigs.id)).toBe('120.000');
  });

  it('another organization gets 404 on deliver, dispute and resolve; the wrong side 403', async () => {
    const fish = await createListing(t.http, sellerUser.accessToken, seller.id, { productCode: 'tilapia', title: 'Tilapia', quantity: '1000', unit: 'kg', price: { amount: '7000', currency: 'KHR' }, qualityGrade: undefined });
    const dealId = await agreedDeal(fish, '100');
    expectProblem(await post(outsiderUser, `/deals/${dealId}/deliver`, {}), 404);
    expectProblem(await post(outsiderUser, `/deals/${dealId}/dispute`, { reason: 'quantity', message: 'short' }), 404);
    expectProblem(await post(outsiderUser, `/deals/${dealId}/resolve`, { outcome: 'cancelled' }), 404);
    expectProblem(await get(outsiderUser, `/deals/${dealId}`), 404);
    expectProblem(await post(buyerUser, `/deals/${dealId}/deliver`, {}), 403);
    expectProblem(await post(buyerUser, `/deals/${dealId}/dispute`, { reason: 'quantity', message: 'not yet delivered' }), 409);
    await post(sellerUser, `/deals/${dealId}/deliver`, {}).expect(200);
    expectProblem(await post(sellerUser, `/deals/${dealId}/dispute`, { reason: 'quantity', message: 'x' }), 403);
    expectProblem(await post(outsiderUser, `/deals/${dealId}/dispute`, { reason: 'quantity', message: 'short' }), 404);
    expectProblem(await post(buyerUser, `/deals/${dealId}/dispute`, { reason: 'weather', message: 'x' }), 400, 'reason');
    expectProblem(await post(buyerUser, `/deals/${dealId}/dispute`, { reason: 'quantity', message: 'x'.repeat(2001) }), 400, 'message');
    expectProblem(await post(buyerUser, `/deals/${dealId}/dispute`, { reason: 'quantity', message: '   ' }), 400, 'message');
    expectProblem(await post(buyerUser, `/deals/${dealId}/resolve`, { outcome: 'cancelled' }), 409);
  });

  it('puts the four deal timers on the pg-boss schedule', async () => {
    const rows = (await db.query('SELECT name FROM pgboss.schedule')) as Array<{ name: string }>;
    expect(rows.map((r) => r.name)).toEqual(expect.arrayContaining([DEAL_DELIVERY_REMINDER_JOB, DEAL_AUTO_CANCEL_JOB, DEAL_AUTO_CONFIRM_JOB, DEAL_DISPUTE_ESCALATION_JOB]));
  });

  it('reminds the seller before deliverBy once, even when the job runs twice at once', async () => {
    const fish = await createListing(t.http, sellerUser.accessToken, seller.id, { productCode: 'tilapia', title: 'Tilapia', quantity: '1000', unit: 'kg', price: { amount: '7000', currency: 'KHR' }, qualityGrade: undefined });
    const dealId = await agreedDeal(fish, '100', { deliverBy: daysFromNow(2) });
    await jobs.runNow(DEAL_DELIVERY_REMINDER_JOB);
    expect(await events('deal.delivery_due', dealId)).toBe(0);
    clock.at = new Date(Date.now() + 1.5 * DAY);
    await Promise.all([jobs.runNow(DEAL_DELIVERY_REMINDER_JOB), jobs.runNow(DEAL_DELIVERY_REMINDER_JOB)]);
    await jobs.runNow(DEAL_DELIVERY_REMINDER_JOB);
    expect(await events('deal.delivery_due', dealId)).toBe(1);
    await eventually(async () => {
      const feed = (await get(sellerUser, '/notifications?limit=100').expect(200)).body.items as Array<{ kind: string; data: { dealId?: string } }>;
      expect(feed.filter((n) => n.kind === 'deal.delivery_due' && n.data.dealId === dealId)).toHaveLength(1);
    }, 20_000);
  });

  it('cancels a deal never delivered N days after deliverBy once, even when the job runs twice at once: quantities back, both told, late for the seller', async () => {
    const fish = await createListing(t.http, sellerUser.accessToken, seller.id, { productCode: 'snakehead', title: 'Snakehead', quantity: '1000', unit: 'kg', price: { amount: '12000', currency: 'KHR' }, qualityGrade: undefined });
    const dealId = await agreedDeal(fish, '300', { deliverBy: daysFromNow(2) });
    expect(await remaining(fish.id)).toBe('700.000');
    clock.at = new Date(Date.now() + 8 * DAY);
    await Promise.all([jobs.runNow(DEAL_AUTO_CANCEL_JOB), jobs.runNow(DEAL_AUTO_CANCEL_JOB)]);
    expect(await remaining(fish.id)).toBe('700.000'); // 2 + 7 days had not passed: still agreed
    clock.at = new Date(Date.now() + 10 * DAY);
    await Promise.all([jobs.runNow(DEAL_AUTO_CANCEL_JOB), jobs.runNow(DEAL_AUTO_CANCEL_JOB)]);
    await jobs.runNow(DEAL_AUTO_CANCEL_JOB);
    expect(await remaining(fish.id)).toBe('1000.000');
    expect((await get(buyerUser, `/deals/${dealId}`).expect(200)).body).toMatchObject({ status: 'cancelled', cancelReason: 'not_delivered' });
    expect(await events('deal.cancelled', dealId)).toBe(1);
    expectProblem(await post(sellerUser, `/deals/${dealId}/deliver`, {}), 409);
    for (const user of [buyerUser, sellerUser]) {
      await eventually(async () => {
        const feed = (await get(user, '/notifications?limit=100').expect(200)).body.items as Array<{ kind: string; data: { dealId?: string } }>;
        expect(feed.filter((n) => n.kind === 'deal.cancelled' && n.data.dealId === dealId)).toHaveLength(1);
      }, 20_000);
    }
    const figures = (await t.app.get(ReputationService).figures([seller.id])).get(seller.id)!;
    expect(figures.onTimeShare).toBe(0);
  });

  it('confirms a delivery nobody answered M days after it, once, even when the job runs twice at once', async () => {
    const fish = await createListing(t.http, sellerUser.accessToken, seller.id, { productCode: 'tilapia', title: 'Tilapia', quantity: '1000', unit: 'kg', price: { amount: '7000', currency: 'KHR' }, qualityGrade: undefined });
    const dealId = await agreedDeal(fish, '100');
    await post(sellerUser, `/deals/${dealId}/deliver`, { lines: [{ lineNo: 1, deliveredQuantity: '95.5' }] }).expect(200);
    clock.at = new Date(Date.now() + 2 * DAY);
    await jobs.runNow(DEAL_AUTO_CONFIRM_JOB);
    expect((await get(buyerUser, `/deals/${dealId}`).expect(200)).body.status).toBe('delivered');
    clock.at = new Date(Date.now() + 4 * DAY);
    await Promise.all([jobs.runNow(DEAL_AUTO_CONFIRM_JOB), jobs.runNow(DEAL_AUTO_CONFIRM_JOB)]);
    await jobs.runNow(DEAL_AUTO_CONFIRM_JOB);
    expect((await get(buyerUser, `/deals/${dealId}`).expect(200)).body).toMatchObject({ status: 'completed', completedBy: 'system', totals: [{ amount: '668500.00' }] });
    expect(await events('deal.completed', dealId)).toBe(1);
    expect(await remaining(fish.id)).toBe('904.500');
  });

  it('a dispute stops the automatic confirmation; the sides settle it by agreeing the same terms, and the seller has a dispute lost', async () => {
    const pigs = await createListing(t.http, sellerUser.accessToken, seller.id, { productCode: 'piglet', title: 'Piglets', quantity: '200', unit: 'head', price: { amount: '300000', currency: 'KHR' }, qualityGrade: undefined });
    const dealId = await agreedDeal(pigs, '100');
    await post(sellerUser, `/deals/${dealId}/deliver`, { lines: [{ lineNo: 1, deliveredQuantity: '96' }] }).expect(200);
    const disputed = await post(buyerUser, `/deals/${dealId}/dispute`, { reason: 'quantity', message: 'Only 90 piglets arrived alive.' }).expect(200);
    expect(disputed.body).toMatchObject({ status: 'disputed', dispute: { reason: 'quantity', message: 'Only 90 piglets arrived alive.', proposal: null, outcome: null } });
    expectProblem(await post(buyerUser, `/deals/${dealId}/dispute`, { reason: 'quantity', message: 'again' }), 409);
    expectProblem(await post(buyerUser, `/deals/${dealId}/confirm`), 409);

    clock.at = new Date(Date.now() + 30 * DAY);
    await Promise.all([jobs.runNow(DEAL_AUTO_CONFIRM_JOB), jobs.runNow(DEAL_AUTO_CONFIRM_JOB)]);
    clock.at = null;
    expect((await get(buyerUser, `/deals/${dealId}`).expect(200)).body.status).toBe('disputed');

    // The buyer proposes 90; the seller counters with 93; the buyer agrees to 93.
    const proposed = await post(buyerUser, `/deals/${dealId}/resolve`, { outcome: 'completed', lines: [{ lineNo: 1, deliveredQuantity: '90' }] }).expect(200);
    expect(proposed.body).toMatchObject({ status: 'disputed', dispute: { proposal: { outcome: 'completed', lines: [{ lineNo: 1, deliveredQuantity: '90' }], proposedByOrganizationId: buyer.id } } });
    // Proposing one's own terms again settles nothing.
    expect((await post(buyerUser, `/deals/${dealId}/resolve`, { outcome: 'completed', lines: [{ lineNo: 1, deliveredQuantity: '90' }] }).expect(200)).body.status).toBe('disputed');
    await post(sellerUser, `/deals/${dealId}/resolve`, { outcome: 'completed', lines: [{ lineNo: 1, deliveredQuantity: '93' }] }).expect(200);
    expectProblem(await post(buyerUser, `/deals/${dealId}/resolve`, { outcome: 'completed', lines: [{ lineNo: 1, deliveredQuantity: '5' }] }), 400, 'lines[0].deliveredQuantity');
    expectProblem(await post(buyerUser, `/deals/${dealId}/resolve`, { outcome: 'cancelled', lines: [{ lineNo: 1, deliveredQuantity: '5' }] }), 400, 'lines');
    const settled = await post(buyerUser, `/deals/${dealId}/resolve`, { outcome: 'completed', lines: [{ lineNo: 1, deliveredQuantity: '93' }] }).expect(200);
    expect(settled.body).toMatchObject({
      status: 'completed',
      completedBy: 'settlement',
      deliveredQuantity: '93',
      totals: [{ amount: '27900000.00', currency: 'KHR' }],
      dispute: { outcome: 'completed', settledBy: 'agreement', lostByOrganizationId: seller.id, proposal: null },
    });
    // 100 reserved: 4 came back on delivery, 3 more on settlement.
    expect(await remaining(pigs.id)).toBe('107.000');
    expectProblem(await post(sellerUser, `/deals/${dealId}/resolve`, { outcome: 'cancelled' }), 409);
    const figures = (await t.app.get(ReputationService).figures([seller.id, buyer.id]));
    expect(figures.get(seller.id)!.disputesLost).toBeGreaterThanOrEqual(1);
    await eventually(async () => {
      const profile = (await t.http().get(`/api/v1/organizations/${seller.id}`).expect(200)).body;
      expect(profile.reputation.disputesLost).toBe(figures.get(seller.id)!.disputesLost);
    }, 20_000);
  });

  it("a platform admin (neither side) settles a dispute at once; the deal's conversation shows the dispute to both sides", async () => {
    const pigs = await createListing(t.http, sellerUser.accessToken, seller.id, { productCode: 'piglet', title: 'Piglets', quantity: '100', unit: 'head', price: { amount: '300000', currency: 'KHR' }, qualityGrade: undefined });
    const dealId = await agreedDeal(pigs, '50');
    await post(sellerUser, `/deals/${dealId}/deliver`, {}).expect(200);
    await post(buyerUser, `/deals/${dealId}/dispute`, { reason: 'quality', message: 'The piglets are sick.' }).expect(200);
    expectProblem(await post(outsiderUser, `/deals/${dealId}/resolve`, { outcome: 'cancelled' }), 404);
    // Unsettled after DEAL_DISPUTE_ESCALATION_DAYS (7): the admins are called, once, however many runs.
    clock.at = new Date(Date.now() + 6 * DAY);
    await jobs.runNow(DEAL_DISPUTE_ESCALATION_JOB);
    expect(await events('deal.dispute_escalated', dealId)).toBe(0);
    clock.at = new Date(Date.now() + 8 * DAY);
    await Promise.all([jobs.runNow(DEAL_DISPUTE_ESCALATION_JOB), jobs.runNow(DEAL_DISPUTE_ESCALATION_JOB)]);
    await jobs.runNow(DEAL_DISPUTE_ESCALATION_JOB);
    clock.at = null;
    expect(await events('deal.dispute_escalated', dealId)).toBe(1);
    await eventually(async () => {
      const feed = (await get(adminUser, '/notifications?limit=100').expect(200)).body.items as Array<{ kind: string; data: { dealId?: string } }>;
      expect(feed.filter((n) => n.kind === 'deal.dispute_escalated' && n.data.dealId === dealId)).toHaveLength(1);
    }, 20_000);
    const disputedList = (await get(adminUser, '/deals?status=disputed&limit=100').expect(200)).body.items as Array<{ id: string; dispute: { escalatedAt: string | null } }>;
    expect(disputedList.find((x) => x.id === dealId)?.dispute.escalatedAt).toEqual(expect.any(String));
    expect((await get(outsiderUser, '/deals?status=disputed&limit=100').expect(200)).body.items).toEqual([]);
    expect((await get(adminUser, `/deals/${dealId}`).expect(200)).body.actions.sort()).toEqual(['resolve_cancelled', 'resolve_completed']);
    const decided = await post(adminUser, `/deals/${dealId}/resolve`, { outcome: 'cancelled', note: 'Vet report confirms illness.' }).expect(200);
    expect(decided.body).toMatchObject({ status: 'cancelled', cancelReason: 'settlement', dispute: { outcome: 'cancelled', settledBy: 'admin', lostByOrganizationId: seller.id, note: 'Vet report confirms illness.' } });
    expect(await remaining(pigs.id)).toBe('100.000');

    for (const user of [buyerUser, sellerUser]) {
      await eventually(async () => {
        const conversations = (await get(user, '/conversations?limit=100').expect(200)).body.items as Array<{ id: string; context: { type: string; id: string } | null }>;
        const about = conversations.find((c) => c.context?.type === 'deal' && c.context.id === dealId);
        expect(about).toBeDefined();
        const messages = (await get(user, `/conversations/${about!.id}/messages`).expect(200)).body.items as Array<{ body: string }>;
        expect(messages.map((m) => m.body).join('\n')).toContain('The piglets are sick.');
      }, 20_000);
    }
  });

  it('market prices on a fixed data set use the delivered quantities (hand-computed)', async () => {
    const pork = await createListing(t.http, sellerUser.accessToken, seller.id, {
      productCode: 'pork',
      title: 'Pork for prices',
      quantity: '5000',
      unit: 'kg',
      price: { amount: '9800', currency: 'KHR' },
      qualityGrade: undefined,
      provinceCode: 'KH-20',
    });
    const deal = async (quantity: string, amount: string, delivered: string) => {
      const id = await agreedDeal(pork, quantity, { unitPrice: { amount, currency: 'KHR' } });
      await post(sellerUser, `/deals/${id}/deliver`, { lines: [{ lineNo: 1, deliveredQuantity: delivered }] }).expect(200);
      await post(buyerUser, `/deals/${id}/confirm`).expect(200);
    };
    await deal('500', '9800', '487.35');
    await deal('200', '10500', '210');
    await deal('100', '9000', '90');
    // Delivered but not confirmed, and disputed: count for nothing yet.
    const open = await agreedDeal(pork, '100', { unitPrice: { amount: '20000', currency: 'KHR' } });
    await post(sellerUser, `/deals/${open}/deliver`, {}).expect(200);

    // Unit prices 9,000, 9,800, 10,500: median 9,800; p25 = 9,000 + 0.5 · 800 = 9,400; p75 = 9,800 + 0.5 · 700 = 10,150.
    // Delivered 487.35 + 210 + 90 = 787.35 kg for 4,776,030 + 2,205,000 + 810,000 = 7,791,030 riel: 9,895.256… → 9,895.26 per kg.
    const body = (await t.http().get('/api/v1/market-prices?productCode=pork&province=KH-20&weeks=1').expect(200)).body;
    expect(body.items).toEqual([
      expect.objectContaining({
        productCode: 'pork',
        provinceCode: 'KH-20',
        median: { amount: '9800.00', currency: 'KHR' },
        p25: { amount: '9400.00', currency: 'KHR' },
        p75: { amount: '10150.00', currency: 'KHR' },
        average: { amount: '9895.26', currency: 'KHR' },
        quantity: '787.35',
        deals: 3,
      }),
    ]);
  });
});
