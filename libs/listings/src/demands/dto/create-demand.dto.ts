import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CATALOG_CODE_PATTERN, IsProvinceCode, type Unit, UNITS } from '@psar/catalog';
import { LocationDto } from '@psar/identity';
import { MoneyDto, IsOffsetDateTime } from '@psar/platform';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { GRADE } from '../../market/market-fields';
import { IsQuantity } from '../../quantity/is-quantity.decorator';

export class CreateDemandDto {
  @ApiProperty({ format: 'uuid', description: 'The buying organization; you must be its owner or manager' })
  @IsUUID('all', { message: 'organizationId must be a UUID' })
  organizationId: string;

  @ApiProperty({ example: 'clay_roof_tile', description: 'GET /products' })
  @IsString()
  @Matches(CATALOG_CODE_PATTERN, { message: 'productCode must be a product code like clay_roof_tile' })
  productCode: string;

  @ApiProperty({ example: '40000' })
  @IsQuantity()
  quantity: string;

  @ApiProperty({ enum: UNITS, example: 'piece', description: "Must be the product's unit" })
  @IsIn(UNITS as unknown as string[], { message: `unit must be one of ${UNITS.join(', ')}` })
  unit: Unit;

  @ApiPropertyOptional({ type: MoneyDto, description: 'Highest unit price you pay; listings in the other currency are converted' })
  @IsOptional()
  @IsObject({ message: 'maxPrice must be an object {amount, currency}' })
  @ValidateNested()
  @Type(() => MoneyDto)
  maxPrice?: MoneyDto;

  @ApiPropertyOptional({ example: 'A', description: 'The lowest grade you accept (better grades fit too)' })
  @IsOptional()
  @IsString()
  @Matches(GRADE, { message: 'qualityGrade must be a grade like A' })
  qualityGrade?: string;

  @ApiProperty({ example: 'KH-12' })
  @IsString()
  @IsProvinceCode()
  deliveryProvinceCode: string;

  @ApiPropertyOptional({ type: LocationDto, description: "Exact delivery point; without it distances use the province's centre" })
  @IsOptional()
  @IsObject({ message: 'deliveryLocation must be an object {lat, lng}' })
  @ValidateNested()
  @Type(() => LocationDto)
  deliveryLocation?: LocationDto;

  @ApiProperty({ example: '2025-03-01T17:00:00+07:00' })
  @IsOffsetDateTime()
  neededBy: string;

  @ApiPropertyOptional({ default: true, description: 'Accept supply pooled from several producers' })
  @IsOptional()
  @IsBoolean({ message: 'allowPooled must be true or false' })
  allowPooled?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, example: 10, description: 'Take no more quotes once this many were received' })
  @IsOptional()
  @IsInt({ message: 'quotesWanted must be a whole number' })
  @Min(1, { message: 'quotesWanted must be from 1 to 1000' })
  @Max(1000, { message: 'quotesWanted must be from 1 to 1000' })
  quotesWanted?: number;

  @ApiPropertyOptional({ example: '2025-02-15T17:00:00+07:00', description: 'Take no more quotes after this' })
  @IsOptional()
  @IsOffsetDateTime()
  quotesUntil?: string;

  @ApiPropertyOptional({ maxLength: 4000, description: 'Anything sellers should know' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string;
}
