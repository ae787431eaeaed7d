import { DataSource } from 'typeorm';
import { bearer } from './support/identity';
import { expectProblem } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';
import { addStalls, createFair, createOrganizer, Organizer, stallRow } from './support/trade-fairs';

const price = { amount: '40.00', currency: 'USD' };

describe('trade fairs: stalls on the floor plan', () => {
  let t: TestApp;
  let db: DataSource;
  let organizer: Organizer;

  const post = (fairId: string, body: unknown, token = organizer.user.accessToken) =>
    t.http().post(`/api/v1/trade-fairs/${fairId}/stalls`).set(...bearer(token)).send(body as object);
  const stallCodes = async (fairId: string) =>
    ((await db.query('SELECT code FROM fair_stalls WHERE fair_id = $1 ORDER BY code', [fairId])) as Array<{ code: string }>).map((r) => r.code);

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    organizer = await createOrganizer(t.http);
  });

  afterAll(() => t.close());

  it('adds stalls in bulk, with their type, zone and price, all free', async () => {
    const fair = await createFair(t.http, organizer.user.accessToken, organizer.org.id);
    const res = await post(fair.id, [
      { code: 'A-01', x: 0, y: 0, width: 3, height: 3, type: 'corner', zone: 'Tiles', price },
      { code: 'A-02', x: 3, y: 0, width: 3, height: 3, price: { amount: '160000', currency: 'KHR' } },
      { code: 'L-01', x: 40.5, y: 30.25, width: 12.5, height: 8.75, type: 'livestock', price },
    ]).expect(201);
    expect(res.body.items).toEqual([
      expect.objectContaining({ code: 'A-01', x: 0, y: 0, width: 3, height: 3, type: 'corner', zone: 'Tiles', price, availability: 'free' }),
      expect.objectContaining({ code: 'A-02', type: 'standard', zone: null, price: { amount: '160000.00', currency: 'KHR' } }),
      expect.objectContaining({ code: 'L-01', x: 40.5, y: 30.25, width: 12.5, height: 8.75, type: 'livestock' }),
    ]);
    const detail = await t.http().get(`/api/v1/trade-fairs/${fair.id}`).set(...bearer(organizer.user.accessToken)).expect(200);
    expect(detail.body.stalls.map((s: { code: string }) => s.code)).toEqual(['A-01', 'A-02', 'L-01']);
    expect(detail.body.stallCounts).toEqual({ total: 3, free: 3, requested: 0, taken: 0 });
  });

  it('accepts stalls that share a wall or a corner, in one request and across requests', async () => {
    const fair = await createFair(t.http, organizer.user.accessToken, organizer.org.id);
    await addStalls(t.http, organizer.user.accessToken, fair.id, [...stallRow('A', 10, 0), ...stallRow('B', 10, 3)]);
    // Flush with the plan's far edges, and touching A-10 only at its corner.
    await addStalls(t.http, organizer.user.accessToken, fair.id, [
      { code: 'C-01', x: 30, y: 6, width: 3, height: 3, price },
      { code: 'Z-99', x: 57, y: 37, width: 3, height: 3, price },
    ]);
    expect(await stallCodes(fair.id)).toHaveLength(22);
  });

  it('refuses a stall overlapping one already on the plan with 409, adding none of the request', async () => {
    const fair = await createFair(t.http, organizer.user.accessToken, organizer.org.id);
    await addStalls(t.http, organizer.user.accessToken, fair.id, stallRow('A', 5));
    const res = await post(fair.id, [
      { code: 'B-01', x: 20, y: 20, width: 3, height: 3, price },
      // One centimetre into A-02.
      { code: 'B-02', x: 5.99, y: 2.99, width: 2, height: 2, price },
    ]);
    expectProblem(res, 409, '[1]');
    expect(res.body.errors[0].message).toContain('A-02');
    expect(await stallCodes(fair.id)).toEqual(['A-01', 'A-02', 'A-03', 'A-04', 'A-05']);
  });

  it('refuses overlapping stalls within one bulk add with 409 and adds none', async () => {
    const fair = await createFair(t.http, organizer.user.accessToken, organizer.org.id);
    const res = await post(fair.id, [
      { code: 'A-01', x: 0, y: 0, width: 3, height: 3, price },
      { code: 'A-02', x: 3, y: 0, width: 3, height: 3, price },
      { code: 'A-03', x: 5, y: 1, width: 3, height: 3, price },
    ]);
    expectProblem(res, 409, '[2]');
    expect(res.body.errors[0].message).toMatch(/A-03 overlaps stall A-02/);
    expect(await stallCodes(fair.id)).toEqual([]);
  });

  it('refuses a code already used in the fair, or twice in one request, with 409', async () => {
    const fair = await createFair(t.http, organizer.user.accessToken, organizer.org.id);
    await addStalls(t.http, organizer.user.accessToken, fair.id, stallRow('A', 2));
    expectProblem(await post(fair.id, [{ code: 'B-01', x: 20, y: 20, width: 3, height: 3, price }, { code: 'A-02', x: 30, y: 20, width: 3, height: 3, price }]), 409, '[1].code');
    expectProblem(await post(fair.id, [{ code: 'C-01', x: 20, y: 20, width: 3, height: 3, price }, { code: 'C-01', x: 30, y: 20, width: 3, height: 3, price }]), 409, '[1].code');
    expect(await stallCodes(fair.id)).toEqual(['A-01', 'A-02']);
    // Another fair may reuse the codes.
    const other = await createFair(t.http, organizer.user.accessToken, organizer.org.id);
    await addStalls(t.http, organizer.user.accessToken, other.id, stallRow('A', 2));
  });

  it('answers bad stalls with 400 naming the field: outside the plan, negative or zero sizes, bad codes, prices', async () => {
    const fair = await createFair(t.http, organizer.user.accessToken, organizer.org.id, { floorPlan: { width: 20, height: 10 } });
    const ok = { code: 'A-01', x: 0, y: 0, width: 3, height: 3, price };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ x: 18 }, '[1].width'],
      [{ y: 9, height: 2 }, '[1].height'],
      [{ x: 25 }, '[1].x'],
      [{ x: -1 }, '[1].x'],
      [{ y: -0.5 }, '[1].y'],
      [{ width: -3 }, '[1].width'],
      [{ width: 0 }, '[1].width'],
      [{ height: 2.555 }, '[1].height'],
      [{ x: '3' }, '[1].x'],
      [{ x: null }, '[1].x'],
      [{ code: '<b>' }, '[1].code'],
      [{ code: '' }, '[1].code'],
      [{ type: 'kiosk' }, '[1].type'],
      [{ price: { amount: '-5.00', currency: 'USD' } }, '[1].price.amount'],
      [{ price: { amount: '5.00', currency: 'EUR' } }, '[1].price.currency'],
      [{ price: undefined }, '[1].price'],
      [{ organizerId: organizer.org.id }, '[1].organizerId'],
    ];
    for (const [change, field] of cases) {
      const res = await post(fair.id, [ok, { ...ok, code: 'A-02', x: 10, y: 5, ...change }]);
      expectProblem(res, 400, field);
    }
    expectProblem(await post(fair.id, {}), 400, 'body');
    expectProblem(await post(fair.id, []), 400, 'body');
    expectProblem(await post(fair.id, ['A-01']), 400, '[0]');
    expectProblem(await post(fair.id, Array.from({ length: 501 }, () => ok)), 400, 'body');
    expect(await stallCodes(fair.id)).toEqual([]);
  });

  it('keeps every stall inside the plan when the plan is resized (422), and lets it grow', async () => {
    const fair = await createFair(t.http, organizer.user.accessToken, organizer.org.id, { floorPlan: { width: 30, height: 10 } });
    await addStalls(t.http, organizer.user.accessToken, fair.id, stallRow('A', 10));
    const patch = (floorPlan: unknown) => t.http().patch(`/api/v1/trade-fairs/${fair.id}`).set(...bearer(organizer.user.accessToken)).send({ floorPlan });
    expectProblem(await patch({ width: 29.99, height: 10 }), 422, 'floorPlan');
    const grown = await patch({ width: 45, height: 12 }).expect(200);
    expect(grown.body.floorPlan).toEqual({ width: 45, height: 12 });
    await patch({ width: 30, height: 3 }).expect(200);
    // The database holds it too, whoever writes.
    await expect(db.query('UPDATE trade_fairs SET plan_width = 20 WHERE id = $1', [fair.id])).rejects.toThrow(/fair_stalls_inside_plan/);
  });

  it('lets exactly one of two concurrent overlapping bulk adds win', async () => {
    for (let round = 0; round < 5; round++) {
      const fair = await createFair(t.http, organizer.user.accessToken, organizer.org.id);
      const [a, b] = await Promise.all([
        post(fair.id, stallRow('A', 10, 0)),
        post(fair.id, stallRow('B', 10, 1.5)),
      ]);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      expectProblem(a.status === 409 ? a : b, 409);
      const codes = await stallCodes(fair.id);
      expect(codes).toHaveLength(10);
      expect(new Set(codes.map((c) => c[0]))).toHaveProperty('size', 1);
    }
  });

  it('lets non-overlapping concurrent adds all succeed', async () => {
    const fair = await createFair(t.http, organizer.user.accessToken, organizer.org.id);
    const results = await Promise.all(['A', 'B', 'C', 'D', 'E'].map((letter, i) => post(fair.id, stallRow(letter, 10, i * 3))));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(await stallCodes(fair.id)).toHaveLength(50);
  });

  it('refuses stalls from anyone but the organizer: 403 on a published fair, 404 on a draft', async () => {
    const fair = await createFair(t.http, organizer.user.accessToken, organizer.org.id);
    const stranger = await createOrganizer(t.http);
    expectProblem(await post(fair.id, stallRow('A', 1), stranger.user.accessToken), 404);
    await addStalls(t.http, organizer.user.accessToken, fair.id, stallRow('A', 1));
    await t.http().post(`/api/v1/trade-fairs/${fair.id}/open`).set(...bearer(organizer.user.accessToken)).expect(200);
    expectProblem(await post(fair.id, stallRow('B', 1, 5), stranger.user.accessToken), 403);
    expectProblem(await t.http().post(`/api/v1/trade-fairs/${fair.id}/stalls`).send(stallRow('B', 1, 5)), 401);
    expect(await stallCodes(fair.id)).toEqual(['A-01']);
  });

  it('replays a bulk add with the same Idempotency-Key instead of adding twice', async () => {
    const fair = await createFair(t.http, organizer.user.accessToken, organizer.org.id);
    const send = () => post(fair.id, stallRow('A', 3)).set('idempotency-key', `stalls-${fair.id}`);
    const first = await send().expect(201);
    const again = await send().expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await stallCodes(fair.id)).toHaveLength(3);
  });
});
