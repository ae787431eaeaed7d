import { ApiProperty } from '@nestjs/swagger';
import { PageQuery } from '@psar/platform';
import { IsIn, IsOptional } from 'class-validator';
import { ActingAgentDto } from '@psar/listings';
import { TradeLineDto } from '../../offers/dto/offer.dto';

export const DEAL_STATUSES = ['agreed', 'delivered', 'completed', 'cancelled'] as const;
export type DealStatus = (typeof DEAL_STATUSES)[number];

export class ListDealsQuery extends PageQuery {
  @ApiProperty({ enum: DEAL_STATUSES, required: false })
  @IsOptional()
  @IsIn(DEAL_STATUSES as unknown as string[], { message: `status must be one of ${DEAL_STATUSES.join(', ')}` })
  status?: DealStatus;
}

export class DealDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  offerId: string;

  @ApiProperty({ enum: ['quote', 'order'] })
  kind: 'quote' | 'order';

  @ApiProperty({ enum: DEAL_STATUSES })
  status: DealStatus;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  demandId: string | null;

  @ApiProperty({ format: 'uuid' })
  buyerOrganizationId: string;

  @ApiProperty({ format: 'uuid' })
  sellerOrganizationId: string;

  @ApiProperty()
  productCode: string;

  @ApiProperty()
  unit: string;

  @ApiProperty({ description: 'Province the goods trade in (market prices group by it)' })
  provinceCode: string;

  @ApiProperty()
  quantity: string;

  @ApiProperty({ type: [TradeLineDto] })
  lines: TradeLineDto[];

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  deliverBy: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  agreedAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  deliveredAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  completedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  cancelledAt: string | null;

  @ApiProperty({ type: ActingAgentDto, nullable: true, description: 'The agent who acted for the seller (quoted, or posted the listing), with their consent' })
  agent: ActingAgentDto | null;
}

export class DealPageDto {
  @ApiProperty({ type: [DealDto] })
  items: DealDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}
