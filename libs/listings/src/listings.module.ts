import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogModule } from '@psar/catalog';
import { IdentityModule } from '@psar/identity';
import { MediaModule } from '@psar/media';
import { MessagingModule, NotificationsService } from '@psar/messaging';
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

/** Listings (supply), demands, search and matching with pooled supply. What trade follows from them is libs/trade. */
@Module({
  imports: [CatalogModule, IdentityModule, MediaModule, MessagingModule, TypeOrmModule.forFeature([Listing, Demand, MatchNotification])],
  controllers: [MatchesController, ListingsController, ListingPhotosController, DemandsController],
  providers: [
    MarketCatalog,
    MarketSearch,
    ListingsService,
    DemandsService,
    MatchingService,
    MatchReputation,
    MatchNotifier,
    ExpiryService,
  ],
  exports: [ListingsService, DemandsService, MatchingService, MatchReputation, MarketCatalog],
})
export class ListingsModule implements OnModuleInit {
  constructor(private readonly notifications: NotificationsService) {}

  onModuleInit(): void {
    this.notifications.registerEventType(MATCH_FOUND, matchFoundNotification);
    this.notifications.registerEventType(LISTING_EXPIRED, listingExpiredNotification);
    this.notifications.registerEventType(DEMAND_EXPIRED, demandExpiredNotification);
  }
}
