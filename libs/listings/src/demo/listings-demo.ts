import { PRODUCTS, PROVINCES } from '@psar/catalog';
import { searchableTextOrNull, type Seeder } from '@psar/platform';
import type { EntityManager } from 'typeorm';
import { productSearchTerms } from '../market/market-catalog.service';

// The demo organizations of libs/identity/src/demo/identity-demo.ts, by name.
const TILE_COOPERATIVE = 'Prey Veng Clay Tile Makers (demo)';
const BRICK_WORKS = 'Ba Phnom Brick Works (demo)';
const FISH_GROUP = 'Prey Veng Fish Farmers Working Group (demo)';
const POND_FARM = 'Peam Ro Pond Farm (demo)';
const BUILDER = 'Mekong Build Co. (demo)';
const SUPPLIER = 'Golden Harvest Feed & Vet Supply (demo)';

interface DemoListing {
  seller: string;
  productCode: string;
  title: string;
  description?: string;
  quantity: string;
  unit: string;
  price: [string, 'KHR' | 'USD'];
  grade?: string;
  provinceCode: string;
  location?: { lat: number; lng: number };
  minOrder?: string;
}

interface DemoDemand {
  buyer: string;
  productCode: string;
  quantity: string;
  unit: string;
  maxPrice?: [string, 'KHR' | 'USD'];
  grade?: string;
  deliveryProvinceCode: string;
  deliveryLocation?: { lat: number; lng: number };
  neededInDays: number;
  description?: string;
}

const LISTINGS: DemoListing[] = [
  {
    seller: TILE_COOPERATIVE,
    productCode: 'clay_roof_tile',
    title: 'Grade-A clay roof tiles from the Kampong Leav kilns',
    description: 'Fired twice, sorted by hand. Pooled from our member kilns; loading at Kampong Leav.',
    quantity: '25000',
    unit: 'piece',
    price: ['650', 'KHR'],
    grade: 'A',
    provinceCode: 'KH-14',
    location: { lat: 11.48, lng: 105.32 },
    minOrder: '2000',
  },
  {
    seller: TILE_COOPERATIVE,
    productCode: 'clay_roof_tile',
    title: 'Grade-B roof tiles, partner kiln in Kampong Chhnang',
    description: 'Small colour differences; sound and watertight. Good for sheds and outbuildings.',
    quantity: '30000',
    unit: 'piece',
    price: ['420', 'KHR'],
    grade: 'B',
    provinceCode: 'KH-4',
  },
  {
    seller: BRICK_WORKS,
    productCode: 'clay_roof_tile',
    title: 'Grade-A roof tiles, Ba Phnom',
    quantity: '20000',
    unit: 'piece',
    price: ['700', 'KHR'],
    grade: 'A',
    provinceCode: 'KH-14',
    location: { lat: 11.26, lng: 105.41 },
    minOrder: '1000',
  },
  {
    seller: BRICK_WORKS,
    productCode: 'clay_roof_tile',
    title: 'Grade-C tiles at our Ta Khmau depot',
    description: 'Seconds at a low price, near Phnom Penh.',
    quantity: '12000',
    unit: 'piece',
    price: ['0.07', 'USD'],
    grade: 'C',
    provinceCode: 'KH-8',
  },
  {
    seller: BRICK_WORKS,
    productCode: 'clay_brick',
    title: 'Solid clay bricks, grade A',
    quantity: '60000',
    unit: 'piece',
    price: ['180', 'KHR'],
    grade: 'A',
    provinceCode: 'KH-14',
    location: { lat: 11.26, lng: 105.41 },
    minOrder: '5000',
  },
  {
    seller: POND_FARM,
    productCode: 'tilapia',
    title: 'Fresh tilapia, 400-600 g each',
    quantity: '2000',
    unit: 'kg',
    price: ['1.60', 'USD'],
    provinceCode: 'KH-14',
    location: { lat: 11.55, lng: 105.27 },
    minOrder: '100',
  },
  {
    seller: POND_FARM,
    productCode: 'pangasius',
    title: 'Pond-raised pangasius (trey pra)',
    quantity: '5000',
    unit: 'kg',
    price: ['5200', 'KHR'],
    provinceCode: 'KH-14',
    location: { lat: 11.55, lng: 105.27 },
    minOrder: '200',
  },
  {
    seller: FISH_GROUP,
    productCode: 'snakehead',
    title: 'Snakehead from member ponds, pooled by the working group',
    quantity: '800',
    unit: 'kg',
    price: ['12000', 'KHR'],
    provinceCode: 'KH-14',
    location: { lat: 11.52, lng: 105.28 },
  },
  {
    seller: POND_FARM,
    productCode: 'live_pig',
    title: 'Fattened pigs, 95-110 kg, vaccinated',
    description: 'Raised beside our ponds on farm feed; vaccination cards available.',
    quantity: '40',
    unit: 'head',
    price: ['1150000', 'KHR'],
    provinceCode: 'KH-14',
    location: { lat: 11.55, lng: 105.27 },
    minOrder: '5',
  },
  {
    seller: SUPPLIER,
    productCode: 'swine_feed',
    title: 'Grower feed for pigs, 25 kg bags',
    quantity: '10000',
    unit: 'kg',
    price: ['0.55', 'USD'],
    provinceCode: 'KH-3',
    location: { lat: 11.99, lng: 105.46 },
    minOrder: '250',
  },
  {
    seller: SUPPLIER,
    productCode: 'fish_feed',
    title: 'Floating fish feed, 30 % protein',
    quantity: '8000',
    unit: 'kg',
    price: ['0.62', 'USD'],
    provinceCode: 'KH-3',
    location: { lat: 11.99, lng: 105.46 },
    minOrder: '500',
  },
];

