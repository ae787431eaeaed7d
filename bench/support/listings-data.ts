/**
 * The market bench/listings.bench.ts searches: organizations, cooperatives, listings and
 * open demands across every product and province, generated from a fixed seed and
 * inserted in batches (one multi-row INSERT … SELECT FROM unnest(…) per batch).
 */
import { PRODUCTS, PROVINCES, type ProductData } from '@psar/catalog';
import { productSearchTerms } from '@psar/listings/market/market-catalog.service';
import { searchableTextOrNull } from '@psar/platform';
import type { Pool } from 'pg';

/** Deterministic pseudo-random numbers (mulberry32), so every run loads the same market. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rng = () => number;
export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
const between = (rng: Rng, min: number, max: number) => min + rng() * (max - min);

/** Unit price in KHR around which a product's listings are priced, and a typical lot. */
const MARKET: Record<string, { price: number; lot: [number, number]; weight: number }> = {
  live_pig: { price: 1_100_000, lot: [5, 80], weight: 4 },
  piglet: { price: 250_000, lot: [10, 100], weight: 3 },
  pork: { price: 16_000, lot: [50, 2000], weight: 3 },
  tilapia: { price: 6_500, lot: [100, 5000], weight: 5 },
  pangasius: { price: 5_200, lot: [200, 8000], weight: 4 },
  snakehead: { price: 12_000, lot: [50, 1500], weight: 3 },
  clay_roof_tile: { price: 650, lot: [2000, 40000], weight: 8 },
  clay_brick: { price: 180, lot: [5000, 100000], weight: 7 },
  clay_hollow_brick: { price: 260, lot: [3000, 60000], weight: 5 },
  wild_honey: { price: 30_000, lot: [20, 600], weight: 2 },
  farmed_honey: { price: 24_000, lot: [20, 800], weight: 2 },
  liquid_resin: { price: 4_200, lot: [100, 3000], weight: 2 },
  solid_resin: { price: 14_000, lot: [50, 1500], weight: 1 },
  homestay_night: { price: 40_000, lot: [1, 30], weight: 1 },
  guided_tour: { price: 80_000, lot: [1, 20], weight: 1 },
  ceramic_water_filter: { price: 60_000, lot: [20, 500], weight: 2 },
  drinking_water: { price: 500, lot: [1000, 20000], weight: 2 },
  latrine_kit: { price: 180_000, lot: [5, 200], weight: 2 },
  latrine_pit_ring: { price: 30_000, lot: [20, 600], weight: 2 },
  garment: { price: 12_000, lot: [100, 5000], weight: 3 },
  krama: { price: 9_000, lot: [50, 2000], weight: 2 },
  swine_feed: { price: 2_300, lot: [500, 20000], weight: 3 },
  fish_feed: { price: 2_500, lot: [500, 20000], weight: 3 },
  swine_vaccine: { price: 3_000, lot: [100, 5000], weight: 1 },
  veterinary_medicine: { price: 15_000, lot: [20, 1000], weight: 1 },
  tilapia_fingerling: { price: 150, lot: [2000, 50000], weight: 2 },
  pangasius_fingerling: { price: 120, lot: [2000, 50000], weight: 2 },
  snakehead_fingerling: { price: 300, lot: [1000, 20000], weight: 1 },
  breeding_boar: { price: 2_500_000, lot: [1, 10], weight: 1 },
  breeding_gilt: { price: 1_800_000, lot: [1, 20], weight: 1 },
  boar_semen_dose: { price: 40_000, lot: [10, 300], weight: 1 },
};

const WEIGHTED_PRODUCTS: ProductData[] = PRODUCTS.flatMap((p) => Array.from({ length: MARKET[p.code]?.weight ?? 1 }, () => p));
export const pickProduct = (rng: Rng) => pick(rng, WEIGHTED_PRODUCTS);

