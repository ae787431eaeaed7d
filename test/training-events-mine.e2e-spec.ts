import { addMember, bearer, RegisteredUser } from './support/identity';
import { expectProblem } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';
import { createEvent, createSupplier, createTraining, registerUsers, sessionBody, Supplier } from './support/training-events';

interface Listed {
  id: string;
  status: string;
  sessions: Array<{ id: string; status: string; seatsTaken: number }>;
}

describe("training events: a supplier's own trainings (GET /trainings/mine)", () => {
  let t: TestApp;
  let supplier: Supplier;
  let other: Supplier;
  let member: RegisteredUser;
  let outsider: RegisteredUser;

  const mine = (token: string, query: Record<string, string | number>) =>
    t.http().get('/api/v1/trainings/mine').query(query).set(...bearer(token));

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_REGISTER_PER_IP: '1000' });
    supplier = await createSupplier(t.http);
    other = await createSupplier(t.http);
    [member, outsider] = await registerUsers(t.http, 2);
    await addMember(t.http, supplier.owner.accessToken, supplier.organization.id, member!.id, 'member');
  }, 60_000);

  afterAll(() => t.close());

  it('every status, newest first, each with all its sessions; a training without stops too; pages by cursor', async () => {
    const first = await createTraining(t.http, supplier.owner.accessToken, supplier.organization.id, { sessions: [sessionBody(3), sessionBody(4)] });
    const empty = await createTraining(t.http, supplier.owner.accessToken, supplier.organization.id, { sessions: [] });
    const cancelled = await createTraining(t.http, supplier.owner.accessToken, supplier.organization.id, { sessions: [sessionBody(6)] });
    await t.http().post(`/api/v1/trainings/${cancelled.id}/cancel`).set(...bearer(supplier.owner.accessToken)).expect(200);
    await createTraining(t.http, other.owner.accessToken, other.organization.id);

    const res = await mine(member!.accessToken, { organizationId: supplier.organization.id });
    expect(res.status).toBe(200);
    const items = res.body.items as Listed[];
    expect(items.map((i) => i.id)).toEqual([cancelled.id, empty.id, first.id]);
    expect(items[0]!.status).toBe('cancelled');
    expect(items[0]!.sessions.map((s) => s.status)).toEqual(['cancelled']);
    expect(items[1]!.sessions).toEqual([]);
    expect(items[2]!.sessions.map((s) => s.id)).toEqual(first.sessions.map((s) => s.id));
    expect(res.body.nextCursor).toBeNull();

    const page1 = await mine(supplier.owner.accessToken, { organizationId: supplier.organization.id, limit: 2 });
    expect((page1.body.items as Listed[]).map((i) => i.id)).toEqual([cancelled.id, empty.id]);
    const page2 = await mine(supplier.owner.accessToken, { organizationId: supplier.organization.id, limit: 2, cursor: page1.body.nextCursor });
    expect((page2.body.items as Listed[]).map((i) => i.id)).toEqual([first.id]);
    expect(page2.body.nextCursor).toBeNull();
  });

  it("someone not of the organization 403; no token 401; a bad organizationId or cursor 400 naming it", async () => {
    expectProblem(await mine(outsider!.accessToken, { organizationId: supplier.organization.id }), 403);
    expectProblem(await t.http().get('/api/v1/trainings/mine').query({ organizationId: supplier.organization.id }), 401);
    expectProblem(await mine(member!.accessToken, { organizationId: 'nope' }), 400, 'organizationId');
    expectProblem(await mine(member!.accessToken, {}), 400, 'organizationId');
    expectProblem(await mine(member!.accessToken, { organizationId: supplier.organization.id, cursor: 'x' }), 400, 'cursor');
  });

  it("GET /events/mine: the organizer's visits, forums and trainings newest first, ?kind= for one kind; /trainings/mine keeps to trainings", async () => {
    const training = await createTraining(t.http, other.owner.accessToken, other.organization.id, { sessions: [sessionBody(3)] });
    const visit = await createEvent(t.http, other.owner.accessToken, {
      kind: 'exposure_visit',
      organizationId: other.organization.id,
      hostOrganizationId: supplier.organization.id,
      title: 'See a tunnel kiln at work',
      valueChains: ['clay_tiles_bricks'],
      sessions: [sessionBody(7)],
      cost: { perParticipant: { amount: '40000', currency: 'KHR' }, sponsorSharePercent: 25 },
    });
    const forum = await createEvent(t.http, other.owner.accessToken, {
      kind: 'business_forum',
      organizationId: other.organization.id,
      title: 'Feed suppliers forum',
      valueChains: ['feed'],
      sessions: [sessionBody(9)],
    });
    const events = (token: string, query: Record<string, string | number>) => t.http().get('/api/v1/events/mine').query(query).set(...bearer(token));

    const all = await events(other.owner.accessToken, { organizationId: other.organization.id });
    expect(all.status).toBe(200);
    const listed = all.body.items as Array<Listed & { kind: string; hostOrganizationId: string | null }>;
    // The training made by the first test comes last.
    expect(listed.slice(0, 3).map((i) => [i.id, i.kind])).toEqual([
      [forum.id, 'business_forum'],
      [visit.id, 'exposure_visit'],
      [training.id, 'training'],
    ]);
    expect(listed[1]!.hostOrganizationId).toBe(supplier.organization.id);
    expect(listed[1]!.sessions.map((s) => s.id)).toEqual(visit.sessions.map((s) => s.id));

    const visits = await events(other.owner.accessToken, { organizationId: other.organization.id, kind: 'exposure_visit', limit: 5 });
    expect((visits.body.items as Listed[]).map((i) => i.id)).toEqual([visit.id]);
    const trainings = await mine(other.owner.accessToken, { organizationId: other.organization.id });
    expect((trainings.body.items as Array<{ kind: string }>).every((i) => i.kind === 'training')).toBe(true);

    expectProblem(await events(outsider!.accessToken, { organizationId: other.organization.id }), 403);
    expectProblem(await events(other.owner.accessToken, { organizationId: other.organization.id, kind: 'party' }), 400, 'kind');
    expectProblem(await events(other.owner.accessToken, {}), 400, 'organizationId');
  });
});
