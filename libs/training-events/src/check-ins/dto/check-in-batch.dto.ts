import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOffsetDateTime, OptionalNotNull } from '@psar/platform';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsObject, IsOptional, IsString, IsUUID, Length, Max, Min, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { MAX_SEATS_PER_REGISTRATION } from '../../registrations/dto/register-for-session.dto';
import { REGISTRATION_STATUSES, type RegistrationStatus } from '../../registrations/registration.entity';

export const MAX_SCANS_PER_BATCH = 500;

export const SCAN_RESULTS = ['accepted', 'duplicate', 'unknown', 'refused'] as const;
export type ScanResult = (typeof SCAN_RESULTS)[number];

/** Why a scan is `unknown` (or a walk-in `refused`). */
export const SCAN_REASONS = ['no-such-code', 'registration-cancelled', 'code-for-another-session', 'session-full'] as const;
export type ScanReason = (typeof SCAN_REASONS)[number];

/** Someone without a registration let in at the door, entered on the phone as the existing walk-ins are. */
export class WalkInScanDto {
  @ApiProperty({ maxLength: 120 })
  @IsString({ message: '$property must be a string' })
  @Length(1, 120, { message: '$property must be 1 to 120 characters' })
  name: string;

  @ApiProperty({ example: '012 345 678', description: "The attendee's phone number (walk-ins are registered by name and phone)" })
  @IsString({ message: '$property must be a string' })
  @MaxLength(32)
  phone: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_SEATS_PER_REGISTRATION, default: 1 })
  @IsOptional()
  @IsInt({ message: 'seats must be a whole number' })
  @Min(1)
  @Max(MAX_SEATS_PER_REGISTRATION)
  seats?: number;
}

export class CheckInScanDto {
  @ApiProperty({ format: 'uuid', description: 'Made by the phone when it scanned; the same scan uploaded again is recognised by it' })
  @IsUUID('all', { message: '$property must be a UUID' })
  scanId: string;

  @ApiPropertyOptional({ example: 'K7Q4MZ', description: 'The check-in code scanned or typed (case, spaces and dashes do not matter); or walkIn' })
  @ValidateIf((scan: CheckInScanDto) => scan.walkIn === undefined || scan.code !== undefined)
  @IsString({ message: '$property must be a string (or give walkIn)' })
  @MaxLength(32)
  code?: string;

  @ApiPropertyOptional({
    type: WalkInScanDto,
    description: 'Instead of a code: a walk-in, checked in at scannedAt into a free seat (else refused: session-full)',
  })
  @OptionalNotNull()
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => WalkInScanDto)
  walkIn?: WalkInScanDto;

  @ApiProperty({
    format: 'date-time',
    example: '2026-12-05T08:03:00+07:00',
    description: "When the phone scanned it (its own clock); at most 5 minutes ahead of the server's, not before the session's day",
  })
  @IsOffsetDateTime()
  scannedAt: string;

  @ApiProperty({ maxLength: 100, description: 'Which phone scanned it' })
  @IsString({ message: '$property must be a string' })
  @Length(1, 100)
  deviceId: string;
}

export class CheckInBatchDto {
  @ApiProperty({ type: [CheckInScanDto], minItems: 1, maxItems: MAX_SCANS_PER_BATCH })
  @IsArray({ message: 'scans must be an array' })
  @ArrayMinSize(1, { message: 'scans must hold at least one scan' })
  @ArrayMaxSize(MAX_SCANS_PER_BATCH, { message: `scans must hold at most ${MAX_SCANS_PER_BATCH} scans; upload the rest in another batch` })
  @ValidateNested({ each: true })
  @Type(() => CheckInScanDto)
  scans: CheckInScanDto[];
}

export class CheckInScanResultDto {
  @ApiProperty({ format: 'uuid' })
  scanId: string;

  @ApiProperty({
    enum: SCAN_RESULTS,
    description:
      'accepted: this scan checked the person in; duplicate: the code was already checked in (by another scan, phone or ' +
      'upload); unknown: no confirmed registration of this session has this code (see reason); refused: a walk-in ' +
      'for whom no seat was left (reason session-full)',
  })
  result: ScanResult;

  @ApiProperty({ enum: SCAN_REASONS, nullable: true, description: 'Why the scan is unknown or refused; null otherwise' })
  reason: ScanReason | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The registration the code is of (a walk-in: the one made); null when unknown or refused' })
  registrationId: string | null;
}

export class CheckInBatchResultDto {
  @ApiProperty({ type: [CheckInScanResultDto], description: 'One per scan, in the order sent' })
  results: CheckInScanResultDto[];
}

export class CheckInListEntryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: String, nullable: true, description: 'The check-in code; null while waitlisted' })
  code: string | null;

  @ApiProperty({ type: String, nullable: true })
  name: string | null;

  @ApiProperty()
  seats: number;

  @ApiProperty({ enum: REGISTRATION_STATUSES })
  status: RegistrationStatus;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  checkedInAt: string | null;
}

export class CheckInListDto {
  @ApiProperty({
    description:
      'Changes whenever a registration or check-in of the session changes: compare it with the downloaded one to know the list is stale',
  })
  version: string;

  @ApiProperty({ type: [CheckInListEntryDto], description: 'Every registration of the session, waitlisted and cancelled included' })
  registrations: CheckInListEntryDto[];
}
