import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MoneyDto, PageQuery } from '@psar/platform';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import {
  CANCEL_REASONS,
  type CancelReason,
  PAYMENT_STATUSES,
  type PaymentStatus,
  REGISTRATION_KINDS,
  REGISTRATION_STATUSES,
  type RegistrationKind,
  type RegistrationStatus,
} from '../registration.entity';

/** A registration as its registrant sees it. */
export class RegistrationDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  sessionId: string;

  @ApiProperty({ format: 'uuid' })
  trainingId: string;

  @ApiProperty({ enum: REGISTRATION_STATUSES })
  status: RegistrationStatus;

  @ApiProperty()
  seats: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Place in line (1 = next), while waitlisted' })
  position: number | null;

  @ApiProperty({ type: String, nullable: true, description: 'Shown at the door once confirmed (also as a QR image)' })
  checkInCode: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  organizationId: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  checkedInAt: string | null;

  @ApiProperty({ enum: CANCEL_REASONS, nullable: true })
  cancelReason: CancelReason | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  meetingPointId: string | null;

  @ApiProperty({ description: "The registrant lets the other participants see their organization's public profile" })
  shareProfile: boolean;

  @ApiProperty({ type: MoneyDto, nullable: true, description: "The participant's share of the event's cost (null: no cost)" })
  amountDue: MoneyDto | null;

  @ApiProperty({ enum: PAYMENT_STATUSES, nullable: true, description: "Set by the organizer's staff (null: no cost)" })
  paymentStatus: PaymentStatus | null;
}

/** A registration as the supplier's managers see it: with who and how to reach them. */
export class StaffRegistrationDto extends RegistrationDto {
  @ApiProperty({ enum: REGISTRATION_KINDS })
  kind: RegistrationKind;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  userId: string | null;

  @ApiProperty({ type: String, nullable: true })
  attendeeName: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'E.164' })
  attendeePhone: string | null;
}

export class StaffRegistrationPageDto {
  @ApiProperty({ type: [StaffRegistrationDto] })
  items: StaffRegistrationDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

export class ListRegistrationsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: REGISTRATION_STATUSES })
  @IsOptional()
  @IsIn(REGISTRATION_STATUSES as unknown as string[], { message: `status must be one of ${REGISTRATION_STATUSES.join(', ')}` })
  status?: RegistrationStatus;
}

/** One of the caller's registrations, with the session it is for. */
export class MyRegistrationDto extends RegistrationDto {
  @ApiProperty()
  trainingTitle: string;

  @ApiProperty({ format: 'date-time' })
  startsAt: string;

  @ApiProperty({ format: 'date-time' })
  endsAt: string;

  @ApiProperty()
  provinceCode: string;

  @ApiProperty()
  venue: string;
}

export class MyRegistrationPageDto {
  @ApiProperty({ type: [MyRegistrationDto] })
  items: MyRegistrationDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

export class CheckInDto {
  @ApiProperty({ example: 'K7Q4MZ', description: 'The check-in code (case, spaces and dashes do not matter)' })
  @IsString()
  @MaxLength(32)
  code: string;
}

export class SetPaymentDto {
  @ApiProperty({ enum: PAYMENT_STATUSES })
  @IsIn(PAYMENT_STATUSES as unknown as string[], { message: `status must be one of ${PAYMENT_STATUSES.join(', ')}` })
  status: PaymentStatus;
}
