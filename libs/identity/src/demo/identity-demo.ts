import { searchableTextOrNull, type Seeder } from '@psar/platform';
import type { EntityManager } from 'typeorm';
import { hashPassword } from '../users/password-hash';
import type { Capability, OrganizationKind } from '../organizations/organization.entity';

/** DEMO ONLY: the password of every demo user. Printed by `npm start` on the embedded database. */
export const DEMO_PASSWORD = 'psar-demo-2025';

export interface DemoLogin {
  organization: string;
  name: string;
  login: string;
  phone: string;
}

interface DemoOrganization {
  name: string;
  kind: OrganizationKind;
  capabilities: Capability[];
  provinceCode: string;
  district: string;
  location: { lat: number; lng: number };
  valueChains: string[];
  description: string;
  verified?: boolean;
  /** Name of the group this firm is an approved member of. */
  memberOf?: string;
  user: { name: string; email: string; phone: string; locale: 'km' | 'en' };
}

// Fictional organizations and people; numbers use a range no Cambodian operator assigns to a person we know of.
const ORGANIZATIONS: DemoOrganization[] = [
  {
    name: 'Prey Veng Clay Tile Makers (demo)',
    kind: 'cooperative',
    capabilities: ['sell'],
    provinceCode: 'KH-14',
    district: 'Kampong Leav',
    location: { lat: 11.48, lng: 105.32 },
    valueChains: ['clay_tiles_bricks'],
    description: 'Twelve family kilns pooling grade-A roof tiles for large orders.',
    user: { name: 'Sokha Chan', email: 'tiles@demo.psar.example', phone: '+85512000101', locale: 'km' },
  },
  {
    name: 'Ba Phnom Brick Works (demo)',
    kind: 'firm',
    capabilities: ['sell'],
    provinceCode: 'KH-14',
    district: 'Ba Phnom',
    location: { lat: 11.26, lng: 105.41 },
    valueChains: ['clay_tiles_bricks'],
    description: 'Solid and hollow bricks from a two-kiln family business.',
    memberOf: 'Prey Veng Clay Tile Makers (demo)',
    user: { name: 'Dara Meas', email: 'bricks@demo.psar.example', phone: '+85512000102', locale: 'km' },
  },
  {
    name: 'Prey Veng Fish Farmers Working Group (demo)',
    kind: 'working_group',
    capabilities: ['sell'],
    provinceCode: 'KH-14',
    district: 'Peam Ro',
    location: { lat: 11.52, lng: 105.28 },
    valueChains: ['aquaculture'],
    description: 'Pond farmers sharing fingerling orders, feed purchases and buyers.',
    user: { name: 'Bopha Keo', email: 'fish-group@demo.psar.example', phone: '+85512000103', locale: 'km' },
  },
  {
    name: 'Peam Ro Pond Farm (demo)',
    kind: 'firm',
    capabilities: ['sell', 'buy'],
    provinceCode: 'KH-14',
    district: 'Peam Ro',
    location: { lat: 11.55, lng: 105.27 },
    valueChains: ['aquaculture'],
    description: 'Tilapia and pangasius ponds.',
    memberOf: 'Prey Veng Fish Farmers Working Group (demo)',
    user: { name: 'Vannak Sok', email: 'pond@demo.psar.example', phone: '+85512000104', locale: 'km' },
  },
  {
    name: 'Mekong Build Co. (demo)',
    kind: 'firm',
    capabilities: ['buy'],
    provinceCode: 'KH-12',
    district: 'Chamkar Mon',
    location: { lat: 11.55, lng: 104.92 },
    valueChains: ['clay_tiles_bricks'],
    description: 'Builds houses and schools; buys tiles and bricks by the truckload.',
    user: { name: 'Rithy Long', email: 'buyer@demo.psar.example', phone: '+85512000105', locale: 'en' },
  },
  {
    name: 'Golden Harvest Feed & Vet Supply (demo)',
    kind: 'firm',
    capabilities: ['supply_inputs', 'sell'],
    provinceCode: 'KH-3',
    district: 'Kampong Cham',
    location: { lat: 11.99, lng: 105.46 },
    valueChains: ['feed', 'veterinary', 'fingerlings'],
    description: 'Feed, vaccines and fingerlings, with free roving trainings for farmers.',
    user: { name: 'Sreymom Chea', email: 'supplier@demo.psar.example', phone: '+85512000106', locale: 'en' },
  },
  {
    name: 'Prey Veng Provincial Department of Agriculture (demo)',
    kind: 'government',
    capabilities: ['organize_fairs'],
    provinceCode: 'KH-14',
    district: 'Prey Veng',
    location: { lat: 11.48, lng: 105.33 },
    valueChains: [],
    description: 'Runs the provincial trade fairs.',
    verified: true,
    user: { name: 'Chantha Pich', email: 'fairs@demo.psar.example', phone: '+85512000107', locale: 'km' },
  },
];

/** Printed by `npm start` so a visitor can sign in as any side of the market. */
export const demoLogins: readonly DemoLogin[] = ORGANIZATIONS.map((o) => ({
  organization: o.name,
  name: o.user.name,
  login: o.user.email,
  phone: o.user.phone,
}));

/**
 * The ids behind a demo login (its user and the organization it owns), for other libs'
 * demo seeders, which run after this one in the same transaction.
 */
export async function demoAccount(manager: EntityManager, login: string): Promise<{ userId: string; organizationId: string }> {
  const [row] = (await manager.query(
    `SELECT u.id AS user_id, m.organization_id FROM users u JOIN memberships m ON m.user_id = u.id AND m.role = 'owner'
     WHERE u.email = $1 ORDER BY m.created_at LIMIT 1`,
    [login],
  )) as Array<{ user_id: string; organization_id: string }>;
  if (!row) throw new Error(`demo account ${login} is missing: load the identity demo first`);
  return { userId: row.user_id, organizationId: row.organization_id };
}

/** Each demo organization with its owner; group memberships approved. */
export const identityDemoSeeder: Seeder = async (manager: EntityManager) => {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const ids = new Map<string, string>();
  for (const o of ORGANIZATIONS) {
    // Phones verified, so a password reset by SMS can be tried with a demo account (through Kannel's fake SMSC).
    const [user] = (await manager.query(
      `INSERT INTO users (name, email, phone, phone_verified_at, locale, password_hash) VALUES ($1, $2, $3, now(), $4, $5) RETURNING id`,
      [o.user.name, o.user.email, o.user.phone, o.user.locale, passwordHash],
    )) as Array<{ id: string }>;
    const [organization] = (await manager.query(
      `INSERT INTO organizations (name, kind, capabilities, province_code, district, lat, lng, value_chains, description, verified_at, search_name)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $10 THEN now() END, $11) RETURNING id`,
      [
        o.name,
        o.kind,
        o.capabilities,
        o.provinceCode,
        o.district,
        o.location.lat,
        o.location.lng,
        o.valueChains,
        o.description,
        o.verified ?? false,
        searchableTextOrNull(o.name),
      ],
    )) as Array<{ id: string }>;
    await manager.query(`INSERT INTO memberships (organization_id, user_id, role) VALUES ($1, $2, 'owner')`, [organization!.id, user!.id]);
    ids.set(o.name, organization!.id);
  }
  for (const o of ORGANIZATIONS.filter((x) => x.memberOf)) {
    await manager.query(
      `INSERT INTO group_memberships (group_id, organization_id, status, decided_at) VALUES ($1, $2, 'approved', now())`,
      [ids.get(o.memberOf!), ids.get(o.name)],
    );
  }
};
