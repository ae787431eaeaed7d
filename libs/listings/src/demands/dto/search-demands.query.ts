import { ApiPropertyOptional } from '@nestjs/swagger';
import { WesternDigits } from '@psar/platform';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { MarketSearchQuery, PRICE_FILTER_PATTERN } from '../../search/market-search.query';
import { DEMAND_STATUSES, type DemandStatus } from '../demand.entity';

/** sort=price puts the best-paying demands first, those without a maximum price last. */
export class SearchDemandsQuery extends MarketSearchQuery {
  @ApiPropertyOptional({
    example: '600',
    description: 'Buyers paying at least this much per unit (or who set no maximum), in `currency` (default KHR)',
  })
  @IsOptional()
  @WesternDigits()
  @IsString()
  @Matches(PRICE_FILTER_PATTERN, { message: 'minPrice must be a decimal amount like "600" or "0.15"' })
  minPrice?: string;

  @ApiPropertyOptional({ enum: DEMAND_STATUSES, description: 'Only with mine=true' })
  @IsOptional()
  @IsIn(DEMAND_STATUSES as unknown as string[], { message: `status must be one of ${DEMAND_STATUSES.join(', ')}` })
  status?: DemandStatus;
}
