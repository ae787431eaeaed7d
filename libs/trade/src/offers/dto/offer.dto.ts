import { ActingAgentDto } from '@psar/listings';
import { ApiProperty } from '@nestjs/swagger';
import { MoneyDto } from '@psar/platform';
import { OFFER_KINDS, type OfferKind } from './create-offer.dto';

export const OFFER_STATUSES = ['pending', 'accepted', 'rejected', 'withdrawn', 'expired'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

export class TradeLineDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  listingId: string | null;

  @ApiProperty({ format: 'uuid', description: 'The supplying firm' })
  organizationId: string;

  @ApiProperty({ example: '3000' })
  quantity: string;

  @ApiProperty({ type: MoneyDto })
  unitPrice: MoneyDto;
}

export class OfferDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: OFFER_KINDS })
  kind: OfferKind;

  @ApiProperty({ enum: OFFER_STATUSES })
  status: OfferStatus;

  @ApiProperty({ format: 'uuid', description: 'Who made the offer' })
  organizationId: string;

  @ApiProperty({ format: 'uuid' })
  buyerOrganizationId: string;

  @ApiProperty({ format: 'uuid' })
  sellerOrganizationId: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  demandId: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  listingId: string | null;

  @ApiProperty()
  productCode: string;

  @ApiProperty()
  unit: string;

  @ApiProperty({ description: 'Sum of the lines' })
  quantity: string;

  @ApiProperty({ type: [TradeLineDto] })
  lines: TradeLineDto[];

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  deliverBy: string | null;

  @ApiProperty({ type: String, nullable: true })
  note: string | null;

  @ApiProperty({ type: String, format: 'date-time', description: 'A pending offer expires then' })
  expiresAt: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The deal, once accepted' })
  dealId: string | null;

  @ApiProperty({ type: ActingAgentDto, nullable: true, description: 'The agent who made this quote for the seller, with their consent' })
  agent: ActingAgentDto | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;
}

export class OfferPageDto {
  @ApiProperty({ type: [OfferDto] })
  items: OfferDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}
