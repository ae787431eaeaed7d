import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LocationDto } from '@psar/identity';
import { IsCalendarDate, IsOffsetDateTime, MoneyDto, OptionalNotNull, PageQuery } from '@psar/platform';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { STALL_AVAILABILITIES, type StallAvailability } from '../../stalls/floor-plan-svg';
import { STALL_TYPES, type StallType } from '../../stalls/fair-stall.entity';
import { IsProvinceCode } from '@psar/catalog';
import { IsMetres } from '../../validation';
import { FAIR_STATUSES, type FairStatus } from '../trade-fair.entity';

export const MAX_PLAN_METRES = 10_000;

export class FloorPlanSizeDto {
  @ApiProperty({ example: 60, description: 'Metres, at most 2 decimals' })
  @IsMetres(0, MAX_PLAN_METRES, { exclusiveMin: true })
  width: number;

  @ApiProperty({ example: 40, description: 'Metres, at most 2 decimals' })
  @IsMetres(0, MAX_PLAN_METRES, { exclusiveMin: true })
  height: number;
}

export class CreateTradeFairDto {
  @ApiProperty({ format: 'uuid', description: 'The organizing organization (needs organize_fairs); you must be its owner or manager' })
  @IsUUID('all', { message: 'organizationId must be a UUID' })
  organizationId: string;

  @ApiProperty({ example: 'Prey Veng Local Products Fair 2025', maxLength: 200 })
  @IsString()
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'KH-14' })
  @IsString()
  @IsProvinceCode()
  provinceCode: string;

  @ApiProperty({ example: 'Provincial Hall grounds', maxLength: 200 })
  @IsString()
  @MinLength(1, { message: 'venue must not be empty' })
  @MaxLength(200)
  venue: string;

  @ApiPropertyOptional({ type: LocationDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => LocationDto)
  location?: LocationDto;

  @ApiProperty({ example: '2025-03-14', description: 'First day (Cambodia)' })
  @IsCalendarDate()
  startsOn: string;

  @ApiProperty({ example: '2025-03-16', description: 'Last day (Cambodia), on or after startsOn' })
  @IsCalendarDate()
  endsOn: string;

  @ApiProperty({ example: '2025-03-01T17:00:00+07:00', description: 'No stall requests after this; before the fair ends' })
  @IsOffsetDateTime()
  applicationsCloseAt: string;

  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string;

  @ApiProperty({ type: FloorPlanSizeDto })
  @IsDefined({ message: 'floorPlan is required' })
  @ValidateNested()
  @Type(() => FloorPlanSizeDto)
  floorPlan: FloorPlanSizeDto;

  @ApiPropertyOptional({ default: 72, minimum: 1, maximum: 720, description: 'Hours a stall request holds the stall before it expires undecided' })
  @IsOptional()
  @IsInt({ message: 'bookingHoldHours must be a whole number' })
  @Min(1)
  @Max(720)
  bookingHoldHours?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, description: 'Most stalls one exhibitor may hold (requested or approved); unset: no limit' })
  @IsOptional()
  @IsInt({ message: 'maxStallsPerExhibitor must be a whole number' })
  @Min(1)
  @Max(1000)
  maxStallsPerExhibitor?: number;
}

/** While the fair is draft, open or closed. null clears an optional field. */
export class UpdateTradeFairDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @OptionalNotNull()
  @IsString()
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(200)
  name?: string;

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

  @ApiPropertyOptional({ example: '2025-03-14' })
  @OptionalNotNull()
  @IsCalendarDate()
  startsOn?: string;

  @ApiPropertyOptional({ example: '2025-03-16' })
  @OptionalNotNull()
  @IsCalendarDate()
  endsOn?: string;

  @ApiPropertyOptional({ example: '2025-03-01T17:00:00+07:00' })
  @OptionalNotNull()
  @IsOffsetDateTime()
  applicationsCloseAt?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string | null;

  @ApiPropertyOptional({ type: FloorPlanSizeDto, description: 'Refused (422) if a stall would leave the plan' })
  @OptionalNotNull()
  @ValidateNested()
  @Type(() => FloorPlanSizeDto)
  floorPlan?: FloorPlanSizeDto;

  @ApiPropertyOptional({ minimum: 1, maximum: 720, description: 'Applies to requests made from now on' })
  @OptionalNotNull()
  @IsInt({ message: 'bookingHoldHours must be a whole number' })
  @Min(1)
  @Max(720)
  bookingHoldHours?: number;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1, maximum: 1000, description: 'Applies to requests made from now on' })
  @IsOptional()
  @IsInt({ message: 'maxStallsPerExhibitor must be a whole number' })
  @Min(1)
  @Max(1000)
  maxStallsPerExhibitor?: number | null;
}

