/** Domain events of offers, deals and reviews, recorded in the outbox with the change that caused them. */

export const OFFER_RECEIVED = 'offer.received';
export const OFFER_ACCEPTED = 'offer.accepted';
export const OFFER_REJECTED = 'offer.rejected';
/** The receiving side answered an offer with a counter-offer (from: who countered; previousOfferId: the offer answered). */
export const OFFER_COUNTERED = 'offer.countered';
export const DEAL_DELIVERED = 'deal.delivered';
/** A cooperative's member firm marked its own line of the cooperative's deal delivered (payload: DealEventPayload and lineNo, supplierOrganizationId, supplierName). */
export const DEAL_LINE_MARKED = 'deal.line_marked';
export const DEAL_COMPLETED = 'deal.completed';
export const DEAL_CANCELLED = 'deal.cancelled';
/** The buyer disputed a delivery; messaging posts it in the deal's conversation. */
export const DEAL_DISPUTED = 'deal.disputed';
export const DEAL_SETTLEMENT_PROPOSED = 'deal.settlement_proposed';
export const DEAL_SETTLED = 'deal.settled';
/** A dispute the sides did not settle in time: platform admins are asked to decide. */
export const DEAL_DISPUTE_ESCALATED = 'deal.dispute_escalated';
/** The timer's reminder to the seller before deliverBy. */
export const DEAL_DELIVERY_DUE = 'deal.delivery_due';
export const REVIEW_RECEIVED = 'review.received';
/** A demand stopped taking quotes: it has quotesWanted of them, or quotesUntil passed. */
export const DEMAND_QUOTES_CLOSED = 'demand.quotes_closed';
/** An organization's trade figures changed (a deal completed, a review landed); identity shows them on the profile. */
export const REPUTATION_UPDATED = 'reputation.updated';

export interface OfferEventPayload {
  offerId: string;
  kind: 'quote' | 'order';
  /** The deal's sides; absent from events recorded before counter-offers (then a quote's from is its seller). */
  buyerOrganizationId?: string;
  sellerOrganizationId?: string;
  /** The side that made the offer (or the counter-offer), and the side that may accept it. */
  fromOrganizationId: string;
  fromOrganizationName: string;
  toOrganizationId: string;
  toOrganizationName: string;
  productName: string;
  quantity: string;
  unit: string;
  dealId?: string;
  previousOfferId?: string;
  [key: string]: unknown;
}

export interface DealEventPayload {
  dealId: string;
  buyerOrganizationId: string;
  buyerName: string;
  sellerOrganizationId: string;
  sellerName: string;
  productName: string;
  quantity: string;
  unit: string;
  /** Who cancelled (deal.cancelled; absent when a timer or a settlement did), or proposed a settlement. */
  byOrganizationId?: string;
  /** deal.cancelled by the timer: not_delivered; deal.completed by the timer: automatic. */
  reason?: string;
  automatic?: boolean;
  [key: string]: unknown;
}

export interface ReviewEventPayload {
  reviewId: string;
  dealId: string;
  reviewerOrganizationId: string;
  reviewerName: string;
  revieweeOrganizationId: string;
  rating: number;
  /** Blind reviews: false while the reviewee has not reviewed back (then the notification keeps the rating to itself). */
  visible?: boolean;
  /** A blind review shown at last (14 days after completion), not a new one. */
  revealed?: boolean;
  [key: string]: unknown;
}

export interface ReputationFigures {
  organizationId: string;
  completedDeals: number;
  ratedDeals: number;
  /** Disputes settled against it (cancelled or lowered for a seller; the delivery standing for a buyer). */
  disputesLost: number;
  /** null until rated */
  averageRating: number | null;
  /** Share of deals it sold that were delivered by the agreed date; null until one had a date. */
  onTimeShare: number | null;
  /** Share of offers and first messages to it answered in the last 90 days (0..1, 2 decimals); null with fewer than 3. */
  responseRate: number | null;
  /** Median minutes to its first answer over the same requests; null likewise, or when none was answered. */
  medianResponseMinutes: number | null;
}

/** The figures identity keeps on the public profile; `computedAt` orders updates (a late, older one is ignored). */
export interface ReputationUpdatedPayload extends ReputationFigures {
  computedAt: string;
  [key: string]: unknown;
}

export interface DemandQuotesClosedPayload {
  demandId: string;
  /** The buyer. */
  organizationId: string;
  productName: string;
  quotesReceived: number;
  quotesWanted: number | null;
  reason: 'wanted' | 'until';
  [key: string]: unknown;
}
