import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { addMember, bearer, createOrganization, CreatedOrganization, RegisteredUser } from './support/identity';
import { expectProblem } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';
import { createEvent, CreatedEvent, registerUsers, sessionBody, slot } from './support/training-events';

describe('events: exposure visits (meeting points, cost sharing, who I met)', () => {
  let t: TestApp;
  let db: DataSource;
  let organizer: RegisteredUser;
  let staff: RegisteredUser;
  let association: CreatedOrganization;
  let kilnOwner: RegisteredUser;
  let kiln: CreatedOrganization;
  let outsider: RegisteredUser;
  let outsiderOrg: CreatedOrganization;
  let people: RegisteredUser[];
  let farms: CreatedOrganization[];
  let visit: CreatedEvent;

  const registrations = (sessionId: string, suffix = '') => `/api/v1/training-sessions/${sessionId}/registrations${suffix}`;
  const register = (token: string, sessionId: string, body: Record<string, unknown>) =>
    t.http().post(registrations(sessionId)).set(...bearer(token)).send(body);
  const pay = (token: string, sessionId: string, registrationId: string, status: unknown) =>
    t.http().put(registrations(sessionId, `/${registrationId}/payment`)).set(...bearer(token)).send({ status });
  const day = slot(6, 7, 9);
  const visitBody = (overrides: Record<string, unknown> = {}) => ({
    kind: 'exposure_visit',
    organizationId: association.id,
    hostOrganizationId: kiln.id,
    title: 'See a tunnel kiln at work',
    description: 'The host fires tiles in a tunnel kiln that burns a third less wood; its owner shows the investment and its returns.',
    valueChains: ['clay_tiles_bricks'],
    sessions: [
      {
        ...day,
        provinceCode: 'KH-14',
        venue: 'Sok Heng tile works, Peam Ro',
        capacity: 25,
        meetingPoints: [
          { name: 'Kampong Leav market', departsAt: slot(6, 6, 1).startsAt, seats: 12 },
          { name: 'Neak Loeung ferry', departsAt: slot(6, 6, 1).endsAt, seats: 13 },
        ],
      },
    ],
    cost: { perParticipant: { amount: '40.00', currency: 'USD' }, sponsorSharePercent: 25 },
    ...overrides,
  });

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_REGISTER_PER_IP: '1000' });
    db = t.app.get(DataSource);
    [organizer, staff, kilnOwner, outsider] = await registerUsers(t.http, 4);
    // An association organizes: no capability needed for a visit.
    association = await createOrganization(t.http, organizer!.accessToken, { name: 'Prey Veng Tile Makers Association', kind: 'working_group', capabilities: [] });
    await addMember(t.http, organizer!.accessToken, association.id, staff!.id, 'member');
    kiln = await createOrganization(t.http, kilnOwner!.accessToken, { name: 'Sok Heng Tile Works' });
    outsiderOrg = await createOrganization(t.http, outsider!.accessToken, { name: 'Another Association' });
    people = await registerUsers(t.http, 30);
    farms = [];
    for (let i = 0; i < people.length; i += 10) {
      farms.push(
        ...(await Promise.all(
          people.slice(i, i + 10).map((p, j) => createOrganization(t.http, p.accessToken, { name: `Tile maker ${i + j}`, provinceCode: 'KH-14' })),
        )),
      );
    }
    visit = await createEvent(t.http, organizer!.accessToken, visitBody());
  }, 180_000);

  afterAll(() => t.close());

  it('is created with its host, meeting points and cost split, and found in the directory by kind (not at /trainings)', async () => {
    expect(visit).toMatchObject({
      kind: 'exposure_visit',
      organizationId: association.id,
      hostOrganizationId: kiln.id,
      cost: {
        perParticipant: { amount: '40.00', currency: 'USD' },
        sponsorSharePercent: 25,
        sponsorShare: { amount: '10.00', currency: 'USD' },
        participantShare: { amount: '30.00', currency: 'USD' },
      },
    });
    expect(visit.sessions[0]!.meetingPoints.map((p) => [p.name, p.seats, p.seatsLeft])).toEqual([
      ['Kampong Leav market', 12, 12],
      ['Neak Loeung ferry', 13, 13],
    ]);
    const found = await t.http().get('/api/v1/events?kind=exposure_visit&valueChain=clay_tiles_bricks&province=KH-14').expect(200);
    expect(found.body.items.map((e: { id: string }) => e.id)).toEqual([visit.id]);
    expect(found.body.items[0]).toMatchObject({ kind: 'exposure_visit', hostOrganizationId: kiln.id });
    const near = await t.http().get('/api/v1/events?near=11.5,105.3&radiusKm=100').expect(200);
    expect(near.body.items.map((e: { id: string }) => e.id)).toContain(visit.id);
    const none = await t.http().get('/api/v1/events?kind=business_forum&valueChain=clay_tiles_bricks').expect(200);
    expect(none.body.items).toEqual([]);
    const trainings = await t.http().get('/api/v1/trainings?valueChain=clay_tiles_bricks').expect(200);
    expect(trainings.body.items).toEqual([]);
    await t.http().get(`/api/v1/trainings/${visit.id}`).expect(200);
  });

  describe('30 registrations at once for 25 places and 12 + 13 transport seats', () => {
    let sessionId: string;
    let points: [string, string];
    let responses: Array<{ status: number; body: Record<string, any> }>;

    beforeAll(async () => {
      sessionId = visit.sessions[0]!.id;
      points = [visit.sessions[0]!.meetingPoints[0]!.id, visit.sessions[0]!.meetingPoints[1]!.id];
      responses = await Promise.all(
        people.map((p, i) =>
          register(p.accessToken, sessionId, { organizationId: farms[i]!.id, meetingPointId: points[i % 2], shareProfile: i % 3 !== 0 }),
        ),
      );
    });

    it('confirms 25 and waitlists 5, no meeting point over its seats', async () => {
      expect(responses.map((r) => r.status)).toEqual(people.map(() => 201));
      const confirmed = responses.filter((r) => r.body.status === 'confirmed');
      const waitlisted = responses.filter((r) => r.body.status === 'waitlisted');
      expect(confirmed).toHaveLength(25);
      expect(waitlisted).toHaveLength(5);
      expect(waitlisted.map((r) => r.body.position).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
      expect(confirmed.filter((r) => r.body.meetingPointId === points[0])).toHaveLength(12);
      expect(confirmed.filter((r) => r.body.meetingPointId === points[1])).toHaveLength(13);

      const rows = (await db.query(
        `SELECT p.seats, p.seats_taken, (SELECT coalesce(sum(r.seats), 0)::int FROM training_registrations r
           WHERE r.meeting_point_id = p.id AND r.status = 'confirmed') AS confirmed
         FROM training_meeting_points p WHERE p.session_id = $1 ORDER BY p.seats`,
        [sessionId],
      )) as Array<{ seats: number; seats_taken: number; confirmed: number }>;
      expect(rows).toEqual([
        { seats: 12, seats_taken: 12, confirmed: 12 },
        { seats: 13, seats_taken: 13, confirmed: 13 },
      ]);
      const page = await t.http().get(`/api/v1/events/${visit.id}`).expect(200);
      expect(page.body.sessions[0]).toMatchObject({ seatsTaken: 25, seatsLeft: 0, waitlisted: 5 });
      expect(page.body.sessions[0].meetingPoints.map((p: { seatsLeft: number }) => p.seatsLeft)).toEqual([0, 0]);
    });

    it('each shows its share of the cost as due: USD 30 of 40', () => {
      for (const r of responses) expect(r.body).toMatchObject({ amountDue: { amount: '30.00', currency: 'USD' }, paymentStatus: 'due' });
    });

    it("a cancelled seat at a meeting point goes to the first waiting for that meeting point, not another's", async () => {
      const atFirst = responses.findIndex((r) => r.body.status === 'confirmed' && r.body.meetingPointId === points[0]);
      const waitingAtFirst = responses.filter((r) => r.body.status === 'waitlisted' && r.body.meetingPointId === points[0]);
      expect(waitingAtFirst.length).toBeGreaterThan(0);
      await t.http().delete(registrations(sessionId, `/${responses[atFirst]!.body.id}`)).set(...bearer(people[atFirst]!.accessToken)).expect(204);
      const next = waitingAtFirst.sort((a, b) => a.body.position - b.body.position)[0]!;
      const [row] = await db.query('SELECT status FROM training_registrations WHERE id = $1', [next.body.id]);
      expect(row.status).toBe('confirmed');
      const [point] = await db.query('SELECT seats_taken FROM training_meeting_points WHERE id = $1', [points[0]]);
      expect(point.seats_taken).toBe(12);
      const waiting = await db.query(`SELECT count(*)::int AS n FROM training_registrations WHERE session_id = $1 AND status = 'waitlisted'`, [sessionId]);
      expect(waiting[0].n).toBe(4);
    });

    it("paid, waived or due is set by the organizer's staff only; the registrant sees it; another organization's user sees nothing", async () => {
      const i = responses.findIndex((r) => r.body.status === 'confirmed' && r.body.meetingPointId === points[1]);
      const registrationId = responses[i]!.body.id as string;
      const paid = await pay(staff!.accessToken, sessionId, registrationId, 'paid').expect(200);
      expect(paid.body).toMatchObject({ paymentStatus: 'paid', amountDue: { amount: '30.00', currency: 'USD' } });
      const own = await t.http().get(registrations(sessionId, `/${registrationId}`)).set(...bearer(people[i]!.accessToken)).expect(200);
      expect(own.body).toMatchObject({ paymentStatus: 'paid', amountDue: { amount: '30.00', currency: 'USD' } });
      await pay(organizer!.accessToken, sessionId, registrationId, 'waived').expect(200);
      await pay(organizer!.accessToken, sessionId, registrationId, 'due').expect(200);

      expectProblem(await pay(people[i]!.accessToken, sessionId, registrationId, 'paid'), 403);
      expectProblem(await pay(outsider!.accessToken, sessionId, registrationId, 'paid'), 404);
      expectProblem(await pay(kilnOwner!.accessToken, sessionId, registrationId, 'waived'), 404);
      const theirs = await t.http().get(registrations(sessionId, `/${registrationId}`)).set(...bearer(outsider!.accessToken));
      expectProblem(theirs, 404);
      expect(JSON.stringify(theirs.body)).not.toContain('paymentStatus');
      const list = await t.http().get(registrations(sessionId)).set(...bearer(outsider!.accessToken));
      expect([403, 404]).toContain(list.status);
      expect(JSON.stringify(list.body)).not.toContain('paymentStatus');
      const [row] = await db.query('SELECT payment_status FROM training_registrations WHERE id = $1', [registrationId]);
      expect(row.payment_status).toBe('due');

      expectProblem(await pay(staff!.accessToken, sessionId, registrationId, 'refunded'), 400, 'status');
      expectProblem(await pay(staff!.accessToken, sessionId, registrationId, null), 400, 'status');
    });

    it('reports what participants paid against what the sponsor covered, per event and per month for the organizer', async () => {
      const confirmed = (await db.query(
        `SELECT id FROM training_registrations WHERE session_id = $1 AND status = 'confirmed' ORDER BY id`,
        [sessionId],
      )) as Array<{ id: string }>;
      for (const r of confirmed.slice(0, 3)) await pay(staff!.accessToken, sessionId, r.id, 'paid').expect(200);
      for (const r of confirmed.slice(3, 5)) await pay(staff!.accessToken, sessionId, r.id, 'waived').expect(200);
      const totals = {
        currency: 'USD',
        registrations: 25,
        seats: 25,
        cost: { amount: '1000.00', currency: 'USD' },
        sponsored: { amount: '250.00', currency: 'USD' },
        participantShare: { amount: '750.00', currency: 'USD' },
        paid: { amount: '90.00', currency: 'USD' },
        waived: { amount: '60.00', currency: 'USD' },
        due: { amount: '600.00', currency: 'USD' },
        paidPercent: 26.5,
      };
      const report = await t.http().get(`/api/v1/events/${visit.id}/cost-shares`).set(...bearer(staff!.accessToken)).expect(200);
      expect(report.body).toEqual({ eventId: visit.id, totals: [totals] });
      const month = DateTime.fromISO(day.startsAt, { zone: 'Asia/Phnom_Penh' }).toFormat('yyyy-MM');
      const monthly = await t.http().get(`/api/v1/events/cost-shares?organizationId=${association.id}`).set(...bearer(organizer!.accessToken)).expect(200);
      expect(monthly.body).toEqual({ organizationId: association.id, months: [{ month, ...totals }] });

      expectProblem(await t.http().get(`/api/v1/events/${visit.id}/cost-shares`).set(...bearer(people[0]!.accessToken)), 403);
      expectProblem(await t.http().get(`/api/v1/events/cost-shares?organizationId=${association.id}`).set(...bearer(outsider!.accessToken)), 404);
      expectProblem(await t.http().get('/api/v1/events/cost-shares?organizationId=assoc').set(...bearer(organizer!.accessToken)), 400, 'organizationId');
      expectProblem(
        await t.http().get(`/api/v1/events/cost-shares?organizationId=${association.id}&from=2026-05-01&to=2026-04-01`).set(...bearer(organizer!.accessToken)),
        400,
        'to',
      );
    });

    it("who I met: participants' organizations that allowed it and the host, public fields only; not for outsiders", async () => {
      // One still confirmed (an earlier test cancelled one).
      const [still] = await db.query(`SELECT user_id FROM training_registrations WHERE session_id = $1 AND status = 'confirmed' LIMIT 1`, [sessionId]);
      const viewer = people.findIndex((p) => p.id === still.user_id);
      const res = await t.http().get(`/api/v1/events/${visit.id}/participants?limit=100`).set(...bearer(people[viewer]!.accessToken)).expect(200);
      const shown = res.body.items as Array<Record<string, unknown>>;
      expect(shown[0]).toEqual({ organizationId: kiln.id, name: 'Sok Heng Tile Works', kind: 'firm', provinceCode: expect.any(String), host: true });
      const confirmedRows = (await db.query(
        `SELECT organization_id, share_profile FROM training_registrations WHERE training_id = $1 AND status = 'confirmed'`,
        [visit.id],
      )) as Array<{ organization_id: string; share_profile: boolean }>;
      const allowed = confirmedRows.filter((r) => r.share_profile).map((r) => r.organization_id).sort();
      const hidden = confirmedRows.filter((r) => !r.share_profile).map((r) => r.organization_id);
      expect(hidden.length).toBeGreaterThan(0);
      expect(shown.slice(1).map((p) => p.organizationId)).toEqual(allowed);
      for (const id of hidden) expect(shown.map((p) => p.organizationId)).not.toContain(id);
      // Waitlisted people did not take part (yet), even if they allowed it.
      const waiting = responses.filter((r) => r.body.status === 'waitlisted' && r.body.shareProfile);
      for (const w of waiting) {
        const [row] = await db.query('SELECT status, organization_id FROM training_registrations WHERE id = $1', [w.body.id]);
        if (row.status === 'waitlisted') expect(shown.map((p) => p.organizationId)).not.toContain(row.organization_id);
      }
      for (const p of shown) expect(Object.keys(p).sort()).toEqual(['host', 'kind', 'name', 'organizationId', 'provinceCode']);

      // Pages of 5 give the same list.
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { items: Array<{ organizationId: string }>; nextCursor: string | null } } = await t
          .http()
          .get(`/api/v1/events/${visit.id}/participants?limit=5${cursor ? `&cursor=${cursor}` : ''}`)
          .set(...bearer(people[viewer]!.accessToken))
          .expect(200);
        paged.push(...page.body.items.map((p) => p.organizationId));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(paged).toEqual(shown.map((p) => p.organizationId));

      await t.http().get(`/api/v1/events/${visit.id}/participants`).set(...bearer(staff!.accessToken)).expect(200);
      expectProblem(await t.http().get(`/api/v1/events/${visit.id}/participants`).set(...bearer(outsider!.accessToken)), 403);
      expectProblem(await t.http().get(`/api/v1/events/${visit.id}/participants`), 401);
      expectProblem(await t.http().get(`/api/v1/events/${visit.id}/participants?cursor=nonsense`).set(...bearer(staff!.accessToken)), 400, 'cursor');
    });
  });

  it('splits a KHR cost in whole riel, for each seat of a group registration', async () => {
    const khr = await createEvent(
      t.http,
      organizer!.accessToken,
      visitBody({
        sessions: [{ ...sessionBody(9), capacity: 20 }],
        cost: { perParticipant: { amount: '45001', currency: 'KHR' }, sponsorSharePercent: 30 },
      }),
    );
    // 30 % of 45,001 riel is 13,500.3: the sponsor covers 13,500, the participant pays 31,501.
    expect(khr.cost).toMatchObject({ sponsorShare: { amount: '13500.00', currency: 'KHR' }, participantShare: { amount: '31501.00', currency: 'KHR' } });
    const res = await register(people[0]!.accessToken, khr.sessions[0]!.id, { organizationId: farms[0]!.id, seats: 3 }).expect(201);
    // Three places cost 135,003 riel; 30 % of that is 40,500.9: 40,501 sponsored, 94,502 to pay (rounded on the total).
    expect(res.body).toMatchObject({ status: 'confirmed', amountDue: { amount: '94502.00', currency: 'KHR' }, paymentStatus: 'due' });
    const [row] = await db.query('SELECT amount_due, amount_sponsored, amount_currency FROM training_registrations WHERE id = $1', [res.body.id]);
    expect(row).toEqual({ amount_due: '94502.00', amount_sponsored: '40501.00', amount_currency: 'KHR' });
    // Cancelled, it owes nothing more: its payment cannot be marked.
    await t.http().delete(registrations(khr.sessions[0]!.id, `/${res.body.id}`)).set(...bearer(people[0]!.accessToken)).expect(204);
    expectProblem(await pay(staff!.accessToken, khr.sessions[0]!.id, res.body.id, 'paid'), 422);
  });

  it('a free visit shows no amount and no payment status, and payment cannot be set (422)', async () => {
    const free = await createEvent(t.http, organizer!.accessToken, visitBody({ sessions: [{ ...sessionBody(11), capacity: 5 }], cost: undefined }));
    expect(free.cost).toBeNull();
    const res = await register(people[1]!.accessToken, free.sessions[0]!.id, {}).expect(201);
    expect(res.body).toMatchObject({ amountDue: null, paymentStatus: null, meetingPointId: null, shareProfile: false });
    expectProblem(await pay(staff!.accessToken, free.sessions[0]!.id, res.body.id, 'paid'), 422);
  });

  it('refuses bad input with 400 naming the field', async () => {
    const post = (body: Record<string, unknown>) => t.http().post('/api/v1/events').set(...bearer(organizer!.accessToken)).send(body);
    const point = (p: Record<string, unknown>) => visitBody({ sessions: [{ ...sessionBody(13), meetingPoints: [{ name: 'Market', departsAt: slot(13, 6).startsAt, seats: 10, ...p }] }] });
    const cases: Array<[Record<string, unknown>, string]> = [
      [visitBody({ kind: 'party' }), 'kind'],
      [visitBody({ hostOrganizationId: 'kiln' }), 'hostOrganizationId'],
      [visitBody({ hostOrganizationId: '00000000-0000-4000-8000-000000000000' }), 'hostOrganizationId'],
      [visitBody({ cost: { perParticipant: { amount: '100.50', currency: 'KHR' }, sponsorSharePercent: 10 } }), 'cost.perParticipant.amount'],
      [visitBody({ cost: { perParticipant: { amount: '-1', currency: 'USD' }, sponsorSharePercent: 10 } }), 'cost.perParticipant.amount'],
      [visitBody({ cost: { perParticipant: { amount: '10', currency: 'EUR' }, sponsorSharePercent: 10 } }), 'cost.perParticipant.currency'],
      [visitBody({ cost: { perParticipant: { amount: '10', currency: 'USD' }, sponsorSharePercent: 101 } }), 'cost.sponsorSharePercent'],
      [visitBody({ cost: { perParticipant: { amount: '10', currency: 'USD' }, sponsorSharePercent: 12.5 } }), 'cost.sponsorSharePercent'],
      [visitBody({ cost: { perParticipant: 40, sponsorSharePercent: 10 } }), 'cost.perParticipant'],
      [point({ seats: 0 }), 'sessions[0].meetingPoints[0].seats'],
      [point({ name: '' }), 'sessions[0].meetingPoints[0].name'],
      [point({ departsAt: 'tomorrow' }), 'sessions[0].meetingPoints[0].departsAt'],
      [point({ departsAt: slot(14, 6).startsAt }), 'sessions[0].meetingPoints[0].departsAt'],
      [visitBody({ sessions: [] }), 'sessions'],
      [visitBody({ agenda: [{ startsAt: slot(6).startsAt, title: 'Talk' }] }), 'agenda[0].speaker'],
    ];
    for (const [body, field] of cases) expectProblem(await post(body), 400, field);

    const sessionId = visit.sessions[0]!.id;
    const other = await createEvent(t.http, organizer!.accessToken, visitBody({ sessions: [{ ...sessionBody(15), meetingPoints: [{ name: 'Elsewhere', departsAt: slot(15, 6).startsAt, seats: 5 }] }] }));
    const regCases: Array<[Record<string, unknown>, string]> = [
      [{ meetingPointId: 'bus' }, 'meetingPointId'],
      [{ meetingPointId: other.sessions[0]!.meetingPoints[0]!.id }, 'meetingPointId'],
      [{ shareProfile: 'yes' }, 'shareProfile'],
      [{ attendeeName: 'Walk In', attendeePhone: '012345678', meetingPointId: visit.sessions[0]!.meetingPoints[0]!.id }, 'meetingPointId'],
    ];
    for (const [body, field] of regCases) expectProblem(await register(outsider!.accessToken, sessionId, body), 400, field);
  });

  it("another organization's people cannot announce for the association; a training through /events still needs supply_inputs", async () => {
    expectProblem(await t.http().post('/api/v1/events').set(...bearer(outsider!.accessToken)).send(visitBody()), 403);
    expectProblem(await t.http().post('/api/v1/events').set(...bearer(staff!.accessToken)).send(visitBody()), 403);
    const training = await t.http().post('/api/v1/events').set(...bearer(organizer!.accessToken)).send(visitBody({ kind: 'training' }));
    expectProblem(training, 403);
    expect(outsiderOrg.id).toBeDefined();
  });
});
