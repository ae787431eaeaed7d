import type { NotificationsService } from '@psar/messaging';
import type { DomainEvent } from '@psar/platform';
import {
  DEAL_CANCELLED,
  DEAL_COMPLETED,
  DEAL_DELIVERED,
  type DealEventPayload,
  DEMAND_QUOTES_CLOSED,
  type DemandQuotesClosedPayload,
  OFFER_ACCEPTED,
  OFFER_COUNTERED,
  OFFER_RECEIVED,
  OFFER_REJECTED,
  type OfferEventPayload,
  REVIEW_RECEIVED,
  type ReviewEventPayload,
} from './trade-events';

/** Who hears of each trade event: the managers of the side that must act or should know. */
export function registerTradeNotifications(notifications: NotificationsService): void {
  notifications.registerEventType(OFFER_RECEIVED, (e: DomainEvent<OfferEventPayload>) => {
    const p = e.payload;
    return [
      {
        recipient: { organizationId: p.toOrganizationId, minRole: 'manager' },
        kind: `offer.received`,
        title: `${p.fromOrganizationName} sent you a${p.kind === 'order' ? 'n order' : ' quote'}: ${p.quantity} ${p.unit} of ${p.productName}`,
        data: { offerId: p.offerId },
      },
    ];
  });
  notifications.registerEventType(OFFER_COUNTERED, (e: DomainEvent<OfferEventPayload>) => {
    const p = e.payload;
    return [
      {
        recipient: { organizationId: p.toOrganizationId, minRole: 'manager' },
        kind: 'offer.countered',
        title: `${p.fromOrganizationName} answered with a counter-offer: ${p.quantity} ${p.unit} of ${p.productName}`,
        body: 'Accept it, decline it or counter again.',
        data: { offerId: p.offerId, previousOfferId: p.previousOfferId },
      },
    ];
  });
  notifications.registerEventType(DEMAND_QUOTES_CLOSED, (e: DomainEvent<DemandQuotesClosedPayload>) => {
    const p = e.payload;
    return [
      {
        recipient: { organizationId: p.organizationId, minRole: 'manager' },
        kind: 'demand.quotes_closed',
        title:
          p.reason === 'wanted'
            ? `Your request for ${p.productName} has the ${p.quotesReceived} quotes you wanted; it takes no more`
            : `Your request for ${p.productName} closed with ${p.quotesReceived} quote${p.quotesReceived === 1 ? '' : 's'}; it takes no more`,
        body: 'Compare the quotes and accept one, or counter it.',
        data: { demandId: p.demandId },
      },
    ];
  });
  notifications.registerEventType(OFFER_ACCEPTED, (e: DomainEvent<OfferEventPayload>) => {
    const p = e.payload;
    return [
      {
        recipient: { organizationId: p.fromOrganizationId, minRole: 'manager' },
        kind: 'offer.accepted',
        title: `${p.toOrganizationName} accepted your ${p.kind} for ${p.quantity} ${p.unit} of ${p.productName}`,
        data: { offerId: p.offerId, dealId: p.dealId },
      },
    ];
  });
  notifications.registerEventType(OFFER_REJECTED, (e: DomainEvent<OfferEventPayload>) => {
    const p = e.payload;
    return [
      {
        recipient: { organizationId: p.fromOrganizationId, minRole: 'manager' },
        kind: 'offer.rejected',
        title: `${p.toOrganizationName} declined your ${p.kind} for ${p.quantity} ${p.unit} of ${p.productName}`,
        data: { offerId: p.offerId },
      },
    ];
  });
  notifications.registerEventType(DEAL_DELIVERED, (e: DomainEvent<DealEventPayload>) => {
    const p = e.payload;
    return [
      {
        recipient: { organizationId: p.buyerOrganizationId, minRole: 'manager' },
        kind: 'deal.delivered',
        title: `${p.sellerName} delivered ${p.quantity} ${p.unit} of ${p.productName}`,
        body: 'Confirm receipt to complete the deal.',
        data: { dealId: p.dealId },
      },
    ];
  });
  notifications.registerEventType(DEAL_COMPLETED, (e: DomainEvent<DealEventPayload>) => {
    const p = e.payload;
    return [
      {
        recipient: { organizationId: p.sellerOrganizationId, minRole: 'manager' },
        kind: 'deal.completed',
        title: `${p.buyerName} confirmed receipt of ${p.quantity} ${p.unit} of ${p.productName}`,
        body: 'You can now review the buyer.',
        data: { dealId: p.dealId },
      },
    ];
  });
  notifications.registerEventType(DEAL_CANCELLED, (e: DomainEvent<DealEventPayload>) => {
    const p = e.payload;
    const bySeller = p.byOrganizationId === p.sellerOrganizationId;
    return [
      {
        recipient: { organizationId: bySeller ? p.buyerOrganizationId : p.sellerOrganizationId, minRole: 'manager' },
        kind: 'deal.cancelled',
        title: `${bySeller ? p.sellerName : p.buyerName} cancelled the deal for ${p.quantity} ${p.unit} of ${p.productName}`,
        data: { dealId: p.dealId },
      },
    ];
  });
  notifications.registerEventType(REVIEW_RECEIVED, (e: DomainEvent<ReviewEventPayload>) => {
    const p = e.payload;
    return [
      {
        recipient: { organizationId: p.revieweeOrganizationId, minRole: 'manager' },
        kind: 'review.received',
        // Blind: the reviewee learns the rating once it shows (after reviewing back, or 14 days on).
        title:
          p.visible === false
            ? `${p.reviewerName} reviewed your deal; review them too to see it`
            : p.revealed
              ? `${p.reviewerName}'s review of your deal now shows: ${p.rating} out of 5`
              : `${p.reviewerName} rated your deal ${p.rating} out of 5`,
        data: { dealId: p.dealId, reviewId: p.reviewId },
      },
    ];
  });
}
