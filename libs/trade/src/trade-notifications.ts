import type { NotificationsService } from '@psar/messaging';
import type { DomainEvent } from '@psar/platform';
import {
  DEAL_CANCELLED,
  DEAL_COMPLETED,
  DEAL_DELIVERED,
  DEAL_DELIVERY_DUE,
  DEAL_DISPUTE_ESCALATED,
  DEAL_DISPUTED,
  DEAL_LINE_MARKED,
  DEAL_SETTLEMENT_PROPOSED,
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
      // A cooperative's quote: each member firm supplying a line hears of its own line only.
      ...((p.supplierLines as Array<{ lineNo: number; organizationId: string; quantity: string }> | undefined) ?? []).map((l) => ({
        recipient: { organizationId: l.organizationId, minRole: 'manager' as const },
        kind: 'deal.line_agreed',
        title: `Your line of a deal for ${p.kind === 'quote' ? p.toOrganizationName : p.fromOrganizationName}: ${l.quantity} ${p.unit} of ${p.productName}${p.deliverBy ? `, by ${String(p.deliverBy).slice(0, 10)}` : ''}`,
        body: 'Deliver it, then mark your line delivered.',
        data: { dealId: p.dealId, lineNo: l.lineNo, provinceCode: p.provinceCode ?? null },
      })),
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
  notifications.registerEventType(DEAL_LINE_MARKED, (e: DomainEvent<DealEventPayload & { lineNo: number; supplierOrganizationId: string; supplierName: string }>) => {
    const p = e.payload;
    return [
      {
        recipient: { organizationId: p.sellerOrganizationId, minRole: 'manager' },
        kind: 'deal.line_marked',
        title: `${p.supplierName} delivered its line ${p.lineNo}: ${p.quantity} ${p.unit} of ${p.productName} for ${p.buyerName}`,
        body: 'When every line is marked, the deal is delivered.',
        data: { dealId: p.dealId, lineNo: p.lineNo },
      },
    ];
  });
  notifications.registerEventType(DEAL_COMPLETED, (e: DomainEvent<DealEventPayload>) => {
    const p = e.payload;
    const toSeller = {
      recipient: { organizationId: p.sellerOrganizationId, minRole: 'manager' as const },
      kind: 'deal.completed',
      title: p.automatic
        ? `The delivery of ${p.quantity} ${p.unit} of ${p.productName} to ${p.buyerName} was confirmed automatically`
        : p.settled
          ? `The dispute with ${p.buyerName} over ${p.productName} is settled: the deal is completed`
          : `${p.buyerName} confirmed receipt of ${p.quantity} ${p.unit} of ${p.productName}`,
      body: 'You can now review the buyer.',
      data: { dealId: p.dealId },
    };
    if (!p.automatic && !p.settled) return [toSeller];
    // Neither side acted: both are told.
    return [
      toSeller,
      {
        recipient: { organizationId: p.buyerOrganizationId, minRole: 'manager' as const },
        kind: 'deal.completed',
        title: p.automatic
          ? `Your delivery of ${p.quantity} ${p.unit} of ${p.productName} from ${p.sellerName} was confirmed automatically`
          : `The dispute with ${p.sellerName} over ${p.productName} is settled: the deal is completed`,
        body: 'You can now review the seller.',
        data: { dealId: p.dealId },
      },
    ];
  });
  notifications.registerEventType(DEAL_CANCELLED, (e: DomainEvent<DealEventPayload>) => {
    const p = e.payload;
    if (!p.byOrganizationId) {
      // The timer or a settlement cancelled it: both sides are told.
      const title = p.reason === 'not_delivered'
        ? `The deal for ${p.quantity} ${p.unit} of ${p.productName} was cancelled: it was not delivered in time`
        : `The deal for ${p.quantity} ${p.unit} of ${p.productName} was cancelled to settle the dispute`;
      return [p.sellerOrganizationId, p.buyerOrganizationId].map((organizationId) => ({
        recipient: { organizationId, minRole: 'manager' as const },
        kind: 'deal.cancelled',
        title,
        data: { dealId: p.dealId },
      }));
    }
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
  notifications.registerEventType(DEAL_DELIVERY_DUE, (e: DomainEvent<DealEventPayload>) => {
    const p = e.payload;
    return [
      {
        recipient: { organizationId: p.sellerOrganizationId, minRole: 'manager' },
        kind: 'deal.delivery_due',
        title: `Deliver ${p.quantity} ${p.unit} of ${p.productName} to ${p.buyerName} by ${String(p.deliverBy ?? '')}`,
        body: 'Mark the deal delivered with the quantities delivered. Undelivered deals are cancelled some days after the date.',
        data: { dealId: p.dealId },
      },
    ];
  });
  notifications.registerEventType(DEAL_DISPUTED, (e: DomainEvent<DealEventPayload>) => {
    const p = e.payload;
    return [
      {
        recipient: { organizationId: p.sellerOrganizationId, minRole: 'manager' },
        kind: 'deal.disputed',
        title: `${p.buyerName} disputes the delivery of ${p.quantity} ${p.unit} of ${p.productName}`,
        body: String(p.message ?? ''),
        data: { dealId: p.dealId },
      },
    ];
  });
  notifications.registerEventType(DEAL_SETTLEMENT_PROPOSED, (e: DomainEvent<DealEventPayload>) => {
    const p = e.payload;
    const bySeller = p.byOrganizationId === p.sellerOrganizationId;
    return [
      {
        recipient: { organizationId: bySeller ? p.buyerOrganizationId : p.sellerOrganizationId, minRole: 'manager' },
        kind: 'deal.settlement_proposed',
        title: `${bySeller ? p.sellerName : p.buyerName} proposes to settle the dispute over ${p.productName}: ${String(p.outcome)}`,
        data: { dealId: p.dealId },
      },
    ];
  });
  notifications.registerEventType(DEAL_DISPUTE_ESCALATED, (e: DomainEvent<DealEventPayload>) => {
    const p = e.payload;
    const admins = Array.isArray(p.adminUserIds) ? (p.adminUserIds as string[]) : [];
    return admins.map((userId) => ({
      recipient: { userId },
      kind: 'deal.dispute_escalated',
      title: `Unsettled dispute: ${p.buyerName} and ${p.sellerName} over ${p.quantity} ${p.unit} of ${p.productName}`,
      body: 'The sides have not settled it. Decide with POST /deals/:id/resolve.',
      data: { dealId: p.dealId },
    }));
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
