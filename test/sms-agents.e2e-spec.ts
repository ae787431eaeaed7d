import { DataSource } from 'typeorm';
import { bearer, createOrganization, type RegisteredUser, registerUser } from './support/identity';
import { createKannelTestApp, describeWithKannel, type KannelTestApp, PSAR_NUMBER } from './support/kannel';
import { daysFromNow } from './support/listings';

const producerPhone = `+8559${String(5000000 + process.pid).slice(-7)}`;

/**
 * A village agent and a producer without the app, through a real Kannel: the producer's
 * consent, and its withdrawal, are SMS replies; what the agent posts names them.
 */
describeWithKannel('sms: an agent acts for a producer who consented by SMS', () => {
  let k: KannelTestApp;
  let db: DataSource;
  let agent: RegisteredUser;
  let agentOrg: { id: string; name: string };
  let buyer: RegisteredUser;
  let buyerOrg: { id: string };
  let producerOrgId: string;

  const api = (user: RegisteredUser) => ({
    post: (path: string, body: object = {}) => k.t.http().post(`/api/v1${path}`).set(...bearer(user.accessToken)).send(body),
    get: (path: string) => k.t.http().get(`/api/v1${path}`).set(...bearer(user.accessToken)),
  });
  const listingFor = (organizationId: string) => ({
    organizationId,
    productCode: 'clay_roof_tile',
    title: 'Grade-A tiles from Sokha’s kiln',
    quantity: '12000',
    unit: 'piece',
    price: { amount: '1100', currency: 'KHR' },
    qualityGrade: 'A',
    provinceCode: 'KH-4',
    availableUntil: daysFromNow(30),
  });
  /** Sends `text` from the producer's phone and resolves with the next message to it that is not a push or a copy ("Psar: …"). */
  const exchange = async (text: string) => {
    const before = k.smsc.received.filter((m) => m.to === producerPhone).length;
    k.smsc.send(producerPhone, PSAR_NUMBER, text);
    for (let n = before + 1; ; n++) {
      const message = (await k.smsc.waitFor(producerPhone, n, 20_000))[n - 1]!;
      if (!/^Psar[:៖]/.test(message.text)) return message;
    }
  };

  beforeAll(async () => {
    k = await createKannelTestApp({ SMS_QUIET_HOURS: '00:00-00:00' });
    db = k.t.app.get(DataSource);
    [agent, buyer] = await Promise.all([registerUser(k.t.http), registerUser(k.t.http)]);
    agentOrg = await createOrganization(k.t.http, agent.accessToken, { name: 'Sokha Village Agent', capabilities: ['sell'], provinceCode: 'KH-4' });
    buyerOrg = await createOrganization(k.t.http, buyer.accessToken, { name: 'Mekong Builders', capabilities: ['buy'], provinceCode: 'KH-12' });
  }, 60_000);

  afterAll(() => k?.close());

  it('the agent registers the producer, who gets the consent request by SMS; nothing can be posted before the YES', async () => {
    const registered = await api(agent).post(`/agents/${agentOrg.id}/producers`, { phone: producerPhone, name: 'Chea Sokha', provinceCode: 'KH-4', locale: 'en' }).expect(201);
    producerOrgId = registered.body.producerOrganizationId;
    const [request] = await k.smsc.waitFor(producerPhone, 1, 20_000);
    expect(request!.text).toBe(`Sokha Village Agent wants to sell for you on Psar. Reply YES ${registered.body.consentCode} to agree.`);
    const refused = await api(agent).post('/listings', listingFor(producerOrgId));
    expect(refused.status).toBe(403);
    expect(refused.body.type).toMatch(/no-consent$/);

    const consent = await exchange(`YES ${registered.body.consentCode}`);
    expect(consent.text).toMatch(/^Agreed: Sokha Village Agent may now sell for you/);
    const [mandate] = await db.query('SELECT status, consent_sms_id FROM agent_mandates WHERE id = $1', [registered.body.mandateId]);
    expect(mandate.status).toBe('active');
    const [inbound] = await db.query(`SELECT id FROM sms_messages WHERE phone = $1 AND direction = 'in' ORDER BY created_at DESC LIMIT 1`, [producerPhone]);
    expect(mandate.consent_sms_id).toBe(inbound.id);
  });

  it('the agent posts a listing for the producer; a buyer orders; the producer accepts by SMS with a PIN; listing and deal name the agent', async () => {
    const listing = await api(agent).post('/listings', listingFor(producerOrgId)).expect(201);
    expect(listing.body.agent).toEqual({ organizationId: agentOrg.id, name: 'Sokha Village Agent' });
    const order = await api(buyer).post('/offers', { kind: 'order', organizationId: buyerOrg.id, listingId: listing.body.id, quantity: '4000' }).expect(201);
    // The agent cannot accept for the producer: that is the producer's own decision.
    expect((await api(agent).post(`/offers/${order.body.id}/accept`)).status).toBe(403);

    expect((await exchange('PIN 2580')).text).toBe('Your PIN is set. Give it only in ACCEPT messages.');
    const offers = await exchange('OFFERS');
    const code = /([A-Z0-9]{4}) Mekong Builders/.exec(offers.text)?.[1];
    expect(code).toBeDefined();
    expect((await exchange(`ACCEPT ${code} 2580`)).text).toMatch(new RegExp(`^Accepted ${code}: deal made, 4,000 pcs`));
    const deal = await api(buyer).get(`/deals?limit=5`).expect(200);
    const made = deal.body.items.find((d: { offerId?: string; id: string }) => d.offerId === order.body.id) ?? deal.body.items[0];
    expect(made.agent).toEqual({ organizationId: agentOrg.id, name: 'Sokha Village Agent' });
  });

  it('after the producer withdraws the agent by SMS, the agent’s next post for them is refused', async () => {
    expect((await exchange('AGENT STOP')).text).toBe('Done: Sokha Village Agent can no longer act for you.');
    const refused = await api(agent).post('/listings', listingFor(producerOrgId));
    expect(refused.status).toBe(403);
    expect(refused.body.type).toMatch(/no-consent$/);
    // The same YES again does not bring the agent back.
    const [mandate] = await db.query('SELECT code FROM agent_mandates WHERE producer_organization_id = $1', [producerOrgId]);
    expect((await exchange(`YES ${mandate.code}`)).text).toMatch(/no longer acts for you/);
  });
});
