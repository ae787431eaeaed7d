import { JobQueueService } from '@psar/platform';
import { DataSource } from 'typeorm';
import { bearer, createOrganization, CreatedOrganization, RegisteredUser } from './support/identity';
import { eventually, expectProblem } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';
import { createEvent, CreatedEvent, notificationsOf, registerUsers, slot } from './support/training-events';

describe('events: business forums (agenda, notes to every participant once)', () => {
  let t: TestApp;
  let db: DataSource;
  let organizer: RegisteredUser;
  let department: CreatedOrganization;
  let hostOwner: RegisteredUser;
  let host: CreatedOrganization;
  let outsider: RegisteredUser;
  let people: RegisteredUser[];
  let forum: CreatedEvent;

  const day = slot(20, 8, 8);
  const talk = (hour: number) => slot(20, hour, 1).startsAt;

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_REGISTER_PER_IP: '1000' });
    db = t.app.get(DataSource);
    [organizer, hostOwner, outsider] = await registerUsers(t.http, 3);
    department = await createOrganization(t.http, organizer!.accessToken, {
      name: 'Provincial Department of Agriculture, Prey Veng',
      kind: 'government',
      capabilities: [],
    });
    host = await createOrganization(t.http, hostOwner!.accessToken, { name: 'Mekong Fish Feed Co.', capabilities: ['supply_inputs', 'sell'] });
    people = await registerUsers(t.http, 6);
    forum = await createEvent(t.http, organizer!.accessToken, {
      kind: 'business_forum',
      organizationId: department.id,
      hostOrganizationId: host.id,
      title: 'Aquaculture business forum, Prey Veng',
      description: 'Producers, feed and fingerling suppliers, traders and officials: prices, quality and contracts.',
      valueChains: ['aquaculture', 'fingerlings', 'feed'],
      sessions: [{ ...day, provinceCode: 'KH-14', venue: 'Provincial hall, Prey Veng town', capacity: 300 }],
      agenda: [
        { startsAt: talk(9), title: 'Fish prices this season', speaker: 'Chan Sokha, Department of Agriculture' },
        { startsAt: talk(10), title: 'Certified fingerlings: what they change', speaker: 'Lim Dara, Mekong Fish Feed' },
        { startsAt: talk(11), title: 'Selling to traders on contract', speaker: 'Heng Srey, Phnom Penh fish trader' },
      ],
    });
  }, 120_000);

  afterAll(() => t.close());

  it('has its three talks in order, a large capacity, and is found among forums (not among trainings)', async () => {
    const page = await t.http().get(`/api/v1/events/${forum.id}`).expect(200);
    expect(page.body).toMatchObject({ kind: 'business_forum', hostOrganizationId: host.id, cost: null });
    expect(page.body.agenda.map((a: { title: string }) => a.title)).toEqual([
      'Fish prices this season',
      'Certified fingerlings: what they change',
      'Selling to traders on contract',
    ]);
    expect(page.body.agenda[0]).toEqual({ startsAt: new Date(talk(9)).toISOString(), title: 'Fish prices this season', speaker: 'Chan Sokha, Department of Agriculture' });
    expect(page.body.sessions[0]).toMatchObject({ capacity: 300, meetingPoints: [] });
    const found = await t.http().get('/api/v1/events?kind=business_forum&valueChain=aquaculture&province=KH-14').expect(200);
    expect(found.body.items.map((e: { id: string }) => e.id)).toEqual([forum.id]);
    const trainings = await t.http().get('/api/v1/trainings?valueChain=aquaculture').expect(200);
    expect(trainings.body.items).toEqual([]);
    expectProblem(await t.http().get('/api/v1/events?kind=fair'), 400, 'kind');
  });

  describe('notes', () => {
    let noteEventId: string;
    let sharing: CreatedOrganization;
    let private_: CreatedOrganization;

    beforeAll(async () => {
      sharing = await createOrganization(t.http, people[0]!.accessToken, { name: 'Peam Ro Ponds' });
      private_ = await createOrganization(t.http, people[1]!.accessToken, { name: 'Quiet Pond Farm' });
      const bodies: Array<Record<string, unknown>> = [{ organizationId: sharing.id, shareProfile: true }, { organizationId: private_.id, shareProfile: false }, {}, {}, {}];
      for (const [i, p] of people.slice(0, 5).entries()) {
        await t.http().post(`/api/v1/training-sessions/${forum.sessions[0]!.id}/registrations`).set(...bearer(p.accessToken)).send(bodies[i]!).expect(201);
      }
    });

    const notesOf = async (user: RegisteredUser) => (await notificationsOf(t.http, user.accessToken)).filter((n) => n.kind === 'event.notes');

    it('reach every participant as a notification, once', async () => {
      const res = await t
        .http()
        .post(`/api/v1/events/${forum.id}/notes`)
        .set(...bearer(organizer!.accessToken))
        .send({ body: 'Outcomes: feed suppliers will publish prices monthly; next forum in June.' })
        .expect(201);
      expect(res.body).toMatchObject({ eventId: forum.id, recipientCount: 5 });
      const [event] = await db.query(`SELECT id FROM outbox_events WHERE type = 'event.notes_posted' AND payload->>'noteId' = $1`, [res.body.id]);
      noteEventId = event.id;
      await eventually(async () => {
        for (const p of people.slice(0, 5)) expect(await notesOf(p)).toHaveLength(1);
      });
      const [note] = await notesOf(people[0]!);
      expect(note).toMatchObject({
        title: 'Notes from Aquaculture business forum, Prey Veng',
        body: 'Outcomes: feed suppliers will publish prices monthly; next forum in June.',
        data: { eventId: forum.id, noteId: res.body.id },
      });
      // Not registered: nothing.
      expect(await notesOf(people[5]!)).toEqual([]);
      expect(await notesOf(outsider!)).toEqual([]);
    });

    it('still once each when the job runs twice more', async () => {
      const queue = t.app.get(JobQueueService);
      for (let run = 0; run < 2; run++) {
        await db.query('UPDATE outbox_events SET delivered_at = NULL WHERE id = $1', [noteEventId]);
        await queue.boss.send('outbox', { eventId: noteEventId });
        await eventually(async () => {
          const [row] = await db.query('SELECT delivered_at FROM outbox_events WHERE id = $1', [noteEventId]);
          expect(row.delivered_at).not.toBeNull();
        });
      }
      for (const p of people.slice(0, 5)) expect(await notesOf(p)).toHaveLength(1);
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM notifications WHERE event_id = $1`, [noteEventId]);
      expect(n).toBe(5);
    });

    it('are the organizer managers’ to post; bad input is 400 naming the field', async () => {
      const post = (user: RegisteredUser, body: unknown) => t.http().post(`/api/v1/events/${forum.id}/notes`).set(...bearer(user.accessToken)).send(body as object);
      expectProblem(await post(people[0]!, { body: 'I was there' }), 403);
      expectProblem(await post(hostOwner!, { body: 'Thanks all' }), 403);
      expectProblem(await post(outsider!, { body: 'Spam' }), 403);
      expectProblem(await post(organizer!, { body: '' }), 400, 'body');
      expectProblem(await post(organizer!, { body: 'x'.repeat(4001) }), 400, 'body');
      expectProblem(await post(organizer!, {}), 400, 'body');
      expectProblem(await post(organizer!, { body: 42 }), 400, 'body');
      expectProblem(await t.http().post(`/api/v1/events/${forum.id}/notes`).send({ body: 'anonymous' }), 401);
      expectProblem(await t.http().post('/api/v1/events/00000000-0000-4000-8000-000000000000/notes').set(...bearer(organizer!.accessToken)).send({ body: 'x' }), 404);
    });

    it('a participant who did not share their profile is not in who I met; the host is', async () => {
      const res = await t.http().get(`/api/v1/events/${forum.id}/participants`).set(...bearer(people[1]!.accessToken)).expect(200);
      expect(res.body.items).toEqual([
        { organizationId: host.id, name: 'Mekong Fish Feed Co.', kind: 'firm', provinceCode: expect.any(String), host: true },
        { organizationId: sharing.id, name: 'Peam Ro Ponds', kind: 'firm', provinceCode: expect.any(String), host: false },
      ]);
      expect(JSON.stringify(res.body)).not.toContain(private_.id);
      expectProblem(await t.http().get(`/api/v1/events/${forum.id}/participants`).set(...bearer(people[5]!.accessToken)), 403);
    });

    it('a free forum has no payment to set', async () => {
      const [reg] = await db.query('SELECT id, payment_status FROM training_registrations WHERE training_id = $1 LIMIT 1', [forum.id]);
      expect(reg.payment_status).toBeNull();
      expectProblem(
        await t
          .http()
          .put(`/api/v1/training-sessions/${forum.sessions[0]!.id}/registrations/${reg.id}/payment`)
          .set(...bearer(organizer!.accessToken))
          .send({ status: 'paid' }),
        422,
      );
    });
  });
});
