import { MarketCommandsService, PinsService, type SmsUser, TrainingCommandsService } from '@psar/sms';
import { DataSource } from 'typeorm';
import { bearer, createOrganization, type RegisteredUser, registerUser } from './support/identity';
import { createDemand } from './support/listings';
import { createEvent, createSupplier, createTraining, sessionBody } from './support/training-events';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * The commands a producer sends by SMS, driven through their services as the SMS dispatcher
 * calls them (the gateway and the parser have their own tests): every answer is what the
 * listings and trainings libs allow that person, through the same services as the web.
 */
describe('SMS commands: the market and trainings by text message', () => {
  let t: TestApp;
  let db: DataSource;
  let market: MarketCommandsService;
  let trainings: TrainingCommandsService;
  let pins: PinsService;
  let kiln: RegisteredUser;
  let kilnOrg: { id: string };
  let buyer: RegisteredUser;
  let buyerOrg: { id: string; name: string };
  const kilnPhone = '+85512555001';
  let producer: SmsUser;

  const post = (user: RegisteredUser, path: string, body: object = {}) => t.http().post(`/api/v1${path}`).set(...bearer(user.accessToken)).send(body);

  /** The four-letter code a reply gives for the first item listed. */
  const firstCode = (reply: string) => /\b([A-Z0-9]{4}) /.exec(reply.split(': ').slice(1).join(': '))?.[1];

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    market = t.app.get(MarketCommandsService);
    trainings = t.app.get(TrainingCommandsService);
    pins = t.app.get(PinsService);
    [kiln, buyer] = await Promise.all([registerUser(t.http, { phone: kilnPhone }), registerUser(t.http)]);
    kilnOrg = await createOrganization(t.http, kiln.accessToken, { name: 'Kampong Chhnang Kiln', provinceCode: 'KH-4' });
    buyerOrg = await createOrganization(t.http, buyer.accessToken, { name: 'Mekong Builders', capabilities: ['buy'], provinceCode: 'KH-12' });
    producer = { userId: kiln.id, phone: kilnPhone, locale: 'en' };
    await pins.set(kiln.id, '4321');
  });

  afterAll(() => t?.close());

  it('SELL asks to confirm and publishes nothing; YES publishes it for the sender’s firm', async () => {
    const draft = { productCode: 'clay_roof_tile', quantity: '20000', grade: 'A', price: { amount: '1200', currency: 'KHR' as const } };
    const answer = await market.sell(producer, draft);
    expect(answer.reply).toBe('Sell 20,000 pcs Clay roof tiles A at 1,200៛ each? Reply YES to publish, NO to drop it.');
    expect(answer.draft).toEqual(draft);
    expect((await db.query('SELECT count(*)::int AS n FROM listings WHERE organization_id = $1', [kilnOrg.id]))[0].n).toBe(0);

    expect(await market.publish(producer, answer.draft!)).toBe('Published: 20,000 pcs Clay roof tiles A at 1,200៛. Buyers can order now.');
    const [listing] = await db.query('SELECT title, quantity, unit, quality_grade, province_code, price_amount FROM listings WHERE organization_id = $1', [kilnOrg.id]);
    expect(listing).toMatchObject({ title: 'Clay roof tiles A', unit: 'piece', quality_grade: 'A', province_code: 'KH-4' });
    expect(await market.myListings(producer)).toBe('Your listings: Clay roof tiles A 20,000 pcs 1,200៛');
  });

  it('answers in Khmer for a Khmer speaker, and refuses a grade the product does not have', async () => {
    const km = { ...producer, locale: 'km' as const };
    const answer = await market.sell(km, { productCode: 'clay_roof_tile', quantity: '500', grade: 'Z', price: { amount: '900', currency: 'KHR' } });
    expect(answer.draft).toBeUndefined();
    expect(answer.reply).toMatch(/^ក្បឿង.* មានថ្នាក់ A, B, C។$/);
    expect(await market.myListings(km)).toBe('ការលក់របស់អ្នក៖ ក្បឿងដី A 20,000 គ្រាប់ 1,200៛');
  });

  it('a user with no selling firm cannot sell', async () => {
    const answer = await market.sell({ userId: buyer.id, phone: '+85512555002', locale: 'en' }, { productCode: 'clay_roof_tile', quantity: '1', grade: null, price: { amount: '1', currency: 'KHR' } });
    expect(answer).toEqual({ reply: 'Your account cannot sell yet: it has no selling firm.' });
  });

  it('lists the open demands the listings fit, each with a code', async () => {
    await createDemand(t.http, buyer.accessToken, buyerOrg.id, { quantity: '5000', maxPrice: { amount: '1500', currency: 'KHR' } });
    const reply = await market.matches(producer);
    expect(reply).toMatch(/^Buyers looking for what you sell: [A-Z0-9]{4} Mekong Builders: Clay roof tiles 5,000 pcs ≤1,500៛\./);
  });

  it('an order waits with a code; ACCEPT needs the PIN, and a wrong one (or another number) accepts nothing', async () => {
    const [listing] = await db.query('SELECT id FROM listings WHERE organization_id = $1', [kilnOrg.id]);
    const order = await post(buyer, '/offers', { kind: 'order', organizationId: buyerOrg.id, listingId: listing.id, quantity: '3000' }).expect(201);

    const waiting = await market.pendingOffers(producer);
    expect(waiting).toMatch(/^Waiting: [A-Z0-9]{4} Mekong Builders: Clay roof tiles 3,000 pcs 1,200៛\. Reply ACCEPT <code> <PIN> or DECLINE <code>\.$/);
    const code = firstCode(waiting)!;

    expect(await market.accept(producer, code, '0000')).toBe('Wrong PIN. Nothing was accepted.');
    // The code is the kiln's number's: on another number (the buyer's) it names nothing.
    expect(await market.accept({ userId: buyer.id, phone: '+85512555002', locale: 'en' }, code, '4321')).toBe('Set a PIN first: send PIN <4 to 6 digits>.');
    await pins.set(buyer.id, '1111');
    expect(await market.accept({ userId: buyer.id, phone: '+85512555002', locale: 'en' }, code, '1111')).toBe(`No offer has the code ${code} for you. Send OFFERS to see them.`);
    expect((await db.query('SELECT status FROM offers WHERE id = $1', [order.body.id]))[0].status).toBe('pending');

    expect(await market.accept(producer, code.toLowerCase(), '4321')).toBe(`Accepted ${code}: deal made, 3,000 pcs Clay roof tiles for Mekong Builders. They will contact you.`);
    expect((await db.query('SELECT count(*)::int AS n FROM deals WHERE offer_id = $1', [order.body.id]))[0].n).toBe(1);
    // A replayed ACCEPT finds the offer closed, and makes no second deal.
    expect(await market.accept(producer, code, '4321')).toMatch(new RegExp(`^(Offer ${code} is no longer open|Could not accept ${code})`));
    expect((await db.query('SELECT count(*)::int AS n FROM deals WHERE offer_id = $1', [order.body.id]))[0].n).toBe(1);
  });

  it('five wrong PINs lock accepting for half an hour, even with the right one after', async () => {
    const user = await registerUser(t.http);
    await pins.set(user.id, '2468');
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await pins.check(user.id, '1357'));
    expect(results).toEqual(['wrong', 'wrong', 'wrong', 'wrong', 'locked']);
    expect(await pins.check(user.id, '2468')).toBe('locked');
  });

  it('50 wrong PINs at once lock it and none gets through', async () => {
    const user = await registerUser(t.http);
    await pins.set(user.id, '2468');
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => pins.check(user.id, i === 49 ? '2468' : '1357')));
    expect(results.filter((r) => r === 'wrong')).toHaveLength(4);
    // The right PIN, sent among them, is either checked before the lock or refused by it; never after five failures.
    expect(results.filter((r) => r === 'ok').length).toBeLessThanOrEqual(1);
    expect(await pins.check(user.id, '2468')).toBe('locked');
  });

  it('DECLINE refuses an order by its code', async () => {
    const [listing] = await db.query('SELECT id FROM listings WHERE organization_id = $1', [kilnOrg.id]);
    const order = await post(buyer, '/offers', { kind: 'order', organizationId: buyerOrg.id, listingId: listing.id, quantity: '100' }).expect(201);
    const code = firstCode(await market.pendingOffers(producer))!;
    expect(await market.decline(producer, code)).toBe(`Declined ${code}.`);
    expect((await db.query('SELECT status FROM offers WHERE id = $1', [order.body.id]))[0].status).toBe('rejected');
    expect(await market.pendingOffers(producer)).toBe('No offers waiting for you.');
  });

  it('PRICE gives the weekly median of completed deals', async () => {
    expect(await market.marketPrices(producer, 'wild_honey')).toBe('No Wild honey sold on Psar in the last 4 weeks.');
    const [deal] = await db.query(`SELECT id FROM deals LIMIT 1`);
    await post(kiln, `/deals/${deal.id}/deliver`).expect(200);
    await post(buyer, `/deals/${deal.id}/confirm`).expect(200);
    const reply = await market.marketPrices(producer, 'clay_roof_tile');
    expect(reply).toMatch(/^Clay roof tiles, median per week: \d\d-\d\d 1,200៛$/);
    expect(await market.marketPrices(producer, 'clay_roof_tile', 'KH-4')).toMatch(/^Clay roof tiles Kampong Chhnang, median per week: \d\d-\d\d 1,200៛$/);
  });

  it('TRAINING lists the stops near the sender; JOIN registers them and answers with the check-in code', async () => {
    const supplier = await createSupplier(t.http);
    await createTraining(t.http, supplier.owner.accessToken, supplier.organization.id, {
      title: 'Kiln firing with less wood',
      valueChains: ['clay_tiles_bricks'],
      sessions: [sessionBody(4, { provinceCode: 'KH-4', venue: 'Pagoda hall', capacity: 1 })],
    });
    const near = await trainings.nearMe(producer);
    expect(near).toMatch(/^Trainings, visits and forums near you: [A-Z0-9]{4} Kiln firing with less wood, \d\d\/\d\d \d\d:\d\d Pagoda hall\. Reply JOIN <code>\.$/);
    const code = firstCode(near)!;
    const joined = await trainings.join(producer, code);
    expect(joined).toMatch(/^You are registered for Kiln firing with less wood, \d\d\/\d\d \d\d:\d\d, Pagoda hall\. Your check-in code: \S+$/);
    const checkInCode = joined.split(': ').pop()!;
    expect((await db.query('SELECT check_in_code FROM training_registrations WHERE user_id = $1', [kiln.id]))[0].check_in_code).toBe(checkInCode);

    // The one seat is taken: the next person waits.
    const second = await registerUser(t.http, { phone: '+85512555003' });
    await createOrganization(t.http, second.accessToken, { provinceCode: 'KH-4' });
    const secondUser = { userId: second.id, phone: '+85512555003', locale: 'en' as const };
    const theirCode = firstCode(await trainings.nearMe(secondUser))!;
    expect(await trainings.join(secondUser, theirCode)).toBe('The training is full: you are number 1 on the waitlist. Psar will text you if a seat frees up.');
    expect(await trainings.join(secondUser, 'QQQQ')).toBe('No training has the code QQQQ for you. Send TRAINING to see them.');
  });

  it('TRAINING lists exposure visits and business forums too; JOIN registers for a visit, whose share is then owed', async () => {
    const organizer = await registerUser(t.http);
    const association = await createOrganization(t.http, organizer.accessToken, { name: 'Tile Makers Association', kind: 'working_group', capabilities: [], provinceCode: 'KH-4' });
    const visit = await createEvent(t.http, organizer.accessToken, {
      kind: 'exposure_visit',
      organizationId: association.id,
      title: 'See a tunnel kiln',
      valueChains: ['clay_tiles_bricks'],
      sessions: [sessionBody(2, { provinceCode: 'KH-4', venue: 'Kiln yard', capacity: 10 })],
      cost: { perParticipant: { amount: '40000', currency: 'KHR' }, sponsorSharePercent: 25 },
    });
    await createEvent(t.http, organizer.accessToken, {
      kind: 'business_forum',
      organizationId: association.id,
      title: 'Builders forum',
      valueChains: ['clay_tiles_bricks'],
      sessions: [sessionBody(3, { provinceCode: 'KH-4', venue: 'Provincial hall', capacity: 100 })],
    });
    const third = await registerUser(t.http, { phone: '+85512555004' });
    await createOrganization(t.http, third.accessToken, { provinceCode: 'KH-4' });
    const sender = { userId: third.id, phone: '+85512555004', locale: 'en' as const };
    const near = await trainings.nearMe(sender, 'KH-4');
    // Soonest first: the visit in two days, the forum in three, then the training of the test before.
    expect(near).toMatch(/^Trainings, visits and forums near you: [A-Z0-9]{4} See a tunnel kiln, \d\d\/\d\d \d\d:\d\d Kiln yard; [A-Z0-9]{4} Builders forum, \d\d\/\d\d \d\d:\d\d Provincial hall; /);
    const code = /([A-Z0-9]{4}) See a tunnel kiln/.exec(near)![1]!;
    expect(await trainings.join(sender, code)).toMatch(/^You are registered for See a tunnel kiln, \d\d\/\d\d \d\d:\d\d, Kiln yard\. Your check-in code: \S+$/);
    const [registration] = await db.query('SELECT session_id, amount_due::text AS due, payment_status FROM training_registrations WHERE user_id = $1', [third.id]);
    expect(registration).toEqual({ session_id: visit.sessions[0]!.id, due: '30000.00', payment_status: 'due' });
  });
});
