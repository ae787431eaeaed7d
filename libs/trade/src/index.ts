/**
 * Trade, after a listing or a demand: offers, deals, reviews, reputation and market prices.
 * Its tables are plain SQL (no entities). Its first migrations were applied from
 * libs/listings (listingsMigrations) and stay there; new ones go in ./migrations.
 */
import { DealLifecycle1796289451503 } from './migrations/1796289451503-deal-lifecycle';
import { CreateLedgerEntries1796290000000 } from './migrations/1796290000000-create-ledger-entries';
import { OfferCounters1796300000000 } from './migrations/1796300000000-offer-counters';
import { BlindReviews1796300100000 } from './migrations/1796300100000-blind-reviews';
import { OrganizationResponsiveness1796300650000 } from './migrations/1796300650000-organization-responsiveness';
import { OfferGroups1796300500000 } from './migrations/1796300500000-offer-groups';
import { DealLineMarks1796300600000 } from './migrations/1796300600000-deal-line-marks';
import { OfferLinesOrganization1796300700000 } from './migrations/1796300700000-offer-lines-organization';

export { TradeModule } from './trade.module';
export { OffersService, OFFER_EXPIRY_JOB } from './offers/offers.service';
export { DealsService } from './deals/deals.service';
export { DealTimersService, DEAL_AUTO_CANCEL_JOB, DEAL_AUTO_CONFIRM_JOB, DEAL_DELIVERY_REMINDER_JOB, DEAL_DISPUTE_ESCALATION_JOB } from './deals/deal-timers.service';
export { DEAL_STATES, DEAL_TRANSITIONS, type DealState } from './deals/deal-states';
export { MATCHING_REPUTATION_SQL, ReputationService, REPUTATION_REFRESH_JOB } from './reviews/reputation.service';
export { ReviewsService, REVIEW_REVEAL_JOB } from './reviews/reviews.service';
export { QuoteRequestsService, QUOTE_REQUESTS_CLOSE_JOB } from './quote-requests/quote-requests.service';
export { MarketPricesService } from './market-prices/market-prices.service';
export { tradeDemoSeeder } from './demo/trade-demo';
export * from './trade-events';

export const tradeEntities: Function[] = [];
export const tradeMigrations: Function[] = [
  DealLifecycle1796289451503,
  CreateLedgerEntries1796290000000,
  OfferCounters1796300000000,
  BlindReviews1796300100000,
  OfferGroups1796300500000,
  DealLineMarks1796300600000,
  OrganizationResponsiveness1796300650000,
  OfferLinesOrganization1796300700000,
];
