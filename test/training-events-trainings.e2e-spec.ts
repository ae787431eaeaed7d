import { DataSource } from 'typeorm';
import { addMember, bearer, createOrganization, registerUser, RegisteredUser } from './support/identity';
import { eventually, expectProblem } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';
import { CreatedTraining, createSupplier, createTraining, notificationsOf, registerUsers, sessionBody, slot, startSession, Supplier } from './support/training-events';

// ical.js is typed as an ES module but ships a CommonJS build, which require() loads.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ICAL = require('ical.js') as typeof import('ical.js', { with: { 'resolution-mode': 'import' } }).default;

describe('training events: trainings, sessions, search, calendar, invitations', () => {
  let t: TestApp;
  let db: DataSource;
  let supplier: Supplier;
  let member: RegisteredUser;
  let outsider: RegisteredUser;

  const post = (token: string, body: Record<string, unknown>) => t.http().post('/api/v1/trainings').set(...bearer(token)).send(body);
  const base = () => ({
    organizationId: supplier.organization.id,
    title: 'Healthy pigs',
    topic: 'Swine health',
    valueChains: ['swine'],
    sessions: [sessionBody(5)],
  });

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_REGISTER_PER_IP: '1000' });
    db = t.app.get(DataSource);
    supplier = await createSupplier(t.http);
    [member, outsider] = await registerUsers(t.http, 2);
    await addMember(t.http, supplier.owner.accessToken, supplier.organization.id, member!.id, 'member');
  }, 60_000);

  afterAll(() => t.close());

  describe('announcing a training', () => {
    it('a supplier manager creates a training with its stops; its page lists the sessions with seats left', async () => {
      const res = await post(supplier.owner.accessToken, {
        ...base(),
        description: 'ASF, fencing, footbaths',
        embeddedOffer: 'Free; vaccines on sale at the session',
        sessions: [
          sessionBody(9, { provinceCode: 'KH-20', capacity: 25, location: { lat: 11.1, lng: 105.8 } }),
          sessionBody(7, { provinceCode: 'KH-3', capacity: 40 }),
        ],
      }).expect(201);
      expect(res.body).toMatchObject({
        organizationId: supplier.organization.id,
        title: 'Healthy pigs',
        topic: 'Swine health',
        valueChains: ['swine'],
        embeddedOffer: 'Free; vaccines on sale at the session',
        waitlistRule: 'strict_order',
        status: 'active',
      });
      expect(res.body.sessions.map((s: { provinceCode: string }) => s.provinceCode)).toEqual(['KH-3', 'KH-20']);
      expect(res.body.sessions[1]).toMatchObject({ capacity: 25, seatsTaken: 0, seatsLeft: 25, waitlisted: 0, location: { lat: 11.1, lng: 105.8 } });
      const page = await t.http().get(`/api/v1/trainings/${res.body.id}`).expect(200);
      expect(page.body).toEqual(res.body);
    });

    it('needs a manager of an organization that can supply inputs', async () => {
      expectProblem(await t.http().post('/api/v1/trainings').send(base()), 401);
      expectProblem(await post(member.accessToken, base()), 403);
      expectProblem(await post(outsider.accessToken, base()), 403);
      const farm = await createOrganization(t.http, outsider.accessToken, { capabilities: ['sell'] });
      const res = await post(outsider.accessToken, { ...base(), organizationId: farm.id });
      expectProblem(res, 403);
      expect(res.body.type).toMatch(/capability-required/);
    });

    it('refuses bad input with 400 naming the field', async () => {
      const token = supplier.owner.accessToken;
      const bad: Array<[Record<string, unknown>, string]> = [
        [{ title: '' }, 'title'],
        [{ title: 'x'.repeat(201) }, 'title'],
        [{ valueChains: [] }, 'valueChains'],
        [{ valueChains: ['bananas'] }, 'valueChains[0]'],
        [{ waitlistRule: 'lottery' }, 'waitlistRule'],
        [{ sessions: 'soon' }, 'sessions'],
        [{ sessions: [{ ...sessionBody(5), capacity: 0 }] }, 'sessions[0].capacity'],
        [{ sessions: [{ ...sessionBody(5), capacity: 2.5 }] }, 'sessions[0].capacity'],
        [{ sessions: [{ ...sessionBody(5), startsAt: '2026-01-10 08:00' }] }, 'sessions[0].startsAt'],
        [{ sessions: [{ ...sessionBody(5), startsAt: '2026-02-30T08:00:00+07:00' }] }, 'sessions[0].startsAt'],
        [{ sessions: [{ ...sessionBody(5), endsAt: slot(4).endsAt }] }, 'sessions[0].endsAt'],
        [{ sessions: [{ ...sessionBody(5), ...slot(5, 8, 24 * 8) }] }, 'sessions[0].endsAt'],
        [{ sessions: [{ ...sessionBody(5), provinceCode: 'KH-99' }] }, 'sessions[0].provinceCode'],
        [{ sessions: [{ ...sessionBody(5), location: { lat: 91, lng: 0 } }] }, 'sessions[0].location.lat'],
        [{ sessions: [{ ...sessionBody(5), venue: '' }] }, 'sessions[0].venue'],
        [{ sessions: Array.from({ length: 101 }, (_, i) => sessionBody(i + 1)) }, 'sessions'],
        [{ organizationId: 'me' }, 'organizationId'],
        [{ price: 5 }, 'price'],
      ];
      for (const [override, field] of bad) expectProblem(await post(token, { ...base(), ...override }), 400, field);
      const rows = (await db.query('SELECT count(*)::int AS n FROM trainings WHERE organization_id = $1', [supplier.organization.id])) as Array<{
        n: number;
      }>;
      expect(rows[0]!.n).toBe(1);
    });

    it('a session in the past is 422; overlapping sessions in one request are 409 naming the later one', async () => {
      const past = await post(supplier.owner.accessToken, { ...base(), sessions: [sessionBody(-1)] });
      expectProblem(past, 422, 'sessions[0].startsAt');
      const overlapping = await post(supplier.owner.accessToken, {
        ...base(),
        sessions: [sessionBody(5), sessionBody(8), { ...sessionBody(5), ...slot(5, 10, 3) }],
      });
      expectProblem(overlapping, 409, 'sessions[2]');
      // Back to back is fine: one stop ends at 11:00, the next starts at 11:00.
      await post(supplier.owner.accessToken, { ...base(), sessions: [sessionBody(5), { ...sessionBody(5), ...slot(5, 11, 2) }] }).expect(201);
    });
  });

  describe('sessions of one training never overlap', () => {
    it('two concurrent additions of overlapping sessions: one 201, one 409', async () => {
      for (let round = 0; round < 5; round++) {
        const training = await createTraining(t.http, supplier.owner.accessToken, supplier.organization.id, { sessions: [] });
        const add = (hour: number) =>
          t
            .http()
            .post(`/api/v1/trainings/${training.id}/sessions`)
            .set(...bearer(supplier.owner.accessToken))
            .send({ ...sessionBody(10), ...slot(10, hour, 3) });
        const results = await Promise.all([add(8), add(9)]);
        expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
        const loser = results.find((r) => r.status === 409)!;
        expectProblem(loser, 409);
        expect(loser.body.type).toMatch(/sessions-overlap/);
        const sessions = (await db.query('SELECT count(*)::int AS n FROM training_sessions WHERE training_id = $1', [training.id])) as Array<{
          n: number;
        }>;
        expect(sessions[0]!.n).toBe(1);
      }
    });

    it('the database refuses an overlap whatever the code does (exclusion constraint), but not after a cancellation', async () => {
      const training = await createTraining(t.http, supplier.owner.accessToken, supplier.organization.id, { sessions: [sessionBody(12)] });
      const sessionId = training.sessions[0]!.id;
      const insert = () =>
        db.query(
          `INSERT INTO training_sessions (training_id, starts_at, ends_at, province_code, venue, capacity)
           SELECT training_id, starts_at + interval '1 hour', ends_at + interval '1 hour', province_code, 'elsewhere', 10
           FROM training_sessions WHERE id = $1`,
          [sessionId],
        );
      await expect(insert()).rejects.toMatchObject({ driverError: { code: '23P01' } });
      await t.http().post(`/api/v1/training-sessions/${sessionId}/cancel`).set(...bearer(supplier.owner.accessToken)).expect(200);
      await insert();
    });

    it('moving a session onto another is 409; only managers of the supplier may change sessions', async () => {
      const training = await createTraining(t.http, supplier.owner.accessToken, supplier.organization.id, {
        sessions: [sessionBody(14), sessionBody(15)],
      });
      const [first, second] = training.sessions as [CreatedTraining['sessions'][number], CreatedTraining['sessions'][number]];
      const patch = (token: string, body: Record<string, unknown>) =>
        t.http().patch(`/api/v1/training-sessions/${second.id}`).set(...bearer(token)).send(body);
      expectProblem(await patch(supplier.owner.accessToken, slot(14, 9, 2)), 409);
      expectProblem(await patch(member.accessToken, { venue: 'Pagoda' }), 403);
      expectProblem(await patch(outsider.accessToken, { venue: 'Pagoda' }), 403);
      expectProblem(await patch(supplier.owner.accessToken, { capacity: -1 }), 400, 'capacity');
      const moved = await patch(supplier.owner.accessToken, { ...slot(16, 14, 2), venue: 'Pagoda hall' }).expect(200);
      expect(moved.body).toMatchObject({ startsAt: new Date(slot(16, 14, 2).startsAt).toISOString(), venue: 'Pagoda hall' });
      expect(first.id).toBeDefined();
    });

    it('capacity cannot go below the confirmed seats (409)', async () => {
      const training = await createTraining(t.http, supplier.owner.accessToken, supplier.organization.id, { sessions: [sessionBody(20, { capacity: 3 })] });
      const sessionId = training.sessions[0]!.id;
      const [a, b] = await registerUsers(t.http, 2);
      for (const u of [a!, b!]) await t.http().post(`/api/v1/training-sessions/${sessionId}/registrations`).set(...bearer(u.accessToken)).send({}).expect(201);
      const res = await t.http().patch(`/api/v1/training-sessions/${sessionId}`).set(...bearer(supplier.owner.accessToken)).send({ capacity: 1 });
      expectProblem(res, 409);
      expect(res.body.type).toMatch(/capacity-below-confirmed/);
      // And the database itself will not hold more confirmed seats than capacity.
      await expect(db.query('UPDATE training_sessions SET seats_confirmed = capacity + 1 WHERE id = $1', [sessionId])).rejects.toMatchObject({
        driverError: { code: '23514' },
      });
    });
  });

  describe('finding trainings', () => {
    let finder: Supplier;
    let pigs: string;
    let fish: string;
    let honey: string;

    const find = async (query: string) => {
      const res = await t.http().get(`/api/v1/trainings?organizationId=${finder.organization.id}&${query}`).expect(200);
      return res.body as { items: Array<{ id: string; nextSession: { id: string; provinceCode: string; distanceKm: number | null; startsAt: string } }>; nextCursor: string | null };
    };

    beforeAll(async () => {
      finder = await createSupplier(t.http);
      const token = finder.owner.accessToken;
      // Pigs: Kampong Cham in 20 days, Svay Rieng in 30 (with the venue's own location).
      pigs = (
        await createTraining(t.http, token, finder.organization.id, {
          valueChains: ['swine'],
          sessions: [sessionBody(30, { provinceCode: 'KH-20', location: { lat: 11.09, lng: 105.8 } }), sessionBody(20, { provinceCode: 'KH-3' })],
        })
      ).id;
      // Fish: Prey Veng in 10 days.
      fish = (await createTraining(t.http, token, finder.organization.id, { valueChains: ['aquaculture'], sessions: [sessionBody(10, { provinceCode: 'KH-14' })] })).id;
      // Honey: Mondulkiri in 15 days, far from everything else.
      honey = (await createTraining(t.http, token, finder.organization.id, { valueChains: ['honey'], sessions: [sessionBody(15, { provinceCode: 'KH-11' })] })).id;
      // Cancelled trainings are not found.
      const cancelled = await createTraining(t.http, token, finder.organization.id, { valueChains: ['swine'], sessions: [sessionBody(3)] });
      await t.http().post(`/api/v1/trainings/${cancelled.id}/cancel`).set(...bearer(token)).expect(200);
    });

    it('lists upcoming trainings, the soonest next session first, paginated by cursor', async () => {
      const all = await find('');
      expect(all.items.map((i) => i.id)).toEqual([fish, honey, pigs]);
      const first = await find('limit=2');
      expect(first.items.map((i) => i.id)).toEqual([fish, honey]);
      const second = await find(`limit=2&cursor=${first.nextCursor}`);
      expect(second.items.map((i) => i.id)).toEqual([pigs]);
      expect(second.nextCursor).toBeNull();
    });

    it('filters by value chain, province and dates; the next session is the first that matches', async () => {
      expect((await find('valueChain=swine')).items.map((i) => i.id)).toEqual([pigs]);
      const svayRieng = await find('province=KH-20');
      expect(svayRieng.items.map((i) => i.id)).toEqual([pigs]);
      expect(svayRieng.items[0]!.nextSession.provinceCode).toBe('KH-20');
      const window = await find(`from=${slot(14).startsAt.slice(0, 10)}&to=${slot(25).startsAt.slice(0, 10)}`);
      expect(window.items.map((i) => i.id)).toEqual([honey, pigs]);
      expect(window.items[1]!.nextSession.provinceCode).toBe('KH-3');
      expect((await find(`from=${encodeURIComponent(slot(21).startsAt)}`)).items.map((i) => i.id)).toEqual([pigs]);
    });

    it('filters by distance from a place, using the session location or its province centre', async () => {
      // South of Prey Veng: the fish session (at Prey Veng's centre) 22.8 km, the Svay Rieng venue (its own location) 25.0 km,
      // the Kampong Cham session (that province's centre) 107 km.
      const near = await find('near=11.2,105.6&radiusKm=40');
      expect(near.items.map((i) => i.id)).toEqual([fish, pigs]);
      expect(near.items[0]!.nextSession.distanceKm).toBeCloseTo(22.8, 0);
      expect(near.items[1]!.nextSession).toMatchObject({ provinceCode: 'KH-20' });
      expect(near.items[1]!.nextSession.distanceKm).toBeCloseTo(25.0, 0);
      expect((await find('near=11.2,105.6&radiusKm=24')).items.map((i) => i.id)).toEqual([fish]);
      expect((await find('near=12.79,107.1&radiusKm=10')).items.map((i) => i.id)).toEqual([honey]);
      expect((await find('')).items[0]!.nextSession.distanceKm).toBeNull();
    });

    it('bad filters are 400 naming the field', async () => {
      const bad: Array<[string, string]> = [
        ['near=north', 'near'],
        ['near=95,105', 'near'],
        ['radiusKm=5', 'radiusKm'],
        ['near=11,105&radiusKm=0', 'radiusKm'],
        ['near=11,105&radiusKm=lots', 'radiusKm'],
        ['from=yesterday', 'from'],
        ['from=2026-01-10&to=2026-01-01', 'to'],
        ['province=Prey Veng', 'province'],
        ['valueChain=PIGS', 'valueChain'],
        ['limit=1000', 'limit'],
        ['cursor=garbage', 'cursor'],
      ];
      for (const [query, field] of bad) expectProblem(await t.http().get(`/api/v1/trainings?${query}`), 400, field);
    });
  });

  describe('cancelling', () => {
    it('cancelling a session cancels its registrations, frees nothing for anyone and tells the registered people', async () => {
      const training = await createTraining(t.http, supplier.owner.accessToken, supplier.organization.id, {
        sessions: [sessionBody(22, { capacity: 1 }), sessionBody(23)],
      });
      const sessionId = training.sessions[0]!.id;
      const [a, b] = await registerUsers(t.http, 2);
      for (const u of [a!, b!]) await t.http().post(`/api/v1/training-sessions/${sessionId}/registrations`).set(...bearer(u.accessToken)).send({}).expect(201);
      expectProblem(await t.http().post(`/api/v1/training-sessions/${sessionId}/cancel`).set(...bearer(member.accessToken)), 403);
      const res = await t.http().post(`/api/v1/training-sessions/${sessionId}/cancel`).set(...bearer(supplier.owner.accessToken)).expect(200);
      expect(res.body).toMatchObject({ status: 'cancelled', seatsTaken: 0, seatsLeft: 0, waitlisted: 0, registrationOpen: false });
      expectProblem(await t.http().post(`/api/v1/training-sessions/${sessionId}/cancel`).set(...bearer(supplier.owner.accessToken)), 409);
      expectProblem(await t.http().post(`/api/v1/training-sessions/${sessionId}/registrations`).set(...bearer(outsider.accessToken)).send({}), 422);
      for (const u of [a!, b!]) {
        await eventually(async () => {
          const n = (await notificationsOf(t.http, u.accessToken)).find((x) => x.kind === 'training.session_cancelled');
          expect(n?.data).toMatchObject({ trainingId: training.id, sessionId });
        });
      }
    });

    it('a session that has started cannot be cancelled (422)', async () => {
      const training = await createTraining(t.http, supplier.owner.accessToken, supplier.organization.id, { sessions: [sessionBody(24)] });
      await startSession(db, training.sessions[0]!.id);
      expectProblem(await t.http().post(`/api/v1/training-sessions/${training.sessions[0]!.id}/cancel`).set(...bearer(supplier.owner.accessToken)), 422);
    });

    it('cancelling the training cancels its sessions not yet held and tells everyone registered, once', async () => {
      const training = await createTraining(t.http, supplier.owner.accessToken, supplier.organization.id, {
        sessions: [sessionBody(25), sessionBody(26), sessionBody(27)],
      });
      const [held, s1, s2] = training.sessions.map((s) => s.id) as [string, string, string];
      const [a, b] = await registerUsers(t.http, 2);
      for (const s of [s1, s2]) await t.http().post(`/api/v1/training-sessions/${s}/registrations`).set(...bearer(a!.accessToken)).send({}).expect(201);
      await t.http().post(`/api/v1/training-sessions/${held}/registrations`).set(...bearer(b!.accessToken)).send({}).expect(201);
      await db.query(`UPDATE training_sessions SET starts_at = now() - interval '3 hours', ends_at = now() - interval '1 hour' WHERE id = $1`, [held]);

      expectProblem(await t.http().post(`/api/v1/trainings/${training.id}/cancel`).set(...bearer(outsider.accessToken)), 403);
      const res = await t.http().post(`/api/v1/trainings/${training.id}/cancel`).set(...bearer(supplier.owner.accessToken)).expect(200);
      expect(res.body.status).toBe('cancelled');
      expect(res.body.sessions.map((s: { status: string }) => s.status)).toEqual(['scheduled', 'cancelled', 'cancelled']);
      expectProblem(await t.http().post(`/api/v1/trainings/${training.id}/cancel`).set(...bearer(supplier.owner.accessToken)), 409);
      expectProblem(
        await t.http().post(`/api/v1/trainings/${training.id}/sessions`).set(...bearer(supplier.owner.accessToken)).send(sessionBody(40)),
        422,
      );
      await eventually(async () => {
        const n = (await notificationsOf(t.http, a!.accessToken)).filter((x) => x.kind === 'training.cancelled');
        expect(n).toHaveLength(1);
      });
      expect((await notificationsOf(t.http, b!.accessToken)).map((x) => x.kind)).not.toContain('training.cancelled');
    });
  });

  it('PATCH changes the training; only its managers may', async () => {
    const training = await createTraining(t.http, supplier.owner.accessToken, supplier.organization.id);
    const patch = (token: string, body: Record<string, unknown>) => t.http().patch(`/api/v1/trainings/${training.id}`).set(...bearer(token)).send(body);
    expectProblem(await patch(outsider.accessToken, { title: 'Mine now' }), 403);
    expectProblem(await patch(supplier.owner.accessToken, { title: null }), 400, 'title');
    expectProblem(await patch(supplier.owner.accessToken, { valueChains: ['nope'] }), 400, 'valueChains[0]');
    const res = await patch(supplier.owner.accessToken, { title: 'Pig health basics', embeddedOffer: null, waitlistRule: 'fill_free_seats' }).expect(200);
    expect(res.body).toMatchObject({ title: 'Pig health basics', embeddedOffer: null, waitlistRule: 'fill_free_seats' });
    expectProblem(await t.http().get('/api/v1/trainings/00000000-0000-4000-8000-000000000000'), 404);
    expectProblem(await t.http().get('/api/v1/trainings/42'), 400, 'id');
  });

  it('calendar.ics: a valid iCalendar with one event per session, in Asia/Phnom_Penh time', async () => {
    const training = await createTraining(t.http, supplier.owner.accessToken, supplier.organization.id, {
      title: 'Pigs, ASF; vaccination, and more',
      sessions: [sessionBody(30, { provinceCode: 'KH-14', venue: 'Pagoda hall, Peam Ro', location: { lat: 11.5, lng: 105.3 } }), sessionBody(31, { provinceCode: 'KH-20' })],
    });
    await t.http().post(`/api/v1/training-sessions/${training.sessions[1]!.id}/cancel`).set(...bearer(supplier.owner.accessToken)).expect(200);
    const res = await t.http().get(`/api/v1/trainings/${training.id}/calendar.ics`).expect(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.text).toMatch(/\r\n/);

    const calendar = new ICAL.Component(ICAL.parse(res.text));
    expect(calendar.name).toBe('vcalendar');
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    const zone = calendar.getFirstSubcomponent('vtimezone')!;
    expect(zone.getFirstPropertyValue('tzid')).toBe('Asia/Phnom_Penh');
    ICAL.TimezoneService.register(zone);
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events).toHaveLength(2);
    expect(new Set(events.map((e) => e.uid)).size).toBe(2);
    for (const [i, event] of events.entries()) {
      const session = training.sessions[i]!;
      expect(event.summary).toBe('Pigs, ASF; vaccination, and more');
      expect(event.component.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('Asia/Phnom_Penh');
      expect(event.startDate.zone!.tzid).toBe('Asia/Phnom_Penh');
      // 08:00 in Cambodia, the same instant as the session.
      expect(event.startDate.hour).toBe(8);
      expect(event.startDate.toJSDate().toISOString()).toBe(new Date(session.startsAt).toISOString());
      expect(event.endDate.toJSDate().getTime() - event.startDate.toJSDate().getTime()).toBe(3 * 3_600_000);
    }
    expect(events[0]!.location).toBe('Pagoda hall, Peam Ro, Prey Veng');
    expect(events[0]!.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(events[1]!.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(String(events[0]!.component.getFirstProperty('dtstamp')!.toICALString())).toMatch(/Z$/);

    expectProblem(await t.http().get('/api/v1/trainings/00000000-0000-4000-8000-000000000000/calendar.ics'), 404);
  });

  describe('invitations', () => {
    it("inviting a working group notifies its member firms' people with the session nearest each", async () => {
      const training = await createTraining(t.http, supplier.owner.accessToken, supplier.organization.id, {
        sessions: [
          sessionBody(33, { provinceCode: 'KH-14', venue: 'Peam Ro shed', location: { lat: 11.53, lng: 105.28 } }),
          sessionBody(34, { provinceCode: 'KH-2', venue: 'Battambang hall' }),
        ],
      });
      const [groupOwner, eastOwner, eastWorker, westOwner, pendingOwner] = await registerUsers(t.http, 5);
      const group = await createOrganization(t.http, groupOwner!.accessToken, { kind: 'working_group', valueChains: ['aquaculture'] });
      const east = await createOrganization(t.http, eastOwner!.accessToken, { provinceCode: 'KH-14', location: { lat: 11.55, lng: 105.27 } });
      const west = await createOrganization(t.http, westOwner!.accessToken, { provinceCode: 'KH-2' });
      const pending = await createOrganization(t.http, pendingOwner!.accessToken, { provinceCode: 'KH-14' });
      await addMember(t.http, eastOwner!.accessToken, east.id, eastWorker!.id, 'member');
      for (const [firm, owner] of [[east, eastOwner], [west, westOwner], [pending, pendingOwner]] as const) {
        await t.http().post(`/api/v1/organizations/${group.id}/member-organizations`).set(...bearer(owner!.accessToken)).send({ organizationId: firm.id }).expect(201);
      }
      for (const firm of [east, west]) {
        await t.http().post(`/api/v1/organizations/${group.id}/member-organizations/${firm.id}/approve`).set(...bearer(groupOwner!.accessToken)).expect(200);
      }

      const invite = (token: string, organizationId: string) =>
        t.http().post(`/api/v1/trainings/${training.id}/invitations`).set(...bearer(token)).send({ organizationId });
      expectProblem(await invite(outsider.accessToken, group.id), 403);
      expectProblem(await invite(supplier.owner.accessToken, east.id), 422);
      expectProblem(await invite(supplier.owner.accessToken, '00000000-0000-4000-8000-000000000000'), 404);
      expectProblem(await invite(supplier.owner.accessToken, 'group'), 400, 'organizationId');

      const res = await invite(supplier.owner.accessToken, group.id).expect(201);
      const byFirm = new Map(res.body.invited.map((i: { organizationId: string; sessionId: string }) => [i.organizationId, i.sessionId]));
      expect(byFirm).toEqual(new Map([[east.id, training.sessions[0]!.id], [west.id, training.sessions[1]!.id]]));
      expectProblem(await invite(supplier.owner.accessToken, group.id), 409);

      for (const user of [eastOwner!, eastWorker!]) {
        await eventually(async () => {
          const n = (await notificationsOf(t.http, user.accessToken)).filter((x) => x.kind === 'training.invitation');
          expect(n).toHaveLength(1);
          expect(n[0]!.data).toMatchObject({ trainingId: training.id, sessionId: training.sessions[0]!.id });
          expect(n[0]!.body).toContain('Peam Ro shed');
        });
      }
      await eventually(async () => {
        const n = (await notificationsOf(t.http, westOwner!.accessToken)).find((x) => x.kind === 'training.invitation');
        expect(n?.data).toMatchObject({ sessionId: training.sessions[1]!.id });
      });
      expect((await notificationsOf(t.http, pendingOwner!.accessToken)).map((x) => x.kind)).not.toContain('training.invitation');
      expect((await notificationsOf(t.http, groupOwner!.accessToken)).map((x) => x.kind)).not.toContain('training.invitation');
    });

    it('a training without upcoming sessions has nothing to invite to (422)', async () => {
      const groupOwner = await registerUser(t.http);
      const group = await createOrganization(t.http, groupOwner.accessToken, { kind: 'cooperative' });
      const training = await createTraining(t.http, supplier.owner.accessToken, supplier.organization.id, { sessions: [] });
      expectProblem(
        await t.http().post(`/api/v1/trainings/${training.id}/invitations`).set(...bearer(supplier.owner.accessToken)).send({ organizationId: group.id }),
        422,
      );
    });
  });
});
