import { DEMO_PASSWORD, identityDemoSeeder } from '@psar/identity';
import { seedOnce } from '@psar/platform';
import { trainingEventsDemoSeeder } from '@psar/training-events';
import { DataSource } from 'typeorm';
import { bearer } from './support/identity';
import { createTestApp, TestApp } from './support/test-app';

describe('training events: demo data', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    await seedOnce(t.app.get(DataSource), 'demo', [identityDemoSeeder, trainingEventsDemoSeeder]);
  });

  afterAll(() => t.close());

  it('a roving swine-health training by the demo supplier with stops in three provinces, one nearly full', async () => {
    const found = await t.http().get('/api/v1/trainings?valueChain=swine').expect(200);
    expect(found.body.items).toHaveLength(1);
    const training = await t.http().get(`/api/v1/trainings/${found.body.items[0].id}`).expect(200);
    const sessions = training.body.sessions as Array<{ provinceCode: string; seatsLeft: number; capacity: number; registrationOpen: boolean }>;
    expect(new Set(sessions.map((s) => s.provinceCode)).size).toBe(3);
    expect(sessions.every((s) => s.registrationOpen)).toBe(true);
    expect(sessions.filter((s) => s.seatsLeft > 0 && s.seatsLeft <= 0.1 * s.capacity)).toHaveLength(1);

    // The supplier's demo user manages it: the nearly full stop's list has names and phones.
    const login = await t.http().post('/api/v1/auth/login').send({ login: 'supplier@demo.psar.example', password: DEMO_PASSWORD }).expect(200);
    const full = training.body.sessions.find((s: { seatsLeft: number }) => s.seatsLeft > 0 && s.seatsLeft <= 3);
    const list = await t.http().get(`/api/v1/training-sessions/${full.id}/registrations?limit=100`).set(...bearer(login.body.accessToken)).expect(200);
    const seats = list.body.items.reduce((n: number, r: { seats: number }) => n + r.seats, 0);
    expect(seats).toBe(full.seatsTaken);
    expect(list.body.items.every((r: { attendeePhone: string }) => /^\+855/.test(r.attendeePhone))).toBe(true);
  });

  it('a fish-cultivation training, with the demo pond farmer registered for their farm', async () => {
    const found = await t.http().get('/api/v1/trainings?valueChain=aquaculture&province=KH-14').expect(200);
    expect(found.body.items).toHaveLength(1);
    expect(found.body.items[0].topic).toBe('Fish cultivation');
    const login = await t.http().post('/api/v1/auth/login').send({ login: 'pond@demo.psar.example', password: DEMO_PASSWORD }).expect(200);
    const mine = await t.http().get('/api/v1/training-registrations').set(...bearer(login.body.accessToken)).expect(200);
    expect(mine.body.items).toEqual([expect.objectContaining({ status: 'confirmed', seats: 2, trainingId: found.body.items[0].id })]);
    const calendar = await t.http().get(`/api/v1/trainings/${found.body.items[0].id}/calendar.ics`).expect(200);
    expect(calendar.text.match(/BEGIN:VEVENT/g)).toHaveLength(2);
  });

  it('an exposure visit to a demo kiln, cost-shared, with two meeting points and photos; and an aquaculture forum with three talks', async () => {
    const visits = await t.http().get('/api/v1/events?kind=exposure_visit').expect(200);
    expect(visits.body.items).toHaveLength(1);
    const visit = await t.http().get(`/api/v1/events/${visits.body.items[0].id}`).expect(200);
    expect(visit.body.title).toMatch(/kiln/);
    expect(visit.body.hostOrganizationId).not.toBe(visit.body.organizationId);
    expect(visit.body.cost).toMatchObject({ participantShare: { amount: '30.00', currency: 'USD' } });
    expect(visit.body.sessions[0].meetingPoints.map((p: { seats: number }) => p.seats)).toEqual([12, 13]);
    expect(visit.body.sessions[0].meetingPoints[0].seatsTaken).toBe(1);
    // What the visitors will see, in photos.
    expect(visit.body.photos).toHaveLength(2);

    const forums = await t.http().get('/api/v1/events?kind=business_forum&valueChain=aquaculture').expect(200);
    expect(forums.body.items).toHaveLength(1);
    const forum = await t.http().get(`/api/v1/events/${forums.body.items[0].id}`).expect(200);
    expect(forum.body.agenda).toHaveLength(3);
    expect(forum.body.photos).toHaveLength(1);
    // The fish group's leader is registered and shares the group's profile: "who I met" has the host and the group.
    const login = await t.http().post('/api/v1/auth/login').send({ login: 'fish-group@demo.psar.example', password: DEMO_PASSWORD }).expect(200);
    const met = await t.http().get(`/api/v1/events/${forum.body.id}/participants`).set(...bearer(login.body.accessToken)).expect(200);
    expect(met.body.items.map((p: { host: boolean }) => p.host)).toEqual([true, false]);
  });
});
