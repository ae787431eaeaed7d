import { bearer } from './support/identity';
import { expectProblem } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';
import { addStalls, createExhibitor, createFair, createOpenFair, createOrganizer, Exhibitor, Organizer, requestStall, stallRow } from './support/trade-fairs';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe('trade fairs: moving and resizing a stall on the plan', () => {
  let t: TestApp;
  let organizer: Organizer;
  let exhibitor: Exhibitor;

  const move = (fairId: string, stallId: string, body: Record<string, unknown>, token: string | null = organizer.user.accessToken) => {
    const req = t.http().patch(`/api/v1/trade-fairs/${fairId}/stalls/${stallId}`);
    return (token ? req.set(...bearer(token)) : req).send(body);
  };
  const stallsOf = async (fairId: string) =>
    (await t.http().get(`/api/v1/trade-fairs/${fairId}`).set(...bearer(organizer.user.accessToken)).expect(200)).body.stalls as Array<Record<string, unknown>>;

  beforeAll(async () => {
    t = await createTestApp();
    organizer = await createOrganizer(t.http);
    exhibitor = await createExhibitor(t.http);
  });

  afterAll(() => t.close());

  it('moves and resizes a free stall of a draft: 200 with the stall, kept on the plan', async () => {
    const fair = await createFair(t.http, organizer.user.accessToken, organizer.org.id);
    const [a1] = await addStalls(t.http, organizer.user.accessToken, fair.id, stallRow('A', 2));
    const res = await move(fair.id, a1!.id, { x: 10, y: 5.5 }).expect(200);
    expect(res.body).toMatchObject({ id: a1!.id, code: 'A-01', x: 10, y: 5.5, width: 3, height: 3, availability: 'free' });
    await move(fair.id, a1!.id, { width: 4.25, height: 2 }).expect(200);
    expect((await stallsOf(fair.id)).find((s) => s.id === a1!.id)).toMatchObject({ x: 10, y: 5.5, width: 4.25, height: 2 });
    // Sharing a wall with its neighbour is allowed: A-02 is at x 3..6.
    await move(fair.id, a1!.id, { x: 0, y: 0, width: 3, height: 3 }).expect(200);
  });

  it('refuses an overlap with 409 naming the position and the stall in the way; nothing moves', async () => {
    const fair = await createFair(t.http, organizer.user.accessToken, organizer.org.id);
    const [a1] = await addStalls(t.http, organizer.user.accessToken, fair.id, stallRow('A', 3));
    const res = await move(fair.id, a1!.id, { x: 4 });
    expectProblem(res, 409, 'x');
    expect(res.body.type).toContain('stall-overlap');
    expect(JSON.stringify(res.body.errors)).toContain('A-02');
    // Growing into the neighbour is an overlap too.
    expectProblem(await move(fair.id, a1!.id, { width: 3.5 }), 409, 'x');
    expect((await stallsOf(fair.id)).find((s) => s.id === a1!.id)).toMatchObject({ x: 0, y: 0, width: 3, height: 3 });
  });

  it('of two stalls moved onto the same place at the same moment, exactly one gets there', async () => {
    const fair = await createFair(t.http, organizer.user.accessToken, organizer.org.id);
    const [a1, a2] = await addStalls(t.http, organizer.user.accessToken, fair.id, stallRow('A', 2));
    for (let round = 0; round < 5; round++) {
      const target = { x: 10 + round * 4, y: 20 };
      const answers = await Promise.all([move(fair.id, a1!.id, target), move(fair.id, a2!.id, target)]);
      expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
      const stalls = await stallsOf(fair.id);
      expect(stalls.filter((s) => s.x === target.x && s.y === target.y)).toHaveLength(1);
    }
  });

  it('refuses a stall leaving the plan with 422 naming the field; bad numbers with 400', async () => {
    const fair = await createFair(t.http, organizer.user.accessToken, organizer.org.id, { floorPlan: { width: 20, height: 10 } });
    const [a1] = await addStalls(t.http, organizer.user.accessToken, fair.id, stallRow('A', 1));
    expectProblem(await move(fair.id, a1!.id, { x: 18 }), 422, 'width');
    expectProblem(await move(fair.id, a1!.id, { height: 10.5 }), 422, 'height');
    expectProblem(await move(fair.id, a1!.id, { x: 20 }), 422, 'x');
    expectProblem(await move(fair.id, a1!.id, { x: -1 }), 400, 'x');
    expectProblem(await move(fair.id, a1!.id, { width: 0 }), 400, 'width');
    expectProblem(await move(fair.id, a1!.id, { x: 1.234 }), 400, 'x');
    expectProblem(await move(fair.id, a1!.id, { x: null }), 400, 'x');
    expectProblem(await move(fair.id, a1!.id, { code: 'B-01' }), 400, 'code');
    expectProblem(await move(fair.id, a1!.id, {}), 400, 'body');
    expect((await stallsOf(fair.id))[0]).toMatchObject({ x: 0, y: 0, width: 3, height: 3 });
  });

  it('moves a free stall of an open fair, but not one a requested or approved booking holds (409)', async () => {
    const fair = await createOpenFair(t.http, organizer, { stalls: 3 });
    const [a1, a2] = fair.stalls;
    await move(fair.id, a2!.id, { y: 10 }).expect(200);
    const booking = await requestStall(t.http, exhibitor.user.accessToken, fair.id, a1!.id, exhibitor.org.id);
    expectProblem(await move(fair.id, a1!.id, { y: 20 }), 409, 'stallId');
    await t.http().post(`/api/v1/stall-bookings/${booking.id}/approve`).set(...bearer(organizer.user.accessToken)).send({}).expect(200);
    expectProblem(await move(fair.id, a1!.id, { y: 20 }), 409, 'stallId');
    await t.http().post(`/api/v1/stall-bookings/${booking.id}/cancel`).set(...bearer(exhibitor.user.accessToken)).send({}).expect(200);
    await move(fair.id, a1!.id, { y: 20 }).expect(200);
  });

  it('refuses another organization (403 on a published fair, 404 on a draft), no token (401), unknown ids (404)', async () => {
    const stranger = await createOrganizer(t.http);
    const draft = await createFair(t.http, organizer.user.accessToken, organizer.org.id);
    const [d1] = await addStalls(t.http, organizer.user.accessToken, draft.id, stallRow('A', 1));
    expectProblem(await move(draft.id, d1!.id, { x: 5 }, stranger.user.accessToken), 404);
    const open = await createOpenFair(t.http, organizer, { stalls: 1 });
    const stall = open.stalls[0]!;
    expectProblem(await move(open.id, stall.id, { x: 5 }, null), 401);
    expectProblem(await move(open.id, stall.id, { x: 5 }, stranger.user.accessToken), 403);
    expectProblem(await move(open.id, stall.id, { x: 5 }, exhibitor.user.accessToken), 403);
    expectProblem(await move(open.id, d1!.id, { x: 5 }), 404);
    expectProblem(await move(open.id, UNKNOWN_ID, { x: 5 }), 404);
    expectProblem(await move(open.id, 'not-a-uuid', { x: 5 }), 400, 'stallId');
    expect((await stallsOf(open.id))[0]).toMatchObject({ x: 0, y: 0 });
  });

  it('refuses moving stalls of a cancelled fair (409)', async () => {
    const fair = await createOpenFair(t.http, organizer, { stalls: 1 });
    await t.http().post(`/api/v1/trade-fairs/${fair.id}/cancel`).set(...bearer(organizer.user.accessToken)).send({}).expect(200);
    expectProblem(await move(fair.id, fair.stalls[0]!.id, { x: 5 }), 409);
  });
});
