import { MEMBER_INVITED } from '@psar/identity';
import { DataSource } from 'typeorm';
import { addMember, bearer, createOrganization, CreatedOrganization, registerUser, RegisteredUser } from './support/identity';
import { expectProblem } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe('identity: adding members by phone number, and invitations', () => {
  let t: TestApp;
  let db: DataSource;
  let owner: RegisteredUser;
  let manager: RegisteredUser;
  let member: RegisteredUser;
  let outsider: RegisteredUser;
  let org: CreatedOrganization;
  // Cellcard numbers 012 1xx xxx, one fresh per call: 012 100 001, 012 100 002, ...
  let next = 100_000;
  const freshNumber = () => {
    const digits = String(++next);
    return { local: `012 ${digits.slice(0, 3)} ${digits.slice(3)}`, e164: `+85512${digits}` };
  };

  const addByPhone = (body: Record<string, unknown>, token = owner.accessToken, organizationId = org.id) =>
    t.http().post(`/api/v1/organizations/${organizationId}/members`).set(...bearer(token)).send(body);
  const invitations = (token = owner.accessToken, organizationId = org.id, query = '') =>
    t.http().get(`/api/v1/organizations/${organizationId}/invitations${query}`).set(...bearer(token));
  const membershipsOf = async (token: string) =>
    (await t.http().get('/api/v1/me').set(...bearer(token)).expect(200)).body.memberships as Array<{ organizationId: string; role: string }>;
  const pendingRows = async (phone: string, organizationId = org.id) =>
    (await db.query('SELECT id, role FROM member_invitations WHERE organization_id = $1 AND phone = $2 AND accepted_at IS NULL AND revoked_at IS NULL', [
      organizationId,
      phone,
    ])) as Array<{ id: string; role: string }>;
  const invitedEvents = async (phone: string) =>
    ((await db.query(`SELECT count(*)::int AS n FROM outbox_events WHERE type = $1 AND payload->>'phone' = $2`, [MEMBER_INVITED, phone])) as Array<{ n: number }>)[0]!.n;

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_REGISTER_PER_IP: '1000' });
    db = t.app.get(DataSource);
    [owner, manager, member, outsider] = await Promise.all([1, 2, 3, 4].map(() => registerUser(t.http)));
    org = await createOrganization(t.http, owner.accessToken, { name: 'Svay Rieng Honey Cooperative', kind: 'cooperative' });
    await createOrganization(t.http, outsider.accessToken, { name: 'Outsider Traders', capabilities: ['buy'] });
    await addMember(t.http, owner.accessToken, org.id, manager.id, 'manager');
    await addMember(t.http, owner.accessToken, org.id, member.id, 'member');
  });

  afterAll(() => t.close());

  it('adds an existing user by phone number at once (201, status "added"), whatever way the number is written', async () => {
    const number = freshNumber();
    const worker = await registerUser(t.http, { phone: number.e164 });
    const res = await addByPhone({ phone: number.local, role: 'member' }).expect(201);
    expect(res.body).toEqual({
      status: 'added',
      member: { userId: worker.id, name: worker.name, role: 'member', joinedAt: expect.any(String) },
    });
    expect(await membershipsOf(worker.accessToken)).toEqual([expect.objectContaining({ organizationId: org.id, role: 'member' })]);
    // Again, by a manager with another spelling: the role changes, still one membership.
    await addByPhone({ phone: `+855 ${number.local.slice(1)}`, role: 'manager' }, manager.accessToken).expect(201);
    expect(await membershipsOf(worker.accessToken)).toEqual([expect.objectContaining({ organizationId: org.id, role: 'manager' })]);
    expect(await pendingRows(number.e164)).toEqual([]);
    // userId still works.
    const other = await registerUser(t.http);
    const byId = await addByPhone({ userId: other.id, role: 'member' }).expect(201);
    expect(byId.body).toMatchObject({ status: 'added', member: { userId: other.id } });
  });

  it('invites a number with no account (202, status "invited"); signing up with it makes the person a member with that role, once', async () => {
    const number = freshNumber();
    const res = await addByPhone({ phone: number.local, role: 'manager' }, manager.accessToken).expect(202);
    expect(res.body).toEqual({
      status: 'invited',
      invitation: {
        id: expect.any(String),
        phone: number.e164,
        role: 'manager',
        invitedBy: { userId: manager.id, name: manager.name },
        createdAt: expect.any(String),
        expiresAt: expect.any(String),
      },
    });
    expect(Date.parse(res.body.invitation.expiresAt) - Date.now()).toBeGreaterThan(13 * 86_400_000);
    const listed = await invitations().expect(200);
    expect(listed.body.items).toEqual([expect.objectContaining({ id: res.body.invitation.id, phone: number.e164 })]);
    expect(await invitedEvents(number.e164)).toBe(1);

    const newcomer = await registerUser(t.http, { phone: number.local });
    expect(await membershipsOf(newcomer.accessToken)).toEqual([expect.objectContaining({ organizationId: org.id, role: 'manager' })]);
    const members = await t.http().get(`/api/v1/organizations/${org.id}/members`).set(...bearer(owner.accessToken)).expect(200);
    expect(members.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ userId: newcomer.id, role: 'manager' })]));
    expect((await invitations().expect(200)).body.items.map((i: { phone: string }) => i.phone)).not.toContain(number.e164);
    const [row] = await db.query('SELECT accepted_at, accepted_by FROM member_invitations WHERE id = $1', [res.body.invitation.id]);
    expect(row).toEqual({ accepted_at: expect.any(Date), accepted_by: newcomer.id });
    // Once: adding the number now adds the account directly, no new invitation.
    await addByPhone({ phone: number.local, role: 'member' }).expect(201);
    expect(await pendingRows(number.e164)).toEqual([]);
  });

  it('honours invitations from several organizations at one sign-up', async () => {
    const number = freshNumber();
    const second = await createOrganization(t.http, outsider.accessToken, { name: 'Second Kiln' });
    await addByPhone({ phone: number.local, role: 'member' }).expect(202);
    await addByPhone({ phone: number.local, role: 'owner' }, outsider.accessToken, second.id).expect(202);
    const person = await registerUser(t.http, { phone: number.e164 });
    const roles = Object.fromEntries((await membershipsOf(person.accessToken)).map((m) => [m.organizationId, m.role]));
    expect(roles).toEqual({ [org.id]: 'member', [second.id]: 'owner' });
  });

  it('keeps one pending invitation for a number invited again, or twenty times at once; the role is the latest', async () => {
    const number = freshNumber();
    const results = await Promise.all(Array.from({ length: 20 }, () => addByPhone({ phone: number.local, role: 'member' })));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(202));
    expect(new Set(results.map((r) => r.body.invitation.id)).size).toBe(1);
    expect(await pendingRows(number.e164)).toEqual([{ id: results[0]!.body.invitation.id, role: 'member' }]);
    // A replay records no second event for an SMS channel to send.
    expect(await invitedEvents(number.e164)).toBe(1);

    const again = await addByPhone({ phone: `+855${number.e164.slice(4)}`, role: 'manager' }, manager.accessToken).expect(202);
    expect(again.body.invitation).toMatchObject({ id: results[0]!.body.invitation.id, role: 'manager', invitedBy: { userId: manager.id } });
    expect(await pendingRows(number.e164)).toEqual([{ id: results[0]!.body.invitation.id, role: 'manager' }]);
    expect(await invitedEvents(number.e164)).toBe(2);

    // The same Idempotency-Key answers the first 202 again.
    const keyed = () => addByPhone({ phone: number.local, role: 'manager' }).set('idempotency-key', `invite-${number.e164}`);
    const first = await keyed().expect(202);
    const replay = await keyed().expect(202);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
  });

  it('of invitations and a sign-up with that number at the same moment, the person ends up a member and no invitation is left pending (10 rounds)', async () => {
    const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    for (let round = 0; round < 10; round++) {
      const number = freshNumber();
      // Invitations spread over the sign-up (its password hashing comes first), so some land inside its transaction.
      const [signUp, ...invites] = await Promise.all([
        t.http().post('/api/v1/auth/register').send({ name: `Racer ${round}`, phone: number.e164, password: 'kiln fire at dawn 42' }),
        ...Array.from({ length: 12 }, (_, i) => later(i * 15).then(() => addByPhone({ phone: number.local, role: 'member' }))),
      ]);
      expect(signUp.status).toBe(201);
      for (const invite of invites) expect([201, 202]).toContain(invite.status);
      expect(await membershipsOf(signUp.body.accessToken)).toEqual([expect.objectContaining({ organizationId: org.id, role: 'member' })]);
      expect(await pendingRows(number.e164)).toEqual([]);
    }
  });

  it('does not honour an expired invitation, nor list it; inviting again renews it', async () => {
    const number = freshNumber();
    const res = await addByPhone({ phone: number.local, role: 'member' }).expect(202);
    await db.query(`UPDATE member_invitations SET created_at = now() - interval '20 days', expires_at = now() - interval '6 days' WHERE id = $1`, [
      res.body.invitation.id,
    ]);
    expect((await invitations().expect(200)).body.items.map((i: { id: string }) => i.id)).not.toContain(res.body.invitation.id);
    const late = await registerUser(t.http, { phone: number.local });
    expect(await membershipsOf(late.accessToken)).toEqual([]);

    const other = freshNumber();
    const stale = await addByPhone({ phone: other.local, role: 'member' }).expect(202);
    await db.query(`UPDATE member_invitations SET created_at = now() - interval '20 days', expires_at = now() - interval '6 days' WHERE id = $1`, [
      stale.body.invitation.id,
    ]);
    const renewed = await addByPhone({ phone: other.local, role: 'member' }).expect(202);
    expect(renewed.body.invitation.id).toBe(stale.body.invitation.id);
    expect(Date.parse(renewed.body.invitation.expiresAt)).toBeGreaterThan(Date.now() + 13 * 86_400_000);
    expect(await invitedEvents(other.e164)).toBe(2);
    const person = await registerUser(t.http, { phone: other.e164 });
    expect(await membershipsOf(person.accessToken)).toEqual([expect.objectContaining({ organizationId: org.id })]);
  });

  it('lets owners and managers revoke a pending invitation; a revoked one is not honoured', async () => {
    const number = freshNumber();
    const res = await addByPhone({ phone: number.local, role: 'member' }).expect(202);
    const id = res.body.invitation.id as string;
    const revoke = (token: string, organizationId = org.id, invitationId = id) =>
      t.http().delete(`/api/v1/organizations/${organizationId}/invitations/${invitationId}`).set(...bearer(token));
    expectProblem(await revoke(member.accessToken), 403);
    expectProblem(await revoke(outsider.accessToken), 403);
    const outsiderOrg = (await membershipsOf(outsider.accessToken))[0]!.organizationId;
    expectProblem(await revoke(outsider.accessToken, outsiderOrg), 404);
    expectProblem(await revoke(owner.accessToken, org.id, UNKNOWN_ID), 404);
    expectProblem(await revoke(owner.accessToken, org.id, 'nope'), 400, 'invitationId');
    await revoke(manager.accessToken).expect(204);
    expectProblem(await revoke(manager.accessToken), 404);
    expect((await invitations().expect(200)).body.items.map((i: { id: string }) => i.id)).not.toContain(id);
    const person = await registerUser(t.http, { phone: number.local });
    expect(await membershipsOf(person.accessToken)).toEqual([]);

    // An invitation to become owner: only an owner invites or revokes it.
    const future = freshNumber();
    expectProblem(await addByPhone({ phone: future.local, role: 'owner' }, manager.accessToken), 403);
    const ownerInvite = await addByPhone({ phone: future.local, role: 'owner' }).expect(202);
    expectProblem(await revoke(manager.accessToken, org.id, ownerInvite.body.invitation.id), 403);
    await revoke(owner.accessToken, org.id, ownerInvite.body.invitation.id).expect(204);
  });

  it('refuses plain members and outsiders (403) and anonymous callers (401)', async () => {
    const number = freshNumber();
    expectProblem(await addByPhone({ phone: number.local, role: 'member' }, member.accessToken), 403);
    expectProblem(await addByPhone({ phone: number.local, role: 'member' }, outsider.accessToken), 403);
    expectProblem(await t.http().post(`/api/v1/organizations/${org.id}/members`).send({ phone: number.local, role: 'member' }), 401);
    expectProblem(await invitations(member.accessToken), 403);
    expectProblem(await invitations(outsider.accessToken), 403);
    expectProblem(await t.http().get(`/api/v1/organizations/${org.id}/invitations`), 401);
    expect(await pendingRows(number.e164)).toEqual([]);
    expectProblem(await addByPhone({ phone: number.local, role: 'member' }, owner.accessToken, UNKNOWN_ID), 404);
  });

  it('answers 400 naming the field for a malformed phone, for both or neither of phone and userId, and a bad role', async () => {
    for (const phone of ['12', 'call me', '012 345', '+1 555', '0'.repeat(33), '', 12345678, ['012 345 678']]) {
      expectProblem(await addByPhone({ phone, role: 'member' }), 400, 'phone');
    }
    expectProblem(await addByPhone({ role: 'member' }), 400, 'phone');
    expectProblem(await addByPhone({ phone: '012 345 678', userId: member.id, role: 'member' }), 400, 'phone');
    expectProblem(await addByPhone({ userId: 'nope', role: 'member' }), 400, 'userId');
    expectProblem(await addByPhone({ phone: freshNumber().local, role: 'chief' }), 400, 'role');
    expectProblem(await addByPhone({ phone: freshNumber().local }), 400, 'role');
    expectProblem(await addByPhone({ phone: freshNumber().local, role: 'member', extra: 1 }), 400);
    expectProblem(await invitations(owner.accessToken, org.id, '?limit=0'), 400, 'limit');
    expectProblem(await invitations(owner.accessToken, org.id, '?cursor=bogus'), 400, 'cursor');
  });

  it('pages the pending invitations, newest first', async () => {
    const fresh = await createOrganization(t.http, owner.accessToken, { name: 'Paging Coop', kind: 'cooperative' });
    const numbers = Array.from({ length: 5 }, () => freshNumber());
    for (const n of numbers) await addByPhone({ phone: n.local, role: 'member' }, owner.accessToken, fresh.id).expect(202);
    const first = await invitations(owner.accessToken, fresh.id, '?limit=3').expect(200);
    expect(first.body.items).toHaveLength(3);
    const second = await invitations(owner.accessToken, fresh.id, `?limit=3&cursor=${first.body.nextCursor}`).expect(200);
    expect(second.body.nextCursor).toBeNull();
    expect([...first.body.items, ...second.body.items].map((i: { phone: string }) => i.phone)).toEqual(numbers.map((n) => n.e164).reverse());
  });
});
