import { ScheduledJobsService } from '@psar/platform';
import { REMINDER_JOB } from '@psar/training-events';
import { DataSource } from 'typeorm';
import { addMember, bearer, createOrganization, registerUser, RegisteredUser } from './support/identity';
import { eventually, expectProblem } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';
import { createSupplier, createTraining, notificationsOf, registerUsers, sessionBody, startSession, Supplier } from './support/training-events';

describe('training events: registrations, waitlist, check-in', () => {
  let t: TestApp;
  let db: DataSource;
  let supplier: Supplier;
  let staff: RegisteredUser;
  let manager: RegisteredUser;
  let people: RegisteredUser[];

  const registrations = (sessionId: string, suffix = '') => `/api/v1/training-sessions/${sessionId}/registrations${suffix}`;
  const register = (token: string, sessionId: string, body: Record<string, unknown> = {}) =>
    t.http().post(registrations(sessionId)).set(...bearer(token)).send(body);
  const newSession = async (capacity: number, overrides: Record<string, unknown> = {}) => {
    const training = await createTraining(t.http, supplier.owner.accessToken, supplier.organization.id, {
      sessions: [sessionBody(5, { capacity })],
      ...overrides,
    });
    return training.sessions[0]!.id;
  };
  const rowsOf = async (sessionId: string) =>
    (await db.query(
      `SELECT id, user_id, seats, status, waitlist_position, check_in_code FROM training_registrations WHERE session_id = $1 ORDER BY created_at`,
      [sessionId],
    )) as Array<{ id: string; user_id: string; seats: number; status: string; waitlist_position: number | null; check_in_code: string | null }>;
  const seatsConfirmed = async (sessionId: string) =>
    ((await db.query('SELECT seats_confirmed FROM training_sessions WHERE id = $1', [sessionId])) as Array<{ seats_confirmed: number }>)[0]!
      .seats_confirmed;

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_REGISTER_PER_IP: '1000' });
    db = t.app.get(DataSource);
    supplier = await createSupplier(t.http);
    [staff, manager] = await registerUsers(t.http, 2);
    await addMember(t.http, supplier.owner.accessToken, supplier.organization.id, staff!.id, 'member');
    await addMember(t.http, supplier.owner.accessToken, supplier.organization.id, manager!.id, 'manager');
    people = await registerUsers(t.http, 50);
  }, 120_000);

  afterAll(() => t.close());

  describe('50 simultaneous registrations for 30 seats', () => {
    let sessionId: string;
    let responses: Array<{ status: number; body: { id: string; status: string; position: number | null; checkInCode: string | null } }>;

    beforeAll(async () => {
      sessionId = await newSession(30);
      responses = await Promise.all(people.map((p) => register(p.accessToken, sessionId)));
    });

    it('confirms exactly 30 and waitlists 20 at positions 1..20, no gaps, no duplicates', async () => {
      expect(responses.map((r) => r.status)).toEqual(people.map(() => 201));
      const confirmed = responses.filter((r) => r.body.status === 'confirmed');
      const waitlisted = responses.filter((r) => r.body.status === 'waitlisted');
      expect(confirmed).toHaveLength(30);
      expect(waitlisted).toHaveLength(20);
      expect(waitlisted.map((r) => r.body.position).sort((a, b) => a! - b!)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(new Set(confirmed.map((r) => r.body.checkInCode)).size).toBe(30);
      for (const r of confirmed) expect(r.body.checkInCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{6}$/);
      for (const r of waitlisted) expect(r.body.checkInCode).toBeNull();

      // The database agrees with what the clients were told, and the counter with the rows.
      const rows = await rowsOf(sessionId);
      expect(rows.filter((r) => r.status === 'confirmed')).toHaveLength(30);
      expect(await seatsConfirmed(sessionId)).toBe(30);
      const positions = rows.filter((r) => r.status === 'waitlisted').map((r) => r.waitlist_position);
      expect(positions.sort((a, b) => a! - b!)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));

      const page = await t.http().get(`/api/v1/training-sessions/${sessionId}`).expect(200);
      expect(page.body).toMatchObject({ capacity: 30, seatsTaken: 30, seatsLeft: 0, waitlisted: 20, registrationOpen: true });
    });

    it('cancelling 5 confirmed (at once) promotes positions 1..5 in order, renumbers the rest, and notifies them', async () => {
      const byPosition = responses
        .filter((r) => r.body.status === 'waitlisted')
        .sort((a, b) => a.body.position! - b.body.position!)
        .map((r) => r.body.id);
      const tokenOf = new Map(responses.map((r, i) => [r.body.id, people[i]!.accessToken]));
      const leaving = responses.filter((r) => r.body.status === 'confirmed').slice(0, 5);

      const cancelled = await Promise.all(
        leaving.map((r) => t.http().delete(registrations(sessionId, `/${r.body.id}`)).set(...bearer(tokenOf.get(r.body.id)!))),
      );
      expect(cancelled.map((r) => r.status)).toEqual([204, 204, 204, 204, 204]);

      const rows = await rowsOf(sessionId);
      const status = new Map(rows.map((r) => [r.id, r]));
      expect(byPosition.slice(0, 5).map((id) => status.get(id)!.status)).toEqual(['confirmed', 'confirmed', 'confirmed', 'confirmed', 'confirmed']);
      expect(byPosition.slice(5).map((id) => status.get(id)!.waitlist_position)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
      expect(rows.filter((r) => r.status === 'confirmed')).toHaveLength(30);
      expect(await seatsConfirmed(sessionId)).toBe(30);

      // The promoted see their new status and code; each is told.
      for (const id of byPosition.slice(0, 5)) {
        const mine = await t.http().get(registrations(sessionId, `/${id}`)).set(...bearer(tokenOf.get(id)!)).expect(200);
        expect(mine.body).toMatchObject({ status: 'confirmed', position: null, checkInCode: expect.stringMatching(/^[0-9A-Z]{6}$/) });
        await eventually(async () => {
          const kinds = (await notificationsOf(t.http, tokenOf.get(id)!)).map((n) => n.kind);
          expect(kinds).toContain('training.registration_promoted');
        });
      }
      // Still waiting: not told anything of the sort.
      const stillWaiting = (await notificationsOf(t.http, tokenOf.get(byPosition[5]!)!)).map((n) => n.kind);
      expect(stillWaiting).not.toContain('training.registration_promoted');
      // A second DELETE of the same registration changes nothing.
      await t.http().delete(registrations(sessionId, `/${leaving[0]!.body.id}`)).set(...bearer(tokenOf.get(leaving[0]!.body.id)!)).expect(204);
      expect(await seatsConfirmed(sessionId)).toBe(30);
    });

    it('one registration per person per session: registering again is 409, even many times at once', async () => {
      const live = new Set((await rowsOf(sessionId)).filter((r) => r.status !== 'cancelled').map((r) => r.user_id));
      const user = people.find((p) => live.has(p.id))!;
      const again = await Promise.all(Array.from({ length: 10 }, () => register(user.accessToken, sessionId)));
      for (const r of again) expectProblem(r, 409);
      expect(again[0]!.body.detail).toMatch(/already registered/);
      expect((await rowsOf(sessionId)).filter((r) => r.user_id === user.id)).toHaveLength(1);
    });
  });

  it('50 simultaneous registrations of 1 to 3 seats for 10 seats: confirmed seats never exceed capacity, the line has no gaps', async () => {
    const sessionId = await newSession(10);
    const groups = await Promise.all(people.slice(0, 15).map((p) => createOrganization(t.http, p.accessToken)));
    const results = await Promise.all(
      people.map((p, i) => register(p.accessToken, sessionId, i < 15 ? { organizationId: groups[i]!.id, seats: 2 + (i % 2) } : {})),
    );
    expect(results.map((r) => r.status)).toEqual(people.map(() => 201));
    const rows = await rowsOf(sessionId);
    const confirmedSeats = rows.filter((r) => r.status === 'confirmed').reduce((n, r) => n + r.seats, 0);
    expect(confirmedSeats).toBeLessThanOrEqual(10);
    expect(await seatsConfirmed(sessionId)).toBe(confirmedSeats);
    const positions = rows.filter((r) => r.status === 'waitlisted').map((r) => r.waitlist_position!).sort((a, b) => a - b);
    expect(positions).toEqual(Array.from({ length: positions.length }, (_, i) => i + 1));
    expect(positions.length + rows.filter((r) => r.status === 'confirmed').length).toBe(50);
    // Strict order: the head of the line needs more seats than are left.
    const head = rows.find((r) => r.waitlist_position === 1)!;
    expect(head.seats).toBeGreaterThan(10 - confirmedSeats);
  });

  it('one person registering many times at once on a fresh session: exactly one 201', async () => {
    const sessionId = await newSession(10);
    const user = people[1]!;
    const results = await Promise.all(Array.from({ length: 20 }, () => register(user.accessToken, sessionId)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 201)) expectProblem(r, 409);
    expect(await seatsConfirmed(sessionId)).toBe(1);
  });

  describe('waitlist rule for a group larger than the freed seats', () => {
    async function scenario(waitlistRule?: string) {
      const sessionId = await newSession(4, waitlistRule ? { waitlistRule } : {});
      const [a, b, groupLead, single] = people.slice(10, 14) as [RegisteredUser, RegisteredUser, RegisteredUser, RegisteredUser];
      const firm = await createOrganization(t.http, groupLead.accessToken, { valueChains: ['swine'] });
      const first = await register(a.accessToken, sessionId, {}).expect(201);
      await register(b.accessToken, sessionId, {}).expect(201);
      await register(people[14]!.accessToken, sessionId, {}).expect(201);
      await register(people[15]!.accessToken, sessionId, {}).expect(201);
      const group = await register(groupLead.accessToken, sessionId, { organizationId: firm.id, seats: 3 }).expect(201);
      const later = await register(single.accessToken, sessionId, {}).expect(201);
      expect(group.body).toMatchObject({ status: 'waitlisted', position: 1, seats: 3 });
      expect(later.body).toMatchObject({ status: 'waitlisted', position: 2 });
      // Two seats free up: fewer than the group needs.
      await t.http().delete(registrations(sessionId, `/${first.body.id}`)).set(...bearer(a.accessToken)).expect(204);
      const mine = async (id: string, token: string) => (await t.http().get(registrations(sessionId, `/${id}`)).set(...bearer(token))).body;
      return { sessionId, group, later, groupLead, single, mine };
    }

    it('strict order (the default): the group keeps its place and the later single is not promoted past it', async () => {
      const { sessionId, group, later, groupLead, single, mine } = await scenario();
      expect(await mine(group.body.id, groupLead.accessToken)).toMatchObject({ status: 'waitlisted', position: 1 });
      expect(await mine(later.body.id, single.accessToken)).toMatchObject({ status: 'waitlisted', position: 2 });
      expect(await seatsConfirmed(sessionId)).toBe(3);
      // A newcomer does not take the free seat either: nobody overtakes the line.
      const newcomer = await register(people[16]!.accessToken, sessionId).expect(201);
      expect(newcomer.body).toMatchObject({ status: 'waitlisted', position: 3 });
      // Raising the capacity by one more seat lets the group in, then the single.
      await t.http().patch(`/api/v1/training-sessions/${sessionId}`).set(...bearer(supplier.owner.accessToken)).send({ capacity: 7 }).expect(200);
      expect(await mine(group.body.id, groupLead.accessToken)).toMatchObject({ status: 'confirmed', position: null });
      expect(await mine(later.body.id, single.accessToken)).toMatchObject({ status: 'confirmed' });
      expect(await seatsConfirmed(sessionId)).toBe(7);
      expect((await rowsOf(sessionId)).filter((r) => r.status === 'waitlisted').map((r) => r.waitlist_position)).toEqual([1]);
    });

    it("fill_free_seats (the supplier's setting): the single behind the group takes a free seat; the group stays first", async () => {
      const { sessionId, group, later, groupLead, single, mine } = await scenario('fill_free_seats');
      expect(await mine(later.body.id, single.accessToken)).toMatchObject({ status: 'confirmed' });
      expect(await mine(group.body.id, groupLead.accessToken)).toMatchObject({ status: 'waitlisted', position: 1 });
      expect(await seatsConfirmed(sessionId)).toBe(4);
    });
  });

  describe('input', () => {
    let sessionId: string;
    beforeAll(async () => {
      sessionId = await newSession(5);
    });

    it('refuses malformed bodies with 400 naming the field, never a 500', async () => {
      const user = people[20]!;
      expectProblem(await register(user.accessToken, sessionId, { seats: 0 }), 400, 'seats');
      expectProblem(await register(user.accessToken, sessionId, { seats: 'two' }), 400, 'seats');
      expectProblem(await register(user.accessToken, sessionId, { seats: 1.5 }), 400, 'seats');
      expectProblem(await register(user.accessToken, sessionId, { seats: 2 }), 400, 'seats');
      expectProblem(await register(user.accessToken, sessionId, { organizationId: 'nope' }), 400, 'organizationId');
      expectProblem(await register(user.accessToken, sessionId, { extra: true }), 400, 'extra');
      expectProblem(await register(user.accessToken, sessionId, { attendeeName: 'x'.repeat(121), attendeePhone: '012345678' }), 400, 'attendeeName');
      expectProblem(await t.http().post(registrations('not-a-uuid')).set(...bearer(user.accessToken)).send({}), 400, 'id');
      expectProblem(await register(user.accessToken, '00000000-0000-4000-8000-000000000000'), 404);
      expectProblem(await t.http().post(registrations(sessionId)).send({}), 401);
      const huge = await t
        .http()
        .post(registrations(sessionId))
        .set(...bearer(user.accessToken))
        .set('content-type', 'application/json')
        .send(JSON.stringify({ attendeeName: 'x'.repeat(2_000_000) }));
      expectProblem(huge, 413);
      const broken = await t.http().post(registrations(sessionId)).set(...bearer(user.accessToken)).set('content-type', 'application/json').send('{"seats":');
      expectProblem(broken, 400);
      expect(await rowsOf(sessionId)).toHaveLength(0);
    });

    it('more seats than the session has: 422; for an organization the user is not in: 403', async () => {
      const user = people[21]!;
      const firm = await createOrganization(t.http, user.accessToken);
      expectProblem(await register(user.accessToken, sessionId, { organizationId: firm.id, seats: 6 }), 422);
      const other = await createOrganization(t.http, people[22]!.accessToken);
      expectProblem(await register(user.accessToken, sessionId, { organizationId: other.id, seats: 2 }), 403);
    });

    it('an Idempotency-Key replay returns the first registration and creates nothing new', async () => {
      const user = people[23]!;
      const first = await register(user.accessToken, sessionId).set('idempotency-key', 'reg-once-1').expect(201);
      const replay = await register(user.accessToken, sessionId).set('idempotency-key', 'reg-once-1').expect(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body).toEqual(first.body);
      expect((await rowsOf(sessionId)).filter((r) => r.user_id === user.id)).toHaveLength(1);
    });
  });

  it('registration closes when the session starts (422); cancelling after the start is refused too', async () => {
    const sessionId = await newSession(5);
    const early = await register(people[24]!.accessToken, sessionId).expect(201);
    await startSession(db, sessionId);
    const late = await register(people[25]!.accessToken, sessionId);
    expectProblem(late, 422);
    expect(late.body.detail).toMatch(/closed when the session started/);
    expectProblem(await t.http().delete(registrations(sessionId, `/${early.body.id}`)).set(...bearer(people[24]!.accessToken)), 422);
    const page = await t.http().get(`/api/v1/training-sessions/${sessionId}`).expect(200);
    expect(page.body.registrationOpen).toBe(false);
  });

  describe('walk-ins', () => {
    it("only the supplier's staff register walk-ins, by name and phone; others get 403", async () => {
      const sessionId = await newSession(3);
      const walkIn = { attendeeName: 'Sok Dara', attendeePhone: '012 345 678' };
      expectProblem(await register(people[26]!.accessToken, sessionId, walkIn), 403);
      expectProblem(await register(staff.accessToken, sessionId, { attendeeName: 'Sok Dara' }), 400, 'attendeePhone');
      expectProblem(await register(staff.accessToken, sessionId, { ...walkIn, attendeePhone: '12' }), 400, 'attendeePhone');
      const res = await register(staff.accessToken, sessionId, { ...walkIn, seats: 2 }).expect(201);
      expect(res.body).toMatchObject({ status: 'confirmed', seats: 2, checkInCode: expect.any(String) });
      // The same staff member can enter several people: walk-ins are not "their" registration.
      await register(staff.accessToken, sessionId, { attendeeName: 'Keo Sambath', attendeePhone: '+85512000999' }).expect(201);
      const list = await t.http().get(registrations(sessionId)).set(...bearer(manager.accessToken)).expect(200);
      expect(list.body.items[0]).toMatchObject({ kind: 'walk_in', attendeeName: 'Sok Dara', attendeePhone: '+85512345678', userId: null });
    });

    it('at the door (session started): a free seat is confirmed and checked in at once; a full session is 409', async () => {
      const sessionId = await newSession(2);
      await register(people[27]!.accessToken, sessionId).expect(201);
      await startSession(db, sessionId);
      const res = await register(staff.accessToken, sessionId, { attendeeName: 'Ly Chenda', attendeePhone: '+85512000888' }).expect(201);
      expect(res.body).toMatchObject({ status: 'confirmed', checkedInAt: expect.any(String) });
      expectProblem(await register(staff.accessToken, sessionId, { attendeeName: 'Pov Rathana', attendeePhone: '+85512000777' }), 409);
      expect(await seatsConfirmed(sessionId)).toBe(2);
    });
  });

  describe('check-in and attendance', () => {
    let trainingId: string;
    let sessionA: string;
    let sessionB: string;
    let codeA: string;
    let regA: string;
    let codeB: string;
    const checkIn = (token: string, sessionId: string, code: string) =>
      t.http().post(`/api/v1/training-sessions/${sessionId}/check-ins`).set(...bearer(token)).send({ code });

    beforeAll(async () => {
      const training = await createTraining(t.http, supplier.owner.accessToken, supplier.organization.id, {
        sessions: [sessionBody(6, { capacity: 3 }), sessionBody(8, { capacity: 3 })],
      });
      trainingId = training.id;
      [sessionA, sessionB] = training.sessions.map((s) => s.id) as [string, string];
      const a = await register(people[30]!.accessToken, sessionA).expect(201);
      [regA, codeA] = [a.body.id, a.body.checkInCode];
      await register(people[31]!.accessToken, sessionA).expect(201);
      const firm = await createOrganization(t.http, people[32]!.accessToken);
      await register(people[32]!.accessToken, sessionA, { organizationId: firm.id, seats: 1 }).expect(201);
      await register(people[33]!.accessToken, sessionA).expect(201); // waitlisted
      codeB = (await register(people[34]!.accessToken, sessionB).expect(201)).body.checkInCode;
    });

    it('staff check in by code, in any case and with a dash; the registrant sees it', async () => {
      const typed = `${codeA.slice(0, 3).toLowerCase()}-${codeA.slice(3)}`;
      const res = await checkIn(staff.accessToken, sessionA, typed).expect(200);
      expect(res.body).toMatchObject({ id: regA, status: 'confirmed', checkedInAt: expect.any(String), attendeeName: people[30]!.name });
      const mine = await t.http().get(registrations(sessionA, `/${regA}`)).set(...bearer(people[30]!.accessToken)).expect(200);
      expect(mine.body.checkedInAt).toBe(res.body.checkedInAt);
    });

    it('a second check-in with the same code is refused (409) with when it was used; at once, exactly one succeeds', async () => {
      const again = await checkIn(staff.accessToken, sessionA, codeA);
      expectProblem(again, 409);
      expect(again.body.detail).toMatch(/already checked in at \d{2}:\d{2}/);
      const code = (await rowsOf(sessionA)).find((r) => r.user_id === people[31]!.id)!.check_in_code!;
      const both = await Promise.all([checkIn(staff.accessToken, sessionA, code), checkIn(manager.accessToken, sessionA, code)]);
      expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    });

    it("a code of another session is 422, an unknown code 404, a malformed one 400; outsiders 403", async () => {
      const wrongSession = await checkIn(staff.accessToken, sessionA, codeB);
      expectProblem(wrongSession, 422);
      expect(wrongSession.body.detail).toMatch(/another session of this training/);
      const unknown = ['222222', '333333'].find((c) => c !== codeA && c !== codeB)!;
      expectProblem(await checkIn(staff.accessToken, sessionA, unknown), 404);
      expectProblem(await checkIn(staff.accessToken, sessionA, 'abc'), 400, 'code');
      expectProblem(await checkIn(staff.accessToken, sessionA, 'x'.repeat(40)), 400, 'code');
      expectProblem(await checkIn(people[30]!.accessToken, sessionA, codeA), 403);
    });

    it('a cancelled registration cannot be checked in (422)', async () => {
      const row = (await rowsOf(sessionB))[0]!;
      await t.http().delete(registrations(sessionB, `/${row.id}`)).set(...bearer(people[34]!.accessToken)).expect(204);
      expectProblem(await checkIn(staff.accessToken, sessionB, codeB), 422);
    });

    it("only the supplier's managers see the registration list and phone numbers; others get 404 (a plain member 403)", async () => {
      await db.query('UPDATE users SET phone = $2 WHERE id = $1', [people[31]!.id, '+85512000555']);
      const list = await t.http().get(registrations(sessionA)).set(...bearer(manager.accessToken)).expect(200);
      expect(list.body.items).toHaveLength(4);
      expect(list.body.items.find((i: { userId: string }) => i.userId === people[31]!.id)).toMatchObject({ attendeePhone: '+85512000555' });
      const page = await t.http().get(registrations(sessionA, '?limit=2')).set(...bearer(supplier.owner.accessToken)).expect(200);
      const next = await t.http().get(registrations(sessionA, `?limit=2&cursor=${page.body.nextCursor}`)).set(...bearer(supplier.owner.accessToken)).expect(200);
      expect([...page.body.items, ...next.body.items].map((i: { id: string }) => i.id)).toEqual(list.body.items.map((i: { id: string }) => i.id));
      expect(next.body.nextCursor).toBeNull();
      const waiting = await t.http().get(registrations(sessionA, '?status=waitlisted')).set(...bearer(manager.accessToken)).expect(200);
      expect(waiting.body.items.map((i: { position: number }) => i.position)).toEqual([1]);

      const other = await createSupplier(t.http);
      for (const token of [people[30]!.accessToken, other.owner.accessToken]) {
        const res = await t.http().get(registrations(sessionA)).set(...bearer(token));
        expectProblem(res, 404);
        expect(JSON.stringify(res.body)).not.toContain('+85512000555');
        expectProblem(await t.http().get(`/api/v1/training-sessions/${sessionA}/attendance`).set(...bearer(token)), 404);
        expectProblem(await t.http().get(`/api/v1/trainings/${trainingId}/attendance`).set(...bearer(token)), 404);
      }
      expectProblem(await t.http().get(registrations(sessionA)).set(...bearer(staff.accessToken)), 403);
      expectProblem(await t.http().get(registrations(sessionA)), 401);
      // Someone else's registration is not found, not forbidden.
      expectProblem(await t.http().get(registrations(sessionA, `/${regA}`)).set(...bearer(people[31]!.accessToken)), 404);
      expectProblem(await t.http().delete(registrations(sessionA, `/${regA}`)).set(...bearer(people[31]!.accessToken)), 404);
      expectProblem(await t.http().get(registrations(sessionA, `/${regA}/qr.png`)).set(...bearer(other.owner.accessToken)), 404);
    });

    it('the check-in code as a QR image, PNG and SVG, for the registrant; none while waitlisted', async () => {
      const png = await t.http().get(registrations(sessionA, `/${regA}/qr.png`)).set(...bearer(people[30]!.accessToken)).buffer(true).expect(200);
      expect(png.headers['content-type']).toBe('image/png');
      expect((png.body as Buffer).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      const svg = await t
        .http()
        .get(registrations(sessionA, `/${regA}/qr.svg`))
        .set(...bearer(staff.accessToken))
        .buffer(true)
        .parse((res, done) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => done(null, text));
        })
        .expect(200);
      expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
      expect(svg.body as string).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      const waitlisted = (await rowsOf(sessionA)).find((r) => r.status === 'waitlisted')!;
      expectProblem(await t.http().get(registrations(sessionA, `/${waitlisted.id}/qr.png`)).set(...bearer(people[33]!.accessToken)), 409);
    });

    it('attendance per session and per training: registered, attended, no-shows once ended, waitlisted', async () => {
      const before = await t.http().get(`/api/v1/training-sessions/${sessionA}/attendance`).set(...bearer(manager.accessToken)).expect(200);
      expect(before.body).toMatchObject({ registered: 3, attended: 2, noShows: null, waitlisted: 1, walkIns: 0, ended: false });
      await db.query(`UPDATE training_sessions SET starts_at = now() - interval '3 hours', ends_at = now() - interval '1 hour' WHERE id = $1`, [sessionA]);
      const after = await t.http().get(`/api/v1/training-sessions/${sessionA}/attendance`).set(...bearer(manager.accessToken)).expect(200);
      expect(after.body).toMatchObject({ registered: 3, attended: 2, noShows: 1, waitlisted: 1, ended: true });
      const training = await t.http().get(`/api/v1/trainings/${trainingId}/attendance`).set(...bearer(supplier.owner.accessToken)).expect(200);
      expect(training.body.totals).toEqual({ registered: 3, attended: 2, noShows: 1, waitlisted: 1, walkIns: 0 });
      expect(training.body.sessions.map((s: { sessionId: string }) => s.sessionId)).toEqual([sessionA, sessionB]);
    });
  });

  it("my registrations: the caller's own, soonest first, with their codes", async () => {
    const user = await registerUser(t.http);
    const training = await createTraining(t.http, supplier.owner.accessToken, supplier.organization.id, {
      sessions: [sessionBody(12, { capacity: 5 }), sessionBody(10, { capacity: 5 })],
    });
    for (const s of training.sessions) await register(user.accessToken, s.id).expect(201);
    const mine = await t.http().get('/api/v1/training-registrations').set(...bearer(user.accessToken)).expect(200);
    expect(mine.body.items.map((i: { sessionId: string }) => i.sessionId)).toEqual([training.sessions[0]!.id, training.sessions[1]!.id].sort((a, b) => {
      const at = (id: string) => training.sessions.find((s) => s.id === id)!.startsAt;
      return at(a).localeCompare(at(b));
    }));
    expect(mine.body.items[0]).toMatchObject({ trainingTitle: expect.any(String), checkInCode: expect.any(String), status: 'confirmed' });
  });

  it('reminders: the day before, each confirmed registrant once, even with two runs at once', async () => {
    const training = await createTraining(t.http, supplier.owner.accessToken, supplier.organization.id, {
      sessions: [sessionBody(1, { capacity: 2 }), sessionBody(4, { capacity: 2 })],
    });
    const [soon, later] = training.sessions.map((s) => s.id) as [string, string];
    // Tomorrow's session starts within 24 h of now whatever the hour: move it 20 hours ahead.
    await db.query(`UPDATE training_sessions SET starts_at = now() + interval '20 hours', ends_at = now() + interval '23 hours' WHERE id = $1`, [soon]);
    const [a, b, c, d] = people.slice(41, 45) as [RegisteredUser, RegisteredUser, RegisteredUser, RegisteredUser];
    await register(a.accessToken, soon).expect(201);
    await register(b.accessToken, soon).expect(201);
    await register(c.accessToken, soon).expect(201); // waitlisted: no reminder
    await register(d.accessToken, later).expect(201); // in four days: not yet

    const jobs = t.app.get(ScheduledJobsService);
    await Promise.all([jobs.runNow(REMINDER_JOB), jobs.runNow(REMINDER_JOB)]);
    await jobs.runNow(REMINDER_JOB);
    const events = (await db.query(`SELECT payload FROM outbox_events WHERE type = 'training.session_reminder'`)) as Array<{
      payload: { userId: string; sessionId: string };
    }>;
    expect(events.map((e) => e.payload.userId).sort()).toEqual([a.id, b.id].sort());
    await eventually(async () => {
      const n = (await notificationsOf(t.http, a.accessToken)).filter((x) => x.kind === 'training.session_reminder');
      expect(n).toHaveLength(1);
      expect(n[0]!.title).toMatch(/^Tomorrow: /);
    });
    expect((await notificationsOf(t.http, c.accessToken)).map((x) => x.kind)).not.toContain('training.session_reminder');
  });

  it('a confirmed registrant is told their seat and code', async () => {
    const sessionId = await newSession(2);
    const res = await register(people[46]!.accessToken, sessionId).expect(201);
    await eventually(async () => {
      const n = (await notificationsOf(t.http, people[46]!.accessToken)).find((x) => x.kind === 'training.registration_confirmed');
      expect(n?.body).toContain(res.body.checkInCode);
      expect(n?.data).toMatchObject({ sessionId, registrationId: res.body.id });
    });
  });
});
