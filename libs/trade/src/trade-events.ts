/** Domain events of offers, deals and reviews, recorded in the outbox with the change that caused them. */

export const OFFER_RECEIVED = 'offer.received';
export const OFFER_ACCEPTED = 'offer.accepted';
export const OFFER_REJECTED = 'offer.rejected';
export const DEAL_DELIVERED = 'deal.delivered';
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
/** An organization's trade figures changed (a deal completed, a review landed); identity shows them on the profile. */
export const REPUTATION_UPDATED = 'reputation.updated';

export interface OfferEventPayload {
  offerId: string;
  kind: 'quote' | 'order';
  /** The side that made the offer, and the side that may accept it. */
  fromOrganizationId: string;
  fromOrganizationName: string;
  toOrganizationId: string;
  toOrganizationName: string;
  productName: string;
  quantity: string;
  unit: string;
  dealId?: string;
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
}

/** The figures identity keeps on the public profile; `computedAt` orders updates (a late, older one is ignored). */
export interface ReputationUpdatedPayload extends ReputationFigures {
  computedAt: string;
  [key: string]: unknown;
}
