import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import TestAgent from 'supertest/lib/agent';
import { bearer, createOrganization, CreatedOrganization, registerUser, RegisteredUser } from './identity';

type Http = () => TestAgent;

/** A session slot `days` from today at `hour` in Cambodia, lasting `hours`. */
export function slot(days: number, hour = 8, hours = 3): { startsAt: string; endsAt: string } {
  const start = DateTime.now().setZone('Asia/Phnom_Penh').startOf('day').plus({ days, hours: hour });
  return { startsAt: start.toISO()!, endsAt: start.plus({ hours }).toISO()! };
}

export function sessionBody(days: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...slot(days), provinceCode: 'KH-14', venue: `Commune hall, day ${days}`, capacity: 30, ...overrides };
}

export interface Supplier {
  owner: RegisteredUser;
  organization: CreatedOrganization;
}

/** A feed and veterinary firm (supply_inputs) owned by a fresh user. */
export async function createSupplier(http: Http, overrides: Record<string, unknown> = {}): Promise<Supplier> {
  const owner = await registerUser(http);
  const organization = await createOrganization(http, owner.accessToken, {
    capabilities: ['supply_inputs', 'sell'],
    provinceCode: 'KH-3',
    valueChains: ['feed', 'veterinary'],
    ...overrides,
  });
  return { owner, organization };
}

export interface CreatedTraining {
  id: string;
  sessions: Array<{ id: string; startsAt: string; capacity: number; seatsLeft: number }>;
}

export async function createTraining(
  http: Http,
  token: string,
  organizationId: string,
  overrides: Record<string, unknown> = {},
): Promise<CreatedTraining> {
  const body = {
    organizationId,
    title: 'Healthy pigs: ASF biosecurity',
    topic: 'Swine health',
    valueChains: ['swine', 'veterinary'],
    embeddedOffer: 'Free; vaccines on sale at the session',
    sessions: [sessionBody(5)],
    ...overrides,
  };
  const res = await http().post('/api/v1/trainings').set(...bearer(token)).send(body);
  if (res.status !== 201) throw new Error(`create training failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as CreatedTraining;
}

/** `count` users, registered a few at a time (argon2 is slow on purpose). */
export async function registerUsers(http: Http, count: number): Promise<RegisteredUser[]> {
  const users: RegisteredUser[] = [];
  while (users.length < count) {
    users.push(...(await Promise.all(Array.from({ length: Math.min(10, count - users.length) }, () => registerUser(http)))));
  }
  return users;
}

/** Moves a session so that it started an hour ago (and ends in `endsInHours`): tests only. */
export async function startSession(db: DataSource, sessionId: string, endsInHours = 2): Promise<void> {
  await db.query(
    `UPDATE training_sessions SET starts_at = now() - interval '1 hour', ends_at = now() + make_interval(hours => $2) WHERE id = $1`,
    [sessionId, endsInHours],
  );
}

export async function notificationsOf(http: Http, token: string): Promise<Array<{ kind: string; title: string; body: string | null; data: Record<string, unknown> }>> {
  const res = await http().get('/api/v1/notifications?limit=100').set(...bearer(token));
  if (res.status !== 200) throw new Error(`notifications failed: ${res.status}`);
  return res.body.items;
}

export interface CreatedEvent {
  id: string;
  kind: string;
  sessions: Array<{ id: string; capacity: number; meetingPoints: Array<{ id: string; name: string; seats: number; seatsTaken: number; seatsLeft: number }> }>;
  agenda: Array<{ startsAt: string; title: string; speaker: string }>;
  cost: { perParticipant: { amount: string; currency: string }; sponsorSharePercent: number; participantShare: { amount: string; currency: string } } | null;
}

/** POST /events with a valid exposure visit unless overridden. */
export async function createEvent(http: Http, token: string, body: Record<string, unknown>): Promise<CreatedEvent> {
  const res = await http().post('/api/v1/events').set('authorization', `Bearer ${token}`).send(body);
  if (res.status !== 201) throw new Error(`create event failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as CreatedEvent;
}
