import { DataSource } from 'typeorm';
import { addMember, bearer, createOrganization, CreatedOrganization, registerUser, RegisteredUser } from './support/identity';
import { expectProblem } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';

describe('identity: groups', () => {
  let t: TestApp;
  let db: DataSource;
  let groupOwner: RegisteredUser;
  let groupMember: RegisteredUser;
  let firmOwner: RegisteredUser;
  let firmMember: RegisteredUser;
  let outsider: RegisteredUser;
  let group: CreatedOrganization;
  let firm: CreatedOrganization;

  const path = (suffix = '') => `/api/v1/organizations/${group.id}/member-organizations${suffix}`;
  const events = async (type: string) =>
    (await db.query('SELECT payload FROM outbox_events WHERE type = $1 ORDER BY occurred_at', [type])) as Array<{
      payload: Record<string, string>;
    }>;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    [groupOwner, groupMember, firmOwner, firmMember, outsider] = await Promise.all([1, 2, 3, 4, 5].map(() => registerUser(t.http)));
    group = await createOrganization(t.http, groupOwner.accessToken, { name: 'Prey Veng Fish Farmers', kind: 'working_group', valueChains: ['aquaculture'] });
    firm = await createOrganization(t.http, firmOwner.accessToken, { name: 'Peam Ro Ponds', valueChains: ['aquaculture'] });
    await createOrganization(t.http, outsider.accessToken, { name: 'Outsider Firm' });
    await addMember(t.http, groupOwner.accessToken, group.id, groupMember.id, 'member');
    await addMember(t.http, firmOwner.accessToken, firm.id, firmMember.id, 'member');
  });

  afterAll(() => t.close());

  it('asking to join: 401 without a token, 403 unless a manager of the firm', async () => {
    const ask = (token?: string) => {
      const req = t.http().post(path()).send({ organizationId: firm.id });
      return token ? req.set(...bearer(token)) : req;
    };
    expectProblem(await ask(), 401);
    expectProblem(await ask(outsider.accessToken), 403);
    expectProblem(await ask(firmMember.accessToken), 403);
    expectProblem(await ask(groupOwner.accessToken), 403);
    expect(await events('group.join_requested')).toHaveLength(0);
  });

  it('a firm manager asks; the request is recorded as an outbox event; asking twice is 409', async () => {
    const res = await t.http().post(path()).set(...bearer(firmOwner.accessToken)).send({ organizationId: firm.id }).expect(201);
    expect(res.body).toEqual({ groupId: group.id, organizationId: firm.id, status: 'requested' });
    expect((await events('group.join_requested')).map((e) => e.payload)).toEqual([
      { groupId: group.id, organizationId: firm.id, actorId: firmOwner.id },
    ]);
    expectProblem(await t.http().post(path()).set(...bearer(firmOwner.accessToken)).send({ organizationId: firm.id }), 409);
  });

  it('pending requests are visible to group managers only; approved members to anyone', async () => {
    const publicList = await t.http().get(path()).expect(200);
    expect(publicList.body).toEqual({ items: [], nextCursor: null });
    expectProblem(await t.http().get(path('?status=requested')), 401);
    expectProblem(await t.http().get(path('?status=requested')).set(...bearer(outsider.accessToken)), 403);
    expectProblem(await t.http().get(path('?status=requested')).set(...bearer(groupMember.accessToken)), 403);
    const pending = await t.http().get(path('?status=requested')).set(...bearer(groupOwner.accessToken)).expect(200);
    expect(pending.body.items.map((i: { organizationId: string }) => i.organizationId)).toEqual([firm.id]);
  });

  it('approving: 401 without a token, 403 to the firm, a group member and an outsider; a group manager approves', async () => {
    const approve = (token?: string) => {
      const req = t.http().post(path(`/${firm.id}/approve`));
      return token ? req.set(...bearer(token)) : req;
    };
    expectProblem(await approve(), 401);
    expectProblem(await approve(firmOwner.accessToken), 403);
    expectProblem(await approve(groupMember.accessToken), 403);
    expectProblem(await approve(outsider.accessToken), 403);
    expectProblem(await t.http().post(path(`/${firm.id}/refuse`)).set(...bearer(groupMember.accessToken)), 403);

    const res = await approve(groupOwner.accessToken).expect(200);
    expect(res.body.status).toBe('approved');
    expect((await events('group.join_approved')).map((e) => e.payload)).toEqual([
      { groupId: group.id, organizationId: firm.id, actorId: groupOwner.id },
    ]);
    expectProblem(await approve(groupOwner.accessToken), 409);

    const list = await t.http().get(path()).expect(200);
    expect(list.body.items).toEqual([
      { organizationId: firm.id, name: 'Peam Ro Ponds', provinceCode: 'KH-14', valueChains: ['aquaculture'], status: 'approved' },
    ]);
  });

  it('refuses joining what is not a group, and groups joining groups', async () => {
    const other = await createOrganization(t.http, firmOwner.accessToken, { name: 'Another Firm' });
    expectProblem(
      await t.http().post(`/api/v1/organizations/${other.id}/member-organizations`).set(...bearer(firmOwner.accessToken)).send({ organizationId: firm.id }),
      422,
    );
    const coop = await createOrganization(t.http, firmOwner.accessToken, { name: 'A Coop', kind: 'cooperative' });
    expectProblem(await t.http().post(path()).set(...bearer(firmOwner.accessToken)).send({ organizationId: coop.id }), 422);
    expectProblem(
      await t.http().post('/api/v1/organizations/00000000-0000-4000-8000-000000000000/member-organizations').set(...bearer(firmOwner.accessToken)).send({ organizationId: firm.id }),
      404,
    );
    expectProblem(await t.http().post(path()).set(...bearer(firmOwner.accessToken)).send({ organizationId: 'nope' }), 400, 'organizationId');
  });

  it('a refused firm may ask again', async () => {
    const other = await createOrganization(t.http, outsider.accessToken, { name: 'Second Try Farm' });
    await t.http().post(path()).set(...bearer(outsider.accessToken)).send({ organizationId: other.id }).expect(201);
    await t.http().post(path(`/${other.id}/refuse`)).set(...bearer(groupOwner.accessToken)).expect(200);
    await t.http().post(path()).set(...bearer(outsider.accessToken)).send({ organizationId: other.id }).expect(201);
  });

  it('leaving: 401 without a token, 403 to a plain member of the firm and an outsider; the firm manager leaves', async () => {
    const leave = (token?: string) => {
      const req = t.http().delete(path(`/${firm.id}`));
      return token ? req.set(...bearer(token)) : req;
    };
    expectProblem(await leave(), 401);
    expectProblem(await leave(firmMember.accessToken), 403);
    expectProblem(await leave(groupMember.accessToken), 403);
    expectProblem(await leave(outsider.accessToken), 403);
    await leave(firmOwner.accessToken).expect(204);
    expectProblem(await leave(firmOwner.accessToken), 404);
    expect((await t.http().get(path()).expect(200)).body.items).toEqual([]);
  });
});
