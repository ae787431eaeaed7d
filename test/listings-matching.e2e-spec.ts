import { makeAdmin } from '@psar/identity';
import { DataSource } from 'typeorm';
import { bearer, createOrganization, CreatedOrganization, registerUser, RegisteredUser } from './support/identity';
import { createDemand, createListing, daysFromNow } from './support/listings';
import { expectProblem } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';

interface MatchLine {
  listingId: string;
  organizationId: string;
  quantity: string;
}
interface Match {
  kind: 'single' | 'pooled';
  listings: MatchLine[];
  totalQuantity: string;
  coverage: number;
  pricePerUnit: { amount: string; currency: string };
  totalPrice: { amount: string; currency: string };
  distanceKm: number;
  score: number;
  reasons: string[];
}

describe('listings: matching', () => {
  let t: TestApp;
  let db: DataSource;
  let buyerUser: RegisteredUser;
  const users: RegisteredUser[] = [];
  const sellers: CreatedOrganization[] = [];
  let buyer: CreatedOrganization;
  let coop: CreatedOrganization;
  let coopOwner: RegisteredUser;

  const matchesOf = async (demandId: string, token = buyerUser.accessToken) => {
    const res = await t.http().get(`/api/v1/demands/${demandId}/matches`).set(...bearer(token));
    expect(res.status).toBe(200);
    return res.body.items as Match[];
  };
  const listingIdsIn = (matches: Match[]) => matches.flatMap((m) => m.listings.map((l) => l.listingId));
  // Sellers s0..s4; the buyer also sells, to check its own listings never match.
  const list = (i: number, overrides: Record<string, unknown>) => createListing(t.http, users[i]!.accessToken, sellers[i]!.id, overrides);

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    buyerUser = await registerUser(t.http);
    coopOwner = await registerUser(t.http);
    buyer = await createOrganization(t.http, buyerUser.accessToken, { name: 'Mekong Builders', capabilities: ['buy', 'sell'], provinceCode: 'KH-12' });
    coop = await createOrganization(t.http, coopOwner.accessToken, { name: 'Prey Veng Tile Cooperative', kind: 'cooperative' });
    for (let i = 0; i < 5; i++) {
      users.push(await registerUser(t.http));
      sellers.push(await createOrganization(t.http, users[i]!.accessToken, { name: `Kiln ${i}` }));
    }
    // Kilns 0 and 1 are members of the cooperative.
    for (const i of [0, 1]) {
      await t.http().post(`/api/v1/organizations/${coop.id}/member-organizations`).set(...bearer(users[i]!.accessToken)).send({ organizationId: sellers[i]!.id }).expect(201);
      await t.http().post(`/api/v1/organizations/${coop.id}/member-organizations/${sellers[i]!.id}/approve`).set(...bearer(coopOwner.accessToken)).expect(200);
    }
    const admin = await registerUser(t.http);
    await makeAdmin(db.manager, admin.email);
    await t.http().post(`/api/v1/organizations/${sellers[0]!.id}/verify`).set(...bearer(admin.accessToken)).expect(200);
  });

  afterAll(() => t.close());

  describe('what fits a demand', () => {
    const fits: Record<string, string> = {};
    const misfits: Record<string, string> = {};
    let demandId: string;

    beforeAll(async () => {
      const brick = { productCode: 'clay_brick', quantity: '5000', qualityGrade: 'A', location: { lat: 11.48, lng: 105.32 } };
      fits.khr = (await list(0, { ...brick, price: { amount: '700', currency: 'KHR' } })).id;
      // 0.19 USD = 779 KHR at 4100: under 800.
      fits.usd = (await list(2, { ...brick, price: { amount: '0.19', currency: 'USD' } })).id;
      misfits.gradeB = (await list(1, { ...brick, qualityGrade: 'B', price: { amount: '500', currency: 'KHR' } })).id;
      misfits.ungraded = (await list(1, { ...brick, qualityGrade: undefined, price: { amount: '500', currency: 'KHR' } })).id;
      // 0.20 USD = 820 KHR: over 800 once converted.
      misfits.overPrice = (await list(3, { ...brick, price: { amount: '0.20', currency: 'USD' } })).id;
      misfits.own = (await createListing(t.http, buyerUser.accessToken, buyer.id, { ...brick, price: { amount: '400', currency: 'KHR' } })).id;
      misfits.late = (await list(3, { ...brick, price: { amount: '600', currency: 'KHR' }, availableFrom: daysFromNow(40), availableUntil: daysFromNow(60) })).id;
      misfits.paused = (await list(4, { ...brick, price: { amount: '600', currency: 'KHR' } })).id;
      await t.http().patch(`/api/v1/listings/${misfits.paused}`).set(...bearer(users[4]!.accessToken)).send({ status: 'paused' }).expect(200);
      misfits.minOrderAboveDemand = (await list(4, { ...brick, price: { amount: '600', currency: 'KHR' }, minOrderQuantity: '2000' })).id;
      misfits.belowOwnMinimum = (await list(4, { ...brick, price: { amount: '600', currency: 'KHR' }, minOrderQuantity: '500' })).id;
      await db.query('UPDATE listings SET quantity_remaining = 400 WHERE id = $1', [misfits.belowOwnMinimum]);
      misfits.pastAvailability = (await list(4, { ...brick, price: { amount: '600', currency: 'KHR' } })).id;
      await db.query(
        `UPDATE listings SET available_from = now() - interval '3 days', available_until = now() - interval '1 minute' WHERE id = $1`,
        [misfits.pastAvailability],
      );
      misfits.otherProduct = (await list(4, { ...brick, productCode: 'clay_hollow_brick', price: { amount: '600', currency: 'KHR' } })).id;
      demandId = (
        await createDemand(t.http, buyerUser.accessToken, buyer.id, {
          productCode: 'clay_brick',
          quantity: '1000',
          qualityGrade: 'A',
          maxPrice: { amount: '800', currency: 'KHR' },
          deliveryLocation: { lat: 11.55, lng: 104.92 },
          neededBy: daysFromNow(30),
        })
      ).id;
    });

    it('matches only same-product, active, graded-enough, affordable, available listings of other organizations', async () => {
      const matches = await matchesOf(demandId);
      expect(new Set(listingIdsIn(matches))).toEqual(new Set([fits.khr, fits.usd]));
      for (const misfit of Object.values(misfits)) expect(listingIdsIn(matches)).not.toContain(misfit);
      expect(matches.every((m) => m.kind === 'single' && m.coverage === 1 && m.totalQuantity === '1000')).toBe(true);
    });

    it('never matches a grade-B listing to a grade-A demand, nor one over the maximum price after conversion', async () => {
      const ids = listingIdsIn(await matchesOf(demandId));
      expect(ids).not.toContain(misfits.gradeB);
      expect(ids).not.toContain(misfits.overPrice);
      expect(ids).not.toContain(misfits.own);
      // A maximum in USD converts the other way: 0.18 USD = 738 KHR lets neither 779 nor 820 KHR in.
      const usdDemand = await createDemand(t.http, buyerUser.accessToken, buyer.id, {
        productCode: 'clay_brick',
        quantity: '1000',
        maxPrice: { amount: '0.18', currency: 'USD' },
      });
      expect(listingIdsIn(await matchesOf(usdDemand.id))).toEqual([fits.khr]);
      // A grade-B demand takes grade A too, but never an ungraded listing.
      const gradeB = await createDemand(t.http, buyerUser.accessToken, buyer.id, { productCode: 'clay_brick', quantity: '1000', qualityGrade: 'B' });
      const gradeBIds = listingIdsIn(await matchesOf(gradeB.id));
      expect(gradeBIds).toEqual(expect.arrayContaining([fits.khr, fits.usd, misfits.gradeB, misfits.overPrice]));
      expect(gradeBIds).not.toContain(misfits.ungraded);
    });

    it('explains each match in words and ranks by score', async () => {
      const matches = await matchesOf(demandId);
      expect(matches.map((m) => m.score)).toEqual([...matches.map((m) => m.score)].sort((x, y) => y - x));
      const khr = matches.find((m) => m.listings[0]!.listingId === fits.khr)!;
      expect(khr.reasons).toEqual(['covers 100 %', expect.stringMatching(/^\d+ km from delivery$/), '12 % under your maximum price', 'grade A', 'verified']);
      expect(khr).toMatchObject({ pricePerUnit: { amount: '700.00', currency: 'KHR' }, totalPrice: { amount: '700000.00', currency: 'KHR' } });
      const usd = matches.find((m) => m.listings[0]!.listingId === fits.usd)!;
      expect(usd.reasons).toContain('2 % under your maximum price');
      expect(usd.reasons).not.toContain('verified');
      expect(usd.distanceKm).toBeGreaterThan(40);
      expect(usd.distanceKm).toBeLessThan(50);
    });

    it("shows a listing the open demands it fits; only to the listing's and the demand's own people", async () => {
      const res = await t.http().get(`/api/v1/listings/${fits.khr}/matches`).set(...bearer(users[0]!.accessToken)).expect(200);
      expect(res.body.items.map((m: { demand: { id: string } }) => m.demand.id)).toContain(demandId);
      const mine = res.body.items.find((m: { demand: { id: string } }) => m.demand.id === demandId);
      expect(mine).toMatchObject({ quantity: '1000', coverage: 1, reasons: expect.arrayContaining(['covers 100 %', '12 % under their maximum price']) });
      const b = await t.http().get(`/api/v1/listings/${misfits.gradeB}/matches`).set(...bearer(users[1]!.accessToken)).expect(200);
      expect(b.body.items.map((m: { demand: { id: string } }) => m.demand.id)).not.toContain(demandId);
      expectProblem(await t.http().get(`/api/v1/listings/${fits.khr}/matches`).set(...bearer(users[1]!.accessToken)), 404);
      expectProblem(await t.http().get(`/api/v1/demands/${demandId}/matches`).set(...bearer(users[0]!.accessToken)), 404);
      expectProblem(await t.http().get(`/api/v1/demands/${demandId}/matches`), 401);
      expectProblem(await t.http().get(`/api/v1/demands/not-an-id/matches`).set(...bearer(buyerUser.accessToken)), 400, 'id');
    });
  });

  describe('pooled supply', () => {
    it('fills 40,000 tiles from producers offering 15,000, 20,000 and 10,000', async () => {
      const tile = { productCode: 'clay_roof_tile', qualityGrade: 'A' };
      const offers = [
        (await list(2, { ...tile, quantity: '15000', price: { amount: '650', currency: 'KHR' } })).id,
        (await list(3, { ...tile, quantity: '20000', price: { amount: '700', currency: 'KHR' } })).id,
        (await list(4, { ...tile, quantity: '10000', price: { amount: '0.15', currency: 'USD' } })).id,
      ];
      const demand = await createDemand(t.http, buyerUser.accessToken, buyer.id, {
        productCode: 'clay_roof_tile',
        quantity: '40000',
        qualityGrade: 'A',
        maxPrice: { amount: '800', currency: 'KHR' },
      });
      const matches = await matchesOf(demand.id);
      const pooled = matches[0]!;
      expect(pooled.kind).toBe('pooled');
      expect(pooled.totalQuantity).toBe('40000');
      expect(pooled.coverage).toBe(1);
      expect(new Set(pooled.listings.map((l) => l.listingId))).toEqual(new Set(offers));
      expect(new Set(pooled.listings.map((l) => l.organizationId)).size).toBe(3);
      expect(pooled.listings.reduce((s, l) => s + Number(l.quantity), 0)).toBe(40000);
      const offered: Record<string, number> = { [offers[0]!]: 15000, [offers[1]!]: 20000, [offers[2]!]: 10000 };
      for (const line of pooled.listings) expect(Number(line.quantity)).toBeLessThanOrEqual(offered[line.listingId]!);
      expect(pooled.reasons[0]).toBe('3 producers together cover 100 %');
      // Mixed currencies: priced in the buyer's maximum's currency.
      expect(pooled.pricePerUnit.currency).toBe('KHR');
      // Then each producer alone, covering part of it.
      expect(matches.slice(1).every((m) => m.kind === 'single' && m.coverage < 1)).toBe(true);

      const noPooling = await createDemand(t.http, buyerUser.accessToken, buyer.id, {
        productCode: 'clay_roof_tile',
        quantity: '40000',
        qualityGrade: 'A',
        allowPooled: false,
      });
      expect(await matchesOf(noPooling.id)).toEqual([]);
    });

    it('prefers producers of the same cooperative when costs are close', async () => {
      const honey = { productCode: 'wild_honey', unit: 'litre', qualityGrade: 'A', quantity: '600', location: { lat: 11.48, lng: 105.32 } };
      const members = [(await list(0, { ...honey, price: { amount: '30000', currency: 'KHR' } })).id, (await list(1, { ...honey, price: { amount: '30000', currency: 'KHR' } })).id];
      await list(3, { ...honey, price: { amount: '29900', currency: 'KHR' } });
      const demand = await createDemand(t.http, buyerUser.accessToken, buyer.id, { productCode: 'wild_honey', unit: 'litre', quantity: '1000', qualityGrade: 'A' });
      const [first] = await matchesOf(demand.id);
      expect(first!.kind).toBe('pooled');
      expect(new Set(first!.listings.map((l) => l.listingId))).toEqual(new Set(members));
      expect(first!.reasons).toContain('all members of Prey Veng Tile Cooperative');
      expect(first!.reasons).toContain('1 of 2 producers verified');
    });

    it('puts a single listing that covers the demand first, and proposes no pool then', async () => {
      const honey = { productCode: 'farmed_honey', unit: 'litre', qualityGrade: 'A' };
      const whole = (await list(2, { ...honey, quantity: '600', price: { amount: '40000', currency: 'KHR' } })).id;
      await list(3, { ...honey, quantity: '300', price: { amount: '20000', currency: 'KHR' } });
      await list(4, { ...honey, quantity: '300', price: { amount: '20000', currency: 'KHR' } });
      const demand = await createDemand(t.http, buyerUser.accessToken, buyer.id, { productCode: 'farmed_honey', unit: 'litre', quantity: '500', qualityGrade: 'A' });
      const matches = await matchesOf(demand.id);
      expect(matches[0]).toMatchObject({ kind: 'single', coverage: 1, listings: [{ listingId: whole, quantity: '500' }] });
      expect(matches.some((m) => m.kind === 'pooled')).toBe(false);
    });

    it('returns at most 10 matches', async () => {
      for (let i = 0; i < 12; i++) {
        await list(i % 5, { productCode: 'krama', qualityGrade: 'A', quantity: '200', price: { amount: String(9000 + i), currency: 'KHR' } });
      }
      const demand = await createDemand(t.http, buyerUser.accessToken, buyer.id, { productCode: 'krama', quantity: '100', qualityGrade: 'B' });
      const matches = await matchesOf(demand.id);
      expect(matches).toHaveLength(10);
      expect(matches.every((m) => m.kind === 'single' && m.coverage === 1)).toBe(true);
    });

    it('answers for a closed demand with no matches, and for an unknown one with 404', async () => {
      const demand = await createDemand(t.http, buyerUser.accessToken, buyer.id, { productCode: 'krama', quantity: '100' });
      await t.http().delete(`/api/v1/demands/${demand.id}`).set(...bearer(buyerUser.accessToken)).expect(204);
      expect(await matchesOf(demand.id)).toEqual([]);
      expectProblem(await t.http().get('/api/v1/demands/00000000-0000-4000-8000-000000000000/matches').set(...bearer(buyerUser.accessToken)), 404);
    });
  });
});
