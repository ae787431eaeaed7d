import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LocationDto } from '@psar/identity';
import { WAITLIST_RULES, type WaitlistRule } from '../../registrations/waitlist';
import { SESSION_STATUSES, type SessionStatus } from '../training-session.entity';
import { EVENT_KINDS, type EventKind, TRAINING_STATUSES, type TrainingStatus } from '../training.entity';
import { WAITLIST_RULE_DESCRIPTION } from './create-training.dto';

export class TrainingSessionDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  trainingId: string;

  @ApiProperty({ format: 'date-time' })
  startsAt: string;

  @ApiProperty({ format: 'date-time' })
  endsAt: string;

  @ApiProperty({ example: 'KH-14' })
  provinceCode: string;

  @ApiProperty()
  venue: string;

  @ApiProperty({ type: LocationDto, nullable: true })
  location: LocationDto | null;

  @ApiProperty()
  capacity: number;

  @ApiProperty({ description: 'Seats taken by confirmed registrations' })
  seatsTaken: number;

  @ApiProperty()
  seatsLeft: number;

  @ApiProperty({ description: 'Registrations waiting for a seat' })
  waitlisted: number;

  @ApiProperty({ enum: SESSION_STATUSES })
  status: SessionStatus;

  @ApiProperty({ description: 'Scheduled and not started yet: registrations are taken' })
  registrationOpen: boolean;
}

export class NearbySessionDto extends TrainingSessionDto {
  @ApiProperty({ type: Number, nullable: true, description: 'From `near`, when given' })
  distanceKm: number | null;
}

export class TrainingSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: EVENT_KINDS, description: 'A training, an exposure visit or a business forum' })
  kind: EventKind;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The host whose site or venue it is, when not the organizer' })
  hostOrganizationId: string | null;

  @ApiProperty({ format: 'uuid', description: 'The supplier (GET /organizations/:id)' })
  organizationId: string;

  @ApiProperty()
  title: string;

  @ApiProperty()
  topic: string;

  @ApiProperty({ type: [String] })
  valueChains: string[];

  @ApiProperty({ type: String, nullable: true })
  embeddedOffer: string | null;

  @ApiProperty({ enum: TRAINING_STATUSES })
  status: TrainingStatus;

  @ApiProperty({ type: NearbySessionDto, description: 'The first session that matches the filters' })
  nextSession: NearbySessionDto;

  @ApiProperty({ description: 'Sessions that match the filters' })
  matchingSessions: number;
}

export class TrainingSummaryPageDto {
  @ApiProperty({ type: [TrainingSummaryDto] })
  items: TrainingSummaryDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

export class TrainingDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: EVENT_KINDS, description: 'A training, an exposure visit or a business forum' })
  kind: EventKind;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The host whose site or venue it is, when not the organizer' })
  hostOrganizationId: string | null;

  @ApiProperty({ format: 'uuid' })
  organizationId: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ type: String, nullable: true })
  description: string | null;

  @ApiProperty()
  topic: string;

  @ApiProperty({ type: [String] })
  valueChains: string[];

  @ApiProperty({ type: String, nullable: true })
  embeddedOffer: string | null;

  @ApiProperty({ enum: WAITLIST_RULES, description: WAITLIST_RULE_DESCRIPTION })
  waitlistRule: WaitlistRule;

  @ApiProperty({ enum: TRAINING_STATUSES })
  status: TrainingStatus;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiPropertyOptional({ type: [TrainingSessionDto], description: 'Every session, earliest first, with seats left' })
  sessions: TrainingSessionDto[];
}

export class TrainingPageDto {
  @ApiProperty({ type: [TrainingDto] })
  items: TrainingDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}
