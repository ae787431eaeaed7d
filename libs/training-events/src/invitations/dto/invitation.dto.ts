import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class InviteGroupDto {
  @ApiProperty({ format: 'uuid', description: 'A cooperative or working group; its member firms are notified' })
  @IsUUID('all', { message: 'organizationId must be a UUID' })
  organizationId: string;
}

export class InvitedMemberDto {
  @ApiProperty({ format: 'uuid', description: 'The member firm' })
  organizationId: string;

  @ApiProperty({ format: 'uuid', description: 'The open session nearest to it' })
  sessionId: string;

  @ApiProperty({ format: 'date-time' })
  startsAt: string;

  @ApiProperty()
  provinceCode: string;

  @ApiProperty()
  venue: string;

  @ApiProperty()
  distanceKm: number;
}

export class InvitationDto {
  @ApiProperty({ format: 'uuid' })
  trainingId: string;

  @ApiProperty({ format: 'uuid' })
  groupId: string;

  @ApiProperty({ type: [InvitedMemberDto] })
  invited: InvitedMemberDto[];

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}
