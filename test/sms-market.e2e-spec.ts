import { OffersService } from '@psar/trade';
import { DataSource } from 'typeorm';
import { bearer, createOrganization, type RegisteredUser, registerUser } from './support/identity';
import { createDemand } from './support/listings';
import { createKannelTestApp, describeWithKannel, type KannelTestApp, PSAR_NUMBER } from './support/kannel';

let phoneSeq = 0;
/** A fresh Cambodian mobile number per test. */
const newPhone = () => `+8559${String(3000000 + process.pid * 10 + phoneSeq++).slice(-7).padStart(7, '0')}`;

/**
 * The market by SMS, end to end through a real Kannel: a producer registers, lists tiles in
 * English, Khmer script and romanised Khmer, and accepts a buyer's order with their PIN.
 */
describeWithKannel('sms: selling by text message through a real Kannel', () => {
  let k: KannelTestApp;
  let db: DataSource;
  let buyer: RegisteredUser;
  let buyerOrg: { id: string };
  const producer = newPhone();

  /** Sends `text` from `phone` and resolves with the reply it gets: the next message to it that is not a push ("Psar: …"). */
  const exchange = async (phone: string, text: string) => {
    const before = k.smsc.received.filter((m) => m.to === phone).length;
    k.smsc.send(phone, PSAR_NUMBER, text);
    for (let n = before + 1; ; n++) {
      const message = (await k.smsc.waitFor(phone, n, 20_000))[n - 1]!;
      if (!/^Psar[:៖]/.test(message.text)) return message;
    }
  };

  beforeAll(async () => {
    // No quiet hours: the pushes below would otherwise wait for 07:00 in Phnom Penh.
    k = await createKannelTestApp({ SMS_QUIET_HOURS: '00:00-00:00' });
    db = k.t.app.get(DataSource);
    buyer = await registerUser(k.t.http);
    buyerOrg = await createOrganization(k.t.http, buyer.accessToken, { name: 'Mekong Builders', capabilities: ['buy'], provinceCode: 'KH-12' });
  }, 60_000);

  afterAll(() => k?.close());

  it('REGISTER with a name, a province and a PIN makes the account and its selling firm', async () => {
    await exchange(producer, 'EN');
    const reply = await exchange(producer, 'REG Sok Dara Kampong Chhnang 4821');
    expect(reply.text).toContain('Sok Dara');
    const [user] = await db.query('SELECT id FROM users WHERE phone = $1', [producer]);
    const organizations = await db.query(
      `SELECT o.name, o.province_code, o.capabilities, m.role FROM organizations o JOIN memberships m ON m.organization_id = o.id WHERE m.user_id = $1`,
      [user.id],
    );
    expect(organizations).toEqual([{ name: 'Sok Dara', province_code: 'KH-4', capabilities: ['sell'], role: 'owner' }]);
    expect(await db.query('SELECT 1 FROM sms_pins WHERE user_id = $1', [user.id])).toHaveLength(1);
  });

  it.each([
    ['English', 'SELL TILE 20000 A 1200'],
    ['Khmer script', 'លក់ ក្បឿង ២០០០០ A ១២០០'],
    ['romanised Khmer', 'luk kbeung 20000 a 1200'],
  ])('lists tiles written in %s: a confirmation first, then YES publishes one listing', async (_writing, text) => {
    const [{ n: before }] = await db.query(`SELECT count(*)::int AS n FROM listings l JOIN memberships m ON m.organization_id = l.organization_id JOIN users u ON u.id = m.user_id WHERE u.phone = $1`, [producer]);
    const confirm = await exchange(producer, text);
    expect(confirm.text).toMatch(/20,000/);
    expect(confirm.text).toMatch(/1,200៛/);
    expect(confirm.parts).toBeLessThanOrEqual(2);
    const published = await exchange(producer, 'YES');
    expect(published.parts).toBeLessThanOrEqual(2);
    const listings = await db.query(
      `SELECT l.product_code, l.quantity, l.quality_grade, l.price_amount, l.price_currency FROM listings l
       JOIN memberships m ON m.organization_id = l.organization_id JOIN users u ON u.id = m.user_id WHERE u.phone = $1 ORDER BY l.created_at`,
      [producer],
    );
    expect(listings).toHaveLength(before + 1);
    expect(listings[before]).toMatchObject({ product_code: 'clay_roof_tile', quality_grade: 'A', price_currency: 'KHR' });
    expect(Number(listings[before].quantity)).toBe(20000);
    expect(Number(listings[before].price_amount)).toBe(1200);
  });

  /** Waits for the next message Psar sends `phone` unasked (a push) that matches `pattern`. */
  const pushTo = async (phone: string, pattern: RegExp) => {
    for (let n = k.smsc.received.filter((m) => m.to === phone).length; ; n++) {
      const message = (await k.smsc.waitFor(phone, n, 20_000))[n - 1];
      if (message && pattern.test(message.text)) return message;
    }
  };

  it("a buyer's matching demand reaches the producer by SMS with its code", async () => {
    const seen = k.smsc.received.filter((m) => m.to === producer).length;
    const demand = await createDemand(k.t.http, buyer.accessToken, buyerOrg.id, { quantity: '8000' });
    const push = await pushTo(producer, /Mekong Builders wants 8,000/);
    expect(k.smsc.received.filter((m) => m.to === producer).length).toBeGreaterThan(seen);
    expect(push.parts).toBeLessThanOrEqual(2);
    const code = /Code ([A-Z0-9]{4})/.exec(push.text)?.[1];
    const [{ target_id }] = await db.query(`SELECT target_id FROM sms_short_codes WHERE phone = $1 AND code = $2 AND kind = 'demand'`, [producer, code]);
    expect(target_id).toBe(demand.id);
  });

  it('a buyer orders; the order reaches the producer with a code; a wrong PIN and another number accept nothing; the right PIN makes the deal', async () => {
    const [listing] = await db.query(
      `SELECT l.id FROM listings l JOIN memberships m ON m.organization_id = l.organization_id JOIN users u ON u.id = m.user_id WHERE u.phone = $1 ORDER BY l.created_at LIMIT 1`,
      [producer],
    );
    const order = await k.t
      .http()
      .post('/api/v1/offers')
      .set(...bearer(buyer.accessToken))
      .send({ kind: 'order', organizationId: buyerOrg.id, listingId: listing.id, quantity: '5000' })
      .expect(201);

    const push = await pushTo(producer, /ordered 5,000/);
    const code = /ACCEPT ([A-Z0-9]{4})/.exec(push.text)?.[1];
    expect(code).toBeDefined();
    // OFFERS lists it under the same code.
    expect((await exchange(producer, 'OFFERS')).text).toContain(`${code} Mekong Builders`);

    expect((await exchange(producer, `ACCEPT ${code} 1111`)).text).toBe('Wrong PIN. Nothing was accepted.');
    const stranger = newPhone();
    await exchange(stranger, 'EN');
    await exchange(stranger, 'REG Chan Thy Kampot 2222');
    expect((await exchange(stranger, `ACCEPT ${code} 2222`)).text).toMatch(/^No offer has the code/);
    expect((await db.query('SELECT status FROM offers WHERE id = $1', [order.body.id]))[0].status).toBe('pending');

    const accepted = await exchange(producer, `accept ${code!.toLowerCase()} ៤៨២១`);
    expect(accepted.text).toMatch(new RegExp(`^Accepted ${code}: deal made, 5,000 pcs`));
    const deals = await db.query('SELECT status FROM deals WHERE offer_id = $1', [order.body.id]);
    expect(deals).toEqual([{ status: 'agreed' }]);
  });

  it("a buyer's counter-offer to the producer's quote reaches them by SMS with a code; OFFERS lists it, ACCEPT with the PIN makes the deal", async () => {
    const [{ user_id, organization_id }] = await db.query(
      `SELECT m.user_id, m.organization_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.phone = $1 ORDER BY m.created_at LIMIT 1`,
      [producer],
    );
    const demand = await createDemand(k.t.http, buyer.accessToken, buyerOrg.id, { quantity: '2000' });
    const quote = await k.t.app.get(OffersService).create(user_id, {
      kind: 'quote',
      demandId: demand.id,
      organizationId: organization_id,
      deliverBy: new Date(Date.now() + 10 * 86_400_000).toISOString(),
      lines: [{ organizationId: organization_id, quantity: '2000', unitPrice: { amount: '700', currency: 'KHR' } }],
    });
    const counter = await k.t
      .http()
      .post(`/api/v1/offers/${quote.id}/counter`)
      .set(...bearer(buyer.accessToken))
      .send({ unitPrice: { amount: '650', currency: 'KHR' } })
      .expect(201);

    const push = await pushTo(producer, /countered your offer: 2,000/);
    expect(push.parts).toBeLessThanOrEqual(2);
    const code = /ACCEPT ([A-Z0-9]{4})/.exec(push.text)?.[1];
    const [{ target_id }] = await db.query(`SELECT target_id FROM sms_short_codes WHERE phone = $1 AND code = $2 AND kind = 'offer'`, [producer, code]);
    expect(target_id).toBe(counter.body.id);
    expect((await exchange(producer, 'OFFERS')).text).toContain(`${code} Mekong Builders`);
    const accepted = await exchange(producer, `ACCEPT ${code} 4821`);
    expect(accepted.text).toMatch(new RegExp(`^Accepted ${code}: deal made, 2,000 pcs`));
    expect((await db.query('SELECT status FROM offers WHERE id = ANY($1::uuid[]) ORDER BY created_at', [[quote.id, counter.body.id]])).map((r: { status: string }) => r.status)).toEqual([
      'countered',
      'accepted',
    ]);
  });

  it('twenty producers confirming a listing at the same moment all get it published (no pool starved by the messages)', async () => {
    const phones = Array.from({ length: 20 }, () => newPhone());
    await Promise.all(
      phones.map(async (phone) => {
        const user = await registerUser(k.t.http, { phone, locale: 'en' });
        await createOrganization(k.t.http, user.accessToken, { provinceCode: 'KH-4' });
      }),
    );
    await Promise.all(phones.map((phone) => exchange(phone, 'SELL BRICK 5000 A 300')));
    const replies = await Promise.all(phones.map((phone) => exchange(phone, 'YES')));
    expect(replies.map((r) => r.text.startsWith('Published:'))).toEqual(phones.map(() => true));
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM listings l JOIN memberships m ON m.organization_id = l.organization_id JOIN users u ON u.id = m.user_id WHERE u.phone = ANY($1)`,
      [phones],
    );
    expect(n).toBe(20);
  }, 60_000);

  it('a gateway delivering the same YES twice, or twenty times at once, publishes one listing and answers once', async () => {
    const phone = newPhone();
    const user = await registerUser(k.t.http, { phone, locale: 'en' });
    await createOrganization(k.t.http, user.accessToken, { provinceCode: 'KH-4' });
    await exchange(phone, 'SELL TILE 3000 B 900');
    const basic = `Basic ${Buffer.from(`${k.inbound.user}:${k.inbound.password}`).toString('base64')}`;
    const deliver = () =>
      k.t
        .http()
        .post(`${k.inbound.url}?id=yes-${phone.slice(1)}&from=${encodeURIComponent(phone)}&to=${PSAR_NUMBER}`)
        .set('authorization', basic)
        .set('content-type', 'text/plain; charset="UTF-8"')
        .send('YES');
    const before = k.smsc.received.filter((m) => m.to === phone).length;
    expect((await deliver()).status).toBe(200);
    const burst = await Promise.all(Array.from({ length: 20 }, deliver));
    expect(burst.map((r) => r.status)).toEqual(Array(20).fill(200));
    const [reply] = (await k.smsc.waitFor(phone, before + 1, 20_000)).slice(before);
    expect(reply!.text).toMatch(/^Published: 3,000 pcs/);
    await new Promise((r) => setTimeout(r, 2000));
    expect(k.smsc.received.filter((m) => m.to === phone)).toHaveLength(before + 1);
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM listings l JOIN memberships m ON m.organization_id = l.organization_id WHERE m.user_id = $1`,
      [user.id],
    );
    expect(n).toBe(1);
  });

  it('a command with a keyword but a missing part answers how to write it', async () => {
    const reply = await exchange(producer, 'SELL TILE');
    expect(reply.text).toContain('SELL TILE 20000 A 1200');
  });
});
