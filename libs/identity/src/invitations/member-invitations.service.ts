import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { decodeTimeKeyset, OutboxService, Page, ProblemException, toPage } from '@psar/platform';
import { DataSource, EntityManager } from 'typeorm';
import { OrganizationAccessService } from '../access/organization-access.service';
import type { Role } from '../organizations/membership.entity';
import { MEMBER_JOINED, type MemberEventPayload } from '../organizations/member-events';
import type { ListMemberInvitationsQuery, MemberInvitationDto } from './dto/member-invitation.dto';
import { MEMBER_INVITED, type MemberInvitedPayload } from './member-invitation-events';

/** How long an invitation waits for its person to sign up. */
export const INVITATION_TTL_DAYS = 14;

interface InvitationRow {
  id: string;
  phone: string;
  role: Role;
  invited_by: string | null;
  inviter_name: string | null;
  created_at: Date;
  created_at_key: string;
  expires_at: Date;
  expired: boolean;
}

const PENDING = 'i.accepted_at IS NULL AND i.revoked_at IS NULL';

const INVITATION_SELECT = `
  SELECT i.id, i.phone, i.role, i.invited_by, u.name AS inviter_name, i.created_at, i.created_at::text AS created_at_key,
         i.expires_at, i.expires_at <= now() AS expired
  FROM member_invitations i LEFT JOIN users u ON u.id = i.invited_by`;

function toDto(r: InvitationRow): MemberInvitationDto {
  return {
    id: r.id,
    phone: r.phone,
    role: r.role,
    invitedBy: r.invited_by && r.inviter_name !== null ? { userId: r.invited_by, name: r.inviter_name } : null,
    createdAt: r.created_at.toISOString(),
    expiresAt: r.expires_at.toISOString(),
  };
}

/**
 * Serializes everything done about one phone number: an invitation to it and a sign-up with
 * it. Whichever commits first, the other sees it: the sign-up accepts the invitation, or
 * the invitation finds the new account and adds it at once. Taken before any row lock.
 */
