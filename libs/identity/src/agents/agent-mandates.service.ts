import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CatalogService } from '@psar/catalog';
import {
  decodeTimeKeyset,
  FieldError,
  OutboxService,
  Page,
  ProblemException,
  searchableTextOrNull,
  SmsSender,
  toPage,
  toWesternDigits,
  ValidationProblem,
} from '@psar/platform';
import { randomBytes, randomInt } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { OrganizationAccessService } from '../access/organization-access.service';
import { lockPhone } from '../invitations/member-invitations.service';
import type { OrganizationKind } from '../organizations/organization.entity';
import { hashPassword } from '../users/password-hash';
import { normalizePhone } from '../users/phone-number';
import type { Locale } from '../users/user.entity';
import { consentRequestText } from './agent-sms-texts';
import type { AgentProducerDto, ListAgentProducersQuery, MandateStatus, RegisteredProducerDto } from './dto/agent-producer.dto';
import type { RegisterProducerDto } from './dto/register-producer.dto';

/**
 * Who may be an agent: a village agent's own firm, or a cooperative whose leaders act for
 * members who do not use the app. Working groups and government offices do not trade for
 * producers.
 */
export const AGENT_KINDS: readonly OrganizationKind[] = ['firm', 'cooperative'];

/**
 * Mandates one agent may have waiting for an answer: each sent an SMS to a number the agent
 * typed, so this caps what a careless or hostile agent can send to strangers.
 */
export const PENDING_MANDATES_PER_AGENT = 50;

/** A mandate as the SMS channel needs it to reply: whose, in which language. */
export interface SmsMandate {
  mandateId: string;
  agentOrganizationId: string;
  agentName: string;
  producerOrganizationId: string;
  producerUserId: string;
  locale: Locale;
  status: MandateStatus;
}

export type SmsConsentResult =
  /** Recorded now. */
  | { outcome: 'consented'; mandate: SmsMandate }
  /** The same consent again (a retried or repeated reply): nothing changed. */
  | { outcome: 'already-consented'; mandate: SmsMandate }
  /** The code was this number's, but the mandate was withdrawn or ended since: not revived. */
  | { outcome: 'ended'; mandate: SmsMandate }
  /** No live mandate of this number has this code. */
  | { outcome: 'unknown-code' };

export type SmsWithdrawalResult = { outcome: 'withdrawn'; mandates: SmsMandate[] } | { outcome: 'nothing-to-withdraw' };

/** The producer agreed by SMS, or withdrew: the agent's managers are told. */
export const AGENT_MANDATE_CONSENTED = 'agent_mandate.consented';
export const AGENT_MANDATE_WITHDRAWN = 'agent_mandate.withdrawn';

export interface AgentMandateEventPayload {
  mandateId: string;
  agentOrganizationId: string;
  producerOrganizationId: string;
  [key: string]: unknown;
}

function mandateEvent(m: SmsMandate): AgentMandateEventPayload {
  return { mandateId: m.mandateId, agentOrganizationId: m.agentOrganizationId, producerOrganizationId: m.producerOrganizationId };
}

/** Whom to send an SMS copy of what was done for a producer's organization. */
export interface ProducerContact {
  producerOrganizationId: string;
  phone: string;
  locale: Locale;
}

interface MandateRow {
  id: string;
  agent_organization_id: string;
  producer_organization_id: string;
  producer_user_id: string;
  code: string;
  status: MandateStatus;
  created_at: Date;
  consented_at: Date | null;
  withdrawn_at: Date | null;
  ended_at: Date | null;
}

const MANDATE_COLUMNS = `a.id, a.agent_organization_id, a.producer_organization_id, a.producer_user_id, a.code, a.status, a.created_at,
  a.consented_at, a.withdrawn_at, a.ended_at`;

const LIVE = `a.status IN ('pending', 'active')`;

/**
 * Mandates: who may act for whom. An agent registers a producer by phone; the producer's
 * SMS reply (through the SMS channel, which calls `consentBySms` and `withdrawBySms`) is the
 * recorded consent that OrganizationAccessService.assertCanAct({ agentMay }) requires.
 */