const OPENERS = ['Fresh', 'Quality', 'Bulk', 'Sorted', 'Farm-gate', 'Surplus', 'Ready now:', 'New stock:', 'Reliable', 'Local'];
const CLOSERS = ['from our farm', 'cooperative stock', 'family business', 'ready to load', 'delivery possible', 'good price', 'weekly supply'];
const DESCRIPTIONS = [
  'Collected this week and stored under cover.',
  'We can deliver by truck within the province.',
  'Sorted by hand; samples at the farm.',
  'Part of a cooperative: larger orders can be pooled with our neighbours.',
  'Price negotiable for the whole lot.',
  'Certified by the provincial department last season.',
  'Loading from 7 am; call the day before.',
  'ផលិតផលល្អ ដឹកជញ្ជូនបានក្នុងខេត្ត។',
];

function title(rng: Rng, product: ProductData, grade: string | null, provinceName: string, provinceKm: string): string {
  if (rng() < 0.1) return `${product.nameKm} ${grade ? `ថ្នាក់ ${grade} ` : ''}${provinceKm}`;
  const gradeText = grade ? `grade-${grade} ` : '';
  return `${pick(rng, OPENERS)} ${gradeText}${product.nameEn.toLowerCase()} ${rng() < 0.5 ? `from ${provinceName}` : pick(rng, CLOSERS)}`;
}

const round2 = (x: number) => (Math.round(x * 100) / 100).toFixed(2);

function price(rng: Rng, product: ProductData): { amount: string; currency: 'KHR' | 'USD' } {
  const khr = (MARKET[product.code]?.price ?? 10_000) * between(rng, 0.6, 1.4);
  if (rng() < 0.3) return { amount: round2(Math.max(0.01, khr / 4100)), currency: 'USD' };
  return { amount: String(Math.max(1, Math.round(khr))), currency: 'KHR' };
}

function lot(rng: Rng, product: ProductData, scale = 1): number {
  const [min, max] = MARKET[product.code]?.lot ?? [10, 1000];
  // Few large lots, many small ones.
  return Math.max(1, Math.round(min + (max - min) * rng() ** 2 * scale));
}

function place(rng: Rng) {
  const province = pick(rng, PROVINCES);
  return { province, lat: province.lat + between(rng, -0.35, 0.35), lng: province.lng + between(rng, -0.35, 0.35) };
}

export interface BenchOrganizations {
  sellers: string[];
  buyers: string[];
}

/** Selling firms (a fifth of them in cooperatives), buying firms, and the cooperatives. */
export async function insertOrganizations(pool: Pool, rng: Rng, sellerCount: number, buyerCount: number): Promise<BenchOrganizations> {
  const insert = async (count: number, kind: string, capabilities: string[], name: string) => {
    const places = Array.from({ length: count }, () => place(rng));
    const rows = await pool.query<{ id: string }>(
      `INSERT INTO organizations (name, kind, capabilities, province_code, lat, lng, verified_at)
       SELECT n, $2, $3::text[], p, la, ln, CASE WHEN v THEN now() END
       FROM unnest($1::text[], $4::text[], $5::float8[], $6::float8[], $7::bool[]) AS u(n, p, la, ln, v)
       RETURNING id`,
      [
        places.map((_, i) => `${name} ${i + 1}`),
        kind,
        capabilities,
        places.map((p) => p.province.code),
        places.map((p) => p.lat),
        places.map((p) => p.lng),
        places.map(() => rng() < 0.2),
      ],
    );
    return rows.rows.map((r) => r.id);
  };
  const sellers = await insert(sellerCount, 'firm', ['sell'], 'Bench producer');
  const buyers = await insert(buyerCount, 'firm', ['buy'], 'Bench buyer');
  const cooperatives = await insert(Math.max(1, Math.floor(sellerCount / 50)), 'cooperative', ['sell'], 'Bench cooperative');
  const members = sellers.filter(() => rng() < 0.2);
  await pool.query(
    `INSERT INTO group_memberships (group_id, organization_id, status, decided_at)
     SELECT g, o, 'approved', now() FROM unnest($1::uuid[], $2::uuid[]) AS u(g, o)`,
    [members.map(() => pick(rng, cooperatives)), members],
  );
  return { sellers: [...sellers, ...cooperatives], buyers };
}

const BATCH = 5000;

