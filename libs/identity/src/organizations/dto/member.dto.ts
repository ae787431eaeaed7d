import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { MemberInvitationDto } from '../../invitations/dto/member-invitation.dto';
import { ROLES, type Role } from '../membership.entity';

/** Exactly one of `phone` and `userId` (checked by OrganizationsService.addMember, naming the field). */
export class AddMemberDto {
  @ApiPropertyOptional({
    example: '012 345 678',
    description: 'The person\'s phone number, as people write it (Cambodia when no country code). Give this or userId.',
  })
  @IsOptional()
  @IsString({ message: 'phone must be a phone number, e.g. 012 345 678' })
  @MaxLength(32, { message: 'phone must be at most 32 characters' })
  phone?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'An existing user\'s id, instead of phone' })
  @IsOptional()
  @IsUUID('all', { message: 'userId must be a UUID' })
  userId?: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES as unknown as string[], { message: `role must be one of ${ROLES.join(', ')}` })
  role: Role;
}

/** A member as fellow members see them: name and role, no phone number or email. */
export class MemberDto {
  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: ROLES })
  role: Role;

  @ApiProperty({ type: String, format: 'date-time' })
  joinedAt: string;
}

export class MemberListDto {
  @ApiProperty({ type: [MemberDto] })
  items: MemberDto[];
}

/** 201: the person had an account and is a member now. */
export class MemberAddedDto {
  @ApiProperty({ enum: ['added'] })
  status: 'added';

  @ApiProperty({ type: MemberDto })
  member: MemberDto;
}

/** 202: no account has this number yet; it becomes a member when it signs up with it. */
export class MemberInvitedDto {
  @ApiProperty({ enum: ['invited'] })
  status: 'invited';

  @ApiProperty({ type: MemberInvitationDto })
  invitation: MemberInvitationDto;
}
