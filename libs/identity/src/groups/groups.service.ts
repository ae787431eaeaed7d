import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { decodeCursor, OutboxService, Page, ProblemException, toPage } from '@psar/platform';
import { DataSource, EntityManager } from 'typeorm';
import { OrganizationAccessService } from '../access/organization-access.service';
import { roleAtLeast } from '../organizations/membership.entity';
import { GROUP_KINDS, type OrganizationKind } from '../organizations/organization.entity';
import type { GroupMemberDto, GroupMembershipDto, ListGroupMembersQuery } from './dto/group-membership.dto';
import type { GroupMembershipStatus } from './group-membership.entity';

export const GROUP_JOIN_REQUESTED = 'group.join_requested';
export const GROUP_JOIN_APPROVED = 'group.join_approved';
export const GROUP_JOIN_REFUSED = 'group.join_refused';
/** A firm left the group or was removed from it (whatever the status it had). */
export const GROUP_LEFT = 'group.left';

export interface GroupJoinEventPayload {
  groupId: string;
  organizationId: string;
  /** The user who asked or decided. */
  actorId: string;
  [key: string]: unknown;
}

@Injectable()
export class GroupsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: OrganizationAccessService,
    private readonly outbox: OutboxService,
  ) {}

  /** A firm's owner or manager asks for it to join a cooperative or working group. */
  async requestToJoin(userId: string, groupId: string, organizationId: string): Promise<GroupMembershipDto> {
    return this.dataSource.transaction(async (manager) => {
      const group = await kindOf(manager, groupId);
      const firm = await this.access.assertCanAct(userId, organizationId, { minRole: 'manager', manager });
      if (!GROUP_KINDS.includes(group)) {
        throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'not-a-group', 'Only cooperatives and working groups have member organizations');
      }
      if (firm.kind !== 'firm') {
        throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'not-a-firm', 'Only firms can join a group');
      }
      // A refused firm may ask again; a pending or approved one has nothing to ask.
      const rows = (await manager.query(
        `INSERT INTO group_memberships (group_id, organization_id, status, requested_by) VALUES ($1, $2, 'requested', $3)
         ON CONFLICT (group_id, organization_id) DO UPDATE
           SET status = 'requested', requested_by = excluded.requested_by, decided_by = NULL, decided_at = NULL
           WHERE group_memberships.status = 'refused'
         RETURNING status`,
        [groupId, organizationId, userId],
      )) as unknown[];
      if (rows.length === 0) {
        throw new ProblemException(HttpStatus.CONFLICT, 'already-requested', 'This organization already asked to join or is a member');
      }
      const payload: GroupJoinEventPayload = { groupId, organizationId, actorId: userId };
      await this.outbox.record(manager, GROUP_JOIN_REQUESTED, payload);
      return { groupId, organizationId, status: 'requested' };
    });
  }

  /** A manager of the group approves or refuses a pending request. */
  async decide(userId: string, groupId: string, organizationId: string, decision: 'approved' | 'refused'): Promise<GroupMembershipDto> {
    return this.dataSource.transaction(async (manager) => {
      await this.access.assertCanAct(userId, groupId, { minRole: 'manager', manager, field: 'groupId' });
      const rows = (await manager.query(
        `UPDATE group_memberships SET status = $3, decided_by = $4, decided_at = now()
         WHERE group_id = $1 AND organization_id = $2 AND status = 'requested'
         RETURNING status`,
        [groupId, organizationId, decision, userId],
      )) as [unknown[], number];
      if (rows[1] === 0) {
        const status = await statusOf(manager, groupId, organizationId);
        if (!status) throw new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'This organization has not asked to join');
        throw new ProblemException(HttpStatus.CONFLICT, 'already-decided', `This request was already ${status}`);
      }
      const payload: GroupJoinEventPayload = { groupId, organizationId, actorId: userId };
      await this.outbox.record(manager, decision === 'approved' ? GROUP_JOIN_APPROVED : GROUP_JOIN_REFUSED, payload);
      return { groupId, organizationId, status: decision };
    });
  }

  /** The member firm leaves (its manager), or the group removes it (the group's manager). */
  async leave(userId: string, groupId: string, organizationId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await kindOf(manager, groupId);
      const [inFirm, inGroup] = await Promise.all([
        this.access.roleOf(userId, organizationId, manager),
        this.access.roleOf(userId, groupId, manager),
      ]);
      const allowed = [inFirm, inGroup].some((role) => role !== null && roleAtLeast(role, 'manager'));
      if (!allowed) {
        throw new ProblemException(
          HttpStatus.FORBIDDEN,
          'role-required',
          'Only a manager of the member organization or of the group can end the membership',
        );
      }
      const rows = (await manager.query('DELETE FROM group_memberships WHERE group_id = $1 AND organization_id = $2 RETURNING status', [
        groupId,
        organizationId,
      ])) as [unknown[], number];
      if (rows[1] === 0) throw new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'This organization is not in the group');
      const payload: GroupJoinEventPayload = { groupId, organizationId, actorId: userId };
      await this.outbox.record(manager, GROUP_LEFT, payload);
    });
  }

  /** Approved members are public; pending and refused ones only for the group's managers. */
  async listMembers(userId: string | undefined, groupId: string, query: ListGroupMembersQuery): Promise<Page<GroupMemberDto>> {
    await kindOf(this.dataSource.manager, groupId);
    if (query.status !== 'approved') {
      if (!userId) throw new ProblemException(HttpStatus.UNAUTHORIZED, 'unauthenticated', 'Sign in to see pending requests');
      await this.access.assertCanAct(userId, groupId, { minRole: 'manager', field: 'groupId' });
    }
    const params: unknown[] = [groupId, query.status, query.limit + 1];
    let after = '';
    if (query.cursor) {
      const [name, id] = decodeCursor(query.cursor, 2);
      params.push(name, id);
      after = 'AND (o.name, o.id) > ($4, $5::uuid)';
    }
    const rows = (await this.dataSource.query(
      `SELECT o.id, o.name, o.province_code, o.value_chains, g.status
       FROM group_memberships g JOIN organizations o ON o.id = g.organization_id
       WHERE g.group_id = $1 AND g.status = $2 ${after}
       ORDER BY o.name, o.id LIMIT $3`,
      params,
    )) as Array<{ id: string; name: string; province_code: string; value_chains: string[]; status: GroupMembershipStatus }>;
    return toPage(
      rows,
      query.limit,
      (r) => [r.name, r.id],
      (r) => ({ organizationId: r.id, name: r.name, provinceCode: r.province_code, valueChains: r.value_chains, status: r.status }),
    );
  }
}

async function kindOf(manager: EntityManager, organizationId: string): Promise<OrganizationKind> {
  const [row] = (await manager.query('SELECT kind FROM organizations WHERE id = $1', [organizationId])) as Array<{ kind: OrganizationKind }>;
  if (!row) throw new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'No such organization');
  return row.kind;
}

async function statusOf(manager: EntityManager, groupId: string, organizationId: string): Promise<GroupMembershipStatus | null> {
  const [row] = (await manager.query('SELECT status FROM group_memberships WHERE group_id = $1 AND organization_id = $2', [
    groupId,
    organizationId,
  ])) as Array<{ status: GroupMembershipStatus }>;
  return row?.status ?? null;
}
