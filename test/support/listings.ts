import TestAgent from 'supertest/lib/agent';
import { bearer } from './identity';

type Http = () => TestAgent;

/** An ISO date-time `days` from now (negative: in the past), in Cambodia's offset. */
export function daysFromNow(days: number): string {
  const date = new Date(Date.now() + days * 86_400_000 + 7 * 3_600_000);
  return date.toISOString().replace('Z', '+07:00');
}

export interface CreatedListing {
  id: string;
  [key: string]: unknown;
}

/** The body of POST /api/v1/listings: grade-A roof tiles in Prey Veng by default. */
export function listingBody(organizationId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    organizationId,
    productCode: 'clay_roof_tile',
    title: 'Grade-A clay roof tiles',
    quantity: '10000',
    unit: 'piece',
    price: { amount: '650', currency: 'KHR' },
    qualityGrade: 'A',
    provinceCode: 'KH-14',
    availableUntil: daysFromNow(60),
    ...overrides,
  };
}

/** A listing (see listingBody); fails the test unless 201. */
export async function createListing(
  http: Http,
  token: string,
  organizationId: string,
  overrides: Record<string, unknown> = {},
): Promise<CreatedListing> {
  const res = await http().post('/api/v1/listings').set(...bearer(token)).send(listingBody(organizationId, overrides));
  if (res.status !== 201) throw new Error(`create listing failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as CreatedListing;
}

/** A demand for grade-A roof tiles delivered to Phnom Penh by default. */
export async function createDemand(
  http: Http,
  token: string,
  organizationId: string,
  overrides: Record<string, unknown> = {},
): Promise<CreatedListing> {
  const body = {
    organizationId,
    productCode: 'clay_roof_tile',
    quantity: '5000',
    unit: 'piece',
    qualityGrade: 'A',
    deliveryProvinceCode: 'KH-12',
    neededBy: daysFromNow(30),
    ...overrides,
  };
  const res = await http().post('/api/v1/demands').set(...bearer(token)).send(body);
  if (res.status !== 201) throw new Error(`create demand failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as CreatedListing;
}
