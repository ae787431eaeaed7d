import { PRODUCTS, PROVINCES } from '@psar/catalog';
import type { Seeder } from '@psar/platform';
import type { EntityManager } from 'typeorm';
import { productSearchTerms } from '@psar/listings';

// The demo organizations of libs/identity/src/demo/identity-demo.ts, by name.
const TILE_COOPERATIVE = 'Prey Veng Clay Tile Makers (demo)';
const BRICK_WORKS = 'Ba Phnom Brick Works (demo)';
const POND_FARM = 'Peam Ro Pond Farm (demo)';
const BUILDER = 'Mekong Build Co. (demo)';
const SUPPLIER = 'Golden Harvest Feed & Vet Supply (demo)';

interface DemoDeal {
  buyer: string;
  seller: string;
  productCode: string;
  unit: string;
  provinceCode: string;
  quantity: string;
  price: [string, 'KHR' | 'USD'];
  /** Completed this many days ago; delivered a day before, agreed a week before that. */
  daysAgo: number;
  /** Delivered after the agreed date. */
  late?: boolean;
  buyerReview?: [number, string?];
  sellerReview?: [number, string?];
}

/** Past trade between the demo organizations, so profiles show a record and market prices have weeks of figures. */
const DEALS: DemoDeal[] = [
  { buyer: BUILDER, seller: TILE_COOPERATIVE, productCode: 'clay_roof_tile', unit: 'piece', provinceCode: 'KH-12', quantity: '20000', price: ['640', 'KHR'], daysAgo: 60, buyerReview: [5, 'All grade A, delivered to site on the agreed day.'], sellerReview: [5, 'Paid on delivery.'] },
  { buyer: BUILDER, seller: TILE_COOPERATIVE, productCode: 'clay_roof_tile', unit: 'piece', provinceCode: 'KH-12', quantity: '15000', price: ['655', 'KHR'], daysAgo: 39, buyerReview: [4, 'Good tiles; a few broken in transport.'], sellerReview: [5] },
  { buyer: BUILDER, seller: BRICK_WORKS, productCode: 'clay_roof_tile', unit: 'piece', provinceCode: 'KH-12', quantity: '8000', price: ['0.16', 'USD'], daysAgo: 38, late: true, buyerReview: [3, 'Two days late, quality fine.'], sellerReview: [4] },
  { buyer: BUILDER, seller: TILE_COOPERATIVE, productCode: 'clay_roof_tile', unit: 'piece', provinceCode: 'KH-12', quantity: '25000', price: ['660', 'KHR'], daysAgo: 17, buyerReview: [5, 'Pooled from four kilns, one invoice. Will order again.'] },
  { buyer: BUILDER, seller: BRICK_WORKS, productCode: 'clay_brick', unit: 'piece', provinceCode: 'KH-12', quantity: '30000', price: ['210', 'KHR'], daysAgo: 24, buyerReview: [4] },
  { buyer: BUILDER, seller: BRICK_WORKS, productCode: 'clay_brick', unit: 'piece', provinceCode: 'KH-12', quantity: '20000', price: ['205', 'KHR'], daysAgo: 6, sellerReview: [5, 'Clear order, quick payment.'] },
  { buyer: POND_FARM, seller: SUPPLIER, productCode: 'fish_feed', unit: 'kg', provinceCode: 'KH-14', quantity: '2000', price: ['0.62', 'USD'], daysAgo: 30, buyerReview: [5, 'Came with a free feeding session for our members.'] },
  { buyer: POND_FARM, seller: SUPPLIER, productCode: 'fish_feed', unit: 'kg', provinceCode: 'KH-14', quantity: '2500', price: ['2500', 'KHR'], daysAgo: 9, buyerReview: [4] },
];

/**
 * Each past deal as it would have happened: the buyer's demand (now fulfilled), the seller's
 * accepted quote, the deal delivered and confirmed, and the reviews. No listing quantity is
 * touched (the quotes were for stock not listed). Identity learns the figures through
 * reputation.updated, published by the listings.publish-reputation job from reputation_refreshes.
 */
