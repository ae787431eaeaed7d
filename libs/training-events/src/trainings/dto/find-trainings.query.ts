import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CATALOG_CODE_PATTERN, IsProvinceCode } from '@psar/catalog';
import { IsDateOrOffsetDateTime, NumberFromText, PageQuery, WesternDigits } from '@psar/platform';
import { IsNumber, IsOptional, IsString, IsUUID, Matches, Max, Min } from 'class-validator';

export const DEFAULT_RADIUS_KM = 50;
const NEAR = /^-?\d{1,2}(\.\d+)?,-?\d{1,3}(\.\d+)?$/;

export class FindTrainingsQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'swine' })
  @IsOptional()
  @IsString()
  @Matches(CATALOG_CODE_PATTERN, { message: 'valueChain must be a value chain code' })
  valueChain?: string;

  @ApiPropertyOptional({ example: 'KH-14', description: 'Only sessions in this province' })
  @IsOptional()
  @IsString()
  @IsProvinceCode()
  province?: string;

  @ApiPropertyOptional({ example: '2026-01-01', description: 'Sessions starting at or after (a date is that day in Cambodia); default now' })
  @IsOptional()
  @IsDateOrOffsetDateTime()
  from?: string;

  @ApiPropertyOptional({ example: '2026-03-31', description: 'Sessions starting before the end of this day (or this instant)' })
  @IsOptional()
  @IsDateOrOffsetDateTime()
  to?: string;

  @ApiPropertyOptional({ example: '11.48,105.32', description: 'lat,lng: sessions within radiusKm of here' })
  @IsOptional()
  @WesternDigits()
  @IsString()
  @Matches(NEAR, { message: 'near must be lat,lng, e.g. 11.48,105.32' })
  near?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: DEFAULT_RADIUS_KM, description: 'With near' })
  @IsOptional()
  @NumberFromText()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'radiusKm must be a number' })
  @Min(1)
  @Max(1000)
  radiusKm?: number;

  @ApiPropertyOptional({ format: 'uuid', description: "Only this supplier's trainings" })
  @IsOptional()
  @IsUUID('all', { message: 'organizationId must be a UUID' })
  organizationId?: string;
}

export class OrganizationTrainingsQuery extends PageQuery {
  @ApiProperty({ format: 'uuid', description: 'The supplier; you must be one of its people' })
  @IsUUID('all', { message: 'organizationId must be a UUID' })
  organizationId: string;
}
