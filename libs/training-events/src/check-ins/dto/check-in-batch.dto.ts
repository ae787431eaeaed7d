import { ApiProperty } from '@nestjs/swagger';
import { IsOffsetDateTime } from '@psar/platform';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, IsUUID, Length, MaxLength, ValidateNested } from 'class-validator';
import { REGISTRATION_STATUSES, type RegistrationStatus } from '../../registrations/registration.entity';

export const MAX_SCANS_PER_BATCH = 500;

export const SCAN_RESULTS = ['accepted', 'duplicate', 'unknown'] as const;
export type ScanResult = (typeof SCAN_RESULTS)[number];

/** Why a scan is `unknown`. */
export const UNKNOWN_SCAN_REASONS = ['no-such-code', 'registration-cancelled', 'code-for-another-session'] as const;
export type UnknownScanReason = (typeof UNKNOWN_SCAN_REASONS)[number];

export class CheckInScanDto {
  @ApiProperty({ format: 'uuid', description: 'Made by the phone when it scanned; the same scan uploaded again is recognised by it' })
  @IsUUID('all', { message: '$property must be a UUID' })
  scanId: string;

  @ApiProperty({ example: 'K7Q4MZ', description: 'The check-in code scanned or typed (case, spaces and dashes do not matter)' })
  @IsString({ message: '$property must be a string' })
  @MaxLength(32)
  code: string;

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
      'upload); unknown: no confirmed registration of this session has this code (see reason)',
  })
  result: ScanResult;

  @ApiProperty({ enum: UNKNOWN_SCAN_REASONS, nullable: true, description: 'Why the scan is unknown; null otherwise' })
  reason: UnknownScanReason | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The registration the code is of; null when unknown' })
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