const DEMANDS: DemoDemand[] = [
  {
    // No producer has 40,000 grade-A tiles: only the cooperative and Ba Phnom together can fill it.
    buyer: BUILDER,
    productCode: 'clay_roof_tile',
    quantity: '40000',
    unit: 'piece',
    maxPrice: ['800', 'KHR'],
    grade: 'A',
    deliveryProvinceCode: 'KH-12',
    deliveryLocation: { lat: 11.55, lng: 104.92 },
    neededInDays: 45,
    description: 'Roof of a new primary school in Chbar Ampov. Delivery to site, in up to five loads.',
  },
  {
    buyer: POND_FARM,
    productCode: 'fish_feed',
    quantity: '3000',
    unit: 'kg',
    maxPrice: ['0.70', 'USD'],
    deliveryProvinceCode: 'KH-14',
    deliveryLocation: { lat: 11.55, lng: 105.27 },
    neededInDays: 20,
  },
];

/** Listings and demands of the demo organizations; after identity's demo seeder. */
export const listingsDemoSeeder: Seeder = async (manager: EntityManager) => {
  const names = [TILE_COOPERATIVE, BRICK_WORKS, FISH_GROUP, POND_FARM, BUILDER, SUPPLIER];
  const rows = (await manager.query('SELECT id, name FROM organizations WHERE name = ANY($1::text[])', [names])) as Array<{
    id: string;
    name: string;
  }>;
  const ids = new Map(rows.map((r) => [r.name, r.id]));
  const idOf = (name: string) => {
    const id = ids.get(name);
    if (!id) throw new Error(`listings demo: the demo organization "${name}" is missing (identity's demo seeder runs first)`);
    return id;
  };
  const product = (code: string) => {
    const found = PRODUCTS.find((p) => p.code === code);
    if (!found) throw new Error(`listings demo: unknown product ${code}`);
    return found;
  };
  const centroid = (code: string) => PROVINCES.find((p) => p.code === code)!;
  const rank = (code: string, grade?: string) => (grade ? product(code).grades.indexOf(grade) + 1 : null);

  for (const l of LISTINGS) {
    const point = l.location ?? centroid(l.provinceCode);
    await manager.query(
      `INSERT INTO listings (organization_id, product_code, value_chain_code, title, description, search_terms, quantity,
         quantity_remaining, min_order_quantity, unit, price_amount, price_currency, quality_grade, grade_rank, province_code,
         lat, lng, location_precise, available_from, available_until, search_title, search_description)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
               now() - interval '1 day', now() + interval '90 days', $18, $19)`,
      [
        idOf(l.seller),
        l.productCode,
        product(l.productCode).valueChainCode,
        l.title,
        l.description ?? null,
        productSearchTerms(product(l.productCode)),
        l.quantity,
        l.minOrder ?? null,
        l.unit,
        l.price[0],
        l.price[1],
        l.grade ?? null,
        rank(l.productCode, l.grade),
        l.provinceCode,
        point.lat,
        point.lng,
        l.location !== undefined,
        searchableTextOrNull(l.title),
        searchableTextOrNull(l.description),
      ],
    );
  }
  for (const d of DEMANDS) {
    const point = d.deliveryLocation ?? centroid(d.deliveryProvinceCode);
    await manager.query(
      `INSERT INTO demands (organization_id, product_code, value_chain_code, description, search_terms, quantity, unit,
         max_price_amount, max_price_currency, quality_grade, grade_rank, delivery_province_code, lat, lng, location_precise, needed_by,
         search_description)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, now() + make_interval(days => $16), $17)`,
      [
        idOf(d.buyer),
        d.productCode,
        product(d.productCode).valueChainCode,
        d.description ?? null,
        productSearchTerms(product(d.productCode)),
        d.quantity,
        d.unit,
        d.maxPrice?.[0] ?? null,
        d.maxPrice?.[1] ?? null,
        d.grade ?? null,
        rank(d.productCode, d.grade),
        d.deliveryProvinceCode,
        point.lat,
        point.lng,
        d.deliveryLocation !== undefined,
        d.neededInDays,
        searchableTextOrNull(d.description),
      ],
    );
  }
};
