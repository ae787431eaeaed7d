import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogModule } from '@psar/catalog';
import { IdentityModule } from '@psar/identity';
import { MediaModule } from '@psar/media';
import { MessagingModule, NotificationsService } from '@psar/messaging';
import { AgentProducersController } from './agents/agent-producers.controller';
import { AgentProducersService } from './agents/agent-producers.service';
import { AgentSmsCopies } from './agents/agent-sms-copies.service';
import { Demand } from './demands/demand.entity';
import { DemandsController } from './demands/demands.controller';
import { DemandsService } from './demands/demands.service';
import { ExpiryService } from './expiry/expiry.service';
import { Listing } from './listings/listing.entity';
import { ListingPhotosController } from './listings/listing-photos.controller';
import { ListingsController } from './listings/listings.controller';
import { ListingsService } from './listings/listings.service';
import { DEMAND_EXPIRED, LISTING_EXPIRED, MATCH_FOUND } from './market-events';
import { MarketCatalog } from './market/market-catalog.service';
import { MatchNotification } from './matching/match-notification.entity';
import { demandExpiredNotification, listingExpiredNotification, matchFoundNotification } from './matching/match-notifications';
import { MatchNotifier } from './matching/match-notifier.service';
import { MatchReputation } from './matching/match-reputation';
import { MatchesController } from './matching/matches.controller';
import { MatchingService } from './matching/matching.service';
import { MarketSearch } from './search/market-search.service';
import { DealsController } from './deals/deals.controller';
import { DealsService } from './deals/deals.service';
import { MarketPricesController } from './market-prices/market-prices.controller';
import { MarketPricesService } from './market-prices/market-prices.service';
import { OffersController } from './offers/offers.controller';
import { OffersService } from './offers/offers.service';
import { OrganizationReviewsController } from './reviews/organization-reviews.controller';
import { ReputationService } from './reviews/reputation.service';
import { ReviewsService } from './reviews/reviews.service';
import { registerTradeNotifications } from './trade/trade-notifications';
import { TradeParties } from './trade/trade-parties.service';

/** Listings (supply), demands, search and matching with pooled supply; offers, deals, reviews, reputation and market prices. */
@Module({
  imports: [CatalogModule, IdentityModule, MediaModule, MessagingModule, TypeOrmModule.forFeature([Listing, Demand, MatchNotification])],
  controllers: [MatchesController, ListingsController, ListingPhotosController, DemandsController, OffersController, DealsController, OrganizationReviewsController, MarketPricesController, AgentProducersController],
  providers: [
    MarketCatalog,
    MarketSearch,
    ListingsService,
    DemandsService,
    MatchingService,
    MatchReputation,
    MatchNotifier,
    ExpiryService,
    TradeParties,
    OffersService,
    DealsService,
    ReviewsService,
    ReputationService,
    MarketPricesService,
    AgentProducersService,
    AgentSmsCopies,
  ],
  exports: [ListingsService, DemandsService, MatchingService, MatchReputation, OffersService, DealsService, ReputationService, MarketPricesService],
})
export class ListingsModule implements OnModuleInit {
  constructor(private readonly notifications: NotificationsService) {}

  onModuleInit(): void {
    this.notifications.registerEventType(MATCH_FOUND, matchFoundNotification);
    this.notifications.registerEventType(LISTING_EXPIRED, listingExpiredNotification);
    this.notifications.registerEventType(DEMAND_EXPIRED, demandExpiredNotification);
    registerTradeNotifications(this.notifications);
  }
}
