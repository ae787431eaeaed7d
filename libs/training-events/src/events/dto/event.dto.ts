import { PhotoDto } from '@psar/media';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MoneyDto, PageQuery } from '@psar/platform';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { TrainingDto, TrainingSessionDto, TrainingSummaryDto } from '../../trainings/dto/training.dto';
import { FindTrainingsQuery, OrganizationTrainingsQuery } from '../../trainings/dto/find-trainings.query';
import { EVENT_KINDS, type EventKind } from '../../trainings/training.entity';

export class FindEventsQuery extends FindTrainingsQuery {
  @ApiPropertyOptional({ enum: EVENT_KINDS, description: 'Only events of this kind' })
  @IsOptional()
  @IsIn(EVENT_KINDS as unknown as string[], { message: `kind must be one of ${EVENT_KINDS.join(', ')}` })
  kind?: EventKind;
}

export class OrganizationEventsQuery extends OrganizationTrainingsQuery {
  @ApiPropertyOptional({ enum: EVENT_KINDS, description: 'Only events of this kind; default every kind' })
  @IsOptional()
  @IsIn(EVENT_KINDS as unknown as string[], { message: `kind must be one of ${EVENT_KINDS.join(', ')}` })
  kind?: EventKind;
}

export class MeetingPointDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ format: 'date-time' })
  departsAt: string;

  @ApiProperty()
  seats: number;

  @ApiProperty({ description: 'Transport seats of confirmed registrations' })
  seatsTaken: number;

  @ApiProperty()
  seatsLeft: number;
}

export class EventSessionDto extends TrainingSessionDto {
  @ApiProperty({ type: [MeetingPointDto], description: 'Earliest departure first' })
  meetingPoints: MeetingPointDto[];
}

export class AgendaItemViewDto {
  @ApiProperty({ format: 'date-time' })
  startsAt: string;

  @ApiProperty()
  title: string;

  @ApiProperty()
  speaker: string;
}

export class EventCostViewDto {
  @ApiProperty({ type: MoneyDto })
  perParticipant: MoneyDto;

  @ApiProperty()
  sponsorSharePercent: number;

  @ApiProperty({ type: MoneyDto, description: 'What the sponsor covers of one place' })
  sponsorShare: MoneyDto;

  @ApiProperty({ type: MoneyDto, description: 'What a participant pays for one place' })
  participantShare: MoneyDto;
}

export class EventDto extends TrainingDto {
  @ApiProperty({ type: [EventSessionDto] })
  declare sessions: EventSessionDto[];

  @ApiProperty({ type: [AgendaItemViewDto] })
  agenda: AgendaItemViewDto[];

  @ApiProperty({ type: [PhotoDto], description: 'What visitors will see (the kiln, the pond, the technology), cover first; POST /events/:id/photos' })
  photos: PhotoDto[];

  @ApiProperty({ type: EventCostViewDto, nullable: true })
  cost: EventCostViewDto | null;
}

export class EventSummaryPageDto {
  @ApiProperty({ type: [TrainingSummaryDto] })
  items: TrainingSummaryDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

/** Another participant's organization, as its public profile shows it. */
export class EventParticipantDto {
  @ApiProperty({ format: 'uuid' })
  organizationId: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  kind: string;

  @ApiProperty({ example: 'KH-14' })
  provinceCode: string;

  @ApiProperty({ description: 'The host of the event (its profile and listings: GET /organizations/:id)' })
  host: boolean;
}

export class EventParticipantPageDto {
  @ApiProperty({ type: [EventParticipantDto] })
  items: EventParticipantDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

export class ParticipantsQuery extends PageQuery {}

export class PostEventNotesDto {
  @ApiProperty({ maxLength: 4000, example: 'Outcomes: the feed suppliers agreed to publish prices monthly.' })
  @IsString()
  @MinLength(1, { message: 'body must not be empty' })
  @MaxLength(4000)
  body: string;
}

export class EventNotesDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  eventId: string;

  @ApiProperty()
  body: string;

  @ApiProperty({ description: 'Participants it goes to' })
  recipientCount: number;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}
