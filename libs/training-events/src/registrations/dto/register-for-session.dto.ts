import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';

export const MAX_SEATS_PER_REGISTRATION = 100;

export class RegisterForSessionDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Register for your organization (you must be a member); needed for more than one seat',
  })
  @IsOptional()
  @IsUUID('all', { message: 'organizationId must be a UUID' })
  organizationId?: string;

  @ApiPropertyOptional({
    maxLength: 120,
    description: "A walk-in: the attendee's name. Only the supplier's staff register walk-ins, with attendeePhone",
  })
  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'attendeeName must not be empty' })
  @MaxLength(120)
  attendeeName?: string;

  @ApiPropertyOptional({ example: '012 345 678', description: "A walk-in: the attendee's phone number" })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  attendeePhone?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_SEATS_PER_REGISTRATION, default: 1 })
  @IsOptional()
  @IsInt({ message: 'seats must be a whole number' })
  @Min(1)
  @Max(MAX_SEATS_PER_REGISTRATION)
  seats?: number;

  @ApiPropertyOptional({ format: 'uuid', description: "An exposure visit's meeting point (GET /events/:id): a transport seat from there" })
  @IsOptional()
  @IsUUID('all', { message: 'meetingPointId must be a UUID' })
  meetingPointId?: string;

  @ApiPropertyOptional({
    description: "Show your organization's public profile to the other participants of the event (who I met); false if absent",
  })
  @IsOptional()
  @IsBoolean({ message: 'shareProfile must be true or false' })
  shareProfile?: boolean;
}
