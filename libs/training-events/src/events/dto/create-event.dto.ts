import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CATALOG_CODE_PATTERN } from '@psar/catalog';
import { IsOffsetDateTime, MoneyDto } from '@psar/platform';
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
import { CreateSessionDto, MAX_SESSIONS_PER_REQUEST, WAITLIST_RULE_DESCRIPTION } from '../../trainings/dto/create-training.dto';
import { EVENT_KINDS, type EventKind } from '../../trainings/training.entity';
import { WAITLIST_RULES, type WaitlistRule } from '../../registrations/waitlist';

export const MAX_MEETING_POINTS = 20;
export const MAX_AGENDA_ITEMS = 100;

export class CreateMeetingPointDto {
  @ApiProperty({ example: 'Kampong Leav market, by the bus stop', maxLength: 200 })
  @IsString()
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: '2026-01-10T06:30:00+07:00', description: 'When the transport leaves; before the session ends' })
  @IsOffsetDateTime()
  departsAt: string;

  @ApiProperty({ example: 12, minimum: 1, maximum: 10000, description: 'Transport seats from here' })
  @IsInt({ message: 'seats must be a whole number' })
  @Min(1)
  @Max(10000)
  seats: number;
}

export class CreateEventSessionDto extends CreateSessionDto {
  @ApiPropertyOptional({ type: [CreateMeetingPointDto], description: "An exposure visit's pick-up points with their transport seats" })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_MEETING_POINTS)
  @ValidateNested({ each: true })
  @Type(() => CreateMeetingPointDto)
  meetingPoints?: CreateMeetingPointDto[];
}

export class AgendaItemDto {
  @ApiProperty({ example: '2026-02-03T09:00:00+07:00' })
  @IsOffsetDateTime()
  startsAt: string;

  @ApiProperty({ example: 'Feed prices this season', maxLength: 200 })
  @IsString()
  @MinLength(1, { message: 'title must not be empty' })
  @MaxLength(200)
  title: string;

  @ApiProperty({ example: 'Chan Sokha, Provincial Department of Agriculture', maxLength: 200 })
  @IsString()
  @MinLength(1, { message: 'speaker must not be empty' })
  @MaxLength(200)
  speaker: string;
}

export class EventCostDto {
  @ApiProperty({ type: MoneyDto, description: 'What one place costs in all (KHR in whole riel)' })
  @ValidateNested()
  @Type(() => MoneyDto)
  perParticipant: MoneyDto;

  @ApiProperty({ example: 25, minimum: 0, maximum: 100, description: 'The share (whole percent) a sponsor or the organizer covers' })
  @IsInt({ message: 'sponsorSharePercent must be a whole number' })
  @Min(0)
  @Max(100)
  sponsorSharePercent: number;
}

export class CreateEventDto {
  @ApiProperty({ enum: EVENT_KINDS })
  @IsIn(EVENT_KINDS as unknown as string[], { message: `kind must be one of ${EVENT_KINDS.join(', ')}` })
  kind: EventKind;

  @ApiProperty({
    format: 'uuid',
    description: 'The organizer; you need its manager role (and, for a training, its supply_inputs capability)',
  })
  @IsUUID('all', { message: 'organizationId must be a UUID' })
  organizationId: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The organization whose site (kiln, farm) or venue it is, if not the organizer' })
  @IsOptional()
  @IsUUID('all', { message: 'hostOrganizationId must be a UUID' })
  hostOrganizationId?: string;

  @ApiProperty({ example: 'See a tunnel kiln at work', maxLength: 200 })
  @IsString()
  @MinLength(1, { message: 'title must not be empty' })
  @MaxLength(200)
  title: string;

  @ApiPropertyOptional({ maxLength: 4000, description: 'What will be shown or discussed: the technologies and investments' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string;

  @ApiPropertyOptional({ maxLength: 200, description: "The subject, as for a training's; default: the title" })
  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'topic must not be empty' })
  @MaxLength(200)
  topic?: string;

  @ApiProperty({ type: [String], example: ['clay_tiles_bricks'], description: 'Value chain codes (GET /value-chains)' })
  @IsArray()
  @ArrayMinSize(1, { message: 'valueChains must name at least one value chain' })
  @ArrayMaxSize(20)
  @ArrayUnique({ message: 'valueChains must not repeat' })
  @Matches(CATALOG_CODE_PATTERN, { each: true, message: 'each value chain must be a code like swine' })
  valueChains: string[];

  @ApiPropertyOptional({ enum: WAITLIST_RULES, default: 'strict_order', description: WAITLIST_RULE_DESCRIPTION })
  @IsOptional()
  @IsIn(WAITLIST_RULES as unknown as string[], { message: `waitlistRule must be one of ${WAITLIST_RULES.join(', ')}` })
  waitlistRule?: WaitlistRule;

  @ApiProperty({ type: [CreateEventSessionDto], description: 'When and where; sessions must not overlap in time (409)' })
  @IsArray()
  @ArrayMinSize(1, { message: 'sessions must have at least one session' })
  @ArrayMaxSize(MAX_SESSIONS_PER_REQUEST)
  @ValidateNested({ each: true })
  @Type(() => CreateEventSessionDto)
  sessions: CreateEventSessionDto[];

  @ApiPropertyOptional({ type: [AgendaItemDto], description: "A forum's talks, in order" })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_AGENDA_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => AgendaItemDto)
  agenda?: AgendaItemDto[];

  @ApiPropertyOptional({ type: EventCostDto, description: 'Without it the event is free' })
  @IsOptional()
  @ValidateNested()
  @Type(() => EventCostDto)
  cost?: EventCostDto;
}

export class ReplaceAgendaDto {
  @ApiProperty({ type: [AgendaItemDto], description: "The forum's talks, in order: they replace the agenda it had (empty: none)" })
  @IsArray()
  @ArrayMaxSize(MAX_AGENDA_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => AgendaItemDto)
  agenda: AgendaItemDto[];
}