export const tradeDemoSeeder: Seeder = async (manager: EntityManager) => {
  const names = [...new Set(DEALS.flatMap((d) => [d.buyer, d.seller]))];
  const rows = (await manager.query('SELECT id, name FROM organizations WHERE name = ANY($1::text[])', [names])) as Array<{ id: string; name: string }>;
  const ids = new Map(rows.map((r) => [r.name, r.id]));
  const idOf = (name: string) => {
    const id = ids.get(name);
    if (!id) throw new Error(`trade demo: the demo organization "${name}" is missing (identity's demo seeder runs first)`);
    return id;
  };
  const product = (code: string) => {
    const found = PRODUCTS.find((p) => p.code === code);
    if (!found) throw new Error(`trade demo: unknown product ${code}`);
    return found;
  };
  for (const d of DEALS) {
    const buyer = idOf(d.buyer);
    const seller = idOf(d.seller);
    const province = PROVINCES.find((p) => p.code === d.provinceCode)!;
    // All times relative to completion: agreed 8 days before, delivered 1 day before, due on delivery day (or 2 days earlier when late).
    const at = (days: number) => `now() - make_interval(days => ${d.daysAgo}) + make_interval(days => ${days})`;
    const [demand] = (await manager.query(
      `INSERT INTO demands (organization_id, product_code, value_chain_code, search_terms, quantity, unit, delivery_province_code, lat, lng,
         needed_by, status, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, ${at(0)}, 'fulfilled', ${at(-10)}, ${at(-8)}) RETURNING id`,
      [buyer, d.productCode, product(d.productCode).valueChainCode, productSearchTerms(product(d.productCode)), d.quantity, d.unit, d.provinceCode, province.lat, province.lng],
    )) as Array<{ id: string }>;
    const deliverBy = at(d.late ? -3 : -1);
    const [offer] = (await manager.query(
      `INSERT INTO offers (kind, demand_id, organization_id, buyer_organization_id, seller_organization_id, product_code, unit, province_code,
         deliver_by, status, expires_at, decided_at, created_at, updated_at)
       VALUES ('quote', $1, $2, $3, $2, $4, $5, $6, ${deliverBy}, 'accepted', ${at(-6)}, ${at(-8)}, ${at(-9)}, ${at(-8)}) RETURNING id`,
      [demand!.id, seller, buyer, d.productCode, d.unit, d.provinceCode],
    )) as Array<{ id: string }>;
    await manager.query(
      `INSERT INTO offer_lines (offer_id, line_no, organization_id, quantity, unit_price_amount, unit_price_currency) VALUES ($1, 1, $2, $3, $4, $5)`,
      [offer!.id, seller, d.quantity, d.price[0], d.price[1]],
    );
    const [deal] = (await manager.query(
      `INSERT INTO deals (offer_id, kind, demand_id, buyer_organization_id, seller_organization_id, product_code, unit, province_code, quantity,
         deliver_by, status, agreed_at, delivered_at, completed_at)
       VALUES ($1, 'quote', $2, $3, $4, $5, $6, $7, $8, ${deliverBy}, 'completed', ${at(-8)}, ${at(-1)}, ${at(0)}) RETURNING id`,
      [offer!.id, demand!.id, buyer, seller, d.productCode, d.unit, d.provinceCode, d.quantity],
    )) as Array<{ id: string }>;
    await manager.query(
      `INSERT INTO deal_lines (deal_id, line_no, organization_id, quantity, unit_price_amount, unit_price_currency) VALUES ($1, 1, $2, $3, $4, $5)`,
      [deal!.id, seller, d.quantity, d.price[0], d.price[1]],
    );
    const reviews: Array<['buyer' | 'seller', string, string, [number, string?]]> = [];
    if (d.buyerReview) reviews.push(['buyer', buyer, seller, d.buyerReview]);
    if (d.sellerReview) reviews.push(['seller', seller, buyer, d.sellerReview]);
    for (const [side, reviewer, reviewee, [rating, comment]] of reviews) {
      await manager.query(
        `INSERT INTO deal_reviews (deal_id, side, reviewer_organization_id, reviewee_organization_id, rating, comment, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, ${at(side === 'buyer' ? 1 : 2)})`,
        [deal!.id, side, reviewer, reviewee, rating, comment ?? null],
      );
    }
  }
  await manager.query('INSERT INTO reputation_refreshes (organization_id) SELECT unnest($1::uuid[]) ON CONFLICT DO NOTHING', [[...ids.values()]]);
};
