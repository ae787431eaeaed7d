/** Domain events of trade fairs, written to the outbox in the transaction that makes the change. */
export const BOOKING_REQUESTED = 'trade_fair.booking_requested';
export const BOOKING_APPROVED = 'trade_fair.booking_approved';
export const BOOKING_REJECTED = 'trade_fair.booking_rejected';
export const BOOKING_EXPIRED = 'trade_fair.booking_expired';
export const BOOKING_CANCELLED = 'trade_fair.booking_cancelled';
export const FAIR_CANCELLED = 'trade_fair.cancelled';

export interface BookingEventPayload {
  bookingId: string;
  fairId: string;
  fairName: string;
  stallId: string;
  stallCode: string;
  exhibitorId: string;
  exhibitorName: string;
  organizerId: string;
  /** The user who acted; null for the expiry job. */
  actorId: string | null;
  reason?: string | null;
  /** For BOOKING_CANCELLED: who cancelled. */
  cancelledBy?: 'exhibitor' | 'organizer';
  [key: string]: unknown;
}

export interface FairCancelledPayload {
  fairId: string;
  fairName: string;
  organizerId: string;
  /** Every organization whose requested or approved booking the cancellation ended. */
  exhibitorIds: string[];
  reason: string | null;
  actorId: string;
  [key: string]: unknown;
}
