import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CATALOG_CODE_PATTERN, IsProvinceCode, type Unit, UNITS } from '@psar/catalog';
import { LocationDto } from '@psar/identity';
import { MoneyDto, IsOffsetDateTime } from '@psar/platform';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { GRADE } from '../../market/market-fields';
import { IsQuantity } from '../../quantity/is-quantity.decorator';

export class CreateListingDto {
  @ApiProperty({ format: 'uuid', description: 'The selling organization; you must be its owner or manager' })
  @IsUUID('all', { message: 'organizationId must be a UUID' })
  organizationId: string;

  @ApiProperty({ example: 'clay_roof_tile', description: 'GET /products' })
  @IsString()
  @Matches(CATALOG_CODE_PATTERN, { message: 'productCode must be a product code like clay_roof_tile' })
  productCode: string;

  @ApiProperty({ example: 'Grade-A clay roof tiles from Kampong Leav kilns', maxLength: 200 })
  @IsString()
  @MinLength(1, { message: 'title must not be empty' })
  @MaxLength(200)
  title: string;

  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string;

  @ApiProperty({ example: '15000', description: 'Decimal string (or whole number) in `unit`; whole for piece and head' })
  @IsQuantity()
  quantity: string;

  @ApiProperty({ enum: UNITS, example: 'piece', description: "Must be the product's unit" })
  @IsIn(UNITS as unknown as string[], { message: `unit must be one of ${UNITS.join(', ')}` })
  unit: Unit;

  @ApiProperty({ type: MoneyDto, description: 'Price per unit' })
  @IsObject({ message: 'price must be an object {amount, currency}' })
  @ValidateNested()
  @Type(() => MoneyDto)
  price: MoneyDto;

  @ApiPropertyOptional({ example: 'A', description: "One of the product's grades (best first in GET /products)" })
  @IsOptional()
  @IsString()
  @Matches(GRADE, { message: 'qualityGrade must be a grade like A' })
  qualityGrade?: string;

  @ApiProperty({ example: 'KH-14', description: 'Where the goods are' })
  @IsString()
  @IsProvinceCode()
  provinceCode: string;

  @ApiPropertyOptional({ type: LocationDto, description: "Exact place; without it distances use the province's centre" })
  @IsOptional()
  @IsObject({ message: 'location must be an object {lat, lng}' })
  @ValidateNested()
  @Type(() => LocationDto)
  location?: LocationDto;

  @ApiPropertyOptional({ example: '2025-01-15T08:00:00+07:00', description: 'Default: now' })
  @IsOptional()
  @IsOffsetDateTime()
  availableFrom?: string;

  @ApiPropertyOptional({ example: '2025-04-30T17:00:00+07:00', description: 'After this the listing expires' })
  @IsOptional()
  @IsOffsetDateTime()
  availableUntil?: string;

  @ApiPropertyOptional({ example: '1000', description: 'Smallest quantity sold in one order' })
  @IsOptional()
  @IsQuantity()
  minOrderQuantity?: string;
}
