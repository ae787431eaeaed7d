import { AgentMandatesService } from '@psar/identity';
import { OffersService } from '@psar/trade';
import { SmsSender } from '@psar/platform';
import { DataSource } from 'typeorm';
import { createAgent, RecordingSmsSender, registerProducer, type AgentSetup, type RegisteredProducer } from './support/agents';
import { bearer, createOrganization, registerUser, type CreatedOrganization, type RegisteredUser } from './support/identity';
import { createDemand, daysFromNow } from './support/listings';
import { eventually, expectProblem } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';

/** What an agent does for a consenting producer: listings, quotes, what they see, what is recorded, the SMS copies, the agent's page. */
describe('listings: acting for producers as their agent', () => {
  let t: TestApp;
  let db: DataSource;
  let mandates: AgentMandatesService;
  const sms = new RecordingSmsSender();
  let a: AgentSetup;
  let producer: RegisteredProducer;
  let producerUserId: string;
  let buyerUser: RegisteredUser;
  let buyer: CreatedOrganization;
  let stranger: RegisteredUser;
  let smsId = 0;

  const get = (user: RegisteredUser, path: string) => t.http().get(`/api/v1${path}`).set(...bearer(user.accessToken));
  const post = (user: RegisteredUser, path: string, body: object = {}) => t.http().post(`/api/v1${path}`).set(...bearer(user.accessToken)).send(body);
  const agentName = 'Dara, village agent of Kampong Leav';
  const listing = (organizationId: string, overrides: Record<string, unknown> = {}) => ({
    organizationId,
    productCode: 'clay_roof_tile',
    title: 'Grade-A tiles from Chan Sokha',
    quantity: '20000',
    unit: 'piece',
    price: { amount: '650', currency: 'KHR' },
    qualityGrade: 'A',
    provinceCode: 'KH-14',
    availableUntil: daysFromNow(30),
    ...overrides,
  });
  const sent = (key: string) =>
    eventually(async () => {
      expect(sms.byKey(key)).toBeDefined();
    }, 20_000).then(() => sms.byKey(key)!);

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_REGISTER_PER_IP: '1000' }, { overrides: [{ provide: SmsSender, useValue: sms }] });
    db = t.app.get(DataSource);
    mandates = t.app.get(AgentMandatesService);
    a = await createAgent(t.http, { name: agentName });
    producer = await registerProducer(t.http, a.owner.accessToken, a.agent.id, { locale: 'en' });
    producerUserId = (await db.query('SELECT producer_user_id FROM agent_mandates WHERE id = $1', [producer.mandateId]))[0].producer_user_id;
    await mandates.consentBySms({ phone: producer.phone, code: producer.consentCode, smsId: `in-${++smsId}` });
    [buyerUser, stranger] = await Promise.all([registerUser(t.http), registerUser(t.http)]);
    buyer = await createOrganization(t.http, buyerUser.accessToken, { name: 'Mekong Builders', capabilities: ['buy'], provinceCode: 'KH-12' });
  });

  afterAll(() => t.close());

  it('a listing posted by the agent names the agent, records who acted, and the producer gets an SMS copy', async () => {
    const res = await post(a.owner, '/listings', listing(producer.producerOrganizationId)).expect(201);
    expect(res.body).toMatchObject({ organizationId: producer.producerOrganizationId, agent: { organizationId: a.agent.id, name: agentName } });
    const [row] = await db.query('SELECT agent_organization_id, acted_by_user_id, created_by FROM listings WHERE id = $1', [res.body.id]);
    expect(row).toEqual({ agent_organization_id: a.agent.id, acted_by_user_id: a.owner.id, created_by: a.owner.id });
    // Anyone sees who posted it for the seller.
    expect((await t.http().get(`/api/v1/listings/${res.body.id}`).expect(200)).body.agent).toEqual({ organizationId: a.agent.id, name: agentName });
    const page = await t.http().get(`/api/v1/listings?productCode=clay_roof_tile&limit=100`).expect(200);
    expect(page.body.items.find((l: { id: string }) => l.id === res.body.id).agent.organizationId).toBe(a.agent.id);

    const copy = await sent(`agent-copy:listing:${res.body.id}`);
    expect(copy).toEqual({
      to: producer.phone,
      text: `Psar: ${agentName} listed for you 20000 piece of Clay roof tiles at 650.00 KHR each.`,
      key: `agent-copy:listing:${res.body.id}`,
    });

    // The agent may pause it and still sees it; a stranger does not.
    await t.http().patch(`/api/v1/listings/${res.body.id}`).set(...bearer(a.owner.accessToken)).send({ status: 'paused' }).expect(200);
    await get(a.owner, `/listings/${res.body.id}`).expect(200);
    expectProblem(await get(stranger, `/listings/${res.body.id}`), 404);
    // A listing the producer's organization posts itself names no agent.
    const own = await db.query(`SELECT count(*)::int AS n FROM listings WHERE organization_id = $1 AND agent_organization_id IS NULL`, [producer.producerOrganizationId]);
    expect(own[0].n).toBe(0);
  });

  it('an order on it: the producer gets a copy, the agent sees the offer but cannot accept it; the deal the producer accepts names the agent', async () => {
    const posted = (await post(a.owner, '/listings', listing(producer.producerOrganizationId, { title: 'Tiles for ordering' })).expect(201)).body;
    const order = (await post(buyerUser, '/offers', { kind: 'order', listingId: posted.id, organizationId: buyer.id, quantity: '5000' }).expect(201)).body;
    expect(order.agent).toBeNull();
    expect((await sent(`agent-copy:offer:${order.id}`)).text).toBe('Psar: Mekong Builders ordered 5000 piece of Clay roof tiles from you.');

    expect((await get(a.owner, `/offers/${order.id}`).expect(200)).body.id).toBe(order.id);
    expect((await get(a.owner, '/offers?limit=100').expect(200)).body.items.map((o: { id: string }) => o.id)).toContain(order.id);
    expectProblem(await get(stranger, `/offers/${order.id}`), 404);
    const byAgent = await post(a.owner, `/offers/${order.id}/accept`);
    expectProblem(byAgent, 403);
    expect(byAgent.body.type).toMatch(/producer-decides$/);

    // The producer accepts (by SMS, in the channel: the service call it makes).
    const { dealId } = await t.app.get(OffersService).accept(producerUserId, order.id);
    const deal = (await get(a.owner, `/deals/${dealId}`).expect(200)).body;
    expect(deal).toMatchObject({ sellerOrganizationId: producer.producerOrganizationId, agent: { organizationId: a.agent.id, name: agentName } });
    expect((await get(buyerUser, `/deals/${dealId}`).expect(200)).body.agent.organizationId).toBe(a.agent.id);
    expect((await get(a.owner, '/deals?limit=100').expect(200)).body.items.map((d: { id: string }) => d.id)).toContain(dealId);
    expectProblem(await get(stranger, `/deals/${dealId}`), 404);
    const [row] = await db.query('SELECT agent_organization_id, acted_by_user_id FROM deals WHERE id = $1', [dealId]);
    expect(row).toEqual({ agent_organization_id: a.agent.id, acted_by_user_id: a.owner.id });
    expect((await sent(`agent-copy:deal:${dealId}`)).text).toBe('Psar: deal agreed with Mekong Builders: 5000 piece of Clay roof tiles.');
    // Deals are the sides' own: the agent may not mark it delivered for the producer.
    expectProblem(await post(a.owner, `/deals/${dealId}/deliver`), 404);
  });

  it('the agent quotes on a demand for the producer: the quote and its deal record the agent; the agent can withdraw its quote', async () => {
    const posted = (await post(a.owner, '/listings', listing(producer.producerOrganizationId, { title: 'Tiles to quote' })).expect(201)).body;
    const demand = await createDemand(t.http, buyerUser.accessToken, buyer.id, { quantity: '3000' });
    const quote = {
      kind: 'quote',
      demandId: demand.id,
      organizationId: producer.producerOrganizationId,
      deliverBy: daysFromNow(10),
      lines: [{ listingId: posted.id, organizationId: producer.producerOrganizationId, quantity: '3000', unitPrice: { amount: '640', currency: 'KHR' } }],
    };
    const first = (await post(a.owner, '/offers', quote).expect(201)).body;
    expect(first.agent).toEqual({ organizationId: a.agent.id, name: agentName });
    expect((await sent(`agent-copy:offer:${first.id}`)).text).toBe(`Psar: ${agentName} quoted for you to Mekong Builders: 3000 piece of Clay roof tiles.`);
    expect((await post(a.owner, `/offers/${first.id}/withdraw`).expect(200)).body.status).toBe('withdrawn');

    const second = (await post(a.owner, '/offers', quote).expect(201)).body;
    const accepted = (await post(buyerUser, `/offers/${second.id}/accept`).expect(200)).body;
    expect((await get(buyerUser, `/deals/${accepted.dealId}`).expect(200)).body.agent).toEqual({ organizationId: a.agent.id, name: agentName });
  });

  it("the agent's page: each producer with status, consent and the deals and volumes the agent brought; private to the agent", async () => {
    const res = await get(a.owner, `/agents/${a.agent.id}/producers`).expect(200);
    const item = res.body.items.find((p: { mandateId: string }) => p.mandateId === producer.mandateId);
    expect(item).toMatchObject({
      producerOrganizationId: producer.producerOrganizationId,
      name: 'Chan Sokha',
      phone: producer.phone,
      provinceCode: 'KH-14',
      status: 'active',
      consentedAt: expect.any(String),
      deals: 2,
      volumes: [{ productCode: 'clay_roof_tile', unit: 'piece', quantity: '8000', value: { amount: '5170000.00', currency: 'KHR' }, deals: 2 }],
    });
    expectProblem(await get(stranger, `/agents/${a.agent.id}/producers`), 404);
    expectProblem(await get(a.owner, `/agents/${a.agent.id}/producers?limit=0`), 400, 'limit');
  });

  it('with no SMS gateway the consent request and the copies are skipped quietly', async () => {
    sms.enabled = false;
    try {
      const before = sms.sent.length;
      const p = await registerProducer(t.http, a.owner.accessToken, a.agent.id);
      expect(p).toMatchObject({ status: 'pending', consentSms: 'unavailable' });
      await mandates.consentBySms({ phone: p.phone, code: p.consentCode, smsId: `in-${++smsId}` });
      const posted = (await post(a.owner, '/listings', listing(p.producerOrganizationId)).expect(201)).body;
      await eventually(async () => {
        const [e] = await db.query(`SELECT delivered_at FROM outbox_events WHERE type = 'listing.published' AND payload->>'listingId' = $1`, [posted.id]);
        expect(e?.delivered_at).toBeTruthy();
      }, 20_000);
      expect(sms.sent.length).toBe(before);
    } finally {
      sms.enabled = true;
    }
  });

  it('after the producer withdraws, the agent no longer sees their offers and deals, nor quotes for them', async () => {
    const deals = (await get(a.owner, '/deals?limit=100').expect(200)).body.items as Array<{ id: string; sellerOrganizationId: string }>;
    const theirs = deals.find((d) => d.sellerOrganizationId === producer.producerOrganizationId)!;
    await mandates.withdrawBySms({ phone: producer.phone, smsId: `in-${++smsId}` });
    expectProblem(await get(a.owner, `/deals/${theirs.id}`), 404);
    expect((await get(a.owner, '/deals?limit=100').expect(200)).body.items).toHaveLength(0);
    const demand = await createDemand(t.http, buyerUser.accessToken, buyer.id, { quantity: '1000' });
    const refused = await post(a.owner, '/offers', {
      kind: 'quote',
      demandId: demand.id,
      organizationId: producer.producerOrganizationId,
      deliverBy: daysFromNow(10),
      lines: [{ organizationId: producer.producerOrganizationId, quantity: '1000', unitPrice: { amount: '640', currency: 'KHR' } }],
    });
    expectProblem(refused, 403);
    expect(refused.body.type).toMatch(/no-consent$/);
    // The page still lists them, withdrawn, with the deals that were brought.
    const item = (await get(a.owner, `/agents/${a.agent.id}/producers`).expect(200)).body.items.find((p: { mandateId: string }) => p.mandateId === producer.mandateId);
    expect(item).toMatchObject({ status: 'withdrawn', endedAt: expect.any(String), deals: 2 });
  });
});
