import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CatalogService } from '@psar/catalog';
import { PhotosService } from '@psar/media';
import { decodeCursor, FieldError, OutboxService, Page, ProblemException, ReadReplicas, type Reader, searchableText, searchableTextOrNull, toPage, ValidationProblem } from '@psar/platform';
import { DataSource, EntityManager } from 'typeorm';
import { OrganizationReputationService } from './organization-reputation.service';
import { OrganizationAccessService } from '../access/organization-access.service';
import { normalizePhone } from '../users/phone-number';
import { lockPhone, MemberInvitationsService } from '../invitations/member-invitations.service';
import type { AddMemberDto, MemberAddedDto, MemberDto, MemberInvitedDto } from './dto/member.dto';
import {
  type CreateOrganizationDto,
  type ListOrganizationsQuery,
  OrganizationDto,
  type UpdateOrganizationDto,
} from './dto/organization.dto';
import { MEMBER_JOINED, MEMBER_LEFT, type MemberEventPayload } from './member-events';
import { Membership, type Role } from './membership.entity';
import { Organization } from './organization.entity';

const notFound = () => new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'No such organization');

@Injectable()
export class OrganizationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalog: CatalogService,
    private readonly access: OrganizationAccessService,
    private readonly reputation: OrganizationReputationService,
    private readonly photos: PhotosService,
    private readonly invitations: MemberInvitationsService,
    private readonly outbox: OutboxService,
    private readonly replicas: ReadReplicas,
  ) {}

  async create(userId: string, dto: CreateOrganizationDto): Promise<OrganizationDto> {
    const phone = await this.checkReferences(dto);
    return this.dataSource.transaction(async (manager) => {
      const inserted = await manager.getRepository(Organization).insert({
        name: dto.name.trim(),
        searchName: searchableTextOrNull(dto.name.trim()),
        kind: dto.kind,
        capabilities: dto.capabilities,
        provinceCode: dto.provinceCode,
        district: dto.district?.trim() || null,
        lat: dto.location?.lat ?? null,
        lng: dto.location?.lng ?? null,
        valueChains: dto.valueChains ?? [],
        phone: phone ?? null,
        description: dto.description ?? null,
      });
      const id = inserted.identifiers[0]!.id as string;
      // The creator is the first owner; from here on there is always at least one.
      await manager.getRepository(Membership).insert({ organizationId: id, userId, role: 'owner' });
      return OrganizationDto.from(await manager.getRepository(Organization).findOneByOrFail({ id }));
    });
  }

  /** `page`: the public profile page, which may read the row from a read replica (ReadReplicas). */
  async get(id: string, page?: { reader?: Reader }): Promise<OrganizationDto> {
    const organization = page ? await this.fromReplica(id, page.reader) : await this.dataSource.getRepository(Organization).findOneBy({ id });
    if (!organization) throw notFound();
    const photos = (await this.photos.ofOwners('organization', [id])).get(id);
    return { ...OrganizationDto.from(organization, photos), reputation: await this.reputation.of(id) };
  }

  /** The entity's selected columns under their property names, as the repository would load it. */
  private async fromReplica(id: string, reader: Reader | undefined): Promise<Organization | null> {
    const columns = this.dataSource
      .getMetadata(Organization)
      .columns.filter((c) => c.isSelect)
      .map((c) => `o.${c.databaseName} AS "${c.propertyName}"`);
    const [row] = await this.replicas.query<Organization>(`SELECT ${columns.join(', ')} FROM organizations o WHERE o.id = $1`, [id], { reader });
    return row ? Object.assign(new Organization(), row) : null;
  }

  /**
   * Keyset pages on (name, id): organizations_name_id_idx. ?q=: every word of it, as search
   * reads text (Khmer split into words, one code point order), is part of the name;
   * organizations_search_name_trgm_idx serves the ILIKEs.
   */
  async list(query: ListOrganizationsQuery): Promise<Page<OrganizationDto>> {
    const qb = this.dataSource.getRepository(Organization).createQueryBuilder('o');
    if (query.kind) qb.andWhere('o.kind = :kind', { kind: query.kind });
    if (query.capability) qb.andWhere(':capability = ANY(o.capabilities)', { capability: query.capability });
    if (query.province) qb.andWhere('o.province_code = :province', { province: query.province });
    if (query.valueChain) qb.andWhere('o.value_chains @> ARRAY[:valueChain]::text[]', { valueChain: query.valueChain });
    const words = searchableText(query.q ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 8);
    words.forEach((word, i) => {
      qb.andWhere(`coalesce(o.search_name, o.name) ILIKE :q${i} ESCAPE '\\'`, { [`q${i}`]: `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
    });
    if (query.cursor) {
      const [name, id] = decodeCursor(query.cursor, 2);
      qb.andWhere('(o.name, o.id) > (:name, :id)', { name, id });
    }
    const rows = await qb.orderBy('o.name', 'ASC').addOrderBy('o.id', 'ASC').take(query.limit + 1).getMany();
    const photos = await this.photos.ofOwners('organization', rows.slice(0, query.limit).map((o) => o.id));
    return toPage(rows, query.limit, (o) => [o.name, o.id], (o) => OrganizationDto.from(o, photos.get(o.id)));
  }

  /** The caller's right to change it is checked by the route (manager or owner). */
  async update(id: string, dto: UpdateOrganizationDto): Promise<OrganizationDto> {
    const phone = await this.checkReferences(dto);
    const changes: Partial<Organization> = {};
    if (dto.name !== undefined) {
      changes.name = dto.name.trim();
      changes.searchName = searchableTextOrNull(changes.name);
    }
    if (dto.capabilities !== undefined) changes.capabilities = dto.capabilities;
    if (dto.provinceCode !== undefined) changes.provinceCode = dto.provinceCode;
    if (dto.district !== undefined) changes.district = dto.district?.trim() || null;
    if (dto.location !== undefined) {
      changes.lat = dto.location?.lat ?? null;
      changes.lng = dto.location?.lng ?? null;
    }
    if (dto.valueChains !== undefined) changes.valueChains = dto.valueChains;
    if (dto.phone !== undefined) changes.phone = phone ?? null;
    if (dto.description !== undefined) changes.description = dto.description;
    if (Object.keys(changes).length > 0) await this.dataSource.getRepository(Organization).update({ id }, changes);
    return this.get(id);
  }

  async verify(adminId: string, id: string): Promise<OrganizationDto> {
    await this.access.assertAdmin(adminId);
    const result = await this.dataSource
      .getRepository(Organization)
      .createQueryBuilder()
      .update()
      .set({ verifiedAt: () => 'coalesce(verified_at, now())', verifiedBy: () => 'coalesce(verified_by, :adminId)' })
      .setParameter('adminId', adminId)
      .where('id = :id', { id })
      .execute();
    if (!result.affected) throw notFound();
    return this.get(id);
  }

  async listMembers(organizationId: string): Promise<MemberDto[]> {
    const rows = (await this.dataSource.query(
      `SELECT m.user_id, u.name, m.role, m.created_at
       FROM memberships m JOIN users u ON u.id = m.user_id
       WHERE m.organization_id = $1
       ORDER BY array_position(ARRAY['owner', 'manager', 'member'], m.role), u.name`,
      [organizationId],
    )) as Array<{ user_id: string; name: string; role: Role; created_at: Date }>;
    return rows.map((r) => ({ userId: r.user_id, name: r.name, role: r.role, joinedAt: r.created_at.toISOString() }));
  }

  /**
   * Adds a member or changes their role, by user id or by phone number. A number with an
   * account is added at once; a number without one gets an invitation, honoured when
   * someone signs up with it. Managers manage members and managers; only an owner may make
   * or unmake an owner, or invite one.
   */
  async addMember(actorId: string, organizationId: string, dto: AddMemberDto): Promise<MemberAddedDto | MemberInvitedDto> {
    const phone = phoneOfAddMember(dto);
    return this.dataSource.transaction(async (manager) => {
      // The phone lock before the organization's row lock: sign-up takes the phone lock and
      // then (adding the memberships it accepts) a key-share lock on the organization.
      if (phone) await lockPhone(manager, phone);
      await lockOrganization(manager, organizationId);
      const actor = await this.access.assertCanAct(actorId, organizationId, { minRole: 'manager', manager, field: 'id' });
      const [target] = (await manager.query(
        phone ? 'SELECT id, name FROM users WHERE phone = $1' : 'SELECT id, name FROM users WHERE id = $1',
        [phone ?? dto.userId],
      )) as Array<{ id: string; name: string }>;
      if (!target && !phone) throw new ValidationProblem([{ field: 'userId', message: 'no user has this id' }]);
      const current = target ? await this.access.roleOf(target.id, organizationId, manager) : null;
      if ((dto.role === 'owner' || current === 'owner') && actor.role !== 'owner') {
        throw new ProblemException(HttpStatus.FORBIDDEN, 'role-required', 'Only an owner can make or unmake an owner');
      }
      if (!target) {
        return { status: 'invited', invitation: await this.invitations.invite(manager, organizationId, phone!, dto.role, actorId) };
      }
      if (current === 'owner' && dto.role !== 'owner') await assertAnotherOwner(manager, organizationId, target.id);
      const [row] = (await manager.query(
        `INSERT INTO memberships (organization_id, user_id, role) VALUES ($1, $2, $3)
         ON CONFLICT (organization_id, user_id) DO UPDATE SET role = excluded.role
         RETURNING created_at`,
        [organizationId, target.id, dto.role],
      )) as Array<{ created_at: Date }>;
      if (current === null) await this.outbox.record(manager, MEMBER_JOINED, { organizationId, userId: target.id } satisfies MemberEventPayload);
      return { status: 'added', member: { userId: target.id, name: target.name, role: dto.role, joinedAt: row!.created_at.toISOString() } };
    });
  }

  /** A member may leave; managers remove members; only an owner removes a manager or an owner. */
  async removeMember(actorId: string, organizationId: string, userId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      // The lock makes "is there another owner?" and the delete one step: two owners
      // removing each other at once cannot leave the organization without one.
      await lockOrganization(manager, organizationId);
      const leaving = actorId === userId;
      const actor = await this.access.assertCanAct(actorId, organizationId, {
        minRole: leaving ? 'member' : 'manager',
        manager,
        field: 'id',
      });
      const targetRole = await this.access.roleOf(userId, organizationId, manager);
      if (!targetRole) throw new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'This user is not a member');
      if (!leaving && targetRole !== 'member' && actor.role !== 'owner') {
        throw new ProblemException(HttpStatus.FORBIDDEN, 'role-required', 'Only an owner can remove a manager or an owner');
      }
      if (targetRole === 'owner') await assertAnotherOwner(manager, organizationId, userId);
      await manager.query('DELETE FROM memberships WHERE organization_id = $1 AND user_id = $2', [organizationId, userId]);
      await this.outbox.record(manager, MEMBER_LEFT, { organizationId, userId } satisfies MemberEventPayload);
    });
  }

  /** Province and value chains against the catalog; returns the phone in E.164. */
  private async checkReferences(dto: {
    provinceCode?: string;
    valueChains?: string[];
    phone?: string | null;
  }): Promise<string | null | undefined> {
    const errors: FieldError[] = [];
    if (dto.provinceCode !== undefined && !(await this.catalog.isKnownProvince(dto.provinceCode))) {
      errors.push({ field: 'provinceCode', message: `no province has the code ${dto.provinceCode}` });
    }
    if (dto.valueChains?.length) {
      const known = new Set((await this.catalog.listValueChains()).map((v) => v.code));
      dto.valueChains.forEach((code, i) => {
        if (!known.has(code)) errors.push({ field: `valueChains[${i}]`, message: `no value chain has the code ${code}` });
      });
    }
    let phone: string | null | undefined = dto.phone;
    if (typeof dto.phone === 'string') {
      phone = normalizePhone(dto.phone);
      if (!phone) errors.push({ field: 'phone', message: 'phone must be a valid phone number' });
    }
    if (errors.length > 0) throw new ValidationProblem(errors);
    return phone;
  }
}

/** Exactly one of phone and userId; the phone in E.164 (null when by userId). */
function phoneOfAddMember(dto: AddMemberDto): string | null {
  const byPhone = dto.phone !== undefined && dto.phone !== null;
  const byUserId = dto.userId !== undefined && dto.userId !== null;
  if (byPhone && byUserId) throw new ValidationProblem([{ field: 'phone', message: 'give phone or userId, not both' }]);
  if (!byPhone && !byUserId) throw new ValidationProblem([{ field: 'phone', message: 'phone is required (or userId)' }]);
  if (!byPhone) return null;
  const phone = normalizePhone(dto.phone!);
  if (!phone) throw new ValidationProblem([{ field: 'phone', message: 'phone must be a valid phone number, e.g. 012 345 678 or +85512345678' }]);
  return phone;
}

async function lockOrganization(manager: EntityManager, organizationId: string): Promise<void> {
  const rows = (await manager.query('SELECT id FROM organizations WHERE id = $1 FOR UPDATE', [organizationId])) as unknown[];
  if (rows.length === 0) throw notFound();
}

async function assertAnotherOwner(manager: EntityManager, organizationId: string, leavingOwnerId: string): Promise<void> {
  const [row] = (await manager.query(
    `SELECT count(*)::int AS others FROM memberships WHERE organization_id = $1 AND role = 'owner' AND user_id <> $2`,
    [organizationId, leavingOwnerId],
  )) as Array<{ others: number }>;
  if (row!.others === 0) {
    throw new ProblemException(
      HttpStatus.UNPROCESSABLE_ENTITY,
      'last-owner',
      'An organization keeps at least one owner: make someone else owner first',
    );
  }
}
