import { AgentMandatesService, PENDING_MANDATES_PER_AGENT } from '@psar/identity';
import { SmsSender } from '@psar/platform';
import { DataSource } from 'typeorm';
import { createAgent, phoneNumber, RecordingSmsSender, registerProducer, type AgentSetup } from './support/agents';
import { addMember, bearer, createOrganization, registerUser, type RegisteredUser } from './support/identity';
import { daysFromNow } from './support/listings';
import { eventually, expectProblem } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';

/** Agents act for producers only with the producer's recorded consent (DESIGN.md's invariant), given and withdrawn by SMS. */
describe('identity: agents and their mandates', () => {
  let t: TestApp;
  let db: DataSource;
  let mandates: AgentMandatesService;
  const sms = new RecordingSmsSender();
  let a: AgentSetup;
  let stranger: RegisteredUser;

  const listingBody = (organizationId: string, title = 'Tiles posted by the agent') => ({
    organizationId,
    productCode: 'clay_roof_tile',
    title,
    quantity: '2000',
    unit: 'piece',
    price: { amount: '650', currency: 'KHR' },
    qualityGrade: 'A',
    provinceCode: 'KH-14',
    availableUntil: daysFromNow(30),
  });
  const post = (token: string, organizationId: string, title?: string) =>
    t.http().post('/api/v1/listings').set(...bearer(token)).send(listingBody(organizationId, title));
  const slugOf = (res: { body: { type?: string } }) => res.body.type?.split('/').pop();
  let smsId = 0;
  const nextSmsId = () => `inbound-${++smsId}`;

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_REGISTER_PER_IP: '1000' }, { overrides: [{ provide: SmsSender, useValue: sms }] });
    db = t.app.get(DataSource);
    mandates = t.app.get(AgentMandatesService);
    a = await createAgent(t.http, { name: 'Sok the village agent' });
    stranger = await registerUser(t.http);
  });

  afterAll(() => t.close());

  it('registers a producer by phone: an account without password, a selling organization, a pending mandate and the consent SMS in their language', async () => {
    const phone = phoneNumber();
    const local = `0${phone.slice(4, 6)} ${phone.slice(6, 9)} ${phone.slice(9)}`;
    const res = await t.http().post(`/api/v1/agents/${a.agent.id}/producers`).set(...bearer(a.owner.accessToken))
      .send({ phone: local, name: 'Chan Sokha', provinceCode: 'KH-14', locale: 'en' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'pending', phone, name: 'Chan Sokha', provinceCode: 'KH-14', consentSms: 'queued', consentedAt: null });
    expect(res.body.consentCode).toMatch(/^[0-9]{4}$/);
    const message = sms.byKey(`agent-consent:${res.body.mandateId}`);
    expect(message).toEqual({
      to: phone,
      text: `Sok the village agent wants to sell for you on Psar. Reply YES ${res.body.consentCode} to agree.`,
      key: `agent-consent:${res.body.mandateId}`,
    });
    const [org] = await db.query('SELECT kind, capabilities FROM organizations WHERE id = $1', [res.body.producerOrganizationId]);
    expect(org).toEqual({ kind: 'firm', capabilities: ['sell'] });
    // No password anyone knows: signing in fails.
    const login = await t.http().post('/api/v1/auth/login').send({ login: phone, password: 'kiln fire at dawn 42' });
    expect(login.status).toBe(401);

    // Registering again finds the same mandate and sends nothing new.
    const again = await registerProducer(t.http, a.owner.accessToken, a.agent.id, { phone });
    expect(again.mandateId).toBe(res.body.mandateId);
    expect(sms.to(phone)).toHaveLength(1);
  });

  it('20 registrations of one number at once make one account, one organization, one mandate and one SMS', async () => {
    const phone = phoneNumber();
    const results = await Promise.all(Array.from({ length: 20 }, () => registerProducer(t.http, a.owner.accessToken, a.agent.id, { phone })));
    expect(new Set(results.map((r) => r.mandateId)).size).toBe(1);
    expect(new Set(results.map((r) => r.producerOrganizationId)).size).toBe(1);
    expect((await db.query('SELECT count(*)::int AS n FROM users WHERE phone = $1', [phone]))[0].n).toBe(1);
    expect(sms.to(phone)).toHaveLength(1);
  });

  it(`caps an agent's unanswered requests at ${PENDING_MANDATES_PER_AGENT}, even when sent at once`, async () => {
    const busy = await createAgent(t.http);
    const attempts = PENDING_MANDATES_PER_AGENT + 5;
    const responses = [];
    for (let i = 0; i < attempts; i += 11) {
      responses.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(11, attempts - i) }, () =>
            t.http().post(`/api/v1/agents/${busy.agent.id}/producers`).set(...bearer(busy.owner.accessToken)).send({ phone: phoneNumber(), name: 'Someone', provinceCode: 'KH-14' }),
          ),
        )),
      );
    }
    expect(responses.filter((r) => r.status === 201)).toHaveLength(PENDING_MANDATES_PER_AGENT);
    const refused = responses.filter((r) => r.status !== 201);
    for (const r of refused) {
      expectProblem(r, 429);
      expect(slugOf(r)).toBe('too-many-pending');
    }
    // Once some are answered (or ended), there is room again.
    const first = responses.find((r) => r.status === 201)!.body;
    await mandates.consentBySms({ phone: first.phone, code: first.consentCode, smsId: nextSmsId() });
    await registerProducer(t.http, busy.owner.accessToken, busy.agent.id);
  });

  it('writes the consent request in Khmer by default', async () => {
    const p = await registerProducer(t.http, a.owner.accessToken, a.agent.id);
    const text = sms.byKey(`agent-consent:${p.mandateId}`)!.text;
    expect(text).toBe(`Sok the village agent ចង់លក់ជំនួសអ្នកនៅលើ Psar។ ឆ្លើយ YES ${p.consentCode} ដើម្បីយល់ព្រម។`);
  });

  it('refuses bad input naming the field, other organizations, plain members and kinds that are not agents', async () => {
    const url = `/api/v1/agents/${a.agent.id}/producers`;
    const send = (token: string, body: Record<string, unknown>, to = url) => t.http().post(to).set(...bearer(token)).send(body);
    const ok = { phone: phoneNumber(), name: 'Srey Mom', provinceCode: 'KH-14' };
    expectProblem(await send(a.owner.accessToken, { ...ok, phone: 'not a phone' }), 400, 'phone');
    expectProblem(await send(a.owner.accessToken, { ...ok, provinceCode: 'KH-99' }), 400, 'provinceCode');
    expectProblem(await send(a.owner.accessToken, { ...ok, name: '' }), 400, 'name');
    expectProblem(await send(a.owner.accessToken, ok, '/api/v1/agents/not-a-uuid/producers'), 400, 'agentOrgId');

    const res = await send(stranger.accessToken, ok);
    expectProblem(res, 403);
    expect(slugOf(res)).toBe('not-a-member');
    expectProblem(await t.http().get(url).set(...bearer(stranger.accessToken)), 404);

    const member = await registerUser(t.http);
    await addMember(t.http, a.owner.accessToken, a.agent.id, member.id, 'member');
    const asMember = await send(member.accessToken, ok);
    expectProblem(asMember, 403);
    expect(slugOf(asMember)).toBe('role-required');

    const office = await createOrganization(t.http, stranger.accessToken, { kind: 'government', capabilities: ['organize_fairs'] });
    const asOffice = await send(stranger.accessToken, ok, `/api/v1/agents/${office.id}/producers`);
    expectProblem(asOffice, 403);
    expect(slugOf(asOffice)).toBe('not-an-agent');
  });

  it('lets no one act before consent; a wrong code is refused; a replayed consent changes nothing', async () => {
    const p = await registerProducer(t.http, a.owner.accessToken, a.agent.id);
    const before = await post(a.owner.accessToken, p.producerOrganizationId);
    expectProblem(before, 403);
    expect(slugOf(before)).toBe('no-consent');

    const wrong = p.consentCode === '9999' ? '1000' : String(Number(p.consentCode) + 1);
    expect(await mandates.consentBySms({ phone: p.phone, code: wrong, smsId: nextSmsId() })).toEqual({ outcome: 'unknown-code' });
    // The right code from another number is no consent either.
    expect(await mandates.consentBySms({ phone: phoneNumber(), code: p.consentCode, smsId: nextSmsId() })).toEqual({ outcome: 'unknown-code' });
    expectProblem(await post(a.owner.accessToken, p.producerOrganizationId), 403);

    // The gateway delivers the same YES five times at once: one consent, recorded with the first SMS's id.
    const id = nextSmsId();
    const results = await Promise.all(Array.from({ length: 5 }, () => mandates.consentBySms({ phone: p.phone, code: ` ${p.consentCode} `, smsId: id })));
    expect(results.filter((r) => r.outcome === 'consented')).toHaveLength(1);
    expect(results.filter((r) => r.outcome === 'already-consented')).toHaveLength(4);
    expect(results[0]).toMatchObject({ mandate: { mandateId: p.mandateId, agentName: 'Sok the village agent', agentOrganizationId: a.agent.id, status: 'active' } });
    const later = await mandates.consentBySms({ phone: p.phone, code: p.consentCode, smsId: nextSmsId() });
    expect(later.outcome).toBe('already-consented');
    const [row] = await db.query('SELECT status, consent_sms_id, consented_at FROM agent_mandates WHERE id = $1', [p.mandateId]);
    expect(row).toMatchObject({ status: 'active', consent_sms_id: id });

    const posted = await post(a.owner.accessToken, p.producerOrganizationId);
    expect(posted.status).toBe(201);
    expect(posted.body.agent).toEqual({ organizationId: a.agent.id, name: 'Sok the village agent' });
  });

  it('accepts Khmer digits in the consent code', async () => {
    const p = await registerProducer(t.http, a.owner.accessToken, a.agent.id);
    const khmer = p.consentCode.replace(/[0-9]/g, (d) => String.fromCharCode(0x17e0 + Number(d)));
    expect((await mandates.consentBySms({ phone: p.phone, code: khmer, smsId: nextSmsId() })).outcome).toBe('consented');
  });

  it('after withdrawal by SMS the next post is refused, a replayed withdrawal answers the same, and an old YES does not revive it', async () => {
    const p = await registerProducer(t.http, a.owner.accessToken, a.agent.id);
    await mandates.consentBySms({ phone: p.phone, code: p.consentCode, smsId: nextSmsId() });
    expect((await post(a.owner.accessToken, p.producerOrganizationId)).status).toBe(201);

    const id = nextSmsId();
    const withdrawn = await mandates.withdrawBySms({ phone: p.phone, code: p.consentCode, smsId: id });
    expect(withdrawn).toMatchObject({ outcome: 'withdrawn', mandates: [{ mandateId: p.mandateId, status: 'withdrawn' }] });
    const refused = await post(a.owner.accessToken, p.producerOrganizationId);
    expectProblem(refused, 403);
    expect(slugOf(refused)).toBe('no-consent');

    expect(await mandates.withdrawBySms({ phone: p.phone, code: p.consentCode, smsId: id })).toMatchObject({ outcome: 'withdrawn', mandates: [{ mandateId: p.mandateId }] });
    expect(await mandates.withdrawBySms({ phone: p.phone, smsId: nextSmsId() })).toEqual({ outcome: 'nothing-to-withdraw' });
    expect((await mandates.consentBySms({ phone: p.phone, code: p.consentCode, smsId: nextSmsId() })).outcome).toBe('ended');
    expectProblem(await post(a.owner.accessToken, p.producerOrganizationId), 403);

    // The agent's managers were told both answers.
    await eventually(async () => {
      const feed = await t.http().get('/api/v1/notifications?limit=100').set(...bearer(a.owner.accessToken)).expect(200);
      const mine = feed.body.items.filter((n: { data: { mandateId?: string } }) => n.data.mandateId === p.mandateId).map((n: { kind: string }) => n.kind);
      expect(mine.sort()).toEqual(['agent_mandate.consented', 'agent_mandate.withdrawn']);
    }, 20_000);

    // The agent may ask again: a new mandate, a new code, a new SMS.
    const again = await registerProducer(t.http, a.owner.accessToken, a.agent.id, { phone: p.phone });
    expect(again.mandateId).not.toBe(p.mandateId);
    expect(again.status).toBe('pending');
    expect(sms.byKey(`agent-consent:${again.mandateId}`)).toBeDefined();
  });

  it('withdrawal without a code withdraws every agent of that number', async () => {
    const other = await createAgent(t.http, { name: 'Cooperative of Ba Phnom', kind: 'cooperative' });
    const p = await registerProducer(t.http, a.owner.accessToken, a.agent.id);
    const q = await registerProducer(t.http, other.owner.accessToken, other.agent.id, { phone: p.phone });
    expect(q.producerOrganizationId).toBe(p.producerOrganizationId);
    expect(q.consentCode).not.toBe(p.consentCode);
    await mandates.consentBySms({ phone: p.phone, code: p.consentCode, smsId: nextSmsId() });
    await mandates.consentBySms({ phone: p.phone, code: q.consentCode, smsId: nextSmsId() });
    const res = await mandates.withdrawBySms({ phone: p.phone, smsId: nextSmsId() });
    expect(res.outcome === 'withdrawn' && res.mandates.map((m) => m.agentOrganizationId).sort()).toEqual([a.agent.id, other.agent.id].sort());
  });

  it('50 posts at once as the producer withdraws: nothing is created after the withdrawal commits', async () => {
    const p = await registerProducer(t.http, a.owner.accessToken, a.agent.id);
    await mandates.consentBySms({ phone: p.phone, code: p.consentCode, smsId: nextSmsId() });
    const count = async () => (await db.query('SELECT count(*)::int AS n FROM listings WHERE organization_id = $1', [p.producerOrganizationId]))[0].n as number;

    let atWithdrawal = -1;
    // The withdrawal starts once the first answers are back, with the rest still in flight
    // (a fixed delay let a loaded machine finish all 50 first).
    let startWithdrawal!: () => void;
    const firstAnswers = new Promise<void>((resolve) => (startWithdrawal = resolve));
    let answered = 0;
    const posts = Array.from({ length: 50 }, (_, i) =>
      post(a.owner.accessToken, p.producerOrganizationId, `Race ${i}`).then((r) => {
        if (++answered === 3) startWithdrawal();
        return r;
      }),
    );
    const withdrawal = (async () => {
      await firstAnswers;
      await mandates.withdrawBySms({ phone: p.phone, smsId: nextSmsId() });
      atWithdrawal = await count();
    })();
    const [responses] = await Promise.all([Promise.all(posts), withdrawal]);
    const statuses = responses.map((r) => r.status);
    expect(statuses.every((s) => s === 201 || s === 403)).toBe(true);
    for (const r of responses.filter((x) => x.status === 403)) expect(slugOf(r)).toBe('no-consent');
    const created = statuses.filter((s) => s === 201).length;
    expect(await count()).toBe(created);
    expect(atWithdrawal).toBe(created);
    // And every post after it is refused.
    const after = await Promise.all(Array.from({ length: 5 }, (_, i) => post(a.owner.accessToken, p.producerOrganizationId, `After ${i}`)));
    expect(after.map((r) => r.status)).toEqual(Array(5).fill(403));
    expect(await count()).toBe(created);
  });

  it('an agent with consent may not manage the producer organization (members, settings)', async () => {
    const p = await registerProducer(t.http, a.owner.accessToken, a.agent.id);
    await mandates.consentBySms({ phone: p.phone, code: p.consentCode, smsId: nextSmsId() });
    const members = await t.http().post(`/api/v1/organizations/${p.producerOrganizationId}/members`).set(...bearer(a.owner.accessToken))
      .send({ userId: a.owner.id, role: 'owner' });
    expectProblem(members, 403);
    const settings = await t.http().patch(`/api/v1/organizations/${p.producerOrganizationId}`).set(...bearer(a.owner.accessToken)).send({ name: 'Taken over' });
    expectProblem(settings, 403);
    // Nor does another organization's user gain anything from the mandate.
    const outsider = await post(stranger.accessToken, p.producerOrganizationId);
    expectProblem(outsider, 403);
    expect(slugOf(outsider)).toBe('not-a-member');
  });

  it('the agent ends a mandate: the list says so and the next post is refused', async () => {
    const p = await registerProducer(t.http, a.owner.accessToken, a.agent.id);
    await mandates.consentBySms({ phone: p.phone, code: p.consentCode, smsId: nextSmsId() });
    expectProblem(await t.http().delete(`/api/v1/agents/${a.agent.id}/producers/${p.producerOrganizationId}`).set(...bearer(stranger.accessToken)), 404);
    await t.http().delete(`/api/v1/agents/${a.agent.id}/producers/${p.producerOrganizationId}`).set(...bearer(a.owner.accessToken)).expect(204);
    expectProblem(await t.http().delete(`/api/v1/agents/${a.agent.id}/producers/${p.producerOrganizationId}`).set(...bearer(a.owner.accessToken)), 404);
    const refused = await post(a.owner.accessToken, p.producerOrganizationId);
    expect(slugOf(refused)).toBe('no-consent');
    const list = await t.http().get(`/api/v1/agents/${a.agent.id}/producers?limit=100`).set(...bearer(a.owner.accessToken)).expect(200);
    const item = list.body.items.find((x: { mandateId: string }) => x.mandateId === p.mandateId);
    expect(item).toMatchObject({ status: 'ended', consentedAt: expect.any(String), endedAt: expect.any(String), deals: 0, volumes: [] });
  });
});
