import type { Seeder } from '@psar/platform';
import type { EntityManager } from 'typeorm';

const ORGANIZER = 'Prey Veng Provincial Department of Agriculture (demo)';
const TILES = 'Prey Veng Clay Tile Makers (demo)';
const BRICKS = 'Ba Phnom Brick Works (demo)';
const FISH_GROUP = 'Prey Veng Fish Farmers Working Group (demo)';
const POND = 'Peam Ro Pond Farm (demo)';
const SUPPLIER = 'Golden Harvest Feed & Vet Supply (demo)';

interface DemoStall {
  code: string;
  zone: string;
  x: number;
  y: number;
  width: number;
  height: number;
  type: 'standard' | 'corner' | 'food' | 'livestock';
  price: [string, 'KHR' | 'USD'];
}

/** Rows of 3 × 3 m stalls sharing their side walls; the ends of each row are corner stalls. */
function stallRow(letter: string, zone: string, y: number, count: number, type: DemoStall['type'], price: DemoStall['price']): DemoStall[] {
  return Array.from({ length: count }, (_, i) => ({
    code: `${letter}-${String(i + 1).padStart(2, '0')}`,
    zone,
    x: 6 + i * 3,
    y,
    width: 3,
    height: 3,
    type: type === 'standard' && (i === 0 || i === count - 1) ? 'corner' : type,
    price: type === 'standard' && (i === 0 || i === count - 1) ? ['60.00', 'USD'] : price,
  }));
}

// 60 × 40 m: rows A/B back to back, an aisle, rows C/D back to back, a livestock pen.
const OPEN_FAIR_STALLS: DemoStall[] = [
  ...stallRow('A', 'Clay tiles and bricks', 4, 10, 'standard', ['40.00', 'USD']),
  ...stallRow('B', 'Inputs and services', 7, 10, 'standard', ['40.00', 'USD']),
  ...stallRow('C', 'Fish and swine', 16, 10, 'standard', ['160000.00', 'KHR']),
  ...stallRow('D', 'Food court', 19, 9, 'food', ['120000.00', 'KHR']),
  { code: 'L-01', zone: 'Livestock', x: 42, y: 28, width: 12, height: 8, type: 'livestock', price: ['80.00', 'USD'] },
];

async function organizationIds(manager: EntityManager): Promise<Map<string, string>> {
  const rows = (await manager.query('SELECT id, name FROM organizations WHERE name = ANY($1)', [
    [ORGANIZER, TILES, BRICKS, FISH_GROUP, POND, SUPPLIER],
  ])) as Array<{ id: string; name: string }>;
  return new Map(rows.map((r) => [r.name, r.id]));
}

async function insertStalls(manager: EntityManager, fairId: string, stalls: DemoStall[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const s of stalls) {
    const [row] = (await manager.query(
      `INSERT INTO fair_stalls (fair_id, plan_width, plan_height, code, zone, x, y, width, height, type, price_amount, price_currency)
       SELECT id, plan_width, plan_height, $2, $3, $4, $5, $6, $7, $8, $9, $10 FROM trade_fairs WHERE id = $1 RETURNING id`,
      [fairId, s.code, s.zone, s.x, s.y, s.width, s.height, s.type, s.price[0], s.price[1]],
    )) as Array<{ id: string }>;
    ids.set(s.code, row!.id);
  }
  return ids;
}

interface DemoBooking {
  stall: string;
  exhibitor: string;
  status: 'requested' | 'approved';
  payment: 'unpaid' | 'paid' | 'waived';
  showcase?: string[];
}

