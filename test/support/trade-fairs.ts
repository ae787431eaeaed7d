import { randomBytes } from 'node:crypto';
import TestAgent from 'supertest/lib/agent';
import { bearer, createOrganization, CreatedOrganization, registerUser, RegisteredUser } from './identity';

type Http = () => TestAgent;

const DAY_MS = 86_400_000;

/** A calendar day in Cambodia (UTC+7, no daylight saving), `days` from today. */
export function cambodiaDate(days = 0): string {
  return new Date(Date.now() + 7 * 3_600_000 + days * DAY_MS).toISOString().slice(0, 10);
}

/** An instant `days` from now, ISO 8601 with the Cambodian offset. */
export function instantIn(days: number): string {
  const local = new Date(Date.now() + 7 * 3_600_000 + days * DAY_MS).toISOString().slice(0, 19);
  return `${local}+07:00`;
}

export interface Organizer {
  user: RegisteredUser;
  org: CreatedOrganization;
}

/** A provincial department that organizes fairs, owned by a fresh user. */
export async function createOrganizer(http: Http): Promise<Organizer> {
  const user = await registerUser(http);
  const org = await createOrganization(http, user.accessToken, {
    name: `Provincial Department ${randomBytes(3).toString('hex')}`,
    kind: 'government',
    capabilities: ['organize_fairs'],
    valueChains: [],
  });
  return { user, org };
}

export interface Exhibitor {
  user: RegisteredUser;
  org: CreatedOrganization;
}

export async function createExhibitor(http: Http, overrides: Record<string, unknown> = {}): Promise<Exhibitor> {
  const user = await registerUser(http);
  const org = await createOrganization(http, user.accessToken, { phone: '012 777 888', ...overrides });
  return { user, org };
}

export function fairBody(organizationId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    organizationId,
    name: `Local Products Fair ${randomBytes(3).toString('hex')}`,
    provinceCode: 'KH-14',
    venue: 'Provincial Hall grounds',
    startsOn: cambodiaDate(30),
    endsOn: cambodiaDate(32),
    applicationsCloseAt: instantIn(20),
    floorPlan: { width: 60, height: 40 },
    ...overrides,
  };
}

export async function createFair(http: Http, token: string, organizationId: string, overrides: Record<string, unknown> = {}): Promise<{ id: string } & Record<string, any>> {
  const res = await http().post('/api/v1/trade-fairs').set(...bearer(token)).send(fairBody(organizationId, overrides));
  if (res.status !== 201) throw new Error(`create fair failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export interface StallInput {
  code: string;
  x: number;
  y: number;
  width: number;
  height: number;
  type?: string;
  zone?: string;
  price: { amount: string; currency: string };
}

/** `count` stalls of 3 × 3 m side by side in a row at `y`, sharing their walls. */
export function stallRow(prefix: string, count: number, y = 0, price = { amount: '40.00', currency: 'USD' }): StallInput[] {
  return Array.from({ length: count }, (_, i) => ({ code: `${prefix}-${String(i + 1).padStart(2, '0')}`, x: i * 3, y, width: 3, height: 3, price }));
}

export async function addStalls(http: Http, token: string, fairId: string, stalls: StallInput[]): Promise<Array<{ id: string; code: string }>> {
  const res = await http().post(`/api/v1/trade-fairs/${fairId}/stalls`).set(...bearer(token)).send(stalls);
  if (res.status !== 201) throw new Error(`add stalls failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.items;
}

export async function openFair(http: Http, token: string, fairId: string): Promise<void> {
  const res = await http().post(`/api/v1/trade-fairs/${fairId}/open`).set(...bearer(token));
  if (res.status !== 200) throw new Error(`open fair failed: ${res.status} ${JSON.stringify(res.body)}`);
}

/** An open fair with one row of stalls, ready for requests. */
export async function createOpenFair(
  http: Http,
  organizer: Organizer,
  options: { stalls?: number; overrides?: Record<string, unknown> } = {},
): Promise<{ id: string; stalls: Array<{ id: string; code: string }> }> {
  const fair = await createFair(http, organizer.user.accessToken, organizer.org.id, options.overrides);
  const stalls = await addStalls(http, organizer.user.accessToken, fair.id, stallRow('A', options.stalls ?? 10));
  await openFair(http, organizer.user.accessToken, fair.id);
  return { id: fair.id, stalls };
}

export async function requestStall(
  http: Http,
  token: string,
  fairId: string,
  stallId: string,
  organizationId: string,
  extra: Record<string, unknown> = {},
): Promise<{ id: string; status: string } & Record<string, any>> {
  const res = await http().post(`/api/v1/trade-fairs/${fairId}/bookings`).set(...bearer(token)).send({ stallId, organizationId, ...extra });
  if (res.status !== 201) throw new Error(`request stall failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
