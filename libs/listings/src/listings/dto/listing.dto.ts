import { ActingAgentDto } from '../../agents/dto/acting-agent.dto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PhotoDto } from '@psar/media';
import { MoneyDto } from '@psar/platform';
import { OrganizationSummaryDto, PointDto } from '../../market/organization-summary.dto';
import { LISTING_STATUSES, type ListingStatus } from '../listing.entity';

export class ListingDto {
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

  @ApiProperty()
  title: string;

  @ApiProperty({ type: String, nullable: true })
  description: string | null;

  @ApiProperty({ example: '15000', description: 'Offered in all' })
  quantity: string;

  @ApiProperty({ example: '15000', description: 'Still available (not reserved by accepted offers)' })
  quantityRemaining: string;

  @ApiProperty({ type: String, nullable: true, example: '1000' })
  minOrderQuantity: string | null;

  @ApiProperty({ example: 'piece' })
  unit: string;

  @ApiProperty({ type: MoneyDto, description: 'Per unit' })
  price: MoneyDto;

  @ApiProperty({ type: String, nullable: true, example: 'A' })
  qualityGrade: string | null;

  @ApiProperty({ example: 'KH-14' })
  provinceCode: string;

  @ApiProperty({ type: PointDto, nullable: true, description: "The seller's exact point, if given" })
  location: PointDto | null;

  @ApiProperty({ type: String, format: 'date-time' })
  availableFrom: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  availableUntil: string | null;

  @ApiProperty({ enum: LISTING_STATUSES })
  status: ListingStatus;

  @ApiProperty({ type: [PhotoDto], description: 'In order, the first is the cover (at most 8)' })
  photos: PhotoDto[];

  @ApiPropertyOptional({ description: 'From `near` (search with near only)' })
  distanceKm?: number;

  @ApiProperty({ type: ActingAgentDto, nullable: true, description: 'The agent who posted it for the seller, with their consent' })
  agent: ActingAgentDto | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: string;
}

export class ListingPageDto {
  @ApiProperty({ type: [ListingDto] })
  items: ListingDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}
