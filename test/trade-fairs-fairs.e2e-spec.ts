import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { DataSource } from 'typeorm';
import { addMember, bearer, createOrganization, registerUser } from './support/identity';
import { expectProblem } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';
import {
  addStalls,
  cambodiaDate,
  createExhibitor,
  createFair,
  createOpenFair,
  createOrganizer,
  fairBody,
  instantIn,
  Organizer,
  requestStall,
  stallRow,
} from './support/trade-fairs';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe('trade fairs: fairs, the directory, statuses and the floor plan', () => {
  let t: TestApp;
  let db: DataSource;
  let organizer: Organizer;

  const create = (body: Record<string, unknown>, token = organizer.user.accessToken) =>
    t.http().post('/api/v1/trade-fairs').set(...bearer(token)).send(body);
  const action = (fairId: string, verb: string, token = organizer.user.accessToken, body: object = {}) =>
    t.http().post(`/api/v1/trade-fairs/${fairId}/${verb}`).set(...bearer(token)).send(body);

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    organizer = await createOrganizer(t.http);
  });

  afterAll(() => t.close());

  describe('POST /trade-fairs', () => {
    it('creates a draft fair for an organization that organizes fairs', async () => {
      const body = fairBody(organizer.org.id, {
        name: 'Prey Veng Local Products Fair',
        location: { lat: 11.48, lng: 105.33 },
        description: 'Tiles, fish and honey',
        bookingHoldHours: 48,
        maxStallsPerExhibitor: 2,
        floorPlan: { width: 60.5, height: 40 },
      });
      const res = await create(body).expect(201);
      expect(res.body).toMatchObject({
        id: expect.any(String),
        organizer: { id: organizer.org.id, name: organizer.org.name },
        name: 'Prey Veng Local Products Fair',
        provinceCode: 'KH-14',
        location: { lat: 11.48, lng: 105.33 },
        startsOn: body.startsOn,
        endsOn: body.endsOn,
        applicationsCloseAt: new Date(body.applicationsCloseAt as string).toISOString(),
        acceptingApplications: false,
        floorPlan: { width: 60.5, height: 40 },
        bookingHoldHours: 48,
        maxStallsPerExhibitor: 2,
        status: 'draft',
        stallCounts: { total: 0, free: 0, requested: 0, taken: 0 },
      });
      const defaults = await create(fairBody(organizer.org.id)).expect(201);
      expect(defaults.body).toMatchObject({ bookingHoldHours: 72, maxStallsPerExhibitor: null, location: null, description: null });
    });

    it('answers bad input with 400 naming the field', async () => {
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ endsOn: cambodiaDate(29) }, 'endsOn'],
        [{ endsOn: cambodiaDate(200) }, 'endsOn'],
        [{ startsOn: '2025-02-30' }, 'startsOn'],
        [{ startsOn: '14/03/2025' }, 'startsOn'],
        [{ applicationsCloseAt: instantIn(40) }, 'applicationsCloseAt'],
        [{ applicationsCloseAt: '2025-03-01T17:00:00' }, 'applicationsCloseAt'],
        [{ applicationsCloseAt: 'soon' }, 'applicationsCloseAt'],
        [{ floorPlan: { width: 0, height: 40 } }, 'floorPlan.width'],
        [{ floorPlan: { width: 60, height: -4 } }, 'floorPlan.height'],
        [{ floorPlan: { width: 60, height: 40.001 } }, 'floorPlan.height'],
        [{ floorPlan: { width: 10001, height: 40 } }, 'floorPlan.width'],
        [{ floorPlan: undefined }, 'floorPlan'],
        [{ provinceCode: 'KH-99' }, 'provinceCode'],
        [{ provinceCode: 'Prey Veng' }, 'provinceCode'],
        [{ name: '' }, 'name'],
        [{ name: 'x'.repeat(201) }, 'name'],
        [{ venue: undefined }, 'venue'],
        [{ location: { lat: 95, lng: 105 } }, 'location.lat'],
        [{ bookingHoldHours: 0 }, 'bookingHoldHours'],
        [{ bookingHoldHours: 1.5 }, 'bookingHoldHours'],
        [{ maxStallsPerExhibitor: 0 }, 'maxStallsPerExhibitor'],
        [{ organizationId: 'dept' }, 'organizationId'],
        [{ status: 'open' }, 'status'],
        [{ description: 'x'.repeat(4001) }, 'description'],
      ];
      for (const [change, field] of cases) {
        const res = await create(fairBody(organizer.org.id, change));
        if (res.status !== 400) throw new Error(`${JSON.stringify(change).slice(0, 80)}: ${res.status} ${JSON.stringify(res.body)}`);
        expectProblem(res, 400, field);
      }
      const before = await db.query('SELECT count(*)::int AS n FROM trade_fairs');
      expectProblem(await t.http().post('/api/v1/trade-fairs').set(...bearer(organizer.user.accessToken)).set('content-type', 'application/json').send('{"name":'), 400);
      expectProblem(
        await t.http().post('/api/v1/trade-fairs').set(...bearer(organizer.user.accessToken)).send(fairBody(organizer.org.id, { description: 'x'.repeat(1_100_000) })),
        413,
      );
      expect(await db.query('SELECT count(*)::int AS n FROM trade_fairs')).toEqual(before);
    });

    it('needs organize_fairs and a manager or owner of the organization', async () => {
      const seller = await createExhibitor(t.http);
      expectProblem(await create(fairBody(seller.org.id), seller.user.accessToken), 403);
      const member = await registerUser(t.http);
      await addMember(t.http, organizer.user.accessToken, organizer.org.id, member.id, 'member');
      expectProblem(await create(fairBody(organizer.org.id), member.accessToken), 403);
      const manager = await registerUser(t.http);
      await addMember(t.http, organizer.user.accessToken, organizer.org.id, manager.id, 'manager');
      await create(fairBody(organizer.org.id), manager.accessToken).expect(201);
      expectProblem(await create(fairBody(organizer.org.id), seller.user.accessToken), 403);
      expectProblem(await create(fairBody(UNKNOWN_ID)), 404);
      expectProblem(await t.http().post('/api/v1/trade-fairs').send(fairBody(organizer.org.id)), 401);
    });
  });

  describe('the public directory', () => {
    let kampot: Organizer;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      kampot = await createOrganizer(t.http);
      const make = async (key: string, org: Organizer, overrides: Record<string, unknown>, open = true) => {
        const fair = await createFair(t.http, org.user.accessToken, org.org.id, { name: `Directory ${key}`, ...overrides });
        if (open) {
          await addStalls(t.http, org.user.accessToken, fair.id, stallRow('A', 1));
          await action(fair.id, 'open', org.user.accessToken).expect(200);
        }
        ids[key] = fair.id;
      };
      await make('march', kampot, { provinceCode: 'KH-7', startsOn: '2031-03-10', endsOn: '2031-03-12', applicationsCloseAt: '2031-03-01T17:00:00+07:00' });
      await make('april', kampot, { provinceCode: 'KH-7', startsOn: '2031-04-10', endsOn: '2031-04-11', applicationsCloseAt: '2031-04-01T17:00:00+07:00' });
      await make('may', kampot, { provinceCode: 'KH-14', startsOn: '2031-05-01', endsOn: '2031-05-03', applicationsCloseAt: '2031-04-20T17:00:00+07:00' });
      await make('draft', kampot, { provinceCode: 'KH-7', startsOn: '2031-03-20', endsOn: '2031-03-21', applicationsCloseAt: '2031-03-10T17:00:00+07:00' }, false);
    });

    const names = (res: { body: { items: Array<{ name: string }> } }) => res.body.items.map((f) => f.name);

    it('filters by province and by dates, soonest first, without drafts', async () => {
      expect(names(await t.http().get('/api/v1/trade-fairs?province=KH-7&from=2031-01-01').expect(200))).toEqual(['Directory march', 'Directory april']);
      expect(names(await t.http().get('/api/v1/trade-fairs?from=2031-03-12&to=2031-04-30').expect(200))).toEqual(['Directory march', 'Directory april']);
      expect(names(await t.http().get('/api/v1/trade-fairs?from=2031-03-13&to=2031-05-01').expect(200))).toEqual(['Directory april', 'Directory may']);
      expect(names(await t.http().get('/api/v1/trade-fairs?province=KH-14&from=2031-01-01').expect(200))).toEqual(['Directory may']);
      expect(names(await t.http().get('/api/v1/trade-fairs?from=2032-01-01').expect(200))).toEqual([]);
    });

    it('pages by cursor', async () => {
      const page1 = await t.http().get('/api/v1/trade-fairs?from=2031-01-01&limit=2').expect(200);
      expect(names(page1)).toEqual(['Directory march', 'Directory april']);
      const page2 = await t.http().get(`/api/v1/trade-fairs?from=2031-01-01&limit=2&cursor=${page1.body.nextCursor}`).expect(200);
      expect(names(page2)).toEqual(['Directory may']);
      expect(page2.body.nextCursor).toBeNull();
      expectProblem(await t.http().get('/api/v1/trade-fairs?cursor=bogus'), 400, 'cursor');
      expectProblem(await t.http().get('/api/v1/trade-fairs?limit=101'), 400, 'limit');
    });

    it('shows drafts to the organizer only, and 404s them to everyone else', async () => {
      const mine = await t.http().get(`/api/v1/trade-fairs?organizationId=${kampot.org.id}`).set(...bearer(kampot.user.accessToken)).expect(200);
      expect(names(mine)).toEqual(['Directory march', 'Directory draft', 'Directory april', 'Directory may']);
      const theirs = await t.http().get(`/api/v1/trade-fairs?organizationId=${kampot.org.id}`).set(...bearer(organizer.user.accessToken)).expect(200);
      expect(names(theirs)).not.toContain('Directory draft');
      expect(names(await t.http().get(`/api/v1/trade-fairs?organizationId=${kampot.org.id}&status=draft`).expect(200))).toEqual([]);
      await t.http().get(`/api/v1/trade-fairs/${ids.draft}`).set(...bearer(kampot.user.accessToken)).expect(200);
      expectProblem(await t.http().get(`/api/v1/trade-fairs/${ids.draft}`), 404);
      expectProblem(await t.http().get(`/api/v1/trade-fairs/${ids.draft}`).set(...bearer(organizer.user.accessToken)), 404);
      expectProblem(await t.http().get(`/api/v1/trade-fairs/${ids.draft}/floor-plan.svg`), 404);
      expectProblem(await t.http().get(`/api/v1/trade-fairs/${ids.draft}/stats`), 404);
      expectProblem(await t.http().get(`/api/v1/trade-fairs/${ids.draft}/exhibitors`), 404);
    });

    it('answers bad filters with 400 naming the field', async () => {
      expectProblem(await t.http().get('/api/v1/trade-fairs?province=Kampot'), 400, 'province');
      expectProblem(await t.http().get('/api/v1/trade-fairs?from=2031-13-01'), 400, 'from');
      expectProblem(await t.http().get('/api/v1/trade-fairs?to=tomorrow'), 400, 'to');
      expectProblem(await t.http().get('/api/v1/trade-fairs?status=party'), 400, 'status');
      expectProblem(await t.http().get('/api/v1/trade-fairs/not-a-uuid'), 400, 'id');
      expectProblem(await t.http().get(`/api/v1/trade-fairs/${UNKNOWN_ID}`), 404);
    });
  });

  describe('statuses: draft → open → closed → completed, or cancelled', () => {
    it('opens only with stalls, closes, reopens, and refuses impossible moves with 409', async () => {
      const fair = await createFair(t.http, organizer.user.accessToken, organizer.org.id);
      expectProblem(await action(fair.id, 'open'), 422);
      expectProblem(await action(fair.id, 'close'), 409);
      await addStalls(t.http, organizer.user.accessToken, fair.id, stallRow('A', 2));
      const opened = await action(fair.id, 'open').expect(200);
      expect(opened.body).toMatchObject({ status: 'open', acceptingApplications: true });
      expectProblem(await action(fair.id, 'open'), 409);
      expect((await action(fair.id, 'close').expect(200)).body).toMatchObject({ status: 'closed', acceptingApplications: false });
      await action(fair.id, 'open').expect(200);
      await action(fair.id, 'close').expect(200);
      // It has not happened yet.
      expectProblem(await action(fair.id, 'complete'), 422);
    });

    it('completes a fair on or after its last day; a completed fair no longer changes', async () => {
      const fair = await createFair(t.http, organizer.user.accessToken, organizer.org.id, {
        startsOn: cambodiaDate(-3),
        endsOn: cambodiaDate(-1),
        applicationsCloseAt: instantIn(-10),
      });
      await addStalls(t.http, organizer.user.accessToken, fair.id, stallRow('A', 2));
      await action(fair.id, 'open').expect(200);
      expect((await action(fair.id, 'complete').expect(200)).body.status).toBe('completed');
      expectProblem(await action(fair.id, 'open'), 409);
      expectProblem(await action(fair.id, 'cancel'), 409);
      expectProblem(await t.http().patch(`/api/v1/trade-fairs/${fair.id}`).set(...bearer(organizer.user.accessToken)).send({ name: 'Renamed' }), 409);
      expectProblem(await t.http().post(`/api/v1/trade-fairs/${fair.id}/stalls`).set(...bearer(organizer.user.accessToken)).send(stallRow('B', 1, 10)), 409);
    });

    it('cancels a fair: live bookings end and every exhibitor is told through the outbox', async () => {
      const fair = await createOpenFair(t.http, organizer, { stalls: 4 });
      const [tiles, fish, late] = await Promise.all([createExhibitor(t.http), createExhibitor(t.http), createExhibitor(t.http)]);
      const approved = await requestStall(t.http, tiles.user.accessToken, fair.id, fair.stalls[0]!.id, tiles.org.id);
      await t.http().post(`/api/v1/stall-bookings/${approved.id}/approve`).set(...bearer(organizer.user.accessToken)).expect(200);
      await requestStall(t.http, fish.user.accessToken, fair.id, fair.stalls[1]!.id, fish.org.id);
      const withdrawn = await requestStall(t.http, late.user.accessToken, fair.id, fair.stalls[2]!.id, late.org.id);
      await t.http().post(`/api/v1/stall-bookings/${withdrawn.id}/cancel`).set(...bearer(late.user.accessToken)).expect(200);

      expectProblem(await action(fair.id, 'cancel', tiles.user.accessToken), 403);
      const res = await action(fair.id, 'cancel', organizer.user.accessToken, { reason: 'Flooding at the venue' }).expect(200);
      expect(res.body).toMatchObject({ status: 'cancelled', cancellationReason: 'Flooding at the venue', stallCounts: { taken: 0, requested: 0 } });
      const statuses = await db.query('SELECT status, cancelled_by_side FROM stall_bookings WHERE fair_id = $1 ORDER BY status', [fair.id]);
      expect(statuses).toEqual([
        { status: 'cancelled', cancelled_by_side: 'exhibitor' },
        { status: 'cancelled', cancelled_by_side: 'organizer' },
        { status: 'cancelled', cancelled_by_side: 'organizer' },
      ]);
      const [event] = await db.query(`SELECT payload FROM outbox_events WHERE type = 'trade_fair.cancelled' AND payload->>'fairId' = $1`, [fair.id]);
      expect(event.payload).toMatchObject({ fairId: fair.id, organizerId: organizer.org.id, reason: 'Flooding at the venue' });
      expect([...event.payload.exhibitorIds].sort()).toEqual([tiles.org.id, fish.org.id].sort());
      const again = await t.http().post(`/api/v1/trade-fairs/${fair.id}/bookings`).set(...bearer(late.user.accessToken)).send({ stallId: fair.stalls[3]!.id, organizationId: late.org.id });
      expectProblem(again, 422);
    });
  });

  describe('PATCH /trade-fairs/:id', () => {
    it('lets the organizer change details and clear optional fields; checks dates across fields', async () => {
      const fair = await createFair(t.http, organizer.user.accessToken, organizer.org.id, { description: 'Old', maxStallsPerExhibitor: 3 });
      const patch = (body: object, token = organizer.user.accessToken) => t.http().patch(`/api/v1/trade-fairs/${fair.id}`).set(...bearer(token)).send(body);
      const res = await patch({ venue: 'Riverside park', description: null, maxStallsPerExhibitor: null, bookingHoldHours: 24 }).expect(200);
      expect(res.body).toMatchObject({ venue: 'Riverside park', description: null, maxStallsPerExhibitor: null, bookingHoldHours: 24 });
      expectProblem(await patch({ endsOn: cambodiaDate(10) }), 400, 'endsOn');
      expectProblem(await patch({ applicationsCloseAt: instantIn(35) }), 400, 'applicationsCloseAt');
      expectProblem(await patch({ name: null }), 400, 'name');
      expectProblem(await patch({ status: 'completed' }), 400, 'status');
      expectProblem(await patch({ organizerId: UNKNOWN_ID }), 400, 'organizerId');
      const stranger = await createOrganizer(t.http);
      expectProblem(await patch({ name: 'Hijacked' }, stranger.user.accessToken), 404);
      expect((await t.http().get(`/api/v1/trade-fairs/${fair.id}`).set(...bearer(organizer.user.accessToken)).expect(200)).body.name).toBe(fair.name);
    });
  });

  describe('GET /trade-fairs/:id/floor-plan.svg', () => {
    it('draws every stall once with its code, coloured by availability, with a legend, scalable for a phone', async () => {
      const org = await createOrganization(t.http, organizer.user.accessToken, {
        name: 'Dept <script>alert(1)</script> & Co',
        kind: 'government',
        capabilities: ['organize_fairs'],
        valueChains: [],
      });
      const fair = await createFair(t.http, organizer.user.accessToken, org.id, { name: 'Fair <b>"Tiles" & Fish\'s</b>', floorPlan: { width: 40, height: 20 } });
      const stalls = await addStalls(t.http, organizer.user.accessToken, fair.id, [
        ...stallRow('A', 10, 0),
        ...stallRow('B', 10, 3),
        { code: 'L-01', zone: 'Pigs & <goats>', x: 30, y: 10, width: 10, height: 10, type: 'livestock', price: { amount: '80.00', currency: 'USD' } },
      ]);
      await t.http().post(`/api/v1/trade-fairs/${fair.id}/open`).set(...bearer(organizer.user.accessToken)).expect(200);
      const [a, b] = await Promise.all([createExhibitor(t.http), createExhibitor(t.http)]);
      const taken = await requestStall(t.http, a.user.accessToken, fair.id, stalls[0]!.id, a.org.id);
      await t.http().post(`/api/v1/stall-bookings/${taken.id}/approve`).set(...bearer(organizer.user.accessToken)).expect(200);
      await requestStall(t.http, b.user.accessToken, fair.id, stalls[1]!.id, b.org.id);

      const res = await t.http().get(`/api/v1/trade-fairs/${fair.id}/floor-plan.svg`).buffer(true).parse((response, done) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => done(null, text));
      }).expect(200);
      expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
      const svg = res.body as string;
      expect(XMLValidator.validate(svg)).toBe(true);
      expect(svg).not.toContain('<b>');
      expect(svg).not.toContain('<goats>');
      const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['g', 'rect', 'text'].includes(name) }).parse(svg);
      const root = doc.svg;
      expect(root.viewBox).toMatch(/^0 0 [\d.]+ [\d.]+$/);
      expect(root.width).toBe('100%');
      expect(root.height).toBeUndefined();
      expect(root.title['#text']).toBe('Fair <b>"Tiles" & Fish\'s</b>: floor plan');
      const groups = root.g.filter((g: { class: string }) => g.class === 'stall-group');
      const shapes = groups.flatMap((g: { rect: Array<{ class: string; 'data-code': string }> }) => g.rect);
      expect(shapes).toHaveLength(21);
      expect(shapes.every((r: { class: string }) => r.class === 'stall')).toBe(true);
      expect(shapes.map((r: { 'data-code': string }) => r['data-code']).sort()).toEqual(stalls.map((s) => s.code).sort());
      expect(groups.map((g: { text: Array<{ '#text': string }> }) => g.text[0]!['#text']).sort()).toEqual(stalls.map((s) => s.code).sort());
      const availability = Object.fromEntries(groups.map((g: { 'data-availability': string; rect: Array<{ 'data-code': string }> }) => [g.rect[0]!['data-code'], g['data-availability']]));
      expect(availability['A-01']).toBe('taken');
      expect(availability['A-02']).toBe('requested');
      expect(Object.values(availability).filter((v) => v === 'free')).toHaveLength(19);
      expect(groups.find((g: { rect: Array<{ 'data-code': string }> }) => g.rect[0]!['data-code'] === 'L-01').title).toContain('Pigs & <goats>');
      const legend = root.g.find((g: { class: string }) => g.class === 'legend');
      expect(legend.rect).toHaveLength(3);
      expect(legend.text.map((x: { '#text': string }) => x['#text'])).toEqual(['Free (19)', 'Requested (1)', 'Taken (1)']);
      // Every shape is either the plan, a stall or a legend swatch.
      expect(svg.match(/<rect /g)).toHaveLength(1 + 21 + 3);
    });

    it('draws an empty plan, and answers 400/404 for bad or unknown ids', async () => {
      const fair = await createFair(t.http, organizer.user.accessToken, organizer.org.id);
      const res = await t.http().get(`/api/v1/trade-fairs/${fair.id}/floor-plan.svg`).set(...bearer(organizer.user.accessToken)).buffer(true).parse((response, done) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        response.on('end', () => done(null, text));
      }).expect(200);
      expect(XMLValidator.validate(res.body)).toBe(true);
      expect((res.body as string).match(/class="stall"/g)).toBeNull();
      expectProblem(await t.http().get(`/api/v1/trade-fairs/${UNKNOWN_ID}/floor-plan.svg`), 404);
      expectProblem(await t.http().get('/api/v1/trade-fairs/1/floor-plan.svg'), 400, 'id');
    });
  });
});
