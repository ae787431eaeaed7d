import { randomBytes } from 'node:crypto';
import TestAgent from 'supertest/lib/agent';

type Http = () => TestAgent;

export const TEST_PASSWORD = 'kiln fire at dawn 42';

export interface RegisteredUser {
  id: string;
  name: string;
  email: string;
  accessToken: string;
  refreshToken: string;
}

/** A fresh user with a unique email; returns its tokens. */
export async function registerUser(http: Http, overrides: Record<string, unknown> = {}): Promise<RegisteredUser> {
  const suffix = randomBytes(5).toString('hex');
  const body = { name: `Test User ${suffix}`, email: `user-${suffix}@test.psar.example`, password: TEST_PASSWORD, ...overrides };
  const res = await http().post('/api/v1/auth/register').send(body);
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    id: res.body.user.id,
    name: res.body.user.name,
    email: res.body.user.email,
    accessToken: res.body.accessToken,
    refreshToken: res.body.refreshToken,
  };
}

export interface CreatedOrganization {
  id: string;
  name: string;
  kind: string;
  capabilities: string[];
}

/** An organization owned by the token's user; defaults to a selling firm in Prey Veng. */
export async function createOrganization(http: Http, token: string, overrides: Record<string, unknown> = {}): Promise<CreatedOrganization> {
  const body = {
    name: `Test Firm ${randomBytes(4).toString('hex')}`,
    kind: 'firm',
    capabilities: ['sell'],
    provinceCode: 'KH-14',
    valueChains: ['clay_tiles_bricks'],
    ...overrides,
  };
  const res = await http().post('/api/v1/organizations').set('authorization', `Bearer ${token}`).send(body);
  if (res.status !== 201) throw new Error(`create organization failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, name: res.body.name, kind: res.body.kind, capabilities: res.body.capabilities };
}

/** Adds `userId` to the organization with `role`, as `ownerToken`'s user. */
export async function addMember(http: Http, ownerToken: string, organizationId: string, userId: string, role: string): Promise<void> {
  const res = await http()
    .post(`/api/v1/organizations/${organizationId}/members`)
    .set('authorization', `Bearer ${ownerToken}`)
    .send({ userId, role });
  if (res.status !== 201) throw new Error(`add member failed: ${res.status} ${JSON.stringify(res.body)}`);
}

export function bearer(token: string): [string, string] {
  return ['authorization', `Bearer ${token}`];
}
