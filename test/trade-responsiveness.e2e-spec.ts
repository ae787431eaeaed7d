import { ScheduledJobsService } from '@psar/platform';
import { OffersService, REPUTATION_REFRESH_JOB } from '@psar/trade';
import { DataSource } from 'typeorm';
import { bearer, createOrganization, CreatedOrganization, registerUser, RegisteredUser } from './support/identity';
import { createDemand, createListing, CreatedListing } from './support/listings';
import { sendMessage, startConversation } from './support/messaging';
import { eventually } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';

interface Match {
  listings: Array<{ listingId: string; organizationId: string }>;
  score: number;
  reasons: string[];
}

describe('trade: responsiveness (response rate and median minutes to a first answer)', () => {
  let t: TestApp;
  let db: DataSource;
  let buyerUser: RegisteredUser;
  let quickUser: RegisteredUser;
  let slowUser: RegisteredUser;
  let otherUser: RegisteredUser;
  let buyer: CreatedOrganization;
  let quick: CreatedOrganization;
  let slow: CreatedOrganization;
  let other: CreatedOrganization;
  let quickListing: CreatedListing;
  let slowListing: CreatedListing;
  let otherListing: CreatedListing;

  const post = (user: RegisteredUser, path: string, body: object = {}) => t.http().post(`/api/v1${path}`).set(...bearer(user.accessToken)).send(body);
  const order = async (listingId: string) =>
    (
      await post(buyerUser, '/offers', { kind: 'order', organizationId: buyer.id, listingId, quantity: '100', unitPrice: { amount: '650', currency: 'KHR' } }).expect(201)
    ).body as { id: string };
  const reputation = async (org: CreatedOrganization) =>
    (await t.http().get(`/api/v1/organizations/${org.id}`).expect(200)).body.reputation as { responseRate: number | null; medianResponseMinutes: number | null };
  /** Moves an offer's creation back so that it was answered exactly `minutes` after it came. */
  const answeredAfter = (offerId: string, minutes: number) =>
    db.query(`UPDATE offers SET created_at = decided_at - make_interval(mins => $2) WHERE id = $1`, [offerId, minutes]);

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    [buyerUser, quickUser, slowUser, otherUser] = await Promise.all([1, 2, 3, 4].map(() => registerUser(t.http)));
    buyer = await createOrganization(t.http, buyerUser.accessToken, { name: 'Mekong Builders', capabilities: ['buy'], provinceCode: 'KH-12' });
    quick = await createOrganization(t.http, quickUser.accessToken, { name: 'Kampong Leav Kilns' });
    slow = await createOrganization(t.http, slowUser.accessToken, { name: 'Sleepy Hollow Tiles' });
    other = await createOrganization(t.http, otherUser.accessToken, { name: 'Peam Ro Tiles' });
    quickListing = await createListing(t.http, quickUser.accessToken, quick.id);
    slowListing = await createListing(t.http, slowUser.accessToken, slow.id);
    otherListing = await createListing(t.http, otherUser.accessToken, other.id, { price: { amount: '640', currency: 'KHR' } });
  });

  afterAll(() => t.close());

  it('counts offers answered and first replies to messages; an organization that lets them expire answers none and ranks below', async () => {
    // The quick seller accepts one order, rejects one and counters one; a fourth is still pending and says nothing yet.
    const [accepted, rejected, countered] = [await order(quickListing.id), await order(quickListing.id), await order(quickListing.id)];
    await order(quickListing.id);
    await post(quickUser, `/offers/${accepted.id}/accept`).expect(200);
    await post(quickUser, `/offers/${rejected.id}/reject`).expect(200);
    await post(quickUser, `/offers/${countered.id}/counter`, { unitPrice: { amount: '660', currency: 'KHR' } }).expect(201);
    await answeredAfter(accepted.id, 10);
    await answeredAfter(rejected.id, 20);
    await answeredAfter(countered.id, 30);
    // The buyer writes to the quick seller, who replies an hour later (moved back in time below).
    const asked = await startConversation(t.http, buyerUser.accessToken, { participants: [{ organizationId: quick.id }] });
    const question = await sendMessage(t.http, buyerUser.accessToken, asked.id, 'Can you deliver 5,000 tiles to Phnom Penh?');
    await sendMessage(t.http, buyerUser.accessToken, asked.id, 'Before March?');
    const reply = await sendMessage(t.http, quickUser.accessToken, asked.id, 'Yes, by the end of February.');
    await db.query(`UPDATE messages SET created_at = (SELECT created_at FROM messages WHERE id = $2) - interval '60 minutes' WHERE id = $1`, [question.id, reply.id]);

    // The slow seller lets three orders expire and never answers a message.
    const slowOrders = [await order(slowListing.id), await order(slowListing.id), await order(slowListing.id)];
    await db.query(`UPDATE offers SET expires_at = now() - interval '1 minute' WHERE id = ANY($1::uuid[])`, [slowOrders.map((o) => o.id)]);
    expect(await t.app.get(OffersService).expireDue()).toBeGreaterThanOrEqual(3);
    const unanswered = await startConversation(t.http, buyerUser.accessToken, { participants: [{ organizationId: slow.id }] });
    await sendMessage(t.http, buyerUser.accessToken, unanswered.id, 'Are your tiles still available?');

    // Another seller answered two orders only: too few to say anything.
    for (const o of [await order(otherListing.id), await order(otherListing.id)]) await post(otherUser, `/offers/${o.id}/accept`).expect(200);

    // Answered offers and expired ones queue their organizations; messages are picked up by the
    // minutely refresh job, which publishes them all.
    await t.app.get(ScheduledJobsService).runNow(REPUTATION_REFRESH_JOB);

    // Quick: 10, 20, 30 minutes and the 60-minute reply: 4 of 4 answered, median 25 minutes.
    await eventually(async () => expect(await reputation(quick)).toMatchObject({ responseRate: 1, medianResponseMinutes: 25 }), 20_000);
    // Slow: 3 expired orders and 1 unanswered conversation: 0 of 4, no median.
    await eventually(async () => expect(await reputation(slow)).toMatchObject({ responseRate: 0, medianResponseMinutes: null }), 20_000);
    expect(await reputation(other)).toMatchObject({ responseRate: null, medianResponseMinutes: null });
    // The counter-offer is the buyer's to answer, still pending: the buyer has nothing to show either.
    expect(await reputation(buyer)).toMatchObject({ responseRate: null, medianResponseMinutes: null });

    // Same tiles, same price, same place: the quick seller ranks first, and the reasons say why.
    const demand = await createDemand(t.http, buyerUser.accessToken, buyer.id, { quantity: '1000' });
    const matches = (await t.http().get(`/api/v1/demands/${demand.id}/matches`).set(...bearer(buyerUser.accessToken)).expect(200)).body.items as Match[];
    const of = (org: CreatedOrganization) => matches.findIndex((m) => m.listings.length === 1 && m.listings[0]!.organizationId === org.id);
    expect(of(quick)).toBeGreaterThanOrEqual(0);
    expect(of(quick)).toBeLessThan(of(slow));
    expect(matches[of(quick)]!.reasons).toContain('usually replies within 1 hour');
    expect(matches[of(slow)]!.reasons).toContain('replies to 0 % of requests');
    expect(matches[of(other)]!.reasons.some((r) => r.includes('replies'))).toBe(false);
  });
});
