import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsProvinceCode } from '@psar/catalog';
import { LocationDto } from '@psar/identity';
import { MoneyDto, IsOffsetDateTime, OptionalNotNull } from '@psar/platform';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { GRADE } from '../../market/market-fields';
import { IsQuantity } from '../../quantity/is-quantity.decorator';

export const OWNER_SETTABLE_LISTING_STATUSES = ['active', 'paused'] as const;

/** Product and unit are fixed: list another product as a new listing. null clears an optional field. */
export class UpdateListingDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @OptionalNotNull()
  @IsString()
  @MinLength(1, { message: 'title must not be empty' })
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string | null;

  @ApiPropertyOptional({
    example: '20000',
    description: 'The quantity offered in all; what is left moves by the same amount and cannot go below zero',
  })
  @OptionalNotNull()
  @IsQuantity()
  quantity?: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '1000' })
  @IsOptional()
  @IsQuantity()
  minOrderQuantity?: string | null;

  @ApiPropertyOptional({ type: MoneyDto })
  @OptionalNotNull()
  @IsObject({ message: 'price must be an object {amount, currency}' })
  @ValidateNested()
  @Type(() => MoneyDto)
  price?: MoneyDto;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'A' })
  @IsOptional()
  @IsString()
  @Matches(GRADE, { message: 'qualityGrade must be a grade like A' })
  qualityGrade?: string | null;

  @ApiPropertyOptional({ example: 'KH-14' })
  @OptionalNotNull()
  @IsString()
  @IsProvinceCode()
  provinceCode?: string;

  @ApiPropertyOptional({ type: LocationDto, nullable: true })
  @IsOptional()
  @IsObject({ message: 'location must be an object {lat, lng}' })
  @ValidateNested()
  @Type(() => LocationDto)
  location?: LocationDto | null;

  @ApiPropertyOptional({ example: '2025-01-15T08:00:00+07:00' })
  @OptionalNotNull()
  @IsOffsetDateTime()
  availableFrom?: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2025-04-30T17:00:00+07:00' })
  @IsOptional()
  @IsOffsetDateTime()
  availableUntil?: string | null;

  @ApiPropertyOptional({
    enum: OWNER_SETTABLE_LISTING_STATUSES,
    description: 'Pause or resume (an expired listing resumes once availableUntil is in the future). Sold out follows the quantity.',
  })
  @OptionalNotNull()
  @IsIn(OWNER_SETTABLE_LISTING_STATUSES as unknown as string[], { message: 'status must be active or paused' })
  status?: (typeof OWNER_SETTABLE_LISTING_STATUSES)[number];
}