export class CancelTradeFairDto {
  @ApiPropertyOptional({ maxLength: 1000, description: 'Told to the exhibitors' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class ListTradeFairsQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'KH-14' })
  @IsOptional()
  @IsString()
  @IsProvinceCode()
  province?: string;

  @ApiPropertyOptional({ example: '2025-03-01', description: 'Fairs still running on or after this day' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ example: '2025-03-31', description: 'Fairs starting on or before this day' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional({ enum: FAIR_STATUSES, description: 'Drafts only with organizationId, for its members' })
  @IsOptional()
  @IsIn(FAIR_STATUSES as unknown as string[], { message: `status must be one of ${FAIR_STATUSES.join(', ')}` })
  status?: FairStatus;

  @ApiPropertyOptional({ format: 'uuid', description: "One organizer's fairs; its members also see its drafts" })
  @IsOptional()
  @IsUUID('all', { message: 'organizationId must be a UUID' })
  organizationId?: string;
}

export class FairOrganizerDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;
}

export class StallCountsDto {
  @ApiProperty()
  total: number;

  @ApiProperty()
  free: number;

  @ApiProperty()
  requested: number;

  @ApiProperty()
  taken: number;
}

export class TradeFairDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: FairOrganizerDto })
  organizer: FairOrganizerDto;

  @ApiProperty()
  name: string;

  @ApiProperty({ example: 'KH-14' })
  provinceCode: string;

  @ApiProperty()
  venue: string;

  @ApiProperty({ type: LocationDto, nullable: true })
  location: LocationDto | null;

  @ApiProperty({ example: '2025-03-14' })
  startsOn: string;

  @ApiProperty({ example: '2025-03-16' })
  endsOn: string;

  @ApiProperty({ format: 'date-time' })
  applicationsCloseAt: string;

  @ApiProperty({ description: 'Open, and the application deadline has not passed' })
  acceptingApplications: boolean;

  @ApiProperty({ type: String, nullable: true })
  description: string | null;

  @ApiProperty({ type: FloorPlanSizeDto })
  floorPlan: FloorPlanSizeDto;

  @ApiProperty()
  bookingHoldHours: number;

  @ApiProperty({ type: Number, nullable: true })
  maxStallsPerExhibitor: number | null;

  @ApiProperty({ enum: FAIR_STATUSES })
  status: FairStatus;

  @ApiProperty({ type: String, nullable: true })
  cancellationReason: string | null;

  @ApiProperty({ type: StallCountsDto })
  stallCounts: StallCountsDto;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export class StallDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'A-01' })
  code: string;

  @ApiProperty({ type: String, nullable: true })
  zone: string | null;

  @ApiProperty({ description: 'Metres from the left of the plan' })
  x: number;

  @ApiProperty({ description: 'Metres from the top of the plan' })
  y: number;

  @ApiProperty()
  width: number;

  @ApiProperty()
  height: number;

  @ApiProperty({ enum: STALL_TYPES })
  type: StallType;

  @ApiProperty({ type: MoneyDto })
  price: MoneyDto;

  @ApiProperty({ enum: STALL_AVAILABILITIES, description: 'free, requested (a request is pending) or taken (approved)' })
  availability: StallAvailability;
}

export class TradeFairDetailDto extends TradeFairDto {
  @ApiProperty({ type: [StallDto] })
  stalls: StallDto[];
}

export class TradeFairPageDto {
  @ApiProperty({ type: [TradeFairDto] })
  items: TradeFairDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}
