import { ApiProperty } from '@nestjs/swagger';
import { MoneyDto } from '@psar/platform';
import { DemandDto } from '../../demands/dto/demand.dto';

export class MatchLineDto {
  @ApiProperty({ format: 'uuid' })
  listingId: string;

  @ApiProperty({ format: 'uuid' })
  organizationId: string;

  @ApiProperty()
  organizationName: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ example: '15000', description: 'What this listing supplies in the match' })
  quantity: string;

  @ApiProperty({ type: MoneyDto })
  unitPrice: MoneyDto;

  @ApiProperty({ example: 38.2 })
  distanceKm: number;

  @ApiProperty({ type: String, nullable: true })
  qualityGrade: string | null;
}

export class DemandMatchDto {
  @ApiProperty({ enum: ['single', 'pooled'] })
  kind: 'single' | 'pooled';

  @ApiProperty({ type: [MatchLineDto] })
  listings: MatchLineDto[];

  @ApiProperty({ example: '40000' })
  totalQuantity: string;

  @ApiProperty({ example: 1, description: 'Share of the demand covered, 0..1' })
  coverage: number;

  @ApiProperty({ type: MoneyDto, description: 'Average per unit, weighted by quantity' })
  pricePerUnit: MoneyDto;

  @ApiProperty({ type: MoneyDto })
  totalPrice: MoneyDto;

  @ApiProperty({ example: 38.2, description: 'From the delivery point; for a pool, weighted by quantity' })
  distanceKm: number;

  @ApiProperty({ example: 0.812, description: '0..1, higher is better' })
  score: number;

  @ApiProperty({ type: [String], example: ['covers 100 %', '38 km from delivery', '9 % under your maximum price', 'verified'] })
  reasons: string[];
}

export class DemandMatchListDto {
  @ApiProperty({
    type: [DemandMatchDto],
    description: 'At most 10: single listings that cover the demand first, then pools of several producers, then partial listings',
  })
  items: DemandMatchDto[];
}

export class ListingMatchDto {
  @ApiProperty({ type: DemandDto })
  demand: DemandDto;

  @ApiProperty({ example: '15000', description: 'What the listing could supply towards it' })
  quantity: string;

  @ApiProperty({ example: 0.375 })
  coverage: number;

  @ApiProperty({ example: 38.2, description: 'From the listing to the delivery point' })
  distanceKm: number;

  @ApiProperty({ example: 0.74 })
  score: number;

  @ApiProperty({ type: [String] })
  reasons: string[];
}

export class ListingMatchListDto {
  @ApiProperty({ type: [ListingMatchDto], description: 'At most 20 open demands the listing fits, best first' })
  items: ListingMatchDto[];
}
