import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsProvinceCode } from '@psar/catalog';
import { LocationDto } from '@psar/identity';
import { MoneyDto, IsOffsetDateTime, OptionalNotNull } from '@psar/platform';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { GRADE } from '../../market/market-fields';
import { IsQuantity } from '../../quantity/is-quantity.decorator';

export const OWNER_SETTABLE_DEMAND_STATUSES = ['open', 'paused'] as const;

/** Product and unit are fixed. null clears an optional field. */
export class UpdateDemandDto {
  @ApiPropertyOptional({ example: '40000' })
  @OptionalNotNull()
  @IsQuantity()
  quantity?: string;

  @ApiPropertyOptional({ type: MoneyDto, nullable: true })
  @IsOptional()
  @IsObject({ message: 'maxPrice must be an object {amount, currency}' })
  @ValidateNested()
  @Type(() => MoneyDto)
  maxPrice?: MoneyDto | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'A' })
  @IsOptional()
  @IsString()
  @Matches(GRADE, { message: 'qualityGrade must be a grade like A' })
  qualityGrade?: string | null;

  @ApiPropertyOptional({ example: 'KH-12' })
  @OptionalNotNull()
  @IsString()
  @IsProvinceCode()
  deliveryProvinceCode?: string;

  @ApiPropertyOptional({ type: LocationDto, nullable: true })
  @IsOptional()
  @IsObject({ message: 'deliveryLocation must be an object {lat, lng}' })
  @ValidateNested()
  @Type(() => LocationDto)
  deliveryLocation?: LocationDto | null;

  @ApiPropertyOptional({ example: '2025-03-01T17:00:00+07:00' })
  @OptionalNotNull()
  @IsOffsetDateTime()
  neededBy?: string;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsBoolean({ message: 'allowPooled must be true or false' })
  allowPooled?: boolean;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1, maximum: 1000, description: 'Not below quotesReceived; null: no limit. Raising it reopens quotes' })
  @IsOptional()
  @IsInt({ message: 'quotesWanted must be a whole number' })
  @Min(1, { message: 'quotesWanted must be from 1 to 1000' })
  @Max(1000, { message: 'quotesWanted must be from 1 to 1000' })
  quotesWanted?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2025-02-15T17:00:00+07:00', description: 'null: no date limit. A later date reopens quotes' })
  @IsOptional()
  @IsOffsetDateTime()
  quotesUntil?: string | null;

  @ApiPropertyOptional({ enum: OWNER_SETTABLE_DEMAND_STATUSES, description: 'Pause or reopen (an expired demand reopens once neededBy is in the future)' })
  @OptionalNotNull()
  @IsIn(OWNER_SETTABLE_DEMAND_STATUSES as unknown as string[], { message: 'status must be open or paused' })
  status?: (typeof OWNER_SETTABLE_DEMAND_STATUSES)[number];
}
