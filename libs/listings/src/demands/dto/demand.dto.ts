import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MoneyDto } from '@psar/platform';
import { OrganizationSummaryDto, PointDto } from '../../market/organization-summary.dto';
import { DEMAND_STATUSES, type DemandStatus } from '../demand.entity';

export class DemandDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  organizationId: string;

  @ApiProperty({ type: OrganizationSummaryDto })
  organization: OrganizationSummaryDto;

  @ApiProperty({ example: 'clay_roof_tile' })
  productCode: string;

  @ApiProperty({ example: 'clay_tiles_bricks' })
  valueChainCode: string;

  @ApiProperty({ type: String, nullable: true })
  description: string | null;

  @ApiProperty({ example: '40000' })
  quantity: string;

  @ApiProperty({ example: 'piece' })
  unit: string;

  @ApiProperty({ type: MoneyDto, nullable: true, description: 'Highest unit price' })
  maxPrice: MoneyDto | null;

  @ApiProperty({ type: String, nullable: true, example: 'A', description: 'Lowest grade accepted' })
  qualityGrade: string | null;

  @ApiProperty({ example: 'KH-12' })
  deliveryProvinceCode: string;

  @ApiProperty({ type: PointDto, nullable: true })
  deliveryLocation: PointDto | null;

  @ApiProperty({ type: String, format: 'date-time' })
  neededBy: string;

  @ApiProperty()
  allowPooled: boolean;

  @ApiProperty({ enum: DEMAND_STATUSES })
  status: DemandStatus;

  @ApiProperty({ type: Number, nullable: true, description: 'No more quotes once this many were received (null: no limit)' })
  quotesWanted: number | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'No more quotes after this (null: until the demand closes)' })
  quotesUntil: string | null;

  @ApiProperty({ example: 3, description: 'Quotes received so far (counter-offers not counted): "3 of 10 quotes received"' })
  quotesReceived: number;

  @ApiProperty({ description: 'Whether a quote would be taken now: open, and neither quotesWanted nor quotesUntil reached' })
  takesQuotes: boolean;

  @ApiPropertyOptional({ description: 'From `near` (search with near only)' })
  distanceKm?: number;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: string;
}

export class DemandPageDto {
  @ApiProperty({ type: [DemandDto] })
  items: DemandDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}
