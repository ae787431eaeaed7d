/** Domain events of listings and demands, recorded in the outbox with the change that caused them. */

/** A listing was posted. */
export const LISTING_PUBLISHED = 'listing.published';
/** A listing changed in a way that can change its matches (price, quantity, grade, dates, place, resumed). */
export const LISTING_UPDATED = 'listing.updated';
export const LISTING_EXPIRED = 'listing.expired';
export const DEMAND_PUBLISHED = 'demand.published';
export const DEMAND_UPDATED = 'demand.updated';
export const DEMAND_EXPIRED = 'demand.expired';
/** A (listing, demand) pair fits; announced to one side, once per pair. */
export const MATCH_FOUND = 'match.found';

export interface ListingEventPayload {
  listingId: string;
  organizationId: string;
  productCode: string;
  /** The agent who posted it for the seller (listing.published), if one did. */
  agentOrganizationId?: string;
  [key: string]: unknown;
}

export interface DemandEventPayload {
  demandId: string;
  organizationId: string;
  productCode: string;
  [key: string]: unknown;
}

export interface ListingExpiredPayload extends ListingEventPayload {
  title: string;
}

export interface DemandExpiredPayload extends DemandEventPayload {
  productName: string;
  quantity: string;
  unit: string;
}

export interface MatchFoundPayload {
  listingId: string;
  demandId: string;
  /** Who is told: the buyer when a listing was posted, the seller when a demand was. */
  notifiedOrganizationId: string;
  notifiedSide: 'buyer' | 'seller';
  /** The other side. */
  counterpartOrganizationId: string;
  counterpartName: string;
  productCode: string;
  productName: string;
  listingTitle: string;
  /** What the demand asks for (buyer side; absent on events recorded before digests). */
  demandQuantity?: string;
  demandUnit?: string;
  demandGrade?: string | null;
  score: number;
  reasons: string[];
  [key: string]: unknown;
}
