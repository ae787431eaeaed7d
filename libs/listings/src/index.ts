import { Demand } from './demands/demand.entity';
import { Listing } from './listings/listing.entity';
import { MatchNotification } from './matching/match-notification.entity';
import { CreateListings1764400004000 } from './migrations/1764400004000-create-listings';
import { CreateTrade1764400005000 } from './migrations/1764400005000-create-trade';
import { SearchKhmerWords1796144079380 } from './migrations/1796144079380-search-khmer-words';
import { MatchingNearestPrice1796156746688 } from './migrations/1796156746688-matching-nearest-price';
import { RecordAgents1796234569210 } from './migrations/1796234569210-record-agents';
import { DemandQuoteLimits1796300200000 } from './migrations/1796300200000-demand-quote-limits';
import { SearchWindowCoveringIndexes1796320000000 } from './migrations/1796320000000-search-window-covering-indexes';

export { ListingsModule } from './listings.module';
export { ListingsService } from './listings/listings.service';
export { DemandsService } from './demands/demands.service';
export { MatchingService } from './matching/matching.service';
export { Listing, LISTING_STATUSES, VISIBLE_LISTING_STATUSES, type ListingStatus } from './listings/listing.entity';
export { Demand, DEMAND_STATUSES, VISIBLE_DEMAND_STATUSES, type DemandStatus } from './demands/demand.entity';
export { MatchNotification };
export { ListingDto } from './listings/dto/listing.dto';
export { SearchListingsQuery } from './listings/dto/search-listings.query';
export { DemandDto } from './demands/dto/demand.dto';
export { EXPIRY_JOB } from './expiry/expiry.service';
export * from './market-events';
export { COUNTED_UNITS, fromThousandths, normalizeQuantity, toThousandths, QUANTITY_PATTERN } from './quantity/quantity';
export { IsQuantity } from './quantity/is-quantity.decorator';
export { poolCombinations, POOLING_LIMITS, type PoolCandidate, type PooledCombination } from './matching/pooling';
export { scoreMatch, scorePool, matchReasons, type Reputation } from './matching/scoring';
export { MatchReputation, type ReputationSource } from './matching/match-reputation';
export { listingsDemoSeeder } from './demo/listings-demo';
export { listingsDemoPhotosSeeder } from './demo/listings-demo-photos';
// For trade (libs/trade), which builds on listings and demands.
export { MarketCatalog, productSearchTerms } from './market/market-catalog.service';
export { checkFuture, checkPositiveAmount, checkWholeQuantities } from './market/market-rules';
export { ActingAgentDto, actingAgent } from './agents/dto/acting-agent.dto';

export const listingsEntities = [Listing, Demand, MatchNotification];
/** Trade's first tables (offers, deals, reviews) and agents' columns were created here and stay here, applied; trade's new ones are in libs/trade. */
export const listingsMigrations = [CreateListings1764400004000, CreateTrade1764400005000, SearchKhmerWords1796144079380, MatchingNearestPrice1796156746688, RecordAgents1796234569210, DemandQuoteLimits1796300200000, SearchWindowCoveringIndexes1796320000000];
