import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ProblemException, ValidationProblem } from '@psar/platform';
import { DataSource, EntityManager } from 'typeorm';
import { roleAtLeast, type Role } from '../organizations/membership.entity';
import type { Capability, OrganizationKind } from '../organizations/organization.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
  /** Inside a transaction, read through its manager. */
  manager?: EntityManager;
}

export interface ActingMembership {
  organizationId: string;
  kind: OrganizationKind;
  capabilities: Capability[];
  role: Role;
}

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
    if (!UUID.test(organizationId)) throw new ValidationProblem([{ field, message: `${field} must be a UUID` }]);
    const [row] = (await (options.manager ?? this.dataSource.manager).query(
      `SELECT o.kind, o.capabilities, m.role
       FROM organizations o LEFT JOIN memberships m ON m.organization_id = o.id AND m.user_id = $2
       WHERE o.id = $1`,
      [organizationId, userId],
    )) as Array<{ kind: OrganizationKind; capabilities: Capability[]; role: Role | null }>;
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
    if (options.capability && !row.capabilities.includes(options.capability)) {
      throw new ProblemException(
        HttpStatus.FORBIDDEN,
        'capability-required',
        `The organization cannot ${options.capability.replace('_', ' ')}: it lacks the "${options.capability}" capability`,
      );
    }
    return { organizationId, kind: row.kind, capabilities: row.capabilities, role: row.role };
  }

  /** The user's role in the organization, or null. */
  async roleOf(userId: string, organizationId: string, manager?: EntityManager): Promise<Role | null> {
    if (!UUID.test(organizationId)) return null;
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

  async assertAdmin(userId: string): Promise<void> {
    const [row] = (await this.dataSource.query('SELECT is_admin FROM users WHERE id = $1', [userId])) as Array<{ is_admin: boolean }>;
    if (!row?.is_admin) throw new ProblemException(HttpStatus.FORBIDDEN, 'admin-required', 'Only platform administrators can do this');
  }
}
