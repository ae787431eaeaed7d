import { OutgoingSms, SmsSender } from '@psar/platform';
import { randomInt } from 'node:crypto';
import TestAgent from 'supertest/lib/agent';
import { bearer, createOrganization, CreatedOrganization, registerUser, RegisteredUser } from './identity';

type Http = () => TestAgent;

/** Stands in for the SMS channel: keeps what would be sent; a key already queued is dropped, as the channel does. */
export class RecordingSmsSender extends SmsSender {
  enabled = true;
  readonly sent: OutgoingSms[] = [];

  async queue(message: OutgoingSms): Promise<void> {
    if (this.sent.some((m) => m.key === message.key)) return;
    this.sent.push(message);
  }

  byKey(key: string): OutgoingSms | undefined {
    return this.sent.find((m) => m.key === key);
  }

  to(phone: string): OutgoingSms[] {
    return this.sent.filter((m) => m.to === phone);
  }
}

/** A Cambodian mobile number (012 and six digits), random enough for one test database. */
export function phoneNumber(): string {
  return `+85512${String(randomInt(100_000, 999_999))}`;
}

export interface AgentSetup {
  owner: RegisteredUser;
  agent: CreatedOrganization;
}

/** A village agent's firm, owned by a fresh user. */
export async function createAgent(http: Http, overrides: Record<string, unknown> = {}): Promise<AgentSetup> {
  const owner = await registerUser(http);
  const agent = await createOrganization(http, owner.accessToken, { name: `Agent ${randomInt(1000, 9999)}`, capabilities: ['buy'], ...overrides });
  return { owner, agent };
}

export interface RegisteredProducer {
  mandateId: string;
  producerOrganizationId: string;
  consentCode: string;
  status: string;
  phone: string;
  [key: string]: unknown;
}

export async function registerProducer(
  http: Http,
  token: string,
  agentOrgId: string,
  body: Record<string, unknown> = {},
): Promise<RegisteredProducer> {
  const res = await http()
    .post(`/api/v1/agents/${agentOrgId}/producers`)
    .set(...bearer(token))
    .send({ phone: phoneNumber(), name: 'Chan Sokha', provinceCode: 'KH-14', ...body });
  if (res.status !== 201) throw new Error(`register producer failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as RegisteredProducer;
}
