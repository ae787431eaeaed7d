import { ApiProperty } from '@nestjs/swagger';
import { PageQuery } from '@psar/platform';
import { ROLES, type Role } from '../../organizations/membership.entity';

export class InviterDto {
  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty()
  name: string;
}

/** A pending invitation, as the organization's owners and managers see it. */
export class MemberInvitationDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: '+85512345678', description: 'E.164' })
  phone: string;

  @ApiProperty({ enum: ROLES })
  role: Role;

  @ApiProperty({ type: InviterDto, nullable: true, description: 'null once the inviter\'s account is gone' })
  invitedBy: InviterDto | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', description: 'Not honoured after this; inviting the number again renews it' })
  expiresAt: string;
}

export class MemberInvitationPageDto {
  @ApiProperty({ type: [MemberInvitationDto] })
  items: MemberInvitationDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

export class ListMemberInvitationsQuery extends PageQuery {}
