import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CATALOG_CODE_PATTERN, IsProvinceCode } from '@psar/catalog';
import { LocationDto } from '@psar/identity';
import { IsOffsetDateTime, OptionalNotNull } from '@psar/platform';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { WAITLIST_RULES, type WaitlistRule } from '../../registrations/waitlist';

export const MAX_SESSIONS_PER_REQUEST = 100;

export const WAITLIST_RULE_DESCRIPTION =
  'How freed seats go to the waitlist. strict_order (default): strictly from the head; a waiting group larger ' +
  'than the free seats keeps its place and nobody behind it is promoted until enough seats free up. ' +
  'fill_free_seats: in order, everyone who fits the free seats is promoted; a larger group keeps its place at the head.';

export class CreateSessionDto {
  @ApiProperty({ example: '2026-01-10T08:00:00+07:00' })
  @IsOffsetDateTime()
  startsAt: string;

  @ApiProperty({ example: '2026-01-10T11:30:00+07:00', description: 'After startsAt, at most 7 days later' })
  @IsOffsetDateTime()
  endsAt: string;

  @ApiProperty({ example: 'KH-14' })
  @IsString()
  @IsProvinceCode()
  provinceCode: string;

  @ApiProperty({ example: 'Pagoda hall, Peam Ro village', maxLength: 200 })
  @IsString()
  @MinLength(1, { message: 'venue must not be empty' })
  @MaxLength(200)
  venue: string;

  @ApiPropertyOptional({ type: LocationDto, description: 'Where the venue is; without it, the province centre is used for distances' })
  @IsOptional()
  @ValidateNested()
  @Type(() => LocationDto)
  location?: LocationDto;

  @ApiProperty({ example: 30, minimum: 1, maximum: 10000 })
  @IsInt({ message: 'capacity must be a whole number' })
  @Min(1)
  @Max(10000)
  capacity: number;
}

export class CreateTrainingDto {
  @ApiProperty({ format: 'uuid', description: 'The supplier; it needs the supply_inputs capability and you its manager role' })
  @IsUUID('all', { message: 'organizationId must be a UUID' })
  organizationId: string;

  @ApiProperty({ example: 'Keeping pigs healthy: ASF biosecurity and vaccination', maxLength: 200 })
  @IsString()
  @MinLength(1, { message: 'title must not be empty' })
  @MaxLength(200)
  title: string;

  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string;

  @ApiProperty({ example: 'Swine health', maxLength: 200 })
  @IsString()
  @MinLength(1, { message: 'topic must not be empty' })
  @MaxLength(200)
  topic: string;

  @ApiProperty({ type: [String], example: ['swine', 'veterinary'], description: 'Value chain codes (GET /value-chains)' })
  @IsArray()
  @ArrayMinSize(1, { message: 'valueChains must name at least one value chain' })
  @ArrayMaxSize(20)
  @ArrayUnique({ message: 'valueChains must not repeat' })
  @Matches(CATALOG_CODE_PATTERN, { each: true, message: 'each value chain must be a code like swine' })
  valueChains: string[];

  @ApiPropertyOptional({ example: 'Free. Vaccines and feed on sale at the session.', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  embeddedOffer?: string;

  @ApiPropertyOptional({ enum: WAITLIST_RULES, default: 'strict_order', description: WAITLIST_RULE_DESCRIPTION })
  @IsOptional()
  @IsIn(WAITLIST_RULES as unknown as string[], { message: `waitlistRule must be one of ${WAITLIST_RULES.join(', ')}` })
  waitlistRule?: WaitlistRule;

  @ApiProperty({ type: [CreateSessionDto], description: 'The stops; they must not overlap in time (409)' })
  @IsArray()
  @ArrayMaxSize(MAX_SESSIONS_PER_REQUEST)
  @ValidateNested({ each: true })
  @Type(() => CreateSessionDto)
  sessions: CreateSessionDto[];
}

/** null clears an optional field. */
export class UpdateTrainingDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @OptionalNotNull()
  @IsString()
  @MinLength(1, { message: 'title must not be empty' })
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string | null;

  @ApiPropertyOptional({ maxLength: 200 })
  @OptionalNotNull()
  @IsString()
  @MinLength(1, { message: 'topic must not be empty' })
  @MaxLength(200)
  topic?: string;

  @ApiPropertyOptional({ type: [String] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMinSize(1, { message: 'valueChains must name at least one value chain' })
  @ArrayMaxSize(20)
  @ArrayUnique({ message: 'valueChains must not repeat' })
  @Matches(CATALOG_CODE_PATTERN, { each: true, message: 'each value chain must be a code like swine' })
  valueChains?: string[];

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  embeddedOffer?: string | null;

  @ApiPropertyOptional({ enum: WAITLIST_RULES, description: WAITLIST_RULE_DESCRIPTION })
  @OptionalNotNull()
  @IsIn(WAITLIST_RULES as unknown as string[], { message: `waitlistRule must be one of ${WAITLIST_RULES.join(', ')}` })
  waitlistRule?: WaitlistRule;
}

export class UpdateSessionDto {
  @ApiPropertyOptional({ example: '2026-01-10T08:00:00+07:00' })
  @OptionalNotNull()
  @IsOffsetDateTime()
  startsAt?: string;

  @ApiPropertyOptional({ example: '2026-01-10T11:30:00+07:00' })
  @OptionalNotNull()
  @IsOffsetDateTime()
  endsAt?: string;

  @ApiPropertyOptional({ example: 'KH-14' })
  @OptionalNotNull()
  @IsString()
  @IsProvinceCode()
  provinceCode?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @OptionalNotNull()
  @IsString()
  @MinLength(1, { message: 'venue must not be empty' })
  @MaxLength(200)
  venue?: string;

  @ApiPropertyOptional({ type: LocationDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => LocationDto)
  location?: LocationDto | null;

  @ApiPropertyOptional({ minimum: 1, maximum: 10000, description: 'Not below the seats already confirmed (409); raising it promotes the waitlist' })
  @OptionalNotNull()
  @IsInt({ message: 'capacity must be a whole number' })
  @Min(1)
  @Max(10000)
  capacity?: number;
}
