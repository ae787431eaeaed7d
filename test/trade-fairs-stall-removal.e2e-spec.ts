import { DataSource } from 'typeorm';
import { bearer } from './support/identity';
import { expectProblem } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';
import {
  addStalls,
  createExhibitor,
  createFair,
  createOpenFair,
  createOrganizer,
  Exhibitor,
  Organizer,
  requestStall,
  stallRow,
} from './support/trade-fairs';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe('trade fairs: removing a stall from the plan', () => {
  let t: TestApp;
  let db: DataSource;
  let organizer: Organizer;
  let exhibitor: Exhibitor;

  const remove = (fairId: string, stallId: string, token: string | null = organizer.user.accessToken) => {
    const req = t.http().delete(`/api/v1/trade-fairs/${fairId}/stalls/${stallId}`);
    return token ? req.set(...bearer(token)) : req;
  };
  const book = (fairId: string, stallId: string) =>
    t.http().post(`/api/v1/trade-fairs/${fairId}/bookings`).set(...bearer(exhibitor.user.accessToken)).send({ stallId, organizationId: exhibitor.org.id });
  const detail = async (fairId: string) => (await t.http().get(`/api/v1/trade-fairs/${fairId}`).set(...bearer(organizer.user.accessToken)).expect(200)).body;
  const svgOf = async (fairId: string): Promise<string> =>
    (
      await t
        .http()
        .get(`/api/v1/trade-fairs/${fairId}/floor-plan.svg`)
        .buffer(true)
        .parse((response, done) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () => done(null, text));
        })
        .expect(200)
    ).body as string;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    organizer = await createOrganizer(t.http);
    exhibitor = await createExhibitor(t.http);
  });

  afterAll(() => t.close());

  it('removes a free stall: 204, gone from the stall list, the counts and the floor plan', async () => {
    const fair = await createOpenFair(t.http, organizer, { stalls: 3 });
    const [a1, a2] = fair.stalls;
    await remove(fair.id, a2!.id).expect(204);
    const after = await detail(fair.id);
    expect(after.stalls.map((s: { code: string }) => s.code)).toEqual(['A-01', 'A-03']);
    expect(after.stallCounts).toEqual({ total: 2, free: 2, requested: 0, taken: 0 });
    const svg = await svgOf(fair.id);
    expect(svg).toContain('data-code="A-01"');
    expect(svg).not.toContain('data-code="A-02"');
    const stats = await t.http().get(`/api/v1/trade-fairs/${fair.id}/stats`).expect(200);
    expect(stats.body.stalls).toMatchObject({ total: 2, free: 2 });
    // Removed means not bookable, and not removable twice.
    expectProblem(await book(fair.id, a2!.id), 400, 'stallId');
    expectProblem(await remove(fair.id, a2!.id), 404);
    await requestStall(t.http, exhibitor.user.accessToken, fair.id, a1!.id, exhibitor.org.id);
  });

  it('frees the code and the place: a new stall may take both', async () => {
    const fair = await createFair(t.http, organizer.user.accessToken, organizer.org.id);
    const [a1] = await addStalls(t.http, organizer.user.accessToken, fair.id, stallRow('A', 2));
    await remove(fair.id, a1!.id).expect(204);
    const [again] = await addStalls(t.http, organizer.user.accessToken, fair.id, [{ code: 'A-01', x: 0, y: 0, width: 3, height: 3, price: { amount: '40.00', currency: 'USD' } }]);
    expect(again!.id).not.toBe(a1!.id);
    expect((await detail(fair.id)).stalls.map((s: { id: string }) => s.id)).toEqual([again!.id, expect.any(String)]);
  });

  it('refuses with 409 while a requested or approved booking holds the stall; allows it once the booking is rejected or cancelled, keeping the booking', async () => {
    const fair = await createOpenFair(t.http, organizer, { stalls: 3 });
    const [a1, a2] = fair.stalls;
    const requested = await requestStall(t.http, exhibitor.user.accessToken, fair.id, a1!.id, exhibitor.org.id);
    const res = await remove(fair.id, a1!.id);
    expectProblem(res, 409, 'stallId');
    expect(res.body.detail).toContain('A-01');

    const approved = await requestStall(t.http, exhibitor.user.accessToken, fair.id, a2!.id, exhibitor.org.id);
    await t.http().post(`/api/v1/stall-bookings/${approved.id}/approve`).set(...bearer(organizer.user.accessToken)).send({}).expect(200);
    await t.http().put(`/api/v1/stall-bookings/${approved.id}/payment`).set(...bearer(organizer.user.accessToken)).send({ status: 'paid' }).expect(200);
    expectProblem(await remove(fair.id, a2!.id), 409);
    expect((await detail(fair.id)).stalls).toHaveLength(3);

    await t.http().post(`/api/v1/stall-bookings/${requested.id}/reject`).set(...bearer(organizer.user.accessToken)).send({ reason: 'Wrong zone' }).expect(200);
    await t.http().post(`/api/v1/stall-bookings/${approved.id}/cancel`).set(...bearer(exhibitor.user.accessToken)).send({}).expect(200);
    await remove(fair.id, a1!.id).expect(204);
    await remove(fair.id, a2!.id).expect(204);
    // The ended bookings stay, with the code of the stall they were for.
    const history = await t.http().get(`/api/v1/stall-bookings/${requested.id}`).set(...bearer(exhibitor.user.accessToken)).expect(200);
    expect(history.body).toMatchObject({ status: 'rejected', stall: { id: a1!.id, code: 'A-01' } });
    const list = await t.http().get(`/api/v1/trade-fairs/${fair.id}/bookings`).set(...bearer(organizer.user.accessToken)).expect(200);
    expect(list.body.items.map((b: { status: string }) => b.status).sort()).toEqual(['cancelled', 'rejected']);
  });

  it('of a removal and a booking request at the same moment, never both succeed (20 fresh stalls)', async () => {
    const fair = await createOpenFair(t.http, organizer, { stalls: 20 });
    let removedWins = 0;
    let bookingWins = 0;
    for (const stall of fair.stalls) {
      const [removal, request] = await Promise.all([remove(fair.id, stall.id), book(fair.id, stall.id)]);
      if (removal.status === 204) {
        expectProblem(request, 400, 'stallId');
        removedWins++;
      } else {
        expectProblem(removal, 409);
        expect(request.status).toBe(201);
        bookingWins++;
      }
    }
    expect(removedWins + bookingWins).toBe(20);
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM stall_bookings b JOIN fair_stalls s ON s.id = b.stall_id
       WHERE s.fair_id = $1 AND s.removed_at IS NOT NULL AND b.status IN ('requested', 'approved')`,
      [fair.id],
    );
    expect(n).toBe(0);
    const after = await detail(fair.id);
    expect(after.stallCounts).toEqual({ total: bookingWins, free: 0, requested: bookingWins, taken: 0 });
  });

  it('answers 401 without a token, 403 to another organization on a published fair, 404 on its draft, and 404 for a stall of another fair', async () => {
    const stranger = await createOrganizer(t.http);
    const draft = await createFair(t.http, organizer.user.accessToken, organizer.org.id);
    const [d1] = await addStalls(t.http, organizer.user.accessToken, draft.id, stallRow('A', 1));
    expectProblem(await remove(draft.id, d1!.id, stranger.user.accessToken), 404);
    const open = await createOpenFair(t.http, organizer, { stalls: 2 });
    expectProblem(await remove(open.id, open.stalls[0]!.id, null), 401);
    expectProblem(await remove(open.id, open.stalls[0]!.id, stranger.user.accessToken), 403);
    // The exhibitor's token is another organization's too.
    expectProblem(await remove(open.id, open.stalls[0]!.id, exhibitor.user.accessToken), 403);
    // A stall of the draft asked for through the open fair: not this fair's.
    expectProblem(await remove(open.id, d1!.id), 404);
    expectProblem(await remove(open.id, UNKNOWN_ID), 404);
    expectProblem(await remove(UNKNOWN_ID, open.stalls[0]!.id), 404);
    expectProblem(await remove(open.id, 'not-a-uuid'), 400, 'stallId');
    expect((await detail(open.id)).stalls).toHaveLength(2);
    expect((await detail(draft.id)).stalls).toHaveLength(1);
  });

  it('keeps the plan of a completed or cancelled fair as it was (409)', async () => {
    const fair = await createOpenFair(t.http, organizer, { stalls: 2 });
    await t.http().post(`/api/v1/trade-fairs/${fair.id}/cancel`).set(...bearer(organizer.user.accessToken)).send({ reason: 'Flooded' }).expect(200);
    expectProblem(await remove(fair.id, fair.stalls[0]!.id), 409);
  });
});
