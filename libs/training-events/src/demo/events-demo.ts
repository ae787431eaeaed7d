import { demoAccount } from '@psar/identity';
import { addDemoPhoto } from '@psar/media';
import type { EntityManager } from 'typeorm';
import { splitCost } from '../events/cost-split';
import { generateCheckInCode } from '../registrations/check-in-code';
import { at } from './demo-time';

// Demo logins of libs/identity/src/demo/identity-demo.ts.
const TILE_COOPERATIVE_LOGIN = 'tiles@demo.psar.example';
const BRICK_WORKS_LOGIN = 'bricks@demo.psar.example';
const DEPARTMENT_LOGIN = 'fairs@demo.psar.example';
const SUPPLIER_LOGIN = 'supplier@demo.psar.example';
const FISH_GROUP_LOGIN = 'fish-group@demo.psar.example';

async function insertEvent(
  manager: EntityManager,
  e: {
    kind: 'exposure_visit' | 'business_forum';
    organizationId: string;
    hostOrganizationId: string;
    createdBy: string;
    title: string;
    description: string;
    valueChains: string[];
    cost?: { amount: string; currency: 'KHR' | 'USD'; sponsorSharePercent: number };
  },
): Promise<string> {
  const [row] = (await manager.query(
    `INSERT INTO trainings (kind, organization_id, host_organization_id, title, description, topic, value_chains,
                            cost_amount, cost_currency, sponsor_share_percent, created_by)
     VALUES ($1, $2, $3, $4, $5, $4, $6, $7, $8, $9, $10) RETURNING id`,
    [
      e.kind,
      e.organizationId,
      e.hostOrganizationId,
      e.title,
      e.description,
      e.valueChains,
      e.cost?.amount ?? null,
      e.cost?.currency ?? null,
      e.cost?.sponsorSharePercent ?? null,
      e.createdBy,
    ],
  )) as Array<{ id: string }>;
  return row!.id;
}

