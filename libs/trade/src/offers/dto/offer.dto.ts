import { ActingAgentDto } from '@psar/listings';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MoneyDto } from '@psar/platform';
import { OFFER_KINDS, type OfferKind } from './create-offer.dto';

/** `countered`: answered by a counter-offer, which supersedes it (only a thread's latest offer can be accepted). */
export const OFFER_STATUSES = ['pending', 'accepted', 'rejected', 'withdrawn', 'expired', 'countered'] as const;
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

/** One offer of a negotiation thread, oldest first. */
export class OfferThreadEntryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid', description: 'Who made this offer or counter-offer' })
  organizationId: string;

  @ApiProperty({ enum: OFFER_STATUSES })
  status: OfferStatus;

  @ApiProperty({ description: 'Sum of the lines' })
  quantity: string;

  @ApiProperty({ type: [TradeLineDto] })
  lines: TradeLineDto[];

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  deliverBy: string | null;

  @ApiProperty({ type: String, nullable: true })
  note: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;
}

export class OfferDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: OFFER_KINDS })
  kind: OfferKind;

  @ApiProperty({
    enum: OFFER_STATUSES,
    description:
      'pending → accepted (the receiving side; makes the deal) | rejected (the receiving side) | countered (the receiving side answered with a ' +
      'counter-offer, counteredByOfferId) | withdrawn (the offering side) | expired (expiresAt passed). Only pending offers move; a countered one never again.',
  })
  status: OfferStatus;

  @ApiProperty({ format: 'uuid', description: 'Who made the offer (for a counter-offer: the side that countered); the other side decides it' })
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

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The offer this one counters' })
  previousOfferId: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The counter-offer that superseded this one (status countered)' })
  counteredByOfferId: string | null;

  @ApiPropertyOptional({
    type: [OfferThreadEntryDto],
    description: 'The negotiation, oldest first, this offer included (GET /offers/:id and a counter\'s answer; not in lists)',
  })
  thread?: OfferThreadEntryDto[];

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: "The pooled order (offer group) this offer is one producer's part of; GET /offer-groups/:id is the buyer's" })
  groupId: string | null;

  @ApiProperty({ type: Number, nullable: true, description: "The offer's line in its pooled order, from 1 (its counter-offers keep it)" })
  groupLineNo: number | null;

  @ApiProperty({
    description:
      "true when the caller is a cooperative's member firm supplying lines of the cooperative's quote, not a side: lines (here and in thread) are its own only, " +
      'the other lines omitted; quantity is the sum of its lines',
  })
  ownLinesOnly: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;
}

export class OfferPageDto {
  @ApiProperty({ type: [OfferDto] })
  items: OfferDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}
