import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { MAX_OFFER_LINES } from '../../offers/dto/create-offer.dto';
import { DeliveredLineInputDto } from './deliver-deal.dto';

export const DEAL_DISPUTE_REASONS = ['quantity', 'quality', 'not_received', 'other'] as const;
export type DealDisputeReason = (typeof DEAL_DISPUTE_REASONS)[number];

export class DisputeDealDto {
  @ApiProperty({ enum: DEAL_DISPUTE_REASONS, description: 'quantity: less than said; quality: not as agreed; not_received: nothing came' })
  @IsIn(DEAL_DISPUTE_REASONS as unknown as string[], { message: `reason must be one of ${DEAL_DISPUTE_REASONS.join(', ')}` })
  reason: DealDisputeReason;

  @ApiProperty({ maxLength: 2000, description: "What is wrong, in the buyer's words; posted in the deal's conversation for both sides" })
  @IsString({ message: 'message must be a string' })
  @MaxLength(2000, { message: 'message must be at most 2000 characters' })
  message: string;
}

export const DEAL_RESOLUTIONS = ['completed', 'cancelled'] as const;
export type DealResolution = (typeof DEAL_RESOLUTIONS)[number];

export class ResolveDealDto {
  @ApiProperty({
    enum: DEAL_RESOLUTIONS,
    description:
      'completed: the deal completes at the delivered quantities, or at `lines` where given; cancelled: the deal is cancelled and the delivered quantities go back to the listings. ' +
      'A side proposes; the other side resolving with the same terms settles it. A platform admin (not a side) decides at once.',
  })
  @IsIn(DEAL_RESOLUTIONS as unknown as string[], { message: 'outcome must be completed or cancelled' })
  outcome: DealResolution;

  @ApiPropertyOptional({ type: [DeliveredLineInputDto], description: 'completed only: the quantities settled on, per line (omitted: as delivered)' })
  @IsOptional()
  @IsArray({ message: 'lines must be an array' })
  @ArrayMaxSize(MAX_OFFER_LINES, { message: `lines must have at most ${MAX_OFFER_LINES} lines` })
  @ValidateNested({ each: true })
  @Type(() => DeliveredLineInputDto)
  lines?: DeliveredLineInputDto[];

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString({ message: 'note must be a string' })
  @MaxLength(2000, { message: 'note must be at most 2000 characters' })
  note?: string;
}
