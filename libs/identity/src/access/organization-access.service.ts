import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUuid, ProblemException, ValidationProblem } from '@psar/platform';
import { DataSource, EntityManager } from 'typeorm';
import { ROLES, roleAtLeast, type Role } from '../organizations/membership.entity';
import type { Capability, OrganizationKind } from '../organizations/organization.entity';

export interface CanActOptions {
  /** The weakest role that may act; default `member`. */
  minRole?: Role;
  /** The organization must have this capability (e.g. `sell` to list supply). */
  capability?: Capability;
  /**
   * The action is on something the organization keeps private (a deal, a registration
   * list): then a non-member gets 404, as if it did not exist, so ids cannot be probed.
   * Otherwise (organizations are public profiles) a non-member gets 403.
   */
  private?: boolean;
  /** Names the field in a 400 when the id is malformed; default `organizationId`. */
  field?: string;
  /**
   * An agent may do this for a producer whose consent is on record: an owner or manager of
   * an organization holding an active mandate over this one (libs/identity/src/agents).
   * Only for what a mandate covers (supply listings, quotes, reading offers and deals),
   * never for members, settings or what the producer alone decides. Given `manager`, the
   * mandate row stays share-locked to the end of that transaction, so a withdrawal waits
   * for the action in flight and everything after it is refused.
   */
  agentMay?: boolean;
  /** Inside a transaction, read through its manager. */
  manager?: EntityManager;
}

/** Set when the user acts through an agent's mandate rather than as a member. */
export interface ActingAgent {
  organizationId: string;
  mandateId: string;
}

export interface ActingMembership {
  organizationId: string;
  kind: OrganizationKind;
  capabilities: Capability[];
  role: Role;
  /** Present when the right comes from an agent's mandate: record it with what is done. */
  agent?: ActingAgent;
}

/** Roles of an agent organization whose holders act for its producers. */
const AGENT_ROLES: readonly Role[] = ['owner', 'manager'];

/**
 * The one answer to "may this user act for this organization?", used by every module.
 * 404 for an unknown organization (or a private one's outsider), 403 for a known
 * organization the user may not act for, with the reason in the problem's slug.
 */
