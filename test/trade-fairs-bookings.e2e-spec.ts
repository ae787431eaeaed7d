import { ScheduledJobsService } from '@psar/platform';
import { EXPIRE_BOOKING_HOLDS_JOB } from '@psar/trade-fairs';
import { DataSource } from 'typeorm';
import { addMember, bearer, createOrganization, registerUser } from './support/identity';
import { createListing } from './support/listings';
import { expectProblem } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';
import {
  cambodiaDate,
  createExhibitor,
  createOpenFair,
  createOrganizer,
  Exhibitor,
  instantIn,
  Organizer,
  requestStall,
} from './support/trade-fairs';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const NO_LISTING = '6f1c2a4e-0d3b-4c5a-9e8f-7a6b5c4d3e2f';

describe('trade fairs: stall bookings', () => {
  let t: TestApp;
  let db: DataSource;
  let organizer: Organizer;

  const book = (token: string, fairId: string, body: Record<string, unknown>) =>
    t.http().post(`/api/v1/trade-fairs/${fairId}/bookings`).set(...bearer(token)).send(body);
  const act = (token: string, bookingId: string, verb: string, body: object = {}) =>
    t.http().post(`/api/v1/stall-bookings/${bookingId}/${verb}`).set(...bearer(token)).send(body);
  const events = async (type: string, bookingId: string) =>
    (await db.query(`SELECT payload FROM outbox_events WHERE type = $1 AND payload->>'bookingId' = $2`, [type, bookingId])) as Array<{
      payload: Record<string, unknown>;
    }>;

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_REGISTER_PER_IP: '1000' });
    db = t.app.get(DataSource);
    organizer = await createOrganizer(t.http);
  });

  afterAll(() => t.close());

  it('takes a request: requested, priced, held for the fair\'s hold time, and tells the organizer', async () => {
    const fair = await createOpenFair(t.http, organizer, { overrides: { bookingHoldHours: 48 } });
    const tiles = await createExhibitor(t.http);
    const listing = await createListing(t.http, tiles.user.accessToken, tiles.org.id);
    const res = await book(tiles.user.accessToken, fair.id, {
      stallId: fair.stalls[0]!.id,
      organizationId: tiles.org.id,
      showcase: [listing.id],
      note: 'We need electricity',
    }).expect(201);
    expect(res.body).toMatchObject({
      fair: { id: fair.id },
      stall: { id: fair.stalls[0]!.id, code: 'A-01' },
      exhibitor: { id: tiles.org.id, name: tiles.org.name },
      status: 'requested',
      showcase: [listing.id],
      paymentStatus: 'unpaid',
      price: { amount: '40.00', currency: 'USD' },
      note: 'We need electricity',
      decidedAt: null,
    });
    const held = Date.parse(res.body.holdUntil) - Date.parse(res.body.requestedAt);
    expect(held).toBe(48 * 3_600_000);
    const [event] = await events('trade_fair.booking_requested', res.body.id);
    expect(event!.payload).toMatchObject({ fairId: fair.id, stallCode: 'A-01', exhibitorId: tiles.org.id, organizerId: organizer.org.id });
    const detail = await t.http().get(`/api/v1/trade-fairs/${fair.id}`).expect(200);
    expect(detail.body.stalls[0]).toMatchObject({ code: 'A-01', availability: 'requested' });
  });

  it('50 organizations request one stall at once: exactly one booking, 49 × 409; after a rejection it can be booked again', async () => {
    const fair = await createOpenFair(t.http, organizer, { stalls: 3 });
    const owner = await registerUser(t.http);
    const orgs = [];
    for (let i = 0; i < 50; i++) orgs.push(await createOrganization(t.http, owner.accessToken, { name: `Race Farm ${i}` }));
    const stallId = fair.stalls[1]!.id;
    const results = await Promise.all(orgs.map((org) => book(owner.accessToken, fair.id, { stallId, organizationId: org.id })));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    for (const res of results.filter((r) => r.status === 409)) expectProblem(res, 409);
    const live = await db.query(`SELECT id FROM stall_bookings WHERE stall_id = $1 AND status IN ('requested', 'approved')`, [stallId]);
    expect(live).toHaveLength(1);
    const winner = results.find((r) => r.status === 201)!.body;

    await act(organizer.user.accessToken, winner.id, 'reject', { reason: 'Reserved for a cooperative' }).expect(200);
    const loser = orgs.find((o) => o.id !== winner.exhibitor.id)!;
    const again = await book(owner.accessToken, fair.id, { stallId, organizationId: loser.id }).expect(201);
    expect(again.body.status).toBe('requested');
    expectProblem(await book(owner.accessToken, fair.id, { stallId, organizationId: winner.exhibitor.id }), 409);
  });

  it('approves, then an approved stall stays taken; the exhibitor is told; either side may cancel and free it', async () => {
    const fair = await createOpenFair(t.http, organizer, { stalls: 3 });
    const [tiles, fish] = await Promise.all([createExhibitor(t.http), createExhibitor(t.http)]);
    const booking = await requestStall(t.http, tiles.user.accessToken, fair.id, fair.stalls[0]!.id, tiles.org.id);
    const approved = await act(organizer.user.accessToken, booking.id, 'approve').expect(200);
    expect(approved.body).toMatchObject({ status: 'approved', decidedAt: expect.any(String) });
    expect(await events('trade_fair.booking_approved', booking.id)).toHaveLength(1);
    expectProblem(await act(organizer.user.accessToken, booking.id, 'approve'), 409);
    expectProblem(await act(organizer.user.accessToken, booking.id, 'reject'), 409);
    expectProblem(await book(fish.user.accessToken, fair.id, { stallId: fair.stalls[0]!.id, organizationId: fish.org.id }), 409);
    expect((await t.http().get(`/api/v1/trade-fairs/${fair.id}`).expect(200)).body.stalls[0].availability).toBe('taken');

    const cancelled = await act(tiles.user.accessToken, booking.id, 'cancel', { reason: 'Kiln broke down' }).expect(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelledBy: 'exhibitor', reason: 'Kiln broke down' });
    const [event] = await events('trade_fair.booking_cancelled', booking.id);
    expect(event!.payload).toMatchObject({ cancelledBy: 'exhibitor', organizerId: organizer.org.id });
    expectProblem(await act(tiles.user.accessToken, booking.id, 'cancel'), 409);

    const fishBooking = await requestStall(t.http, fish.user.accessToken, fair.id, fair.stalls[0]!.id, fish.org.id);
    const byOrganizer = await act(organizer.user.accessToken, fishBooking.id, 'cancel').expect(200);
    expect(byOrganizer.body.cancelledBy).toBe('organizer');
    const rejected = await requestStall(t.http, fish.user.accessToken, fair.id, fair.stalls[1]!.id, fish.org.id);
    await act(organizer.user.accessToken, rejected.id, 'reject').expect(200);
    expect(await events('trade_fair.booking_rejected', rejected.id)).toHaveLength(1);
  });

  it('refuses requests after the application deadline, or when the fair is not open, with 422', async () => {
    const fair = await createOpenFair(t.http, organizer, { stalls: 2, overrides: { startsOn: cambodiaDate(0), endsOn: cambodiaDate(1), applicationsCloseAt: instantIn(1) } });
    const tiles = await createExhibitor(t.http);
    await db.query(`UPDATE trade_fairs SET applications_close_at = now() - interval '1 second' WHERE id = $1`, [fair.id]);
    const late = await book(tiles.user.accessToken, fair.id, { stallId: fair.stalls[0]!.id, organizationId: tiles.org.id });
    expectProblem(late, 422);
    expect(late.body.detail).toMatch(/Applications closed/);

    const closed = await createOpenFair(t.http, organizer, { stalls: 2 });
    await t.http().post(`/api/v1/trade-fairs/${closed.id}/close`).set(...bearer(organizer.user.accessToken)).expect(200);
    expectProblem(await book(tiles.user.accessToken, closed.id, { stallId: closed.stalls[0]!.id, organizationId: tiles.org.id }), 422);
    expect(await db.query('SELECT 1 FROM stall_bookings WHERE fair_id IN ($1, $2)', [fair.id, closed.id])).toEqual([]);
  });

  it('expires a request not decided within the hold (scheduled job): the stall is free and the exhibitor told', async () => {
    const fair = await createOpenFair(t.http, organizer, { stalls: 2, overrides: { bookingHoldHours: 1 } });
    const [tiles, fish] = await Promise.all([createExhibitor(t.http), createExhibitor(t.http)]);
    const stale = await requestStall(t.http, tiles.user.accessToken, fair.id, fair.stalls[0]!.id, tiles.org.id);
    const fresh = await requestStall(t.http, tiles.user.accessToken, fair.id, fair.stalls[1]!.id, tiles.org.id);
    // The hour passes for the first request only.
    await db.query(`UPDATE stall_bookings SET requested_at = requested_at - interval '61 minutes', hold_until = hold_until - interval '61 minutes' WHERE id = $1`, [stale.id]);
    expectProblem(await act(organizer.user.accessToken, stale.id, 'approve'), 409);

    await t.app.get(ScheduledJobsService).runNow(EXPIRE_BOOKING_HOLDS_JOB);
    const [a, b] = await Promise.all([stale, fresh].map((x) => t.http().get(`/api/v1/stall-bookings/${x.id}`).set(...bearer(tiles.user.accessToken)).expect(200)));
    expect(a!.body.status).toBe('expired');
    expect(b!.body.status).toBe('requested');
    expect(await events('trade_fair.booking_expired', stale.id)).toEqual([
      { payload: expect.objectContaining({ exhibitorId: tiles.org.id, stallCode: 'A-01', actorId: null }) },
    ]);
    // Running it again changes nothing and tells nobody twice.
    await t.app.get(ScheduledJobsService).runNow(EXPIRE_BOOKING_HOLDS_JOB);
    expect(await events('trade_fair.booking_expired', stale.id)).toHaveLength(1);
    await requestStall(t.http, fish.user.accessToken, fair.id, fair.stalls[0]!.id, fish.org.id);
  });

  it('holds the per-exhibitor stall limit under 10 simultaneous requests', async () => {
    const fair = await createOpenFair(t.http, organizer, { stalls: 10, overrides: { maxStallsPerExhibitor: 2 } });
    const tiles = await createExhibitor(t.http);
    const results = await Promise.all(fair.stalls.map((s) => book(tiles.user.accessToken, fair.id, { stallId: s.id, organizationId: tiles.org.id })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(2);
    const refused = results.filter((r) => r.status !== 201);
    expect(refused).toHaveLength(8);
    for (const res of refused) expectProblem(res, 409);
    expect(refused[0]!.body.type).toMatch(/stall-limit-reached$/);
    // A cancelled or rejected stall no longer counts.
    await act(organizer.user.accessToken, results.find((r) => r.status === 201)!.body.id, 'reject').expect(200);
    const third = fair.stalls.find((s) => !results.some((r) => r.status === 201 && r.body.stall.id === s.id))!;
    await requestStall(t.http, tiles.user.accessToken, fair.id, third.id, tiles.org.id);
  });

  it('records the payment status (organizer only) and lets the exhibitor change its showcase', async () => {
    const fair = await createOpenFair(t.http, organizer, { stalls: 2 });
    const tiles = await createExhibitor(t.http);
    const booking = await requestStall(t.http, tiles.user.accessToken, fair.id, fair.stalls[0]!.id, tiles.org.id);
    const pay = (token: string, status: unknown) => t.http().put(`/api/v1/stall-bookings/${booking.id}/payment`).set(...bearer(token)).send({ status });
    expect((await pay(organizer.user.accessToken, 'paid').expect(200)).body.paymentStatus).toBe('paid');
    expect((await pay(organizer.user.accessToken, 'waived').expect(200)).body.paymentStatus).toBe('waived');
    expectProblem(await pay(organizer.user.accessToken, 'refunded'), 400, 'status');
    expectProblem(await pay(tiles.user.accessToken, 'unpaid'), 403);

    const showcase = (token: string, listingIds: unknown) => t.http().put(`/api/v1/stall-bookings/${booking.id}/showcase`).set(...bearer(token)).send({ listingIds });
    const [tilesListing, pausedListing] = [
      await createListing(t.http, tiles.user.accessToken, tiles.org.id),
      await createListing(t.http, tiles.user.accessToken, tiles.org.id, { title: 'Bricks' }),
    ];
    await t.http().patch(`/api/v1/listings/${pausedListing.id}`).set(...bearer(tiles.user.accessToken)).send({ status: 'paused' }).expect(200);
    expect((await showcase(tiles.user.accessToken, [tilesListing.id, pausedListing.id]).expect(200)).body.showcase).toEqual([tilesListing.id, pausedListing.id]);
    // Another organization's listing, or none at all, cannot be showcased.
    const fish = await createExhibitor(t.http);
    const fishListing = await createListing(t.http, fish.user.accessToken, fish.org.id);
    expectProblem(await showcase(tiles.user.accessToken, [tilesListing.id, fishListing.id]), 400, 'listingIds[1]');
    expectProblem(await showcase(tiles.user.accessToken, [NO_LISTING]), 400, 'listingIds[0]');
    expectProblem(await book(tiles.user.accessToken, fair.id, { stallId: fair.stalls[1]!.id, organizationId: tiles.org.id, showcase: [fishListing.id] }), 400, 'showcase[0]');
    expect((await t.http().get(`/api/v1/stall-bookings/${booking.id}`).set(...bearer(tiles.user.accessToken)).expect(200)).body.showcase).toEqual([tilesListing.id, pausedListing.id]);
    expectProblem(await showcase(tiles.user.accessToken, ['not-a-listing']), 400, 'listingIds');
    expectProblem(await showcase(tiles.user.accessToken, [tilesListing.id, tilesListing.id]), 400, 'listingIds');
    expectProblem(await showcase(tiles.user.accessToken, Array.from({ length: 21 }, (_, i) => `6f1c2a4e-0d3b-4c5a-9e8f-${String(i).padStart(12, '0')}`)), 400, 'listingIds');
    expectProblem(await showcase(organizer.user.accessToken, []), 403);
  });

  it('answers bad requests with 400 naming the field', async () => {
    const fair = await createOpenFair(t.http, organizer, { stalls: 2 });
    const other = await createOpenFair(t.http, organizer, { stalls: 2 });
    const tiles = await createExhibitor(t.http);
    const token = tiles.user.accessToken;
    const ok = { stallId: fair.stalls[0]!.id, organizationId: tiles.org.id };
    expectProblem(await book(token, fair.id, { ...ok, stallId: 'A-01' }), 400, 'stallId');
    expectProblem(await book(token, fair.id, { ...ok, stallId: other.stalls[0]!.id }), 400, 'stallId');
    expectProblem(await book(token, fair.id, { ...ok, stallId: UNKNOWN_ID }), 400, 'stallId');
    expectProblem(await book(token, fair.id, { ...ok, organizationId: undefined }), 400, 'organizationId');
    expectProblem(await book(token, fair.id, { ...ok, showcase: 'all' }), 400, 'showcase');
    expectProblem(await book(token, fair.id, { ...ok, showcase: ['x'] }), 400, 'showcase');
    expectProblem(await book(token, fair.id, { ...ok, status: 'approved' }), 400, 'status');
    expectProblem(await book(token, fair.id, { ...ok, paymentStatus: 'paid' }), 400, 'paymentStatus');
    expectProblem(await book(token, fair.id, { ...ok, note: 'x'.repeat(1001) }), 400, 'note');
    expectProblem(await book(token, UNKNOWN_ID, ok), 404);
    expectProblem(await book(token, 'fair-1', ok), 400, 'id');
    expectProblem(await act(token, 'booking-1', 'cancel'), 400, 'id');
    expectProblem(await act(token, UNKNOWN_ID, 'cancel'), 404);
    const buyer = await createExhibitor(t.http, { capabilities: ['buy'] });
    expectProblem(await book(buyer.user.accessToken, fair.id, { ...ok, organizationId: buyer.org.id }), 403);
    expect(await db.query('SELECT 1 FROM stall_bookings WHERE fair_id = $1', [fair.id])).toEqual([]);
  });

  it('replays a request with the same Idempotency-Key: one booking, the same answer', async () => {
    const fair = await createOpenFair(t.http, organizer, { stalls: 2 });
    const tiles = await createExhibitor(t.http);
    const send = () => book(tiles.user.accessToken, fair.id, { stallId: fair.stalls[0]!.id, organizationId: tiles.org.id }).set('idempotency-key', `book-${fair.id}`);
    const [first, second] = await Promise.all([send(), send()]);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.id).toBe(first.body.id);
    expect((await send().expect(201)).body.id).toBe(first.body.id);
    expect(await db.query('SELECT 1 FROM stall_bookings WHERE fair_id = $1', [fair.id])).toHaveLength(1);
  });

  describe('who may do what', () => {
    let fair: { id: string; stalls: Array<{ id: string; code: string }> };
    let tiles: Exhibitor;
    let fish: Exhibitor;
    let tilesMember: { accessToken: string };
    let booking: { id: string };
    let listingId: string;

    beforeAll(async () => {
      fair = await createOpenFair(t.http, organizer, { stalls: 5 });
      [tiles, fish] = await Promise.all([createExhibitor(t.http), createExhibitor(t.http)]);
      const member = await registerUser(t.http);
      await addMember(t.http, tiles.user.accessToken, tiles.org.id, member.id, 'member');
      tilesMember = member;
      listingId = (await createListing(t.http, tiles.user.accessToken, tiles.org.id)).id;
      booking = await requestStall(t.http, tiles.user.accessToken, fair.id, fair.stalls[0]!.id, tiles.org.id, { showcase: [listingId] });
    });

    it('refuses every organizer action to the exhibitor (403)', async () => {
      const token = tiles.user.accessToken;
      const http = t.http;
      const attempts = [
        act(token, booking.id, 'approve'),
        act(token, booking.id, 'reject'),
        http().put(`/api/v1/stall-bookings/${booking.id}/payment`).set(...bearer(token)).send({ status: 'paid' }),
        http().post(`/api/v1/trade-fairs/${fair.id}/stalls`).set(...bearer(token)).send([{ code: 'X-01', x: 50, y: 30, width: 2, height: 2, price: { amount: '1.00', currency: 'USD' } }]),
        http().patch(`/api/v1/trade-fairs/${fair.id}`).set(...bearer(token)).send({ name: 'Mine now' }),
        http().post(`/api/v1/trade-fairs/${fair.id}/close`).set(...bearer(token)),
        http().post(`/api/v1/trade-fairs/${fair.id}/cancel`).set(...bearer(token)).send({}),
        http().put(`/api/v1/trade-fairs/${fair.id}/visitor-counts/${cambodiaDate(30)}`).set(...bearer(token)).send({ count: 5 }),
        http().get(`/api/v1/trade-fairs/${fair.id}/bookings`).set(...bearer(token)),
      ];
      for (const res of await Promise.all(attempts)) expectProblem(res, 403);
      const [row] = await db.query('SELECT status, payment_status FROM stall_bookings WHERE id = $1', [booking.id]);
      expect(row).toEqual({ status: 'requested', payment_status: 'unpaid' });
    });

    it("refuses every exhibitor action to another exhibitor (404 for the booking, 403 acting for the organization)", async () => {
      const token = fish.user.accessToken;
      expectProblem(await t.http().get(`/api/v1/stall-bookings/${booking.id}`).set(...bearer(token)), 404);
      expectProblem(await act(token, booking.id, 'cancel'), 404);
      expectProblem(await act(token, booking.id, 'approve'), 404);
      expectProblem(await t.http().put(`/api/v1/stall-bookings/${booking.id}/showcase`).set(...bearer(token)).send({ listingIds: [] }), 404);
      expectProblem(await t.http().put(`/api/v1/stall-bookings/${booking.id}/payment`).set(...bearer(token)).send({ status: 'paid' }), 404);
      expectProblem(await t.http().get(`/api/v1/stall-bookings?organizationId=${tiles.org.id}`).set(...bearer(token)), 404);
      expectProblem(await book(token, fair.id, { stallId: fair.stalls[1]!.id, organizationId: tiles.org.id }), 403);
      expectProblem(await t.http().put(`/api/v1/trade-fairs/${fair.id}/sales-reports/${tiles.org.id}`).set(...bearer(token)).send({ total: { amount: '1.00', currency: 'USD' } }), 403);
      // A plain member of the exhibitor sees the booking but cannot cancel it.
      await t.http().get(`/api/v1/stall-bookings/${booking.id}`).set(...bearer(tilesMember.accessToken)).expect(200);
      expectProblem(await act(tilesMember.accessToken, booking.id, 'cancel'), 403);
      const [row] = await db.query('SELECT status, showcase_listing_ids FROM stall_bookings WHERE id = $1', [booking.id]);
      expect(row).toEqual({ status: 'requested', showcase_listing_ids: [listingId] });
    });

    it('lists bookings to their sides only: the organizer by fair, the exhibitor by organization', async () => {
      const forFair = await t.http().get(`/api/v1/trade-fairs/${fair.id}/bookings`).set(...bearer(organizer.user.accessToken)).expect(200);
      expect(forFair.body.items).toEqual([
        expect.objectContaining({ id: booking.id, paymentStatus: 'unpaid', exhibitor: expect.objectContaining({ phone: '+85512777888' }) }),
      ]);
      const mine = await t.http().get(`/api/v1/stall-bookings?organizationId=${tiles.org.id}`).set(...bearer(tilesMember.accessToken)).expect(200);
      expect(mine.body.items.map((b: { id: string }) => b.id)).toEqual([booking.id]);
      expectProblem(await t.http().get('/api/v1/stall-bookings').set(...bearer(tiles.user.accessToken)), 400, 'organizationId');
      const forged = Buffer.from(JSON.stringify(['A-01', "x' OR 1=1"])).toString('base64url');
      expectProblem(await t.http().get(`/api/v1/trade-fairs/${fair.id}/bookings?cursor=${forged}`).set(...bearer(organizer.user.accessToken)), 400, 'cursor');
      expectProblem(await t.http().get(`/api/v1/stall-bookings?organizationId=${tiles.org.id}&cursor=${forged}`).set(...bearer(tiles.user.accessToken)), 400, 'cursor');
      expectProblem(await t.http().get(`/api/v1/trade-fairs/${fair.id}/exhibitors?cursor=${forged}`), 400, 'cursor');
      expectProblem(await t.http().get(`/api/v1/stall-bookings/${booking.id}`), 401);
    });

    it('shows the public no payment status and no phone numbers', async () => {
      await act(organizer.user.accessToken, booking.id, 'approve').expect(200);
      await t.http().put(`/api/v1/stall-bookings/${booking.id}/payment`).set(...bearer(organizer.user.accessToken)).send({ status: 'paid' }).expect(200);
      const pages = await Promise.all(
        [`/api/v1/trade-fairs/${fair.id}`, `/api/v1/trade-fairs/${fair.id}/exhibitors`, `/api/v1/trade-fairs/${fair.id}/stats`, '/api/v1/trade-fairs'].map((path) =>
          t.http().get(path).expect(200),
        ),
      );
      for (const page of pages) {
        const text = JSON.stringify(page.body);
        expect(text).not.toMatch(/payment/i);
        expect(text).not.toMatch(/phone/i);
        expect(text).not.toContain('+855');
        expect(text).not.toContain(tiles.user.email);
      }
      const exhibitors = pages[1]!.body.items;
      expect(exhibitors).toEqual([
        {
          organization: { id: tiles.org.id, name: tiles.org.name, provinceCode: 'KH-14', valueChains: ['clay_tiles_bricks'], logo: null, photos: [] },
          stalls: [{ id: fair.stalls[0]!.id, code: 'A-01', zone: null, type: 'standard' }],
          showcase: [listingId],
          showcaseCovers: [],
        },
      ]);
    });
  });
});
