import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { CAPABILITIES, type Capability, ORGANIZATION_KINDS, type OrganizationKind } from '../../organizations/organization.entity';
import { ROLES, type Role } from '../../organizations/membership.entity';
import { LOCALES, type Locale } from '../user.entity';
import { UserDto } from './user.dto';

export class MyMembershipDto {
  @ApiProperty({ format: 'uuid' })
  organizationId: string;

  @ApiProperty()
  organizationName: string;

  @ApiProperty({ enum: ORGANIZATION_KINDS })
  kind: OrganizationKind;

  @ApiProperty({ enum: CAPABILITIES, isArray: true })
  capabilities: Capability[];

  @ApiProperty({ enum: ROLES })
  role: Role;
}

export class MeDto {
  @ApiProperty({ type: UserDto })
  user: UserDto;

  @ApiProperty({ type: [MyMembershipDto] })
  memberships: MyMembershipDto[];
}

export class UpdateMeDto {
  @ApiPropertyOptional({ maxLength: 120 })
  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(120)
  name?: string;

  @ApiPropertyOptional({ enum: LOCALES })
  @IsOptional()
  @IsIn(LOCALES as unknown as string[], { message: 'locale must be km or en' })
  locale?: Locale;
}
