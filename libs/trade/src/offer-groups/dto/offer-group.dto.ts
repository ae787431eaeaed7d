import { ApiProperty } from '@nestjs/swagger';
import { OfferDto } from '../../offers/dto/offer.dto';

export const OFFER_GROUP_STATUSES = ['open', 'cancelled'] as const;
export type OfferGroupStatus = (typeof OFFER_GROUP_STATUSES)[number];

export class OfferGroupProgressDto {
  @ApiProperty({ example: '40000', description: "What the group must cover: the demand's quantity, or without a demand the sum first asked" })
  quantityTarget: string;

  @ApiProperty({ example: '25000', description: 'Accepted by producers (reserved from their listings; deals made)' })
  quantityAccepted: string;

  @ApiProperty({ example: '0', description: 'Still awaiting a producer\'s answer' })
  quantityPending: string;

  @ApiProperty({ example: '15000', description: 'Declined, withdrawn or expired' })
  quantityDeclined: string;

  @ApiProperty({ example: '15000', description: 'Neither accepted nor awaiting an answer: target − accepted − pending, at least 0; what a replacement line should cover' })
  quantityUncovered: string;
}

/** A pooled order, as its buyer sees it: one order offer per producer (each producer sees only its own, GET /offers/:id). */
export class OfferGroupDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid', description: 'The buying organization' })
  organizationId: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  demandId: string | null;

  @ApiProperty()
  productCode: string;

  @ApiProperty()
  unit: string;

  @ApiProperty({ enum: OFFER_GROUP_STATUSES, description: 'cancelled: the buyer withdrew what was still pending; accepted offers stay deals' })
  status: OfferGroupStatus;

  @ApiProperty({ type: [OfferDto], description: "The current offer of each line (a counter-offer replaces the offer it answers), oldest first" })
  offers: OfferDto[];

  @ApiProperty({ type: OfferGroupProgressDto })
  progress: OfferGroupProgressDto;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  cancelledAt: string | null;
}