async function insertSession(
  manager: EntityManager,
  eventId: string,
  s: { day: number; hours: [number, number]; provinceCode: string; venue: string; location: { lat: number; lng: number }; capacity: number },
): Promise<string> {
  const [row] = (await manager.query(
    `INSERT INTO training_sessions (training_id, starts_at, ends_at, province_code, venue, lat, lng, capacity)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [eventId, at(s.day, s.hours[0]), at(s.day, s.hours[1]), s.provinceCode, s.venue, s.location.lat, s.location.lng, s.capacity],
  )) as Array<{ id: string }>;
  return row!.id;
}

/**
 * An exposure visit to the demo brick works' improved kiln, organized by the demo tile
 * cooperative and cost-shared, with two meeting points; and an aquaculture business forum
 * of the demo provincial department, hosted by the demo feed supplier, with three talks.
 */
export async function seedDemoEvents(manager: EntityManager): Promise<void> {
  const cooperative = await demoAccount(manager, TILE_COOPERATIVE_LOGIN);
  const brickWorks = await demoAccount(manager, BRICK_WORKS_LOGIN);
  const department = await demoAccount(manager, DEPARTMENT_LOGIN);
  const supplier = await demoAccount(manager, SUPPLIER_LOGIN);
  const fishGroup = await demoAccount(manager, FISH_GROUP_LOGIN);

  const cost = { amount: '40.00', currency: 'USD' as const, sponsorSharePercent: 25 };
  const visit = await insertEvent(manager, {
    kind: 'exposure_visit',
    organizationId: cooperative.organizationId,
    hostOrganizationId: brickWorks.organizationId,
    createdBy: cooperative.userId,
    title: 'Exposure visit: the improved kiln at Ba Phnom Brick Works (demo)',
    description:
      'See a kiln that fires bricks and tiles with a third less wood: the owner shows the firing, the investment, what it ' +
      'cost and how long it took to pay back. Lunch at the works. The cooperative pays 25 % of the trip.',
    valueChains: ['clay_tiles_bricks'],
    cost,
  });
  // What the visitors will see, in photos.
  await addDemoPhoto(manager, { type: 'event', id: visit }, 'photo', 'bricks');
  await addDemoPhoto(manager, { type: 'event', id: visit }, 'photo', 'roof-tiles');
  const visitSession = await insertSession(manager, visit, {
    day: 12,
    hours: [8, 15],
    provinceCode: 'KH-14',
    venue: 'Ba Phnom Brick Works kiln yard',
    location: { lat: 11.23, lng: 105.4 },
    capacity: 25,
  });
  const [market] = (await manager.query(
    `INSERT INTO training_meeting_points (session_id, name, departs_at, seats) VALUES ($1, $2, $3, 12), ($1, $4, $5, 13) RETURNING id`,
    [visitSession, 'Prey Veng market, by the taxi stand', at(12, 6), 'Kampong Leav pagoda gate', at(12, 6.5)],
  )) as Array<{ id: string }>;
  // The cooperative's leader has a seat on the first bus, for the cooperative.
  const share = splitCost({ amount: cost.amount, currency: cost.currency }, cost.sponsorSharePercent);
  await manager.query(
    `INSERT INTO training_registrations
       (session_id, training_id, kind, user_id, organization_id, registered_by, seats, status, check_in_code, confirmed_at,
        meeting_point_id, share_profile, amount_due, amount_sponsored, amount_currency, payment_status)
     VALUES ($1, $2, 'self', $3, $4, $3, 1, 'confirmed', $5, now(), $6, true, $7, $8, $9, 'due')`,
    [visitSession, visit, cooperative.userId, cooperative.organizationId, generateCheckInCode(new Set()), market!.id, share.participant.amount, share.sponsored.amount, cost.currency],
  );
  await manager.query('UPDATE training_sessions SET seats_confirmed = 1 WHERE id = $1', [visitSession]);
  await manager.query('UPDATE training_meeting_points SET seats_taken = 1 WHERE id = $1', [market!.id]);

  const forum = await insertEvent(manager, {
    kind: 'business_forum',
    organizationId: department.organizationId,
    hostOrganizationId: supplier.organizationId,
    createdBy: department.userId,
    title: 'Prey Veng aquaculture business forum (demo)',
    description: 'Fish farmers, feed and fingerling suppliers, traders and officials: prices, quality and contracts for the coming season.',
    valueChains: ['aquaculture', 'fingerlings', 'feed'],
  });
  await addDemoPhoto(manager, { type: 'event', id: forum }, 'photo', 'fish');
  const forumSession = await insertSession(manager, forum, {
    day: 21,
    hours: [8, 12],
    provinceCode: 'KH-14',
    venue: 'Provincial hall, Prey Veng town',
    location: { lat: 11.48, lng: 105.33 },
    capacity: 300,
  });
  const talks: Array<[number, string, string]> = [
    [8.5, 'Fish prices this season and where they go', 'Chantha Pich, Provincial Department of Agriculture'],
    [9.5, 'Certified fingerlings and floating feed: what they change', 'Sreymom Chea, Golden Harvest Feed & Vet Supply'],
    [10.5, 'Selling together on contract: the working group’s year', 'Bopha Keo, Prey Veng Fish Farmers Working Group'],
  ];
  for (const [i, [hour, title, speaker]] of talks.entries()) {
    await manager.query('INSERT INTO training_agenda_items (training_id, position, starts_at, title, speaker) VALUES ($1, $2, $3, $4, $5)', [
      forum,
      i + 1,
      at(21, hour),
      title,
      speaker,
    ]);
  }
  await manager.query(
    `INSERT INTO training_registrations
       (session_id, training_id, kind, user_id, organization_id, registered_by, seats, status, check_in_code, confirmed_at, share_profile)
     VALUES ($1, $2, 'self', $3, $4, $3, 2, 'confirmed', $5, now(), true)`,
    [forumSession, forum, fishGroup.userId, fishGroup.organizationId, generateCheckInCode(new Set())],
  );
  await manager.query('UPDATE training_sessions SET seats_confirmed = 2 WHERE id = $1', [forumSession]);
}
