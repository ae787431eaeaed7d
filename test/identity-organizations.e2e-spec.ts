import { makeAdmin } from '@psar/identity';
import { DataSource } from 'typeorm';
import { addMember, bearer, createOrganization, CreatedOrganization, registerUser, RegisteredUser } from './support/identity';
import { expectProblem } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe('identity: organizations', () => {
  let t: TestApp;
  let db: DataSource;
  let owner: RegisteredUser;
  let manager: RegisteredUser;
  let member: RegisteredUser;
  let outsider: RegisteredUser;
  let org: CreatedOrganization;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    [owner, manager, member, outsider] = await Promise.all([1, 2, 3, 4].map(() => registerUser(t.http)));
    org = await createOrganization(t.http, owner.accessToken, {
      name: 'Kampong Leav Tiles',
      phone: '023 210 123',
      location: { lat: 11.48, lng: 105.32 },
      description: 'Grade-A roof tiles',
    });
    await createOrganization(t.http, outsider.accessToken, { name: 'Outsider Builders', kind: 'firm', capabilities: ['buy'], provinceCode: 'KH-12' });
    await addMember(t.http, owner.accessToken, org.id, manager.id, 'manager');
    await addMember(t.http, owner.accessToken, org.id, member.id, 'member');
  });

  afterAll(() => t.close());

  it('makes the creator owner and shows memberships in /me', async () => {
    const me = await t.http().get('/api/v1/me').set(...bearer(owner.accessToken)).expect(200);
    expect(me.body.memberships).toEqual([
      { organizationId: org.id, organizationName: 'Kampong Leav Tiles', kind: 'firm', capabilities: ['sell'], role: 'owner' },
    ]);
  });

  it('serves a public profile without any member contact details', async () => {
    const res = await t.http().get(`/api/v1/organizations/${org.id}`).expect(200);
    expect(res.body).toMatchObject({
      id: org.id,
      name: 'Kampong Leav Tiles',
      kind: 'firm',
      capabilities: ['sell'],
      provinceCode: 'KH-14',
      location: { lat: 11.48, lng: 105.32 },
      valueChains: ['clay_tiles_bricks'],
      phone: '+85523210123',
      verified: false,
    });
    const text = JSON.stringify(res.body);
    for (const user of [owner, manager, member]) {
      expect(text).not.toContain(user.email);
      expect(text).not.toContain(user.id);
    }
    expectProblem(await t.http().get(`/api/v1/organizations/${UNKNOWN_ID}`), 404);
    expectProblem(await t.http().get('/api/v1/organizations/not-a-uuid'), 400, 'id');
  });

  it('lists and filters the directory, paged by cursor', async () => {
    const sellers = await t.http().get('/api/v1/organizations?capability=sell&province=KH-14&valueChain=clay_tiles_bricks').expect(200);
    expect(sellers.body.items.map((o: { id: string }) => o.id)).toEqual([org.id]);
    const buyers = await t.http().get('/api/v1/organizations?capability=buy').expect(200);
    expect(buyers.body.items.map((o: { name: string }) => o.name)).toEqual(['Outsider Builders']);
    const search = await t.http().get('/api/v1/organizations?q=leav%20ti').expect(200);
    expect(search.body.items).toHaveLength(1);
    await t.http().get('/api/v1/organizations?q=%25').expect(200);

    const page1 = await t.http().get('/api/v1/organizations?limit=1').expect(200);
    expect(page1.body.items).toHaveLength(1);
    const page2 = await t.http().get(`/api/v1/organizations?limit=1&cursor=${page1.body.nextCursor}`).expect(200);
    expect(page2.body.items[0].id).not.toBe(page1.body.items[0].id);
    expect(page2.body.nextCursor).toBeNull();

    expectProblem(await t.http().get('/api/v1/organizations?kind=bank'), 400, 'kind');
    expectProblem(await t.http().get('/api/v1/organizations?capability=steal'), 400, 'capability');
    expectProblem(await t.http().get('/api/v1/organizations?province=Phnom%20Penh'), 400, 'province');
  });

  it('validates creation input against the catalog, naming the field', async () => {
    const post = (body: Record<string, unknown>) =>
      t.http().post('/api/v1/organizations').set(...bearer(outsider.accessToken)).send({ name: 'X', kind: 'firm', capabilities: ['sell'], provinceCode: 'KH-14', ...body });
    expectProblem(await post({ provinceCode: 'KH-99' }), 400, 'provinceCode');
    expectProblem(await post({ valueChains: ['clay_tiles_bricks', 'unicorns'] }), 400, 'valueChains[1]');
    expectProblem(await post({ capabilities: ['sell', 'fly'] }), 400, 'capabilities');
    expectProblem(await post({ kind: 'bank' }), 400, 'kind');
    expectProblem(await post({ location: { lat: 95, lng: 105 } }), 400, 'location.lat');
    expectProblem(await post({ location: { lat: 11 } }), 400, 'location.lng');
    expectProblem(await post({ phone: 'call me' }), 400, 'phone');
    expectProblem(await post({ verifiedAt: new Date().toISOString() }), 400, 'verifiedAt');
    expectProblem(await post({ id: UNKNOWN_ID }), 400, 'id');
    expectProblem(await t.http().post('/api/v1/organizations').send({ name: 'X', kind: 'firm', capabilities: [], provinceCode: 'KH-14' }), 401);
  });

  describe('PATCH /organizations/:id (owner or manager)', () => {
    it('answers 401 without a token, 403 to an outsider and to a plain member, 404 for an unknown id', async () => {
      const patch = (token?: string, id = org.id) => {
        const req = t.http().patch(`/api/v1/organizations/${id}`).send({ description: 'hijacked' });
        return token ? req.set(...bearer(token)) : req;
      };
      expectProblem(await patch(), 401);
      expectProblem(await patch(outsider.accessToken), 403);
      expectProblem(await patch(member.accessToken), 403);
      expectProblem(await patch(manager.accessToken, UNKNOWN_ID), 404);
      const profile = await t.http().get(`/api/v1/organizations/${org.id}`).expect(200);
      expect(profile.body.description).toBe('Grade-A roof tiles');
    });

    it('lets a manager change the profile and clear optional fields', async () => {
      const res = await t.http()
        .patch(`/api/v1/organizations/${org.id}`)
        .set(...bearer(manager.accessToken))
        .send({ description: 'Roof tiles and bricks', location: null, valueChains: ['clay_tiles_bricks', 'swine'] })
        .expect(200);
      expect(res.body).toMatchObject({ description: 'Roof tiles and bricks', location: null, valueChains: ['clay_tiles_bricks', 'swine'] });
    });

    it('refuses mass assignment and nulls in required fields, changing nothing', async () => {
      for (const body of [{ id: UNKNOWN_ID }, { verifiedAt: '2025-01-01T00:00:00Z' }, { role: 'owner' }, { isAdmin: true }, { kind: 'government' }]) {
        expectProblem(
          await t.http().patch(`/api/v1/organizations/${org.id}`).set(...bearer(owner.accessToken)).send({ name: 'Renamed', ...body }),
          400,
          Object.keys(body)[0],
        );
      }
      expectProblem(await t.http().patch(`/api/v1/organizations/${org.id}`).set(...bearer(owner.accessToken)).send({ name: null }), 400, 'name');
      const profile = await t.http().get(`/api/v1/organizations/${org.id}`).expect(200);
      expect(profile.body).toMatchObject({ id: org.id, name: 'Kampong Leav Tiles', kind: 'firm', verified: false });
    });
  });

  describe('POST /organizations/:id/verify (platform admins)', () => {
    it('answers 401 without a token and 403 to anyone but an admin, even the owner', async () => {
      expectProblem(await t.http().post(`/api/v1/organizations/${org.id}/verify`), 401);
      expectProblem(await t.http().post(`/api/v1/organizations/${org.id}/verify`).set(...bearer(owner.accessToken)), 403);
      expectProblem(await t.http().post(`/api/v1/organizations/${org.id}/verify`).set(...bearer(outsider.accessToken)), 403);
    });

    it('lets an admin (made by the CLI function) verify; the profile shows it', async () => {
      const admin = await registerUser(t.http);
      await makeAdmin(db.manager, admin.email.toUpperCase());
      expectProblem(await t.http().post(`/api/v1/organizations/${UNKNOWN_ID}/verify`).set(...bearer(admin.accessToken)), 404);
      const res = await t.http().post(`/api/v1/organizations/${org.id}/verify`).set(...bearer(admin.accessToken)).expect(200);
      expect(res.body).toMatchObject({ verified: true, verifiedAt: expect.any(String) });
      const profile = await t.http().get(`/api/v1/organizations/${org.id}`).expect(200);
      expect(profile.body.verified).toBe(true);
      await expect(makeAdmin(db.manager, 'nobody@test.psar.example')).rejects.toThrow(/no user/);
    });
  });

  describe('members', () => {
    it('GET members: 401 without a token, 403 to an outsider; members see names and roles only', async () => {
      expectProblem(await t.http().get(`/api/v1/organizations/${org.id}/members`), 401);
      expectProblem(await t.http().get(`/api/v1/organizations/${org.id}/members`).set(...bearer(outsider.accessToken)), 403);
      const res = await t.http().get(`/api/v1/organizations/${org.id}/members`).set(...bearer(member.accessToken)).expect(200);
      expect(res.body.items.map((m: { role: string }) => m.role)).toEqual(['owner', 'manager', 'member']);
      expect(JSON.stringify(res.body)).not.toContain('@test.psar.example');
    });

    it('POST members: 401 without a token, 403 to an outsider and to a plain member', async () => {
      const newcomer = await registerUser(t.http);
      const add = (token?: string, role = 'member') => {
        const req = t.http().post(`/api/v1/organizations/${org.id}/members`).send({ userId: newcomer.id, role });
        return token ? req.set(...bearer(token)) : req;
      };
      expectProblem(await add(), 401);
      expectProblem(await add(outsider.accessToken), 403);
      expectProblem(await add(member.accessToken), 403);
      // A manager may add members but not make owners.
      expectProblem(await add(manager.accessToken, 'owner'), 403);
      const res = await add(manager.accessToken).expect(201);
      expect(res.body).toMatchObject({ status: 'added', member: { userId: newcomer.id, role: 'member' } });
      expectProblem(await add(manager.accessToken, 'chief'), 400, 'role');
      expectProblem(
        await t.http().post(`/api/v1/organizations/${org.id}/members`).set(...bearer(owner.accessToken)).send({ userId: UNKNOWN_ID, role: 'member' }),
        400,
        'userId',
      );
    });

    it('DELETE members: 401 without a token, 403 to an outsider and to a member removing another; a member may leave', async () => {
      const leaver = await registerUser(t.http);
      await addMember(t.http, owner.accessToken, org.id, leaver.id, 'member');
      const remove = (userId: string, token?: string) => {
        const req = t.http().delete(`/api/v1/organizations/${org.id}/members/${userId}`);
        return token ? req.set(...bearer(token)) : req;
      };
      expectProblem(await remove(leaver.id), 401);
      expectProblem(await remove(leaver.id, outsider.accessToken), 403);
      expectProblem(await remove(leaver.id, member.accessToken), 403);
      // A manager cannot remove the owner.
      expectProblem(await remove(owner.id, manager.accessToken), 403);
      await remove(leaver.id, leaver.accessToken).expect(204);
      expectProblem(await remove(leaver.id, owner.accessToken), 404);
    });

    it('never lets the last owner go, even when two owners remove each other at the same time', async () => {
      const a = await registerUser(t.http);
      const b = await registerUser(t.http);
      const coop = await createOrganization(t.http, a.accessToken, { name: 'Two Owners Coop', kind: 'cooperative' });
      // The only owner can neither leave nor demote themself.
      expectProblem(await t.http().delete(`/api/v1/organizations/${coop.id}/members/${a.id}`).set(...bearer(a.accessToken)), 422);
      expectProblem(
        await t.http().post(`/api/v1/organizations/${coop.id}/members`).set(...bearer(a.accessToken)).send({ userId: a.id, role: 'manager' }),
        422,
      );
      await addMember(t.http, a.accessToken, coop.id, b.id, 'owner');

      for (let round = 0; round < 5; round++) {
        const results = await Promise.all([
          t.http().delete(`/api/v1/organizations/${coop.id}/members/${b.id}`).set(...bearer(a.accessToken)),
          t.http().delete(`/api/v1/organizations/${coop.id}/members/${a.id}`).set(...bearer(b.accessToken)),
        ]);
        const statuses = results.map((r) => r.status).sort();
        // One wins; the loser either finds itself removed (403) or the other the last owner (422).
        expect(statuses[0]).toBe(204);
        expect([403, 422]).toContain(statuses[1]);
        const [row] = await db.query(`SELECT count(*)::int AS owners FROM memberships WHERE organization_id = $1 AND role = 'owner'`, [coop.id]);
        expect(row.owners).toBe(1);
        const survivor = results[0]!.status === 204 ? a : b;
        const removed = survivor === a ? b : a;
        await addMember(t.http, survivor.accessToken, coop.id, removed.id, 'owner');
      }
    });
  });
});