async function insertBookings(manager: EntityManager, fairId: string, stalls: Map<string, string>, orgs: Map<string, string>, bookings: DemoBooking[], requestedAt: string): Promise<void> {
  for (const b of bookings) {
    const exhibitorId = orgs.get(b.exhibitor)!;
    await manager.query(`INSERT INTO fair_exhibitors (fair_id, exhibitor_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [fairId, exhibitorId]);
    await manager.query(
      `INSERT INTO stall_bookings (fair_id, stall_id, exhibitor_id, status, payment_status, price_amount, price_currency, requested_at, hold_until,
                                   decided_at, requested_by, decided_by)
       SELECT $1, s.id, $3, $4, $5, s.price_amount, s.price_currency, ${requestedAt}, ${requestedAt} + interval '3 days',
              CASE WHEN $4 = 'approved' THEN ${requestedAt} + interval '1 day' END,
              (SELECT user_id FROM memberships WHERE organization_id = $3 AND role = 'owner' LIMIT 1),
              CASE WHEN $4 = 'approved' THEN (SELECT user_id FROM memberships WHERE organization_id = f.organizer_id AND role = 'owner' LIMIT 1) END
       FROM fair_stalls s JOIN trade_fairs f ON f.id = s.fair_id WHERE s.id = $2`,
      [fairId, stalls.get(b.stall), exhibitorId, b.status, b.payment],
    );
  }
}

/**
 * DEMO ONLY: an open fair in Prey Veng with 40 stalls, some requested or taken by the
 * demo producers, and last season's fair, completed, with visitors per day and sales.
 * Runs after the identity demo seeder (its organizations).
 */
export const tradeFairsDemoSeeder: Seeder = async (manager: EntityManager) => {
  const orgs = await organizationIds(manager);
  const organizerId = orgs.get(ORGANIZER);
  if (!organizerId) return;

  const [open] = (await manager.query(
    `INSERT INTO trade_fairs (organizer_id, name, province_code, venue, lat, lng, starts_on, ends_on, applications_close_at,
                              description, plan_width, plan_height, booking_hold_hours, max_stalls_per_exhibitor, status)
     VALUES ($1, 'Prey Veng Local Products Fair (demo)', 'KH-14', 'Provincial Hall grounds, Prey Veng town', 11.485, 105.325,
             (now() AT TIME ZONE 'Asia/Phnom_Penh')::date + 30, (now() AT TIME ZONE 'Asia/Phnom_Penh')::date + 32,
             date_trunc('day', now() AT TIME ZONE 'Asia/Phnom_Penh') AT TIME ZONE 'Asia/Phnom_Penh' + interval '20 days 17 hours',
             'Three days of clay tiles, bricks, fish, pork and honey from Prey Veng producers, with buyers from Phnom Penh. Stall requests are decided within three days.',
             60, 40, 72, 3, 'open')
     RETURNING id`,
    [organizerId],
  )) as Array<{ id: string }>;
  const openStalls = await insertStalls(manager, open!.id, OPEN_FAIR_STALLS);
  await insertBookings(
    manager,
    open!.id,
    openStalls,
    orgs,
    [
      { stall: 'A-01', exhibitor: TILES, status: 'approved', payment: 'paid' },
      { stall: 'A-02', exhibitor: TILES, status: 'approved', payment: 'paid' },
      { stall: 'A-03', exhibitor: BRICKS, status: 'approved', payment: 'unpaid' },
      { stall: 'B-01', exhibitor: SUPPLIER, status: 'approved', payment: 'waived' },
      { stall: 'C-04', exhibitor: POND, status: 'requested', payment: 'unpaid' },
      { stall: 'C-05', exhibitor: FISH_GROUP, status: 'requested', payment: 'unpaid' },
    ].filter((b) => orgs.has(b.exhibitor)) as DemoBooking[],
    'now()',
  );

  const [past] = (await manager.query(
    `INSERT INTO trade_fairs (organizer_id, name, province_code, venue, lat, lng, starts_on, ends_on, applications_close_at,
                              description, plan_width, plan_height, status)
     VALUES ($1, 'Prey Veng Harvest Fair (demo)', 'KH-14', 'Provincial Hall grounds, Prey Veng town', 11.485, 105.325,
             (now() AT TIME ZONE 'Asia/Phnom_Penh')::date - 120, (now() AT TIME ZONE 'Asia/Phnom_Penh')::date - 118,
             now() - interval '130 days', 'Last season''s fair.', 60, 40, 'completed')
     RETURNING id`,
    [organizerId],
  )) as Array<{ id: string }>;
  const pastStalls = await insertStalls(manager, past!.id, OPEN_FAIR_STALLS.filter((s) => s.code.startsWith('A') || s.code.startsWith('C')));
  await insertBookings(
    manager,
    past!.id,
    pastStalls,
    orgs,
    [
      { stall: 'A-01', exhibitor: TILES, status: 'approved', payment: 'paid' },
      { stall: 'A-02', exhibitor: BRICKS, status: 'approved', payment: 'paid' },
      { stall: 'C-01', exhibitor: POND, status: 'approved', payment: 'paid' },
    ].filter((b) => orgs.has(b.exhibitor)) as DemoBooking[],
    `now() - interval '140 days'`,
  );
  await manager.query(
    `INSERT INTO fair_visitor_counts (fair_id, day, count)
     SELECT $1, f.starts_on + d.n, d.visitors FROM trade_fairs f, (VALUES (0, 8200), (1, 11450), (2, 14900)) AS d (n, visitors) WHERE f.id = $1`,
    [past!.id],
  );
  await manager.query(
    `UPDATE fair_exhibitors SET reported_sales_amount = v.amount, reported_sales_currency = v.currency, reported_sales_at = now() - interval '117 days'
     FROM (VALUES ($2::uuid, 3200.00, 'USD'), ($3::uuid, 5400000.00, 'KHR'), ($4::uuid, 1850.00, 'USD')) AS v (exhibitor_id, amount, currency)
     WHERE fair_exhibitors.fair_id = $1 AND fair_exhibitors.exhibitor_id = v.exhibitor_id`,
    [past!.id, orgs.get(TILES) ?? null, orgs.get(BRICKS) ?? null, orgs.get(POND) ?? null],
  );
};
