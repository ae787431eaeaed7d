import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQuery } from '@psar/platform';
import { GROUP_MEMBERSHIP_STATUSES, type GroupMembershipStatus } from '../group-membership.entity';

export class JoinGroupDto {
  @ApiProperty({ format: 'uuid', description: 'The firm that asks to join; you must be its owner or manager' })
  @IsUUID('all', { message: 'organizationId must be a UUID' })
  organizationId: string;
}

export class GroupMembershipDto {
  @ApiProperty({ format: 'uuid' })
  groupId: string;

  @ApiProperty({ format: 'uuid' })
  organizationId: string;

  @ApiProperty({ enum: GROUP_MEMBERSHIP_STATUSES })
  status: GroupMembershipStatus;
}

export class ListGroupMembersQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: GROUP_MEMBERSHIP_STATUSES,
    default: 'approved',
    description: 'Anyone sees approved members; requested and refused need a group manager',
  })
  @IsOptional()
  @IsIn(GROUP_MEMBERSHIP_STATUSES as unknown as string[], { message: 'status must be requested, approved or refused' })
  status: GroupMembershipStatus = 'approved';
}

/** A member firm as anyone may see it. */
export class GroupMemberDto {
  @ApiProperty({ format: 'uuid' })
  organizationId: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ example: 'KH-14' })
  provinceCode: string;

  @ApiProperty({ type: [String] })
  valueChains: string[];

  @ApiProperty({ enum: GROUP_MEMBERSHIP_STATUSES })
  status: GroupMembershipStatus;
}

export class GroupMemberPageDto {
  @ApiProperty({ type: [GroupMemberDto] })
  items: GroupMemberDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}
