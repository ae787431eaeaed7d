import { Demand } from './demands/demand.entity';
import { Listing } from './listings/listing.entity';
import { MatchNotification } from './matching/match-notification.entity';
import { CreateListings1764400004000 } from './migrations/1764400004000-create-listings';

export { ListingsModule } from './listings.module';
export { ListingsService } from './listings/listings.service';
export { DemandsService } from './demands/demands.service';
export { MatchingService } from './matching/matching.service';
export { Listing, LISTING_STATUSES, VISIBLE_LISTING_STATUSES, type ListingStatus } from './listings/listing.entity';
export { Demand, DEMAND_STATUSES, VISIBLE_DEMAND_STATUSES, type DemandStatus } from './demands/demand.entity';
export { MatchNotification };
export { ListingDto } from './listings/dto/listing.dto';
export { DemandDto } from './demands/dto/demand.dto';
export { EXPIRY_JOB } from './expiry/expiry.service';
export * from './market-events';
export { fromThousandths, normalizeQuantity, toThousandths, QUANTITY_PATTERN } from './quantity/quantity';
export { IsQuantity } from './quantity/is-quantity.decorator';
export { poolCombinations, POOLING_LIMITS, type PoolCandidate, type PooledCombination } from './matching/pooling';
export { scoreMatch, scorePool, matchReasons } from './matching/scoring';
export { listingsDemoSeeder } from './demo/listings-demo';

export const listingsEntities = [Listing, Demand, MatchNotification];
export const listingsMigrations = [CreateListings1764400004000];