@Injectable()
export class OrganizationAccessService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async assertCanAct(userId: string, organizationId: string, options: CanActOptions = {}): Promise<ActingMembership> {
    const field = options.field ?? 'organizationId';
    if (!isUuid(organizationId)) throw new ValidationProblem([{ field, message: `${field} must be a UUID` }]);
    const [row] = (await (options.manager ?? this.dataSource.manager).query(
      `SELECT o.kind, o.capabilities, m.role
       FROM organizations o LEFT JOIN memberships m ON m.organization_id = o.id AND m.user_id = $2
       WHERE o.id = $1`,
      [organizationId, userId],
    )) as Array<{ kind: OrganizationKind; capabilities: Capability[]; role: Role | null }>;
    if (row && !row.role && options.agentMay) {
      const agent = await this.mandateOver(userId, organizationId, options.manager);
      if (agent) {
        // An agent's rights are a manager's, for the actions that allow agents.
        if (!roleAtLeast('manager', options.minRole ?? 'member')) {
          throw new ProblemException(HttpStatus.FORBIDDEN, 'role-required', `This needs the ${options.minRole} role in the organization`);
        }
        this.assertCapability(row.capabilities, options.capability);
        return { organizationId, kind: row.kind, capabilities: row.capabilities, role: 'manager', agent };
      }
    }
    if (!row || (options.private && !row.role)) {
      throw new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'No such organization or resource');
    }
    if (!row.role) {
      throw new ProblemException(HttpStatus.FORBIDDEN, 'not-a-member', 'You are not a member of this organization');
    }
    const minRole = options.minRole ?? 'member';
    if (!roleAtLeast(row.role, minRole)) {
      throw new ProblemException(HttpStatus.FORBIDDEN, 'role-required', `This needs the ${minRole} role or higher in the organization`);
    }
    this.assertCapability(row.capabilities, options.capability);
    return { organizationId, kind: row.kind, capabilities: row.capabilities, role: row.role };
  }

  private assertCapability(capabilities: Capability[], capability: Capability | undefined): void {
    if (capability && !capabilities.includes(capability)) {
      throw new ProblemException(
        HttpStatus.FORBIDDEN,
        'capability-required',
        `The organization cannot ${capability.replace('_', ' ')}: it lacks the "${capability}" capability`,
      );
    }
  }

  /**
   * The active mandate over `organizationId` held by an organization the user runs, share-
   * locked inside a transaction (a withdrawal's UPDATE waits for it; once that commits, the
   * re-check of the row finds it withdrawn). null when none; 403 `no-consent` when the
   * user's agent organization has only a pending or ended mandate: the producer has not
   * agreed, or no longer does. agent_mandates_producer_idx.
   */
  private async mandateOver(userId: string, organizationId: string, manager?: EntityManager): Promise<ActingAgent | null> {
    const db = manager ?? this.dataSource.manager;
    const [active] = (await db.query(
      `SELECT a.id, a.agent_organization_id FROM agent_mandates a
       WHERE a.producer_organization_id = $1 AND a.status = 'active'
         AND EXISTS (SELECT 1 FROM memberships m WHERE m.organization_id = a.agent_organization_id AND m.user_id = $2 AND m.role = ANY($3::text[]))
       ORDER BY a.consented_at, a.id LIMIT 1
       ${manager ? 'FOR SHARE OF a' : ''}`,
      [organizationId, userId, AGENT_ROLES],
    )) as Array<{ id: string; agent_organization_id: string }>;
    if (active) return { organizationId: active.agent_organization_id, mandateId: active.id };
    const [other] = (await db.query(
      `SELECT a.status FROM agent_mandates a JOIN memberships m ON m.organization_id = a.agent_organization_id AND m.user_id = $2
       WHERE a.producer_organization_id = $1 AND m.role = ANY($3::text[])
       ORDER BY a.created_at DESC LIMIT 1`,
      [organizationId, userId, AGENT_ROLES],
    )) as Array<{ status: string }>;
    if (!other) return null;
    throw new ProblemException(
      HttpStatus.FORBIDDEN,
      'no-consent',
      other.status === 'pending'
        ? 'The producer has not agreed by SMS yet: nothing can be done for them until they reply YES with the code'
        : 'The producer has withdrawn this agent, or the agent ended the mandate: nothing can be done for them',
    );
  }

  /** May the user act as an agent for this organization (an active mandate)? For reads; no lock. */
  async actsFor(userId: string, organizationIds: string[], manager?: EntityManager): Promise<boolean> {
    const ids = organizationIds.filter((id) => isUuid(id));
    if (ids.length === 0) return false;
    const rows = (await (manager ?? this.dataSource.manager).query(
      `SELECT 1 FROM agent_mandates a JOIN memberships m ON m.organization_id = a.agent_organization_id AND m.user_id = $2
       WHERE a.producer_organization_id = ANY($1::uuid[]) AND a.status = 'active' AND m.role = ANY($3::text[]) LIMIT 1`,
      [ids, userId, AGENT_ROLES],
    )) as unknown[];
    return rows.length > 0;
  }

  /** The producers' organizations the user acts for through an active mandate: for "my offers", "my deals". */
  async organizationIdsActedFor(userId: string): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT DISTINCT a.producer_organization_id FROM agent_mandates a
       JOIN memberships m ON m.organization_id = a.agent_organization_id AND m.user_id = $1
       WHERE a.status = 'active' AND m.role = ANY($2::text[]) ORDER BY 1`,
      [userId, AGENT_ROLES],
    )) as Array<{ producer_organization_id: string }>;
    return rows.map((r) => r.producer_organization_id);
  }

  /** The user's role in the organization, or null. */
  async roleOf(userId: string, organizationId: string, manager?: EntityManager): Promise<Role | null> {
    if (!isUuid(organizationId)) return null;
    const [row] = (await (manager ?? this.dataSource.manager).query(
      'SELECT role FROM memberships WHERE organization_id = $1 AND user_id = $2',
      [organizationId, userId],
    )) as Array<{ role: Role }>;
    return row?.role ?? null;
  }

  /** Every organization the user belongs to: for "my deals", "my bookings" and such lists. */
  async organizationIdsOf(userId: string, minRole: Role = 'member'): Promise<string[]> {
    const rows = (await this.dataSource.query('SELECT organization_id, role FROM memberships WHERE user_id = $1', [userId])) as Array<{
      organization_id: string;
      role: Role;
    }>;
    return rows.filter((r) => roleAtLeast(r.role, minRole)).map((r) => r.organization_id);
  }

  /**
   * The organizations this user may act for with `minRole` and `capability`, the one joined
   * first first: what a channel without an organization picker (SMS) acts for.
   */
  async actingOrganizationsOf(userId: string, minRole: Role, capability: Capability): Promise<Array<{ organizationId: string; provinceCode: string }>> {
    const rows = (await this.dataSource.query(
      `SELECT m.organization_id, m.role, o.province_code FROM memberships m JOIN organizations o ON o.id = m.organization_id
       WHERE m.user_id = $1 AND $2 = ANY(o.capabilities) ORDER BY m.created_at, m.organization_id`,
      [userId, capability],
    )) as Array<{ organization_id: string; role: Role; province_code: string }>;
    return rows.filter((r) => roleAtLeast(r.role, minRole)).map((r) => ({ organizationId: r.organization_id, provinceCode: r.province_code }));
  }

  /**
   * The people of these organizations with `minRole` or higher (e.g. whom to notify, who
   * joins a conversation started with the organization). Unknown ids give no one.
   */
  async userIdsOf(organizationIds: string | string[], minRole: Role = 'member', manager?: EntityManager): Promise<string[]> {
    const ids = (Array.isArray(organizationIds) ? organizationIds : [organizationIds]).filter((id) => isUuid(id));
    if (ids.length === 0) return [];
    const roles = ROLES.slice(0, ROLES.indexOf(minRole) + 1);
    const rows = (await (manager ?? this.dataSource.manager).query(
      'SELECT DISTINCT user_id FROM memberships WHERE organization_id = ANY($1::uuid[]) AND role = ANY($2::text[]) ORDER BY user_id',
      [ids, roles],
    )) as Array<{ user_id: string }>;
    return rows.map((r) => r.user_id);
  }

  /** The cooperatives and working groups that approved `organizationId` as a member. */
  async groupIdsOf(organizationId: string, manager?: EntityManager): Promise<string[]> {
    if (!isUuid(organizationId)) return [];
    const rows = (await (manager ?? this.dataSource.manager).query(
      "SELECT group_id FROM group_memberships WHERE organization_id = $1 AND status = 'approved' ORDER BY group_id",
      [organizationId],
    )) as Array<{ group_id: string }>;
    return rows.map((r) => r.group_id);
  }

  /** The firms approved as members of a cooperative or working group. */
  async memberOrganizationIdsOf(groupId: string, manager?: EntityManager): Promise<string[]> {
    if (!isUuid(groupId)) return [];
    const rows = (await (manager ?? this.dataSource.manager).query(
      "SELECT organization_id FROM group_memberships WHERE group_id = $1 AND status = 'approved' ORDER BY organization_id",
      [groupId],
    )) as Array<{ organization_id: string }>;
    return rows.map((r) => r.organization_id);
  }

  /** Kind of each existing organization among `ids` (absent: no such organization). */
  async kindsOf(organizationIds: string[], manager?: EntityManager): Promise<Map<string, OrganizationKind>> {
    const ids = organizationIds.filter((id) => isUuid(id));
    if (ids.length === 0) return new Map();
    const rows = (await (manager ?? this.dataSource.manager).query('SELECT id, kind FROM organizations WHERE id = ANY($1::uuid[])', [
      ids,
    ])) as Array<{ id: string; kind: OrganizationKind }>;
    return new Map(rows.map((r) => [r.id, r.kind]));
  }

  /** Display names for ids other modules hold (participants, senders); unknown ids are absent. */
  async namesOf(
    userIds: string[],
    organizationIds: string[],
    manager?: EntityManager,
  ): Promise<{ users: Map<string, string>; organizations: Map<string, string> }> {
    const users = [...new Set(userIds.filter((id) => isUuid(id)))];
    const organizations = [...new Set(organizationIds.filter((id) => isUuid(id)))];
    const db = manager ?? this.dataSource.manager;
    // One after the other: a transaction's manager runs one query at a time.
    const userRows = users.length ? await db.query('SELECT id, name FROM users WHERE id = ANY($1::uuid[])', [users]) : [];
    const organizationRows = (organizations.length
      ? await db.query('SELECT id, name FROM organizations WHERE id = ANY($1::uuid[])', [organizations])
      : []) as Array<{ id: string; name: string }>;
    return {
      users: new Map((userRows as Array<{ id: string; name: string }>).map((r) => [r.id, r.name])),
      organizations: new Map(organizationRows.map((r) => [r.id, r.name])),
    };
  }


  /** Which of these ids are users. */
  async existingUserIds(userIds: string[], manager?: EntityManager): Promise<Set<string>> {
    const ids = [...new Set(userIds.filter((id) => isUuid(id)))];
    if (ids.length === 0) return new Set();
    const rows = (await (manager ?? this.dataSource.manager).query('SELECT id FROM users WHERE id = ANY($1::uuid[])', [ids])) as Array<{
      id: string;
    }>;
    return new Set(rows.map((r) => r.id));
  }

  /**
   * Name and phone of these users, for those who run something they signed up for (a
   * training's registration list): callers must have checked that the viewer may see them.
   */
  async contactsOf(userIds: string[]): Promise<Map<string, { name: string; phone: string | null }>> {
    const ids = [...new Set(userIds.filter((id) => isUuid(id)))];
    if (ids.length === 0) return new Map();
    const rows = (await this.dataSource.query('SELECT id, name, phone FROM users WHERE id = ANY($1::uuid[])', [ids])) as Array<{
      id: string;
      name: string;
      phone: string | null;
    }>;
    return new Map(rows.map((r) => [r.id, { name: r.name, phone: r.phone }]));
  }

  /** Where these organizations are (public profile data): province and location if set. */
  async placesOf(organizationIds: string[], manager?: EntityManager): Promise<Map<string, { provinceCode: string; lat: number | null; lng: number | null }>> {
    const ids = [...new Set(organizationIds.filter((id) => isUuid(id)))];
    if (ids.length === 0) return new Map();
    const rows = (await (manager ?? this.dataSource.manager).query(
      'SELECT id, province_code, lat, lng FROM organizations WHERE id = ANY($1::uuid[])',
      [ids],
    )) as Array<{ id: string; province_code: string; lat: number | null; lng: number | null }>;
    return new Map(rows.map((r) => [r.id, { provinceCode: r.province_code, lat: r.lat, lng: r.lng }]));
  }

  /** Platform administrators, e.g. to ask them to settle a dispute the sides could not. */
  async adminUserIds(manager?: EntityManager): Promise<string[]> {
    const rows = (await (manager ?? this.dataSource.manager).query('SELECT id FROM users WHERE is_admin ORDER BY id')) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  async assertAdmin(userId: string): Promise<void> {
    const [row] = (await this.dataSource.query('SELECT is_admin FROM users WHERE id = $1', [userId])) as Array<{ is_admin: boolean }>;
    if (!row?.is_admin) throw new ProblemException(HttpStatus.FORBIDDEN, 'admin-required', 'Only platform administrators can do this');
  }
}
