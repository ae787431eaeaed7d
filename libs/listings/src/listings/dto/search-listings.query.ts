import { ApiPropertyOptional } from '@nestjs/swagger';
import { WesternDigits } from '@psar/platform';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { MarketSearchQuery, PRICE_FILTER_PATTERN } from '../../search/market-search.query';
import { LISTING_STATUSES, type ListingStatus } from '../listing.entity';

export class SearchListingsQuery extends MarketSearchQuery {
  @ApiPropertyOptional({ example: '700', description: 'Unit price at most this, in `currency` (default KHR); other currencies are converted' })
  @IsOptional()
  @WesternDigits()
  @IsString()
  @Matches(PRICE_FILTER_PATTERN, { message: 'maxPrice must be a decimal amount like "700" or "1.25"' })
  maxPrice?: string;

  @ApiPropertyOptional({ example: '500', description: 'Unit price at least this, in `currency` (default KHR); other currencies are converted' })
  @IsOptional()
  @WesternDigits()
  @IsString()
  @Matches(PRICE_FILTER_PATTERN, { message: 'minPrice must be a decimal amount like "500" or "0.10"' })
  minPrice?: string;

  @ApiPropertyOptional({ enum: LISTING_STATUSES, description: 'Only with mine=true' })
  @IsOptional()
  @IsIn(LISTING_STATUSES as unknown as string[], { message: `status must be one of ${LISTING_STATUSES.join(', ')}` })
  status?: ListingStatus;
}
