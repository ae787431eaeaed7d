import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MoneyDto, PageQuery } from '@psar/platform';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { BOOKING_STATUSES, PAYMENT_STATUSES, type BookingSide, type BookingStatus, type PaymentStatus } from '../stall-booking.entity';

export const MAX_SHOWCASE = 20;

export class CreateStallBookingDto {
  @ApiProperty({ format: 'uuid', description: 'A stall of this fair (GET /trade-fairs/:id)' })
  @IsUUID('all', { message: 'stallId must be a UUID' })
  stallId: string;

  @ApiProperty({ format: 'uuid', description: 'The exhibiting organization (sell or supply_inputs); you must be its owner or manager' })
  @IsUUID('all', { message: 'organizationId must be a UUID' })
  organizationId: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: MAX_SHOWCASE, description: "The exhibitor's listings to show at the stall" })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_SHOWCASE)
  @ArrayUnique({ message: 'showcase must not repeat a listing' })
  @IsUUID('all', { each: true, message: 'each showcase entry must be a listing id (UUID)' })
  showcase?: string[];

  @ApiPropertyOptional({ maxLength: 1000, description: 'For the organizer (e.g. needs electricity)' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class DecideBookingDto {
  @ApiPropertyOptional({ maxLength: 1000, description: 'Told to the other side' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class SetPaymentStatusDto {
  @ApiProperty({ enum: PAYMENT_STATUSES })
  @IsIn(PAYMENT_STATUSES as unknown as string[], { message: `status must be one of ${PAYMENT_STATUSES.join(', ')}` })
  status: PaymentStatus;
}

export class SetShowcaseDto {
  @ApiProperty({ type: [String], format: 'uuid', maxItems: MAX_SHOWCASE })
  @IsArray()
  @ArrayMaxSize(MAX_SHOWCASE)
  @ArrayUnique({ message: 'listingIds must not repeat a listing' })
  @IsUUID('all', { each: true, message: 'each listing id must be a UUID' })
  listingIds: string[];
}

export class ListFairBookingsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: BOOKING_STATUSES })
  @IsOptional()
  @IsIn(BOOKING_STATUSES as unknown as string[], { message: `status must be one of ${BOOKING_STATUSES.join(', ')}` })
  status?: BookingStatus;
}

export class ListMyBookingsQuery extends ListFairBookingsQuery {
  @ApiProperty({ format: 'uuid', description: 'The exhibiting organization; you must be a member' })
  @IsUUID('all', { message: 'organizationId must be a UUID' })
  organizationId: string;
}

export class BookingPartyDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;
}

export class BookingExhibitorDto extends BookingPartyDto {
  @ApiProperty({ type: String, nullable: true, description: "The organization's contact number (only the two sides see it here)" })
  phone: string | null;
}

export class BookingContactDto {
  @ApiProperty()
  name: string;

  @ApiProperty({ type: String, nullable: true })
  phone: string | null;
}

export class BookingStallDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  code: string;
}

/** A booking as its two sides (exhibitor and organizer) see it. */
export class StallBookingDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: BookingPartyDto, description: 'The fair' })
  fair: BookingPartyDto;

  @ApiProperty({ type: BookingStallDto })
  stall: BookingStallDto;

  @ApiProperty({ type: BookingExhibitorDto })
  exhibitor: BookingExhibitorDto;

  @ApiProperty({ type: BookingContactDto, nullable: true, description: 'Who asked' })
  requestedBy: BookingContactDto | null;

  @ApiProperty({ enum: BOOKING_STATUSES })
  status: BookingStatus;

  @ApiProperty({ type: [String], description: 'Listing ids the exhibitor shows at the stall' })
  showcase: string[];

  @ApiProperty({ enum: PAYMENT_STATUSES })
  paymentStatus: PaymentStatus;

  @ApiProperty({ type: MoneyDto, description: "The stall's price when requested" })
  price: MoneyDto;

  @ApiProperty({ type: String, nullable: true })
  note: string | null;

  @ApiProperty({ format: 'date-time' })
  requestedAt: string;

  @ApiProperty({ format: 'date-time', description: 'A request not decided by then expires' })
  holdUntil: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  decidedAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  reason: string | null;

  @ApiProperty({ type: String, enum: ['exhibitor', 'organizer'], nullable: true })
  cancelledBy: BookingSide | null;
}

export class StallBookingPageDto {
  @ApiProperty({ type: [StallBookingDto] })
  items: StallBookingDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}
