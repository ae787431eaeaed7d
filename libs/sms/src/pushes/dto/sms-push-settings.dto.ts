import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsObject, IsOptional, ValidateNested } from 'class-validator';

/** One switch per notification kind: true sends it by SMS too. */
export class SmsPushKindsDto {
  @ApiProperty({ description: 'A demand fits your listing (or a listing your demand)' })
  matchFound: boolean;

  @ApiProperty({ description: 'An order or a quote waits for your answer' })
  offerReceived: boolean;

  @ApiProperty()
  offerAccepted: boolean;

  @ApiProperty({ description: 'The seller delivered: confirm receipt' })
  dealDelivered: boolean;

  @ApiProperty({ description: 'A training you registered for is coming' })
  trainingReminder: boolean;

  @ApiProperty({ description: 'A seat freed up and you moved off the waitlist' })
  waitlistPromotion: boolean;
}

export class SmsPushSettingsDto {
  @ApiProperty({ type: SmsPushKindsDto })
  kinds: SmsPushKindsDto;

  @ApiProperty({ type: String, nullable: true, description: 'The number pushes go to (your account’s phone); null: none can be sent' })
  phone: string | null;

  @ApiProperty({ description: 'false while this server has no SMS gateway: nothing is sent whatever the switches say' })
  smsAvailable: boolean;
}

/** The kinds to change; kinds left out keep their setting. */
export class UpdateSmsPushKindsDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  matchFound?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  offerReceived?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  offerAccepted?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  dealDelivered?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  trainingReminder?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  waitlistPromotion?: boolean;
}

export class UpdateSmsPushSettingsDto {
  @ApiProperty({ type: UpdateSmsPushKindsDto })
  @IsDefined({ message: 'kinds is required' })
  @IsObject({ message: 'kinds must be an object' })
  @ValidateNested()
  @Type(() => UpdateSmsPushKindsDto)
  kinds: UpdateSmsPushKindsDto;
}