@Injectable()
export class AgentMandatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: OrganizationAccessService,
    private readonly catalog: CatalogService,
    private readonly sms: SmsSender,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * Finds or creates the producer's account (by phone; no password: they may never use the
   * web) and their selling organization, and a pending mandate with a consent code, whose
   * request is queued by SMS in the same transaction. Registering again returns the live
   * mandate (its SMS is keyed, so it is not sent twice).
   */
  async register(userId: string, agentOrganizationId: string, dto: RegisterProducerDto): Promise<RegisteredProducerDto> {
    const errors: FieldError[] = [];
    const phone = normalizePhone(dto.phone);
    if (!phone) errors.push({ field: 'phone', message: 'phone must be a valid phone number, e.g. 012 345 678 or +85512345678' });
    const name = dto.name.trim();
    if (!name) errors.push({ field: 'name', message: 'name must not be empty' });
    if (!(await this.catalog.isKnownProvince(dto.provinceCode))) errors.push({ field: 'provinceCode', message: `no province has the code ${dto.provinceCode}` });
    if (errors.length || !phone) throw new ValidationProblem(errors);
    // A password nobody knows: the account can sign in only once its owner sets one (by a reset code to the phone).
    const unusablePassword = await hashPassword(randomBytes(32).toString('base64url'));

    return this.dataSource.transaction(async (manager) => {
      const agent = await this.access.assertCanAct(userId, agentOrganizationId, { minRole: 'manager', manager, field: 'agentOrgId' });
      if (!AGENT_KINDS.includes(agent.kind)) {
        throw new ProblemException(HttpStatus.FORBIDDEN, 'not-an-agent', `Only a firm or a cooperative can act for producers, not a ${agent.kind.replace('_', ' ')}`);
      }
      // Sign-up, invitations and agents that create an account for this number take turns.
      await lockPhone(manager, phone);
      const producer = await this.findOrCreateProducer(manager, phone, name, dto.provinceCode, dto.locale ?? 'km', unusablePassword);
      if (producer.organizationId === agentOrganizationId) {
        throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'own-organization', "This number runs the agent's own organization; an agent acts for other producers");
      }
      let [mandate] = (await manager.query(
        `SELECT ${MANDATE_COLUMNS} FROM agent_mandates a WHERE a.agent_organization_id = $1 AND a.producer_organization_id = $2 AND ${LIVE}`,
        [agentOrganizationId, producer.organizationId],
      )) as MandateRow[];
      if (!mandate) {
        // One agent's registrations take turns, so the count below cannot be passed by many at once.
        await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('agent-mandates:' || $1, 0))`, [agentOrganizationId]);
        const [{ pending }] = (await manager.query(
          `SELECT count(*)::int AS pending FROM agent_mandates a WHERE a.agent_organization_id = $1 AND a.status = 'pending'`,
          [agentOrganizationId],
        )) as [{ pending: number }];
        if (pending >= PENDING_MANDATES_PER_AGENT) {
          throw new ProblemException(
            HttpStatus.TOO_MANY_REQUESTS,
            'too-many-pending',
            `${pending} producers have not answered yet: wait for their replies, or end some of those requests, before registering more`,
          );
        }
        [mandate] = (await manager.query(
          `INSERT INTO agent_mandates AS a (agent_organization_id, producer_organization_id, producer_user_id, code, registered_by)
           VALUES ($1, $2, $3, $4, $5) RETURNING ${MANDATE_COLUMNS}`,
          [agentOrganizationId, producer.organizationId, producer.userId, await this.freeCode(manager, producer.userId), userId],
        )) as MandateRow[];
      }
      let consentSms: 'queued' | 'unavailable' = 'unavailable';
      if (mandate!.status === 'pending' && this.sms.enabled) {
        const agentName = (await this.access.namesOf([], [agentOrganizationId], manager)).organizations.get(agentOrganizationId) ?? '';
        await this.sms.queue({ to: phone, text: consentRequestText(producer.locale, agentName, mandate!.code), key: `agent-consent:${mandate!.id}` }, manager);
        consentSms = 'queued';
      }
      const [dto_] = await this.toDtos(manager, [mandate!]);
      return { ...dto_!, consentCode: mandate!.code, consentSms };
    });
  }

  private async findOrCreateProducer(
    manager: EntityManager,
    phone: string,
    name: string,
    provinceCode: string,
    locale: Locale,
    passwordHash: string,
  ): Promise<{ userId: string; organizationId: string; locale: Locale }> {
    let [user] = (await manager.query('SELECT id, locale FROM users WHERE phone = $1', [phone])) as Array<{ id: string; locale: Locale }>;
    if (!user) {
      [user] = (await manager.query('INSERT INTO users (phone, name, locale, password_hash) VALUES ($1, $2, $3, $4) RETURNING id, locale', [
        phone,
        name,
        locale,
        passwordHash,
      ])) as Array<{ id: string; locale: Locale }>;
    }
    // The organization they own that sells (the oldest, if several); else one of their own.
    const [own] = (await manager.query(
      `SELECT o.id FROM organizations o JOIN memberships m ON m.organization_id = o.id AND m.user_id = $1 AND m.role = 'owner'
       WHERE 'sell' = ANY(o.capabilities) ORDER BY o.created_at, o.id LIMIT 1`,
      [user!.id],
    )) as Array<{ id: string }>;
    let organizationId = own?.id;
    if (!organizationId) {
      const [created] = (await manager.query(
        `INSERT INTO organizations (name, search_name, kind, capabilities, province_code) VALUES ($1, $2, 'firm', '{sell}', $3) RETURNING id`,
        [name, searchableTextOrNull(name), provinceCode],
      )) as Array<{ id: string }>;
      organizationId = created!.id;
      await manager.query(`INSERT INTO memberships (organization_id, user_id, role) VALUES ($1, $2, 'owner')`, [organizationId, user!.id]);
    }
    return { userId: user!.id, organizationId, locale: user!.locale };
  }

  /** A 4-digit code none of the number's live mandates has (the caller holds the phone's lock). */
  private async freeCode(manager: EntityManager, producerUserId: string): Promise<string> {
    const taken = new Set(
      ((await manager.query(`SELECT code FROM agent_mandates a WHERE a.producer_user_id = $1 AND ${LIVE}`, [producerUserId])) as Array<{ code: string }>).map(
        (r) => r.code,
      ),
    );
    for (;;) {
      const code = String(randomInt(1000, 10000));
      if (!taken.has(code)) return code;
    }
  }

  /** The agent's producers, newest first (agent_mandates_agent_idx); owners and managers of the agent only. */
  async listForAgent(userId: string, agentOrganizationId: string, query: ListAgentProducersQuery): Promise<Page<AgentProducerDto>> {
    await this.access.assertCanAct(userId, agentOrganizationId, { minRole: 'manager', private: true, field: 'agentOrgId' });
    const params: unknown[] = [agentOrganizationId, query.limit + 1];
    let where = 'a.agent_organization_id = $1';
    if (query.cursor) {
      const [createdAt, id] = decodeTimeKeyset(query.cursor);
      params.push(createdAt, id);
      where += ` AND (a.created_at, a.id) < ($3::timestamptz, $4::uuid)`;
    }
    const rows = (await this.dataSource.query(
      `SELECT ${MANDATE_COLUMNS}, to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS sort_key
       FROM agent_mandates a WHERE ${where} ORDER BY a.created_at DESC, a.id DESC LIMIT $2`,
      params,
    )) as Array<MandateRow & { sort_key: string }>;
    const page = toPage(rows, query.limit, (r) => [r.sort_key, r.id]);
    return { items: await this.toDtos(this.dataSource.manager, page.items), nextCursor: page.nextCursor };
  }

  /** The agent ends its live mandate over a producer: from the next request on it cannot act for them. */
  async endByAgent(userId: string, agentOrganizationId: string, producerOrganizationId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.access.assertCanAct(userId, agentOrganizationId, { minRole: 'manager', private: true, manager, field: 'agentOrgId' });
      const ended = (await manager.query(
        `UPDATE agent_mandates a SET status = 'ended', ended_at = now(), ended_by = $3
         WHERE a.agent_organization_id = $1 AND a.producer_organization_id = $2 AND ${LIVE} RETURNING a.id`,
        [agentOrganizationId, producerOrganizationId, userId],
      )) as [unknown[], number];
      if (ended[0].length === 0) throw new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'This agent has no live mandate over that producer');
    });
  }

  /**
   * For the SMS channel: the producer replied `YES <code>` from `phone` (already
   * authenticated as the sender by the gateway). Records the consent with the inbound SMS's
   * id; a repeat changes nothing, and a withdrawn or ended mandate is never revived.
   * Pass the channel's transaction manager to record it with the inbound message.
   */
  async consentBySms(input: { phone: string; code: string; smsId: string }, manager?: EntityManager): Promise<SmsConsentResult> {
    const phone = normalizePhone(input.phone);
    const code = toWesternDigits(input.code).trim();
    if (!phone || !/^[0-9]{4,8}$/.test(code)) return { outcome: 'unknown-code' };
    return this.inTransaction(manager, (db) => this.consent(db, phone, code, input.smsId));
  }

  private async consent(db: EntityManager, phone: string, code: string, smsId: string): Promise<SmsConsentResult> {
    // The conditional UPDATE claims the consent: of two at once, one records it and the other sees it active.
    const updated = (await db.query(
      `UPDATE agent_mandates a SET status = 'active', consented_at = now(), consent_sms_id = $3
       FROM users u WHERE u.phone = $1 AND a.producer_user_id = u.id AND a.code = $2 AND a.status = 'pending'
       RETURNING a.id`,
      [phone, code, smsId],
    )) as [Array<{ id: string }>, number];
    if (updated[0].length > 0) {
      // The reply came from the producer's SIM: it proves their number too.
      await db.query('UPDATE users SET phone_verified_at = coalesce(phone_verified_at, now()) WHERE phone = $1', [phone]);
      const mandate = (await this.smsMandates(db, [updated[0][0]!.id]))[0]!;
      await this.outbox.record(db, AGENT_MANDATE_CONSENTED, mandateEvent(mandate));
      return { outcome: 'consented', mandate };
    }
    const [latest] = (await db.query(
      `SELECT a.id, a.status FROM agent_mandates a JOIN users u ON u.id = a.producer_user_id
       WHERE u.phone = $1 AND a.code = $2 ORDER BY (${LIVE}) DESC, a.created_at DESC LIMIT 1`,
      [phone, code],
    )) as Array<{ id: string; status: MandateStatus }>;
    if (!latest || latest.status === 'pending') return { outcome: 'unknown-code' };
    const mandate = (await this.smsMandates(db, [latest.id]))[0]!;
    return latest.status === 'active' ? { outcome: 'already-consented', mandate } : { outcome: 'ended', mandate };
  }

  /**
   * For the SMS channel: the producer withdraws the agent whose mandate has `code`, or every
   * agent when no code is given. The UPDATE waits for any action in flight under a mandate
   * (assertCanAct share-locks it) and refuses every later one. The same inbound SMS again
   * answers as the first time and changes nothing.
   */
  async withdrawBySms(input: { phone: string; code?: string; smsId: string }, manager?: EntityManager): Promise<SmsWithdrawalResult> {
    const phone = normalizePhone(input.phone);
    const code = input.code === undefined ? null : toWesternDigits(input.code).trim();
    if (!phone) return { outcome: 'nothing-to-withdraw' };
    return this.inTransaction(manager, (db) => this.withdraw(db, phone, code, input.smsId));
  }

  private async withdraw(db: EntityManager, phone: string, code: string | null, smsId: string): Promise<SmsWithdrawalResult> {
    const updated = (await db.query(
      `UPDATE agent_mandates a SET status = 'withdrawn', withdrawn_at = now(), withdrawal_sms_id = $3
       FROM users u WHERE u.phone = $1 AND a.producer_user_id = u.id AND ${LIVE} AND ($2::text IS NULL OR a.code = $2)
       RETURNING a.id`,
      [phone, code, smsId],
    )) as [Array<{ id: string }>, number];
    if (updated[0].length > 0) {
      const mandates = await this.smsMandates(db, updated[0].map((r) => r.id));
      await this.outbox.recordMany(db, AGENT_MANDATE_WITHDRAWN, mandates.map(mandateEvent));
      return { outcome: 'withdrawn', mandates };
    }
    const replayed = (await db.query(
      `SELECT a.id FROM agent_mandates a JOIN users u ON u.id = a.producer_user_id WHERE u.phone = $1 AND a.withdrawal_sms_id = $2`,
      [phone, smsId],
    )) as Array<{ id: string }>;
    if (replayed.length === 0) return { outcome: 'nothing-to-withdraw' };
    return { outcome: 'withdrawn', mandates: await this.smsMandates(db, replayed.map((r) => r.id)) };
  }

  /** In the SMS channel's transaction when it gives one, else in one of our own (the outbox records only inside one). */
  private inTransaction<T>(manager: EntityManager | undefined, run: (db: EntityManager) => Promise<T>): Promise<T> {
    if (manager?.queryRunner?.isTransactionActive) return run(manager);
    return (manager ?? this.dataSource.manager).transaction(run);
  }

  /**
   * Where to send SMS copies of what is done for these organizations: the producer who
   * registered through an agent (latest mandate, whatever its state: a listing an agent
   * posted still gets orders after a withdrawal). Organizations never served by an agent are absent.
   */
  async producerContacts(producerOrganizationIds: string[]): Promise<Map<string, ProducerContact>> {
    const ids = [...new Set(producerOrganizationIds)];
    if (ids.length === 0) return new Map();
    const rows = (await this.dataSource.query(
      `SELECT DISTINCT ON (a.producer_organization_id) a.producer_organization_id, u.phone, u.locale
       FROM agent_mandates a JOIN users u ON u.id = a.producer_user_id
       WHERE a.producer_organization_id = ANY($1::uuid[]) AND u.phone IS NOT NULL
       ORDER BY a.producer_organization_id, a.created_at DESC`,
      [ids],
    )) as Array<{ producer_organization_id: string; phone: string; locale: Locale }>;
    return new Map(rows.map((r) => [r.producer_organization_id, { producerOrganizationId: r.producer_organization_id, phone: r.phone, locale: r.locale }]));
  }

  private async smsMandates(db: EntityManager, ids: string[]): Promise<SmsMandate[]> {
    const rows = (await db.query(
      `SELECT a.id, a.agent_organization_id, o.name AS agent_name, a.producer_organization_id, a.producer_user_id, u.locale, a.status
       FROM agent_mandates a JOIN organizations o ON o.id = a.agent_organization_id JOIN users u ON u.id = a.producer_user_id
       WHERE a.id = ANY($1::uuid[]) ORDER BY a.created_at, a.id`,
      [ids],
    )) as Array<{ id: string; agent_organization_id: string; agent_name: string; producer_organization_id: string; producer_user_id: string; locale: Locale; status: MandateStatus }>;
    return rows.map((r) => ({
      mandateId: r.id,
      agentOrganizationId: r.agent_organization_id,
      agentName: r.agent_name,
      producerOrganizationId: r.producer_organization_id,
      producerUserId: r.producer_user_id,
      locale: r.locale,
      status: r.status,
    }));
  }

  private async toDtos(db: EntityManager, rows: MandateRow[]): Promise<AgentProducerDto[]> {
    if (rows.length === 0) return [];
    const people = (await db.query(
      `SELECT a.id, u.name, u.phone, o.name AS organization_name, o.province_code
       FROM agent_mandates a JOIN users u ON u.id = a.producer_user_id JOIN organizations o ON o.id = a.producer_organization_id
       WHERE a.id = ANY($1::uuid[])`,
      [rows.map((r) => r.id)],
    )) as Array<{ id: string; name: string; phone: string; organization_name: string; province_code: string }>;
    const byId = new Map(people.map((p) => [p.id, p]));
    return rows.map((r) => {
      const p = byId.get(r.id)!;
      return {
        mandateId: r.id,
        producerOrganizationId: r.producer_organization_id,
        organizationName: p.organization_name,
        name: p.name,
        phone: p.phone,
        provinceCode: p.province_code,
        status: r.status,
        registeredAt: r.created_at.toISOString(),
        consentedAt: r.consented_at?.toISOString() ?? null,
        endedAt: (r.withdrawn_at ?? r.ended_at)?.toISOString() ?? null,
      };
    });
  }
}
