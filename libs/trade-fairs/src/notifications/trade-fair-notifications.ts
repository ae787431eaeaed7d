import type { NotificationDraft } from '@psar/messaging';
import type { DomainEvent } from '@psar/platform';
import {
  BOOKING_APPROVED,
  BOOKING_CANCELLED,
  BOOKING_EXPIRED,
  BOOKING_REJECTED,
  BOOKING_REQUESTED,
  FAIR_CANCELLED,
  type BookingEventPayload,
  type FairCancelledPayload,
} from '../trade-fair-events';

/**
 * Who hears about what: the organizer of new requests and of exhibitors' cancellations;
 * the exhibitor of every decision on its booking and of the fair's cancellation. Each
 * draft goes to the organization's managers and owners (those who act for it).
 */
export function bookingNotifications(event: DomainEvent<BookingEventPayload>): NotificationDraft[] {
  const p = event.payload;
  const data = { fairId: p.fairId, bookingId: p.bookingId, stallId: p.stallId };
  const toExhibitor = (kind: string, title: string, body?: string): NotificationDraft[] => [
    { recipient: { organizationId: p.exhibitorId }, kind, title, body, data },
  ];
  const reason = p.reason ? ` Reason: ${p.reason}` : '';
  switch (event.type) {
    case BOOKING_REQUESTED:
      return [
        {
          recipient: { organizationId: p.organizerId },
          kind: 'trade_fair.booking_requested',
          title: `${p.exhibitorName} asks for stall ${p.stallCode} at ${p.fairName}`,
          body: 'Approve or reject it before its hold runs out.',
          data,
          // When applications open, requests come in bursts: one notification per fair, updated while unread.
          digest: {
            key: p.fairId,
            label: `${p.exhibitorName}: stall ${p.stallCode}`,
            summarize: ({ count, best, folded }) => ({
              title: folded ? `${count} more stall requests at your fairs` : `${count} stall requests at ${p.fairName}`,
              body: `${best.join(' · ')}${count > best.length ? ' …' : ''}. Approve or reject them before their holds run out.`,
              data: folded ? {} : { fairId: p.fairId },
            }),
          },
        },
      ];
    case BOOKING_APPROVED:
      return toExhibitor('trade_fair.booking_approved', `Stall ${p.stallCode} at ${p.fairName} is yours`, reason.trim() || undefined);
    case BOOKING_REJECTED:
      return toExhibitor('trade_fair.booking_rejected', `Your request for stall ${p.stallCode} at ${p.fairName} was rejected`, reason.trim() || undefined);
    case BOOKING_EXPIRED:
      return toExhibitor(
        'trade_fair.booking_expired',
        `Your request for stall ${p.stallCode} at ${p.fairName} expired`,
        'The organizer did not decide in time; the stall is free again and you may ask again.',
      );
    case BOOKING_CANCELLED:
      return p.cancelledBy === 'exhibitor'
        ? [
            {
              recipient: { organizationId: p.organizerId },
              kind: 'trade_fair.booking_cancelled',
              title: `${p.exhibitorName} cancelled stall ${p.stallCode} at ${p.fairName}`,
              body: reason.trim() || undefined,
              data,
            },
          ]
        : toExhibitor('trade_fair.booking_cancelled', `The organizer cancelled your stall ${p.stallCode} at ${p.fairName}`, reason.trim() || undefined);
    default:
      return [];
  }
}

export function fairCancelledNotifications(event: DomainEvent<FairCancelledPayload>): NotificationDraft[] {
  const p = event.payload;
  return p.exhibitorIds.map((organizationId) => ({
    recipient: { organizationId },
    kind: 'trade_fair.cancelled',
    title: `${p.fairName} is cancelled`,
    body: p.reason ? `Reason: ${p.reason}` : 'Your stall booking has ended.',
    data: { fairId: p.fairId },
  }));
}

export const BOOKING_EVENT_TYPES = [BOOKING_REQUESTED, BOOKING_APPROVED, BOOKING_REJECTED, BOOKING_EXPIRED, BOOKING_CANCELLED] as const;
export { FAIR_CANCELLED };