export async function lockPhone(manager: EntityManager, phone: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('member-invitation:' || $1, 0))`, [phone]);
}

/** Invitations to join an organization for a phone number that has no account yet. */
@Injectable()
export class MemberInvitationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: OrganizationAccessService,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * One pending invitation per (organization, phone): inviting again gives it the new role
   * and, when it had expired, a new expiry. The caller holds the organization's row lock
   * and the phone lock, so this read-then-write has no race; the partial unique index
   * member_invitations_one_pending is the backstop.
   */
  async invite(manager: EntityManager, organizationId: string, phone: string, role: Role, inviterId: string): Promise<MemberInvitationDto> {
    const [pending] = (await manager.query(
      `SELECT id, role, expires_at <= now() AS expired FROM member_invitations i
       WHERE organization_id = $1 AND phone = $2 AND ${PENDING} FOR UPDATE`,
      [organizationId, phone],
    )) as Array<{ id: string; role: Role; expired: boolean }>;
    let id: string;
    let changed = true;
    if (!pending) {
      const [row] = (await manager.query(
        `INSERT INTO member_invitations (organization_id, phone, role, invited_by, expires_at)
         VALUES ($1, $2, $3, $4, now() + make_interval(days => $5)) RETURNING id`,
        [organizationId, phone, role, inviterId, INVITATION_TTL_DAYS],
      )) as Array<{ id: string }>;
      id = row!.id;
    } else {
      id = pending.id;
      changed = pending.expired || pending.role !== role;
      if (changed) {
        await manager.query(
          `UPDATE member_invitations SET role = $2, invited_by = $3, updated_at = now(),
             expires_at = CASE WHEN expires_at <= now() THEN now() + make_interval(days => $4) ELSE expires_at END
           WHERE id = $1`,
          [id, role, inviterId, INVITATION_TTL_DAYS],
        );
      }
    }
    const invitation = await this.row(manager, id);
    if (changed) {
      const [names] = (await manager.query(
        'SELECT o.name AS organization_name, u.name AS inviter_name FROM organizations o, users u WHERE o.id = $1 AND u.id = $2',
        [organizationId, inviterId],
      )) as Array<{ organization_name: string; inviter_name: string }>;
      const payload: MemberInvitedPayload = {
        invitationId: id,
        organizationId,
        organizationName: names!.organization_name,
        phone,
        role,
        invitedBy: inviterId,
        inviterName: names!.inviter_name,
        expiresAt: invitation.expires_at.toISOString(),
      };
      await this.outbox.record(manager, MEMBER_INVITED, payload);
    }
    return toDto(invitation);
  }

  /**
   * At sign-up (the caller holds the phone lock and has just created the user): every
   * pending, unexpired invitation for the number makes them a member with its role, once.
   * Sign-up does not prove the number (no code is sent yet); when it does, this belongs
   * after the proof.
   */
  async acceptPending(manager: EntityManager, userId: string, phone: string): Promise<number> {
    const rows = (await manager.query(
      `WITH accepted AS (
         UPDATE member_invitations i SET accepted_at = now(), accepted_by = $1, updated_at = now()
         WHERE i.phone = $2 AND ${PENDING} AND i.expires_at > now()
         RETURNING i.organization_id, i.role
       )
       INSERT INTO memberships (organization_id, user_id, role)
       SELECT organization_id, $1, role FROM accepted
       ON CONFLICT (organization_id, user_id) DO NOTHING
       RETURNING organization_id`,
      [userId, phone],
    )) as Array<{ organization_id: string }>;
    for (const row of rows) {
      await this.outbox.record(manager, MEMBER_JOINED, { organizationId: row.organization_id, userId } satisfies MemberEventPayload);
    }
    return rows.length;
  }

  /** Pending invitations not yet expired, newest first (member_invitations_organization_idx). */
  async list(organizationId: string, query: ListMemberInvitationsQuery): Promise<Page<MemberInvitationDto>> {
    const params: unknown[] = [organizationId];
    const where = ['i.organization_id = $1', PENDING, 'i.expires_at > now()'];
    if (query.cursor) {
      const [at, id] = decodeTimeKeyset(query.cursor);
      params.push(at, id);
      where.push(`(i.created_at, i.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(query.limit + 1);
    const rows = (await this.dataSource.query(
      `${INVITATION_SELECT} WHERE ${where.join(' AND ')} ORDER BY i.created_at DESC, i.id DESC LIMIT $${params.length}`,
      params,
    )) as InvitationRow[];
    return toPage(rows, query.limit, (r) => [r.created_at_key, r.id], toDto);
  }

  /** Managers revoke invitations to members and managers; an owner invitation needs an owner. */
  async revoke(actorId: string, organizationId: string, invitationId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const actor = await this.access.assertCanAct(actorId, organizationId, { minRole: 'manager', manager, field: 'id' });
      const [invitation] = (await manager.query(
        `SELECT role FROM member_invitations i WHERE id = $1 AND organization_id = $2 AND ${PENDING} FOR UPDATE`,
        [invitationId, organizationId],
      )) as Array<{ role: Role }>;
      if (!invitation) throw new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'This organization has no pending invitation with this id');
      if (invitation.role === 'owner' && actor.role !== 'owner') {
        throw new ProblemException(HttpStatus.FORBIDDEN, 'role-required', 'Only an owner can revoke an invitation to become owner');
      }
      await manager.query('UPDATE member_invitations SET revoked_at = now(), revoked_by = $2, updated_at = now() WHERE id = $1', [invitationId, actorId]);
    });
  }

  private async row(manager: EntityManager, id: string): Promise<InvitationRow> {
    const [row] = (await manager.query(`${INVITATION_SELECT} WHERE i.id = $1`, [id])) as InvitationRow[];
    return row!;
  }
}
