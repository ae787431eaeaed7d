import { Module, OnModuleInit } from '@nestjs/common';
import { CatalogModule } from '@psar/catalog';
import { IdentityModule } from '@psar/identity';
import { ListingsModule } from '@psar/listings';
import { MediaModule } from '@psar/media';
import { MessagingModule, NotificationsService } from '@psar/messaging';
import { AgentProducersController } from './agents/agent-producers.controller';
import { AgentProducersService } from './agents/agent-producers.service';
import { AgentSmsCopies } from './agents/agent-sms-copies.service';
import { DealsController } from './deals/deals.controller';
import { DisputePhotosController } from './deals/dispute-photos.controller';
import { DealTimersService } from './deals/deal-timers.service';
import { DealsService } from './deals/deals.service';
import { LedgerController } from './ledger/ledger.controller';
import { LedgerService } from './ledger/ledger.service';
import { MarketPricesController } from './market-prices/market-prices.controller';
import { MarketPricesService } from './market-prices/market-prices.service';
import { OfferGroupsController } from './offer-groups/offer-groups.controller';
import { OfferGroupsService } from './offer-groups/offer-groups.service';
import { OffersController } from './offers/offers.controller';
import { OffersService } from './offers/offers.service';
import { OrganizationReviewsController } from './reviews/organization-reviews.controller';
import { QuoteRequestsService } from './quote-requests/quote-requests.service';
import { ReputationService } from './reviews/reputation.service';
import { ReviewsService } from './reviews/reviews.service';
import { registerTradeNotifications } from './trade-notifications';
import { TradeParties } from './trade-parties.service';

/** The trade that follows listings and demands: offers, deals, reviews, reputation, market prices, ledgers, and agents' share of it. */
@Module({
  imports: [CatalogModule, IdentityModule, MediaModule, MessagingModule, ListingsModule],
  controllers: [OffersController, OfferGroupsController, DealsController, DisputePhotosController, OrganizationReviewsController, MarketPricesController, AgentProducersController, LedgerController],
  providers: [
    TradeParties,
    QuoteRequestsService,
    OffersService,
    OfferGroupsService,
    DealsService,
    DealTimersService,
    ReviewsService,
    ReputationService,
    MarketPricesService,
    AgentProducersService,
    AgentSmsCopies,
    LedgerService,
  ],
  exports: [OffersService, DealsService, DealTimersService, ReputationService, MarketPricesService],
})
export class TradeModule implements OnModuleInit {
  constructor(private readonly notifications: NotificationsService) {}

  onModuleInit(): void {
    registerTradeNotifications(this.notifications);
  }
}
