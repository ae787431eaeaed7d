import { type DomainEvent, type OutgoingSms, ScheduledJobsService, SmsSender } from '@psar/platform';
import { MarketCommandsService, PinsService, ShortCodesService, SMS_PUSH_KINDS, SMS_PUSH_PURGE_JOB, SmsPushesService, SmsPushSettingsService, type SmsUser } from '@psar/sms';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { addMember, bearer, createOrganization, type RegisteredUser, registerUser } from './support/identity';
import { createDemand, createListing } from './support/listings';
import { eventually, expectProblem } from './support/problem';
import { createTestApp, type TestApp } from './support/test-app';

/** What would leave by SMS: the channel's outbox is not under test here (it has its own e2e). */
class RecordingSmsSender extends SmsSender {
  readonly enabled = true;
  readonly sent: OutgoingSms[] = [];
  async queue(message: OutgoingSms): Promise<void> {
    this.sent.push(message);
  }
}

/** A moment on Phnom Penh's wall clock (UTC+7). */
const pp = (local: string) => new Date(`${local}+07:00`);

describe('SMS pushes: notifications by SMS, capped, held through quiet hours, sent once', () => {
  let t: TestApp;
  let db: DataSource;
  let pushes: SmsPushesService;
  let settings: SmsPushSettingsService;
  const sms = new RecordingSmsSender();
  let seller: RegisteredUser;
  let buyer: RegisteredUser;
  let sellerOrg: { id: string };
  let buyerOrg: { id: string };
  const sellerPhone = '+85512666001';
  let producer: SmsUser;

  const api = (user: RegisteredUser) => ({
    get: (path: string) => t.http().get(`/api/v1${path}`).set(...bearer(user.accessToken)),
    put: (path: string, body: unknown) => t.http().put(`/api/v1${path}`).set(...bearer(user.accessToken)).send(body as object),
    post: (path: string, body: unknown) => t.http().post(`/api/v1${path}`).set(...bearer(user.accessToken)).send(body as object),
  });
  const to = (phone: string) => sms.sent.filter((m) => m.to === phone);
  const delivered = (type: string, key: string, id: string) =>
    eventually(async () => {
      const rows = await db.query(`SELECT delivered_at FROM outbox_events WHERE type = $1 AND payload->>$2 = $3`, [type, key, id]);
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) expect(r.delivered_at).not.toBeNull();
    }, 20_000);
  /** A training reminder for `userId` as the training lib records it. */
  const reminder = (userId: string, title = 'Pig health and African swine fever'): DomainEvent => ({
    id: randomUUID(),
    type: 'training.session_reminder',
    occurredAt: new Date(),
    payload: {
      sessionId: randomUUID(),
      trainingId: randomUUID(),
      trainingTitle: title,
      organizationId: randomUUID(),
      startsAt: '2030-01-16T08:00:00+07:00',
      endsAt: '2030-01-16T11:00:00+07:00',
      provinceCode: 'KH-4',
      venue: 'Krang Leav commune hall',
      registrationId: randomUUID(),
      userId,
      seats: 1,
      checkInCode: '4821',
      waitlistPosition: null,
    },
  });
  /**
   * Pushes made through the outbox carry the real time: at night in Phnom Penh they are held.
   * Release them as the job would when quiet hours end (the fixed-clock tests use 2030 dates).
   */
  const releaseRealTimeHolds = async () => {
    const [{ at }] = await db.query(`SELECT max(release_at) AS at FROM sms_pushes WHERE status = 'held' AND release_at < '2030-01-01'`);
    if (at) await pushes.releaseHeld(new Date(at));
  };
  const order = async (listingId: string, quantity = '300') =>
    (await api(buyer).post('/offers', { kind: 'order', organizationId: buyerOrg.id, listingId, quantity }).expect(201)).body as { id: string };

  /** As a code sent to the phone would (POST /me/phone-verification): pushes go only to verified numbers. */
  const verifyPhones = () => db.query('UPDATE users SET phone_verified_at = coalesce(phone_verified_at, now()) WHERE phone IS NOT NULL');

  beforeAll(async () => {
    t = await createTestApp({}, { overrides: [{ provide: SmsSender, useValue: sms }] });
    db = t.app.get(DataSource);
    pushes = t.app.get(SmsPushesService);
    settings = t.app.get(SmsPushSettingsService);
    [seller, buyer] = await Promise.all([registerUser(t.http, { phone: sellerPhone }), registerUser(t.http)]);
    await verifyPhones();
    sellerOrg = await createOrganization(t.http, seller.accessToken, { name: 'Kampong Chhnang Kiln', provinceCode: 'KH-4' });
    buyerOrg = await createOrganization(t.http, buyer.accessToken, { name: 'Mekong Builders', capabilities: ['buy'], provinceCode: 'KH-12' });
    producer = { userId: seller.id, phone: sellerPhone, locale: 'km' };
    await t.app.get(PinsService).set(seller.id, '4321');
  });

  afterAll(() => t?.close());

  it('settings: every kind off by default; PUT turns the kinds given on and leaves the rest', async () => {
    const initial = await api(seller).get('/me/sms-notifications').expect(200);
    expect(initial.body).toEqual({ kinds: Object.fromEntries(SMS_PUSH_KINDS.map((k) => [k, false])), phone: sellerPhone, smsAvailable: true });
    const res = await api(seller).put('/me/sms-notifications', { kinds: { offerReceived: true, trainingReminder: true } }).expect(200);
    expect(res.body.kinds).toMatchObject({ offerReceived: true, trainingReminder: true, matchFound: false, dealDelivered: false });
    await api(seller).put('/me/sms-notifications', { kinds: { matchFound: false } }).expect(200);
    expect((await api(seller).get('/me/sms-notifications').expect(200)).body.kinds.offerReceived).toBe(true);
  });

  it('settings: bad input is a 4xx problem naming the field; no phone, no SMS', async () => {
    expectProblem(await api(seller).put('/me/sms-notifications', {}), 400, 'kinds');
    expectProblem(await api(seller).put('/me/sms-notifications', { kinds: 'all' }), 400, 'kinds');
    expectProblem(await api(seller).put('/me/sms-notifications', { kinds: { offerReceived: 'yes' } }), 400, 'kinds.offerReceived');
    expectProblem(await api(seller).put('/me/sms-notifications', { kinds: { weatherAlerts: true } }), 400, 'kinds.weatherAlerts');
    // The buyer registered by email only: nowhere to send to.
    expectProblem(await api(buyer).put('/me/sms-notifications', { kinds: { offerAccepted: true } }), 422, 'kinds.offerAccepted');
    expect((await api(buyer).put('/me/sms-notifications', { kinds: { offerAccepted: false } }).expect(200)).body.kinds.offerAccepted).toBe(false);
    await t.http().get('/api/v1/me/sms-notifications').expect(401);
  });

  it('an order reaches the seller’s phone in Khmer with a code that ACCEPT takes with the PIN', async () => {
    const listing = await createListing(t.http, seller.accessToken, sellerOrg.id);
    const offer = await order(listing.id);
    await delivered('offer.received', 'offerId', offer.id);
    await releaseRealTimeHolds();
    const [text] = to(sellerPhone).map((m) => m.text);
    expect(text).toMatch(/^Psar៖ Mekong Builders បញ្ជាទិញ ក្បឿង.* 300 គ្រាប់។ ឆ្លើយ ACCEPT [A-Z0-9]{4} PIN ឬ DECLINE [A-Z0-9]{4}$/);
    const code = /ACCEPT ([A-Z0-9]{4})/.exec(text!)![1]!;
    expect(await t.app.get(MarketCommandsService).accept(producer, code, '4321')).toMatch(new RegExp(`^បានទទួល ${code}៖`));
    expect((await db.query('SELECT count(*)::int AS n FROM deals WHERE offer_id = $1', [offer.id]))[0].n).toBe(1);
    // The buyer (no phone, no SMS chosen) got nothing.
    expect(sms.sent.every((m) => m.to === sellerPhone)).toBe(true);
  });

  it('a buyer’s demand that fits reaches the seller with the demand’s code, once however many listings fit', async () => {
    await api(seller).put('/me/sms-notifications', { kinds: { matchFound: true } }).expect(200);
    await createListing(t.http, seller.accessToken, sellerOrg.id, { title: 'Grade-A tiles, third kiln', provinceCode: 'KH-4' });
    const demand = await createDemand(t.http, buyer.accessToken, buyerOrg.id, { quantity: '4000', deliveryProvinceCode: 'KH-4' });
    await delivered('demand.published', 'demandId', demand.id);
    await eventually(async () => {
      const pushed = await db.query(`SELECT status, release_at FROM sms_pushes WHERE user_id = $1 AND kind = 'matchFound' AND subject_id = $2`, [seller.id, demand.id]);
      expect(pushed).toHaveLength(1);
    }, 20_000);
    await delivered('match.found', 'demandId', demand.id);
    expect((await db.query(`SELECT count(*)::int AS n FROM outbox_events WHERE type = 'match.found' AND payload->>'demandId' = $1`, [demand.id]))[0].n).toBeGreaterThan(1);
    await releaseRealTimeHolds();
    const texts = to(sellerPhone).filter((m) => m.text.includes('MATCHES'));
    expect(texts).toHaveLength(1);
    expect(texts[0]!.text).toMatch(/^Psar៖ Mekong Builders ចង់ទិញ ក្បឿង.* 4,000 គ្រាប់។ កូដ [A-Z0-9]{4}។ ផ្ញើ MATCHES$/);
    const code = /កូដ ([A-Z0-9]{4})/.exec(texts[0]!.text)![1]!;
    expect(await t.app.get(ShortCodesService).resolve(sellerPhone, 'demand', code)).toBe(demand.id);
  });

  it('only the managers of the organization concerned hear of an order: not a plain member, not another firm', async () => {
    const [member, outsider] = await Promise.all([registerUser(t.http, { phone: '+85512666002' }), registerUser(t.http, { phone: '+85512666003' })]);
    await verifyPhones();
    await createOrganization(t.http, outsider.accessToken, { name: 'Another Kiln' });
    await addMember(t.http, seller.accessToken, sellerOrg.id, member.id, 'member');
    for (const user of [member, outsider]) await settings.enableAll(user.id);
    const listing = await createListing(t.http, seller.accessToken, sellerOrg.id, { title: 'Grade-A tiles, member test' });
    const offer = await order(listing.id);
    await delivered('offer.received', 'offerId', offer.id);
    await releaseRealTimeHolds();
    expect(to(sellerPhone).at(-1)!.text).toMatch(/^Psar៖ Mekong Builders បញ្ជាទិញ/);
    expect(to('+85512666002')).toEqual([]);
    expect(to('+85512666003')).toEqual([]);
    expect((await db.query('SELECT user_id FROM sms_pushes WHERE event_id = (SELECT id FROM outbox_events WHERE type = $1 AND payload->>$2 = $3)', ['offer.received', 'offerId', offer.id])).map((r: { user_id: string }) => r.user_id)).toEqual([seller.id]);
  });

  it('offer accepted, deal delivered and a waitlist promotion read as they should, in English too', async () => {
    const english = await registerUser(t.http, { phone: '+85512666004', locale: 'en' });
    await verifyPhones();
    const org = await createOrganization(t.http, english.accessToken, { name: 'Takeo Builders', capabilities: ['buy'] });
    await settings.enableAll(english.id);
    const at = pp('2030-04-01T09:00:00');
    const offerPayload = { offerId: randomUUID(), kind: 'order', fromOrganizationId: org.id, fromOrganizationName: 'Takeo Builders', toOrganizationId: sellerOrg.id, toOrganizationName: 'Kampong Chhnang Kiln', productName: 'Clay roof tiles', quantity: '2000', unit: 'piece', dealId: randomUUID() };
    await pushes.push({ id: randomUUID(), type: 'offer.accepted', occurredAt: at, payload: offerPayload }, at);
    await pushes.push({
      id: randomUUID(),
      type: 'deal.delivered',
      occurredAt: at,
      payload: { dealId: randomUUID(), buyerOrganizationId: org.id, buyerName: 'Takeo Builders', sellerOrganizationId: sellerOrg.id, sellerName: 'Kampong Chhnang Kiln', productName: 'Clay roof tiles', quantity: '2000', unit: 'piece' },
    }, at);
    const promoted = reminder(english.id, 'Brick kiln safety');
    await pushes.push({ ...promoted, type: 'training.registration_promoted' }, at);
    expect(to('+85512666004').map((m) => m.text)).toEqual([
      'Psar: Kampong Chhnang Kiln accepted your offer for 2,000 pcs Clay roof tiles. The deal is made.',
      'Psar: Kampong Chhnang Kiln delivered 2,000 pcs Clay roof tiles. Confirm receipt on Psar to complete the deal.',
      'Psar: a seat freed up. You are registered for Brick kiln safety 16/01 08:00 at Krang Leav commune hall. Check-in code: 4821',
    ]);
  });

  it('a kind the person turned off sends nothing', async () => {
    await api(seller).put('/me/sms-notifications', { kinds: { offerReceived: false } }).expect(200);
    const before = to(sellerPhone).length;
    const listing = await createListing(t.http, seller.accessToken, sellerOrg.id, { title: 'Grade-A tiles, second kiln' });
    const offer = await order(listing.id);
    await delivered('offer.received', 'offerId', offer.id);
    expect(to(sellerPhone).length).toBe(before);
    expect(await db.query('SELECT 1 FROM sms_pushes WHERE user_id = $1 AND kind = $2 AND status <> $3', [seller.id, 'offerReceived', 'sent'])).toEqual([]);
    await api(seller).put('/me/sms-notifications', { kinds: { offerReceived: true } }).expect(200);
  });

  it('a number not verified gets nothing: an account cannot have texts sent to a number it merely typed in', async () => {
    await db.query('UPDATE users SET phone_verified_at = NULL WHERE id = $1', [seller.id]);
    const before = to(sellerPhone).length;
    const listing = await createListing(t.http, seller.accessToken, sellerOrg.id, { title: 'Grade-A tiles, third kiln' });
    const offer = await order(listing.id);
    await delivered('offer.received', 'offerId', offer.id);
    expect(to(sellerPhone).length).toBe(before);
    await verifyPhones();
  });

  it('an event delivered twice, or five times at once, sends one SMS with one key', async () => {
    const event = reminder(seller.id);
    const before = sms.sent.length;
    await pushes.push(event, pp('2030-01-14T10:00:00'));
    await Promise.all(Array.from({ length: 5 }, () => pushes.push(event, pp('2030-01-14T10:00:05'))));
    const sent = sms.sent.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toEqual({ to: sellerPhone, key: `sms-push:${event.id}:${seller.id}`, text: expect.stringMatching(/កូដចូល៖ 4821$/) });
  });

  it('the eleventh push of a Phnom Penh day is capped; the next day starts again', async () => {
    const before = sms.sent.length;
    for (let i = 0; i < 11; i++) await pushes.push(reminder(seller.id), pp(`2030-01-15T${String(8 + i).padStart(2, '0')}:00:00`));
    expect(sms.sent.length - before).toBe(10);
    expect(await db.query(`SELECT sent, capped FROM sms_push_days WHERE user_id = $1 AND day = '2030-01-15'`, [seller.id])).toEqual([{ sent: 10, capped: 1 }]);
    // 01:00 UTC on the 16th is 08:00 there: a new Phnom Penh day, a new count.
    await pushes.push(reminder(seller.id), new Date('2030-01-16T01:00:00Z'));
    expect(sms.sent.length - before).toBe(11);
  });

  it('pushes at once past the cap: exactly ten leave, across concurrent handlers', async () => {
    const before = sms.sent.length;
    await Promise.all(Array.from({ length: 25 }, () => pushes.push(reminder(seller.id), pp('2030-02-01T12:00:00'))));
    expect(sms.sent.length - before).toBe(10);
    expect(await db.query(`SELECT sent, capped FROM sms_push_days WHERE user_id = $1 AND day = '2030-02-01'`, [seller.id])).toEqual([{ sent: 10, capped: 15 }]);
  });

  it('a push at 22:00 Phnom Penh time is held, and sent at 07:00 the next morning, once', async () => {
    const event = reminder(seller.id, 'Honey harvest without smoke');
    const before = sms.sent.length;
    await pushes.push(event, pp('2030-03-10T22:00:00'));
    expect(sms.sent.length).toBe(before);
    expect(await db.query('SELECT status, release_at FROM sms_pushes WHERE event_id = $1', [event.id])).toEqual([{ status: 'held', release_at: pp('2030-03-11T07:00:00') }]);
    // Redelivered during the night: still one held push.
    await pushes.push(event, pp('2030-03-10T23:10:00'));
    await pushes.releaseHeld(pp('2030-03-11T06:59:00'));
    expect(sms.sent.length).toBe(before);
    await Promise.all([pushes.releaseHeld(pp('2030-03-11T07:00:00')), pushes.releaseHeld(pp('2030-03-11T07:00:00'))]);
    expect(sms.sent.slice(before).map((m) => m.key)).toEqual([`sms-push:${event.id}:${seller.id}`]);
    expect(sms.sent.at(-1)!.text).toContain('Honey harvest');
    await pushes.releaseHeld(pp('2030-03-11T08:00:00'));
    expect(sms.sent.length).toBe(before + 1);
    expect(await db.query(`SELECT sent FROM sms_push_days WHERE user_id = $1 AND day = '2030-03-11'`, [seller.id])).toEqual([{ sent: 1 }]);
  });

  it('the purge forgets old sent pushes and day counts, never a held push', async () => {
    const held = reminder(seller.id, 'Fingerling care');
    await pushes.push(held, pp('2030-03-12T23:00:00'));
    await db.query(`UPDATE sms_pushes SET created_at = now() - interval '40 days'`);
    await t.app.get(ScheduledJobsService).runNow(SMS_PUSH_PURGE_JOB);
    expect(await db.query('SELECT event_id, status FROM sms_pushes')).toEqual([{ event_id: held.id, status: 'held' }]);
    // Days in 2030 are in the future: they stay.
    expect((await db.query('SELECT count(*)::int AS n FROM sms_push_days'))[0].n).toBeGreaterThan(0);
  });

  it('enableAll (the SMS REGISTER flow) turns every kind on, and twice is harmless', async () => {
    const user = await registerUser(t.http, { phone: '+85512666009' });
    await verifyPhones();
    await settings.enableAll(user.id);
    await settings.enableAll(user.id);
    expect((await settings.get(user.id)).kinds).toEqual(Object.fromEntries(SMS_PUSH_KINDS.map((k) => [k, true])));
  });
});
