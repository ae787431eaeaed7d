import { DataSource } from 'typeorm';
import { addMember, bearer, createOrganization, CreatedOrganization, RegisteredUser } from './support/identity';
import { eventually, expectProblem } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';
import { createEvent, notificationsOf, registerUsers, sessionBody, slot } from './support/training-events';

describe('events: changing a visit or a forum after it was announced, cancelling it, inviting a group', () => {
  let t: TestApp;
  let db: DataSource;
  let organizer: RegisteredUser;
  let staff: RegisteredUser;
  let outsider: RegisteredUser;
  let participant: RegisteredUser;
  let association: CreatedOrganization;

  const api = (path: string) => `/api/v1${path}`;
  const visitBody = (days: number) => ({
    kind: 'exposure_visit',
    organizationId: association.id,
    title: 'See a tunnel kiln at work',
    valueChains: ['clay_tiles_bricks'],
    sessions: [{ ...sessionBody(days, { venue: 'Sok Heng tile works', capacity: 25 }), meetingPoints: [{ name: 'Kampong Leav market', departsAt: slot(days, 6, 1).startsAt, seats: 12 }] }],
  });

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_REGISTER_PER_IP: '1000' });
    db = t.app.get(DataSource);
    [organizer, staff, outsider, participant] = await registerUsers(t.http, 4);
    association = await createOrganization(t.http, organizer!.accessToken, { name: 'Tile Makers Association', kind: 'working_group', capabilities: [] });
    await addMember(t.http, organizer!.accessToken, association.id, staff!.id, 'member');
    await createOrganization(t.http, outsider!.accessToken, { name: 'Another Association' });
    await createOrganization(t.http, participant!.accessToken, { name: 'Tile maker', provinceCode: 'KH-14' });
  }, 60_000);

  afterAll(() => t.close());

  it('adds a date with its meeting points to a visit; bad bodies name the field; only the organizer’s managers may', async () => {
    const visit = await createEvent(t.http, organizer.accessToken, visitBody(40));
    const add = (token: string, body: Record<string, unknown>) => t.http().post(api(`/events/${visit.id}/sessions`)).set(...bearer(token)).send(body);
    const date = { ...sessionBody(42, { venue: 'Sok Heng tile works', capacity: 20 }), meetingPoints: [{ name: 'Neak Loeung ferry', departsAt: slot(42, 6, 1).startsAt, seats: 20 }] };

    expectProblem(await add(outsider.accessToken, date), 403);
    expectProblem(await add(staff.accessToken, date), 403);
    expectProblem(await add(organizer.accessToken, { ...date, capacity: 0 }), 400, 'capacity');
    expectProblem(await add(organizer.accessToken, { ...date, meetingPoints: [{ name: '', departsAt: slot(42, 6).startsAt, seats: 3 }] }), 400, 'meetingPoints[0].name');
    expectProblem(await add(organizer.accessToken, { ...date, meetingPoints: [{ name: 'Late bus', departsAt: slot(43).startsAt, seats: 3 }] }), 400, 'meetingPoints[0].departsAt');
    expectProblem(await add(organizer.accessToken, { ...date, ...slot(40, 9), meetingPoints: [] }), 409);
    expectProblem(await t.http().post(api('/events/00000000-0000-4000-8000-000000000000/sessions')).set(...bearer(organizer.accessToken)).send(date), 404);

    const res = await add(organizer.accessToken, date).expect(201);
    expect(res.body).toMatchObject({ venue: 'Sok Heng tile works', capacity: 20, meetingPoints: [{ name: 'Neak Loeung ferry', seats: 20, seatsLeft: 20 }] });
    const page = (await t.http().get(api(`/events/${visit.id}`)).expect(200)).body;
    expect(page.sessions.map((s: { meetingPoints: Array<{ name: string }> }) => s.meetingPoints.map((p) => p.name))).toEqual([['Kampong Leav market'], ['Neak Loeung ferry']]);
  });

  it("adds and removes a date's meeting point; one a registration leaves from is kept with a 409 naming it", async () => {
    const visit = await createEvent(t.http, organizer.accessToken, visitBody(45));
    const session = visit.sessions[0]!;
    const points = (path = '') => api(`/training-sessions/${session.id}/meeting-points${path}`);
    const point = { name: 'Prey Veng bus station', departsAt: slot(45, 5).startsAt, seats: 8 };

    expectProblem(await t.http().post(points()).set(...bearer(outsider.accessToken)).send(point), 403);
    expectProblem(await t.http().post(points()).set(...bearer(organizer.accessToken)).send({ ...point, seats: 'many' }), 400, 'seats');
    expectProblem(await t.http().post(points()).set(...bearer(organizer.accessToken)).send({ ...point, departsAt: slot(46).startsAt }), 400, 'departsAt');
    const added = (await t.http().post(points()).set(...bearer(organizer.accessToken)).send(point).expect(201)).body;
    expect(added.meetingPoints.map((p: { name: string }) => p.name)).toEqual(['Prey Veng bus station', 'Kampong Leav market']);
    const [used, fresh] = [added.meetingPoints[1].id as string, added.meetingPoints[0].id as string];

    const registration = (
      await t.http().post(api(`/training-sessions/${session.id}/registrations`)).set(...bearer(participant.accessToken)).send({ meetingPointId: used }).expect(201)
    ).body;
    expectProblem(await t.http().delete(points(`/${used}`)).set(...bearer(organizer.accessToken)), 409, 'meetingPointId');
    expectProblem(await t.http().delete(points(`/${fresh}`)).set(...bearer(outsider.accessToken)), 403);
    expectProblem(await t.http().delete(points('/00000000-0000-4000-8000-000000000000')).set(...bearer(organizer.accessToken)), 404);
    const kept = (await t.http().delete(points(`/${fresh}`)).set(...bearer(organizer.accessToken)).expect(200)).body;
    expect(kept.meetingPoints.map((p: { id: string }) => p.id)).toEqual([used]);

    // Once its registration is cancelled, nobody leaves from it: it can go.
    await t.http().delete(api(`/training-sessions/${session.id}/registrations/${registration.id}`)).set(...bearer(participant.accessToken)).expect(204);
    const none = (await t.http().delete(points(`/${used}`)).set(...bearer(organizer.accessToken)).expect(200)).body;
    expect(none.meetingPoints).toEqual([]);
    expect((await db.query('SELECT meeting_point_id FROM training_registrations WHERE id = $1', [registration.id]))[0].meeting_point_id).toBeNull();
  });

  it("replaces a forum's agenda; a bad talk names its field", async () => {
    const forum = await createEvent(t.http, organizer.accessToken, {
      kind: 'business_forum',
      organizationId: association.id,
      title: 'Builders forum',
      valueChains: ['clay_tiles_bricks'],
      sessions: [sessionBody(50, { venue: 'Provincial hall', capacity: 300 })],
      agenda: [{ startsAt: slot(50, 8).startsAt, title: 'Welcome', speaker: 'The governor' }],
    });
    const put = (token: string, body: Record<string, unknown>) => t.http().put(api(`/events/${forum.id}/agenda`)).set(...bearer(token)).send(body);
    const agenda = [
      { startsAt: slot(50, 8).startsAt, title: 'Welcome', speaker: 'The deputy governor' },
      { startsAt: slot(50, 9).startsAt, title: 'Tile demand in Phnom Penh', speaker: 'Chan Sokha, builder' },
    ];
    expectProblem(await put(outsider.accessToken, { agenda }), 403);
    expectProblem(await put(organizer.accessToken, { agenda: [{ ...agenda[0], speaker: '' }] }), 400, 'agenda[0].speaker');
    expectProblem(await put(organizer.accessToken, {}), 400, 'agenda');
    const res = await put(organizer.accessToken, { agenda }).expect(200);
    expect(res.body.agenda.map((a: { title: string; speaker: string }) => [a.title, a.speaker])).toEqual([
      ['Welcome', 'The deputy governor'],
      ['Tile demand in Phnom Penh', 'Chan Sokha, builder'],
    ]);
  });

  it('cancelling a date of a visit, then the whole forum, tells registrants in the words of its kind', async () => {
    const visit = await createEvent(t.http, organizer.accessToken, visitBody(55));
    const forum = await createEvent(t.http, organizer.accessToken, {
      kind: 'business_forum',
      organizationId: association.id,
      title: 'Aquaculture forum',
      valueChains: ['aquaculture'],
      sessions: [sessionBody(56, { venue: 'Provincial hall', capacity: 300 })],
    });
    for (const event of [visit, forum]) {
      await t.http().post(api(`/training-sessions/${event.sessions[0]!.id}/registrations`)).set(...bearer(participant.accessToken)).send({}).expect(201);
    }
    await t.http().post(api(`/training-sessions/${visit.sessions[0]!.id}/cancel`)).set(...bearer(organizer.accessToken)).expect(200);
    await t.http().post(api(`/trainings/${forum.id}/cancel`)).set(...bearer(organizer.accessToken)).expect(200);
    await eventually(async () => {
      const n = await notificationsOf(t.http, participant.accessToken);
      expect(n.find((x) => x.kind === 'training.session_cancelled' && x.data.trainingId === visit.id)).toMatchObject({
        body: expect.stringMatching(/^The visit at Sok Heng tile works \(KH-14\) will not take place; .* Other dates may still have places\.$/),
        data: { eventKind: 'exposure_visit' },
      });
      expect(n.find((x) => x.kind === 'training.cancelled' && x.data.trainingId === forum.id)).toMatchObject({
        body: 'The organizer cancelled this business forum; your registration is cancelled.',
        data: { eventKind: 'business_forum' },
      });
    });
  });

  it("invites a cooperative to a visit: its member firms' people hear of it as a visit", async () => {
    const visit = await createEvent(t.http, organizer.accessToken, visitBody(60));
    const [coopOwner, firmOwner] = await registerUsers(t.http, 2);
    const coop = await createOrganization(t.http, coopOwner!.accessToken, { name: 'Peam Ro Tile Cooperative', kind: 'cooperative', provinceCode: 'KH-14' });
    const firm = await createOrganization(t.http, firmOwner!.accessToken, { provinceCode: 'KH-14' });
    await t.http().post(api(`/organizations/${coop.id}/member-organizations`)).set(...bearer(firmOwner!.accessToken)).send({ organizationId: firm.id }).expect(201);
    await t.http().post(api(`/organizations/${coop.id}/member-organizations/${firm.id}/approve`)).set(...bearer(coopOwner!.accessToken)).expect(200);

    const invite = (token: string) => t.http().post(api(`/trainings/${visit.id}/invitations`)).set(...bearer(token)).send({ organizationId: coop.id });
    expectProblem(await invite(outsider.accessToken), 403);
    const res = await invite(organizer.accessToken).expect(201);
    expect(res.body.invited).toEqual([expect.objectContaining({ organizationId: firm.id, sessionId: visit.sessions[0]!.id })]);
    await eventually(async () => {
      const n = (await notificationsOf(t.http, firmOwner!.accessToken)).find((x) => x.kind === 'training.invitation');
      expect(n).toMatchObject({
        title: 'You are invited: See a tunnel kiln at work',
        body: expect.stringMatching(/^The date nearest you: .* at Sok Heng tile works \(KH-14\)/),
        data: { trainingId: visit.id, eventKind: 'exposure_visit' },
      });
    });
  });
});
