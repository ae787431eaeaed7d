import type { MessageKey } from '../../i18n/i18n';

/** A notification as GET /notifications returns it (the fields this file reads). */
export interface NotificationLike {
  kind: string;
  data: Record<string, unknown>;
}

// Every kind the server's modules emit (libs/*/src/**/…-notifications.ts), with the words the
// app shows for it: the server's own title is English, with the names in it.
const HEADLINES: Record<string, MessageKey> = {
  'conversation.started': 'notifications.kind.conversation.started',
  'deal.cancelled': 'notifications.kind.deal.cancelled',
  'deal.completed': 'notifications.kind.deal.completed',
  'deal.delivered': 'notifications.kind.deal.delivered',
  'deal.delivery_due': 'notifications.kind.deal.delivery_due',
  'deal.dispute_escalated': 'notifications.kind.deal.dispute_escalated',
  'deal.disputed': 'notifications.kind.deal.disputed',
  'deal.settlement_proposed': 'notifications.kind.deal.settlement_proposed',
  'demand.expired': 'notifications.kind.demand.expired',
  'demand.quotes_closed': 'notifications.kind.demand.quotes_closed',
  'event.notes': 'notifications.kind.event.notes',
  'group.join_approved': 'notifications.kind.group.join_approved',
  'group.join_refused': 'notifications.kind.group.join_refused',
  'group.join_requested': 'notifications.kind.group.join_requested',
  'listing.expired': 'notifications.kind.listing.expired',
  'match.demand_for_your_listing': 'notifications.kind.match.demand_for_your_listing',
  'match.listing_for_your_demand': 'notifications.kind.match.listing_for_your_demand',
  'offer.accepted': 'notifications.kind.offer.accepted',
  'offer.countered': 'notifications.kind.offer.countered',
  'offer.received': 'notifications.kind.offer.received',
  'offer.rejected': 'notifications.kind.offer.rejected',
  'review.received': 'notifications.kind.review.received',
  'trade_fair.booking_approved': 'notifications.kind.trade_fair.booking_approved',
  'trade_fair.booking_cancelled': 'notifications.kind.trade_fair.booking_cancelled',
  'trade_fair.booking_expired': 'notifications.kind.trade_fair.booking_expired',
  'trade_fair.booking_rejected': 'notifications.kind.trade_fair.booking_rejected',
  'trade_fair.booking_requested': 'notifications.kind.trade_fair.booking_requested',
  'trade_fair.cancelled': 'notifications.kind.trade_fair.cancelled',
  'training.cancelled': 'notifications.kind.training.cancelled',
  'training.invitation': 'notifications.kind.training.invitation',
  'training.registration_confirmed': 'notifications.kind.training.registration_confirmed',
  'training.registration_promoted': 'notifications.kind.training.registration_promoted',
  'training.registrations': 'notifications.kind.training.registrations',
  'training.session_cancelled': 'notifications.kind.training.session_cancelled',
  'training.session_reminder': 'notifications.kind.training.session_reminder',
};

// What a visit or a forum is told in the words of its kind (the server puts `eventKind` in the
// data of these; a training's has none and reads as before).
const BY_EVENT_KIND: Record<string, Record<string, MessageKey>> = {
  exposure_visit: {
    'training.cancelled': 'notifications.kind.training.cancelled.exposure_visit',
    'training.invitation': 'notifications.kind.training.invitation.exposure_visit',
    'training.registrations': 'notifications.kind.training.registrations.exposure_visit',
    'training.session_cancelled': 'notifications.kind.training.session_cancelled.exposure_visit',
    'training.session_reminder': 'notifications.kind.training.session_reminder.exposure_visit',
  },
  business_forum: {
    'training.cancelled': 'notifications.kind.training.cancelled.business_forum',
    'training.invitation': 'notifications.kind.training.invitation.business_forum',
    'training.registrations': 'notifications.kind.training.registrations.business_forum',
    'training.session_cancelled': 'notifications.kind.training.session_cancelled.business_forum',
    'training.session_reminder': 'notifications.kind.training.session_reminder.business_forum',
  },
};

/** The catalog key of what happened, in the reader's language. */
export function headlineKey(kind: string, data: Record<string, unknown> = {}): MessageKey {
  const eventKind = typeof data.eventKind === 'string' ? data.eventKind : null;
  return (eventKind ? BY_EVENT_KIND[eventKind]?.[kind] : undefined) ?? HEADLINES[kind] ?? 'notifications.kind.other';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function id(data: Record<string, unknown>, field: string): string | null {
  const value = data[field];
  return typeof value === 'string' && UUID.test(value) ? value : null;
}

/**
 * Where the app shows what a notification is about, or null when it has no screen yet
 * (conversations, trainings and trade fairs come with the app's second part). A digest
 * folded over many things has no id in its data: it links to the list.
 */
export function notificationHref(n: NotificationLike): string | null {
  const dealId = id(n.data, 'dealId');
  const listingId = id(n.data, 'listingId');
  const demandId = id(n.data, 'demandId');
  const groupId = id(n.data, 'groupId');
  const eventId = id(n.data, 'eventId');
  switch (n.kind) {
    case 'offer.received':
    case 'offer.countered':
    case 'offer.rejected':
      return '/my/offers';
    case 'offer.accepted':
      return dealId ? `/deals/${dealId}` : '/my/offers';
    case 'deal.delivered':
    case 'deal.delivery_due':
    case 'deal.dispute_escalated':
    case 'deal.disputed':
    case 'deal.settlement_proposed':
    case 'deal.completed':
    case 'deal.cancelled':
      return dealId ? `/deals/${dealId}` : '/my/deals';
    case 'review.received':
      return '/my/reviews';
    case 'match.listing_for_your_demand':
    case 'demand.expired':
    case 'demand.quotes_closed':
      return demandId ? `/my/demands/${demandId}` : '/my/demands';
    case 'match.demand_for_your_listing':
    case 'listing.expired':
      return listingId ? `/my/listings/${listingId}` : '/my/listings';
    case 'event.notes':
      return eventId ? `/events/${eventId}` : null;
    case 'group.join_requested':
    case 'group.join_approved':
    case 'group.join_refused':
      return groupId ? `/organizations/${groupId}` : null;
    case 'agent_mandate.consented':
    case 'agent_mandate.withdrawn':
      return '/my/producers';
    default:
      return null;
  }
}
