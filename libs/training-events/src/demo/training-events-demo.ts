import { demoAccount } from '@psar/identity';
import type { Seeder } from '@psar/platform';
import type { EntityManager } from 'typeorm';
import { generateCheckInCode } from '../registrations/check-in-code';
import { at } from './demo-time';
import { seedDemoEvents } from './events-demo';

// Demo logins of libs/identity/src/demo/identity-demo.ts: the feed and vet supplier, and a pond farm.
const SUPPLIER_LOGIN = 'supplier@demo.psar.example';
const POND_FARMER_LOGIN = 'pond@demo.psar.example';

// Fictional people the supplier's staff registered by phone; the numbers are in the demo range.
const PHONED_IN = [
  ['Sok Dara', 3],
  ['Chhun Sreyneang', 3],
  ['Keo Sambath', 2],
  ['Meas Sophal', 4],
  ['Heng Vichet', 3],
  ['Ly Chenda', 2],
  ['Pov Rathana', 3],
  ['Nhem Bunthoeun', 2],
  ['Chea Kosal', 3],
  ['Ouk Sreymao', 3],
] as const;

interface DemoSession {
  inDays: number;
  hours: [number, number];
  provinceCode: string;
  venue: string;
  location: { lat: number; lng: number };
  capacity: number;
}


async function insertTraining(
  manager: EntityManager,
  training: { organizationId: string; createdBy: string; title: string; topic: string; description: string; valueChains: string[]; embeddedOffer: string },
  sessions: DemoSession[],
): Promise<string[]> {
  const [row] = (await manager.query(
    `INSERT INTO trainings (organization_id, title, description, topic, value_chains, embedded_offer, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [training.organizationId, training.title, training.description, training.topic, training.valueChains, training.embeddedOffer, training.createdBy],
  )) as Array<{ id: string }>;
  const ids: string[] = [];
  for (const s of sessions) {
    const [session] = (await manager.query(
      `INSERT INTO training_sessions (training_id, starts_at, ends_at, province_code, venue, lat, lng, capacity)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [row!.id, at(s.inDays, s.hours[0]), at(s.inDays, s.hours[1]), s.provinceCode, s.venue, s.location.lat, s.location.lng, s.capacity],
    )) as Array<{ id: string }>;
    ids.push(session!.id);
  }
  return ids;
}

/** Confirmed registrations, keeping seats_confirmed equal to their seats as the live code does. */
async function confirm(
  manager: EntityManager,
  sessionId: string,
  registrations: Array<{ userId?: string; organizationId?: string; registeredBy: string; name?: string; phone?: string; seats: number }>,
): Promise<void> {
  const codes = new Set<string>();
  for (const r of registrations) {
    const code = generateCheckInCode(codes);
    codes.add(code);
    await manager.query(
      `INSERT INTO training_registrations
         (session_id, training_id, kind, user_id, organization_id, registered_by, attendee_name, attendee_phone, seats, status, check_in_code, confirmed_at)
       SELECT $1, training_id, $2, $3, $4, $5, $6, $7, $8, 'confirmed', $9, now() FROM training_sessions WHERE id = $1`,
      [sessionId, r.userId ? 'self' : 'walk_in', r.userId ?? null, r.organizationId ?? null, r.registeredBy, r.name ?? null, r.phone ?? null, r.seats, code],
    );
  }
  await manager.query('UPDATE training_sessions SET seats_confirmed = $2 WHERE id = $1', [sessionId, registrations.reduce((n, r) => n + r.seats, 0)]);
}

/**
 * A roving swine-health training by the demo feed and veterinary supplier with stops in
 * three provinces (the Prey Veng one nearly full), and a fish-cultivation training; and the
 * other kinds of event: an exposure visit to a demo kiln and an aquaculture forum.
 */
export const trainingEventsDemoSeeder: Seeder = async (manager) => {
  const { userId: staffId, organizationId: supplierId } = await demoAccount(manager, SUPPLIER_LOGIN);
  const { userId: pondFarmerId, organizationId: pondFarmId } = await demoAccount(manager, POND_FARMER_LOGIN);

  const [, preyVeng] = await insertTraining(
    manager,
    {
      organizationId: supplierId,
      createdBy: staffId,
      title: 'Healthy pigs: ASF biosecurity and vaccination (demo)',
      topic: 'Swine health',
      description:
        'How African swine fever spreads and how to keep it out of a village herd: fencing, footbaths, feed hygiene, ' +
        'what to do when a pig falls sick, and a vaccination calendar for piglets and sows.',
      valueChains: ['swine', 'veterinary', 'feed'],
      embeddedOffer: 'Free. Vaccines, disinfectant and starter feed on sale at the session.',
    },
    [
      { inDays: 7, hours: [8, 11], provinceCode: 'KH-3', venue: 'Wat Nokor pagoda hall, Kampong Cham', location: { lat: 11.99, lng: 105.46 }, capacity: 40 },
      { inDays: 9, hours: [8, 11], provinceCode: 'KH-14', venue: 'Commune hall, Kampong Leav', location: { lat: 11.48, lng: 105.32 }, capacity: 30 },
      { inDays: 11, hours: [14, 17], provinceCode: 'KH-20', venue: 'Village school, Svay Chrum', location: { lat: 11.1, lng: 105.86 }, capacity: 35 },
    ],
  );
  await confirm(
    manager,
    preyVeng!,
    PHONED_IN.map(([name, seats], i) => ({ registeredBy: staffId, name, phone: `+8551200030${i}`, seats })),
  );

  const [peamRo] = await insertTraining(
    manager,
    {
      organizationId: supplierId,
      createdBy: staffId,
      title: 'Tilapia and pangasius ponds: fingerlings to harvest (demo)',
      topic: 'Fish cultivation',
      description: 'Pond preparation, stocking density, feeding by water temperature, and spotting disease early.',
      valueChains: ['aquaculture', 'fingerlings', 'feed'],
      embeddedOffer: 'Free. Certified fingerlings and floating feed at a training price.',
    },
    [
      { inDays: 14, hours: [7, 11], provinceCode: 'KH-14', venue: 'Peam Ro fish farmers meeting shed', location: { lat: 11.53, lng: 105.28 }, capacity: 25 },
      { inDays: 16, hours: [7, 11], provinceCode: 'KH-8', venue: 'Kandal Stueng district office', location: { lat: 11.33, lng: 104.95 }, capacity: 25 },
    ],
  );
  await confirm(manager, peamRo!, [{ userId: pondFarmerId, organizationId: pondFarmId, registeredBy: pondFarmerId, seats: 2 }]);
  await seedDemoEvents(manager);
};
