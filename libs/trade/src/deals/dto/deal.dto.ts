import { PhotoDto } from '@psar/media';
import { ApiProperty } from '@nestjs/swagger';
import { MoneyDto, PageQuery } from '@psar/platform';
import { IsIn, IsOptional } from 'class-validator';
import { ActingAgentDto } from '@psar/listings';
import { TradeLineDto } from '../../offers/dto/offer.dto';
import { DEAL_ACTIONS, DEAL_STATES, type DealAction, type DealState } from '../deal-states';
import { DEAL_DISPUTE_REASONS, type DealDisputeReason } from './dispute-deal.dto';

export const DEAL_STATUSES = DEAL_STATES;
export type DealStatus = DealState;

const STATUS_DESCRIPTION =
  'agreed (offer accepted, quantities reserved) → delivered (seller, with the delivered quantity per line) → completed (buyer confirms, or automatically DEAL_AUTO_CONFIRM_DAYS after delivery); ' +
  'agreed → cancelled (either side, or automatically DEAL_AUTO_CANCEL_DAYS after deliverBy); delivered → disputed (buyer) → completed | cancelled (settled by both sides agreeing, or by a platform admin). ' +
  'An open dispute stops the automatic confirmation.';

export class ListDealsQuery extends PageQuery {
  @ApiProperty({ enum: DEAL_STATUSES, required: false, description: 'disputed, asked by a platform admin: every disputed deal, to settle' })
  @IsOptional()
  @IsIn(DEAL_STATUSES as unknown as string[], { message: `status must be one of ${DEAL_STATUSES.join(', ')}` })
  status?: DealStatus;
}

export class DealLineDto extends TradeLineDto {
  @ApiProperty({ example: 1, description: 'Numbered from 1; POST /deals/:id/deliver names lines by it' })
  lineNo: number;

  @ApiProperty({ type: String, nullable: true, example: '96', description: 'What the seller delivered (within DEAL_DELIVERY_TOLERANCE_PERCENT of quantity); null until delivered' })
  deliveredQuantity: string | null;

  @ApiProperty({ type: String, nullable: true, example: '3000', description: "On a cooperative's quote: what the member firm supplying this line marked delivered (POST /deals/:id/lines/:lineNo/deliver); null until marked" })
  markedQuantity: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  markedAt: string | null;
}

export class DealProposedLineDto {
  @ApiProperty({ example: 1 })
  lineNo: number;

  @ApiProperty({ example: '93', description: 'The quantity the deal would complete at' })
  deliveredQuantity: string;
}

export class DealProposalDto {
  @ApiProperty({ enum: ['completed', 'cancelled'] })
  outcome: 'completed' | 'cancelled';

  @ApiProperty({ type: [DealProposedLineDto], description: 'completed: every line at its settled quantity; cancelled: empty' })
  lines: DealProposedLineDto[];

  @ApiProperty({ format: 'uuid', description: 'The side that proposed it; the other side settles the dispute by resolving with the same terms' })
  proposedByOrganizationId: string;

  @ApiProperty({ type: String, format: 'date-time' })
  proposedAt: string;
}

export class DealDisputeDto {
  @ApiProperty({ enum: DEAL_DISPUTE_REASONS })
  reason: DealDisputeReason;

  @ApiProperty()
  message: string;

  @ApiProperty({ type: String, format: 'date-time' })
  openedAt: string;

  @ApiProperty({ type: [PhotoDto], description: 'What the buyer showed (POST /deals/:id/dispute/photos)' })
  photos: PhotoDto[];

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When platform admins were asked to decide (DEAL_DISPUTE_ESCALATION_DAYS unsettled)' })
  escalatedAt: string | null;

  @ApiProperty({ type: DealProposalDto, nullable: true, description: 'A settlement one side proposed and the other has not yet agreed to' })
  proposal: DealProposalDto | null;

  @ApiProperty({ type: String, enum: ['completed', 'cancelled'], nullable: true, description: 'null while open' })
  outcome: 'completed' | 'cancelled' | null;

  @ApiProperty({ type: String, enum: ['agreement', 'admin'], nullable: true, description: "agreement: both sides accepted the same terms; admin: a platform administrator's decision" })
  settledBy: 'agreement' | 'admin' | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  settledAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  note: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The side the settlement went against (counted in its reputation): the seller when cancelled or lowered, else the buyer' })
  lostByOrganizationId: string | null;
}

export class DealDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  offerId: string;

  @ApiProperty({ enum: ['quote', 'order'] })
  kind: 'quote' | 'order';

  @ApiProperty({ enum: DEAL_STATUSES, description: STATUS_DESCRIPTION })
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

  @ApiProperty({ description: 'Agreed, the sum of the lines' })
  quantity: string;

  @ApiProperty({ type: String, nullable: true, description: 'Delivered, the sum of the lines; null until delivered' })
  deliveredQuantity: string | null;

  @ApiProperty({ type: [DealLineDto] })
  lines: DealLineDto[];

  @ApiProperty({ type: [MoneyDto], description: 'Agreed quantity × unit price, per currency (one unless a quote mixed currencies)' })
  agreedTotals: MoneyDto[];

  @ApiProperty({ type: [MoneyDto], description: 'What the buyer owes: delivered quantity (agreed until delivered) × unit price, per currency, exact to the cent' })
  totals: MoneyDto[];

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  deliverBy: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  agreedAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  deliveredAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  completedAt: string | null;

  @ApiProperty({ type: String, enum: ['buyer', 'system', 'settlement'], nullable: true, description: 'buyer: confirmed; system: confirmed automatically; settlement: a dispute settled' })
  completedBy: 'buyer' | 'system' | 'settlement' | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  cancelledAt: string | null;

  @ApiProperty({ type: String, enum: ['side', 'not_delivered', 'settlement'], nullable: true, description: 'side: cancelled by a side before delivery; not_delivered: by the timer after deliverBy; settlement: a dispute settled' })
  cancelReason: 'side' | 'not_delivered' | 'settlement' | null;

  @ApiProperty({ type: DealDisputeDto, nullable: true })
  dispute: DealDisputeDto | null;

  @ApiProperty({ enum: DEAL_ACTIONS, isArray: true, description: 'The steps the caller may take now (from the state machine and the caller’s side)' })
  actions: DealAction[];

  @ApiProperty({
    enum: ['buyer', 'seller', 'supplier', 'admin'],
    description:
      "The caller's part. supplier: a cooperative's member firm supplying lines of the cooperative's deal; it sees its own lines only " +
      "(the other lines are omitted, quantity and totals are those of its lines) and marks each delivered with POST /deals/:id/lines/:lineNo/deliver",
  })
  role: 'buyer' | 'seller' | 'supplier' | 'admin';

  @ApiProperty({ type: [Number], description: 'The lines the caller may mark delivered now (a supplier’s own unmarked lines while the deal is agreed)' })
  markableLines: number[];

  @ApiProperty({ type: ActingAgentDto, nullable: true, description: 'The agent who acted for the seller (quoted, or posted the listing), with their consent' })
  agent: ActingAgentDto | null;
}

export class DealPageDto {
  @ApiProperty({ type: [DealDto] })
  items: DealDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}