/** A progress bar on stderr (a line per tenth when not a terminal). */
export function progress(label: string, total: number): (done: number) => void {
  const started = Date.now();
  let lastTenth = -1;
  return (done) => {
    const share = total === 0 ? 1 : done / total;
    const rate = Math.round(done / Math.max(0.001, (Date.now() - started) / 1000));
    const text = `${label} ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} (${rate.toLocaleString('en-US')} rows/s)`;
    if (process.stderr.isTTY) {
      const width = 30;
      const filled = Math.round(share * width);
      process.stderr.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.floor(share * 100)}% ${text}`);
      if (done >= total) process.stderr.write('\n');
    } else if (Math.floor(share * 10) > lastTenth) {
      lastTenth = Math.floor(share * 10);
      process.stderr.write(`${Math.floor(share * 100)}% ${text}\n`);
    }
  };
}

const DAY = 86_400_000;

/**
 * Listings in every status (mostly active), posted over the last half year. The lexicon
 * trigger is off during the load and the lexicon is filled once at the end from ts_stat,
 * which is what the trigger would have left behind.
 */
export async function insertListings(pool: Pool, rng: Rng, count: number, sellers: string[]): Promise<void> {
  const now = Date.now();
  const tick = progress('listings', count);
  await pool.query('ALTER TABLE listings DISABLE TRIGGER listings_collect_terms');
  for (let done = 0; done < count; ) {
    const n = Math.min(BATCH, count - done);
    const cols: Record<string, unknown[]> = {};
    const push = (key: string, value: unknown) => (cols[key] ??= []).push(value);
    for (let i = 0; i < n; i++) {
      const product = pickProduct(rng);
      const grade = product.grades.length && rng() < 0.85 ? pick(rng, product.grades) : null;
      const where = place(rng);
      const quantity = lot(rng, product);
      const r = rng();
      const status = r < 0.85 ? 'active' : r < 0.9 ? 'sold_out' : r < 0.94 ? 'paused' : r < 0.98 ? 'expired' : 'closed';
      const remaining = status === 'sold_out' ? 0 : rng() < 0.8 ? quantity : Math.floor(quantity * rng());
      // Posted over the last half year, in the order of the rows, as a live table fills.
      const createdAt = now - 180 * DAY + ((done + i) / count) * 180 * DAY - rng() * 60_000;
      const availableFrom = status === 'expired' ? now - 120 * DAY : createdAt + rng() * 20 * DAY;
      const availableUntil =
        status === 'expired' ? now - rng() * 30 * DAY : rng() < 0.7 ? Math.max(availableFrom, now) + (1 + rng() * 120) * DAY : null;
      const p = price(rng, product);
      push('organization_id', pick(rng, sellers));
      push('product_code', product.code);
      push('value_chain_code', product.valueChainCode);
      const text = { title: title(rng, product, grade, where.province.nameEn, where.province.nameKm), description: rng() < 0.4 ? pick(rng, DESCRIPTIONS) : null };
      push('title', text.title);
      push('description', text.description);
      push('search_terms', productSearchTerms(product));
      push('quantity', quantity);
      push('quantity_remaining', status === 'active' && remaining === 0 ? quantity : remaining);
      push('min_order_quantity', rng() < 0.3 ? Math.max(1, Math.floor(quantity / 10)) : null);
      push('unit', product.unit);
      push('price_amount', p.amount);
      push('price_currency', p.currency);
      push('quality_grade', grade);
      push('grade_rank', grade ? product.grades.indexOf(grade) + 1 : null);
      push('province_code', where.province.code);
      push('lat', where.lat);
      push('lng', where.lng);
      push('location_precise', rng() < 0.6);
      push('available_from', new Date(availableFrom));
      push('available_until', availableUntil === null ? null : new Date(availableUntil));
      push('status', status);
      // As the app stores them: the Khmer titles split into words (searchableText).
      push('search_title', searchableTextOrNull(text.title));
      push('search_description', searchableTextOrNull(text.description));
      push('created_at', new Date(createdAt));
    }
    await pool.query(
      `INSERT INTO listings (organization_id, product_code, value_chain_code, title, description, search_terms, quantity,
         quantity_remaining, min_order_quantity, unit, price_amount, price_currency, quality_grade, grade_rank, province_code,
         lat, lng, location_precise, available_from, available_until, status, search_title, search_description, created_at, updated_at)
       SELECT *, c FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::numeric[], $8::numeric[],
         $9::numeric[], $10::text[], $11::numeric[], $12::text[], $13::text[], $14::int2[], $15::text[], $16::float8[], $17::float8[],
         $18::bool[], $19::timestamptz[], $20::timestamptz[], $21::text[], $22::text[], $23::text[], $24::timestamptz[])
         AS u(o, p, v, t, d, s, q, r, m, un, pa, pc, g, gr, pr, la, ln, lp, af, au, st, stt, sd, c)`,
      Object.values(cols),
    );
    done += n;
    tick(done);
  }
  await pool.query('ALTER TABLE listings ENABLE TRIGGER listings_collect_terms');
}

/** Open demands; some ask for more than one producer usually has, so pooling has work. */
export async function insertDemands(pool: Pool, rng: Rng, count: number, buyers: string[]): Promise<void> {
  const now = Date.now();
  const tick = progress('demands', count);
  await pool.query('ALTER TABLE demands DISABLE TRIGGER demands_collect_terms');
  for (let done = 0; done < count; ) {
    const n = Math.min(BATCH, count - done);
    const cols: Record<string, unknown[]> = {};
    const push = (key: string, value: unknown) => (cols[key] ??= []).push(value);
    for (let i = 0; i < n; i++) {
      const product = pickProduct(rng);
      const where = place(rng);
      const grade = product.grades.length && rng() < 0.5 ? pick(rng, product.grades) : null;
      const max = rng() < 0.6 ? price(rng, product) : null;
      const description = rng() < 0.3 ? pick(rng, DESCRIPTIONS) : null;
      push('organization_id', pick(rng, buyers));
      push('product_code', product.code);
      push('value_chain_code', product.valueChainCode);
      push('description', description);
      push('search_terms', productSearchTerms(product));
      push('quantity', lot(rng, product, rng() < 0.3 ? 3 : 1));
      push('unit', product.unit);
      push('max_price_amount', max?.amount ?? null);
      push('max_price_currency', max?.currency ?? null);
      push('quality_grade', grade);
      push('grade_rank', grade ? product.grades.indexOf(grade) + 1 : null);
      push('delivery_province_code', where.province.code);
      push('lat', where.lat);
      push('lng', where.lng);
      push('needed_by', new Date(now + (5 + rng() * 85) * DAY));
      push('allow_pooled', rng() < 0.8);
      push('search_description', searchableTextOrNull(description));
      push('created_at', new Date(now - 60 * DAY + ((done + i) / count) * 60 * DAY));
    }
    await pool.query(
      `INSERT INTO demands (organization_id, product_code, value_chain_code, description, search_terms, quantity, unit,
         max_price_amount, max_price_currency, quality_grade, grade_rank, delivery_province_code, lat, lng, needed_by, allow_pooled,
         search_description, created_at, updated_at)
       SELECT *, c FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::numeric[], $7::text[], $8::numeric[],
         $9::text[], $10::text[], $11::int2[], $12::text[], $13::float8[], $14::float8[], $15::timestamptz[], $16::bool[],
         $17::text[], $18::timestamptz[]) AS u(o, p, v, d, s, q, un, mp, mc, g, gr, pr, la, ln, nb, ap, sd, c)`,
      Object.values(cols),
    );
    done += n;
    tick(done);
  }
  await pool.query('ALTER TABLE demands ENABLE TRIGGER demands_collect_terms');
}

/** What the lexicon triggers would have collected, in one statement. */
export async function fillLexicon(pool: Pool): Promise<void> {
  await pool.query(`
    INSERT INTO search_lexicon (term)
    SELECT word FROM ts_stat('SELECT search_vector FROM listings UNION ALL SELECT search_vector FROM demands')
    WHERE length(word) BETWEEN 3 AND 64 AND word !~ '^[0-9.,-]+$' AND word !~ '^zz[abc][0-9]+k[0-9]+$' AND word !~ '^zz[pv][a-z]+$'
    ON CONFLICT (term) DO NOTHING`);
}
