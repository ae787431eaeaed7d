import { DataSource } from 'typeorm';
import { bearer } from './support/identity';
import { createListing } from './support/listings';
import { expectProblem } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';
import { cambodiaDate, createExhibitor, createOpenFair, createOrganizer, Exhibitor, instantIn, Organizer, requestStall } from './support/trade-fairs';


describe('trade fairs: visitors, exhibitors, sales and stats', () => {
  let t: TestApp;
  let db: DataSource;
  let organizer: Organizer;
  let fair: { id: string; stalls: Array<{ id: string; code: string }> };
  let tiles: Exhibitor;
  let fish: Exhibitor;
  let honey: Exhibitor;
  let listingA: string;
  let listingB: string;

  const putCount = (date: string, body: unknown, token = organizer.user.accessToken, fairId = fair.id) =>
    t.http().put(`/api/v1/trade-fairs/${fairId}/visitor-counts/${date}`).set(...bearer(token)).send(body as object);
  const putSales = (org: Exhibitor, body: unknown) =>
    t.http().put(`/api/v1/trade-fairs/${fair.id}/sales-reports/${org.org.id}`).set(...bearer(org.user.accessToken)).send(body as object);

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_REGISTER_PER_IP: '1000' });
    db = t.app.get(DataSource);
    organizer = await createOrganizer(t.http);
    // Running now: it started yesterday and ends tomorrow; applications still open for an hour.
    fair = await createOpenFair(t.http, organizer, {
      stalls: 6,
      overrides: { startsOn: cambodiaDate(-1), endsOn: cambodiaDate(1), applicationsCloseAt: instantIn(1 / 24) },
    });
    [tiles, fish, honey] = await Promise.all([
      createExhibitor(t.http, { name: 'A Tiles' }),
      createExhibitor(t.http, { name: 'B Fish', valueChains: ['aquaculture'] }),
      createExhibitor(t.http, { name: 'C Honey', valueChains: ['honey'] }),
    ]);
    const approve = async (ex: Exhibitor, stall: number, showcase: string[] = []) => {
      const booking = await requestStall(t.http, ex.user.accessToken, fair.id, fair.stalls[stall]!.id, ex.org.id, { showcase });
      await t.http().post(`/api/v1/stall-bookings/${booking.id}/approve`).set(...bearer(organizer.user.accessToken)).expect(200);
    };
    listingA = (await createListing(t.http, tiles.user.accessToken, tiles.org.id)).id;
    listingB = (await createListing(t.http, tiles.user.accessToken, tiles.org.id, { title: 'Hollow bricks' })).id;
    await approve(tiles, 0, [listingA]);
    await approve(tiles, 1, [listingB, listingA]);
    await approve(fish, 2);
    // Honey only asked: not (yet) an exhibitor.
    await requestStall(t.http, honey.user.accessToken, fair.id, fair.stalls[3]!.id, honey.org.id);
  });

  afterAll(() => t.close());

  it("records a day's visitors idempotently (PUT again replaces), only on the fair's days so far", async () => {
    const yesterday = cambodiaDate(-1);
    expect((await putCount(yesterday, { count: 12000 }).expect(200)).body).toEqual({ date: yesterday, count: 12000 });
    await putCount(yesterday, { count: 12000 }).expect(200);
    await putCount(yesterday, { count: 12500 }).expect(200);
    await Promise.all(Array.from({ length: 10 }, () => putCount(cambodiaDate(0), { count: 9000 }).expect(200)));
    expect(await db.query('SELECT day::text, count FROM fair_visitor_counts WHERE fair_id = $1 ORDER BY day', [fair.id])).toEqual([
      { day: yesterday, count: 12500 },
      { day: cambodiaDate(0), count: 9000 },
    ]);
    expectProblem(await putCount(cambodiaDate(-2), { count: 10 }), 422, 'date');
    expectProblem(await putCount(cambodiaDate(1), { count: 10 }), 422, 'date');
  });

  it('answers bad counts and dates with 400 naming the field; only the organizer may count', async () => {
    expectProblem(await putCount(cambodiaDate(0), { count: -1 }), 400, 'count');
    expectProblem(await putCount(cambodiaDate(0), { count: 1.5 }), 400, 'count');
    expectProblem(await putCount(cambodiaDate(0), { count: '100' }), 400, 'count');
    expectProblem(await putCount(cambodiaDate(0), { count: 10_000_001 }), 400, 'count');
    expectProblem(await putCount(cambodiaDate(0), {}), 400, 'count');
    expectProblem(await putCount(cambodiaDate(0), { count: 5, fairId: fair.id }), 400, 'fairId');
    expectProblem(await putCount('2025-02-30', { count: 5 }), 400, 'date');
    expectProblem(await putCount('yesterday', { count: 5 }), 400, 'date');
    expectProblem(await putCount(cambodiaDate(0), { count: 5 }, tiles.user.accessToken), 403);
    expectProblem(await t.http().put(`/api/v1/trade-fairs/${fair.id}/visitor-counts/${cambodiaDate(0)}`).send({ count: 5 }), 401);
    const [{ count }] = await db.query('SELECT count FROM fair_visitor_counts WHERE fair_id = $1 AND day = $2', [fair.id, cambodiaDate(0)]);
    expect(count).toBe(9000);
  });

  it('lets exhibitors with an approved stall report their sales, replacing earlier reports', async () => {
    expect((await putSales(tiles, { total: { amount: '1200.50', currency: 'USD' } }).expect(200)).body).toMatchObject({
      fairId: fair.id,
      organizationId: tiles.org.id,
      total: { amount: '1200.50', currency: 'USD' },
    });
    await putSales(tiles, { total: { amount: '1500.00', currency: 'USD' } }).expect(200);
    await putSales(fish, { total: { amount: '2500000', currency: 'KHR' } }).expect(200);
    expectProblem(await putSales(honey, { total: { amount: '10.00', currency: 'USD' } }), 422);
    expectProblem(await putSales(tiles, { total: { amount: '-1.00', currency: 'USD' } }), 400, 'total.amount');
    expectProblem(await putSales(tiles, { total: { amount: 12, currency: 'USD' } }), 400, 'total.amount');
    expectProblem(await putSales(tiles, { total: { amount: '1.00', currency: 'THB' } }), 400, 'total.currency');
    expectProblem(await putSales(tiles, {}), 400, 'total');
  });

  it('shows visitors per day, exhibitors, stalls taken and reported sales per currency (public)', async () => {
    const res = await t.http().get(`/api/v1/trade-fairs/${fair.id}/stats`).expect(200);
    expect(res.body).toEqual({
      fairId: fair.id,
      visitorsPerDay: [
        { date: cambodiaDate(-1), count: 12500 },
        { date: cambodiaDate(0), count: 9000 },
      ],
      totalVisitors: 21500,
      exhibitors: 2,
      stalls: { total: 6, taken: 3, requested: 1, free: 2 },
      reportedSales: [
        { amount: '2500000.00', currency: 'KHR' },
        { amount: '1500.00', currency: 'USD' },
      ],
      exhibitorsReportingSales: 2,
    });
  });

  it('lists approved exhibitors with their stalls and showcased listings, paged by name (public)', async () => {
    const page1 = await t.http().get(`/api/v1/trade-fairs/${fair.id}/exhibitors?limit=1`).expect(200);
    expect(page1.body.items).toEqual([
      {
        organization: { id: tiles.org.id, name: 'A Tiles', provinceCode: 'KH-14', valueChains: ['clay_tiles_bricks'], logo: null, photos: [] },
        stalls: [
          { id: fair.stalls[0]!.id, code: 'A-01', zone: null, type: 'standard' },
          { id: fair.stalls[1]!.id, code: 'A-02', zone: null, type: 'standard' },
        ],
        showcase: [listingA, listingB].sort(),
        showcaseCovers: [],
      },
    ]);
    const page2 = await t.http().get(`/api/v1/trade-fairs/${fair.id}/exhibitors?limit=1&cursor=${page1.body.nextCursor}`).expect(200);
    expect(page2.body).toEqual({
      items: [{ organization: expect.objectContaining({ id: fish.org.id, name: 'B Fish' }), stalls: [expect.objectContaining({ code: 'A-03' })], showcase: [], showcaseCovers: [] }],
      nextCursor: null,
    });
    expectProblem(await t.http().get(`/api/v1/trade-fairs/${fair.id}/exhibitors?cursor=xyz`), 400, 'cursor');
  });
});
