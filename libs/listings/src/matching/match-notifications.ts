import type { NotificationDraft } from '@psar/messaging';
import type { DomainEvent } from '@psar/platform';
import type { DemandExpiredPayload, ListingExpiredPayload, MatchFoundPayload } from '../market-events';

/** match.found → the notified side's people (every member: a match is worth a look). */
export function matchFoundNotification(event: DomainEvent<MatchFoundPayload>): NotificationDraft[] {
  const p = event.payload;
  const buyer = p.notifiedSide === 'buyer';
  return [
    {
      recipient: { organizationId: p.notifiedOrganizationId, minRole: 'member' },
      kind: buyer ? 'match.listing_for_your_demand' : 'match.demand_for_your_listing',
      title: buyer
        ? `${p.counterpartName} listed ${p.productName} that fits your demand`
        : `${p.counterpartName} wants ${p.productName}: your listing "${p.listingTitle}" fits`,
      body: p.reasons.join(' · '),
      data: { listingId: p.listingId, demandId: p.demandId, score: p.score },
    },
  ];
}

export function listingExpiredNotification(event: DomainEvent<ListingExpiredPayload>): NotificationDraft[] {
  const p = event.payload;
  return [
    {
      recipient: { organizationId: p.organizationId },
      kind: 'listing.expired',
      title: `Your listing "${p.title}" has expired`,
      body: 'Buyers no longer see it. Extend its availability to list it again.',
      data: { listingId: p.listingId },
    },
  ];
}

export function demandExpiredNotification(event: DomainEvent<DemandExpiredPayload>): NotificationDraft[] {
  const p = event.payload;
  return [
    {
      recipient: { organizationId: p.organizationId },
      kind: 'demand.expired',
      title: `Your demand for ${p.quantity} ${p.unit} of ${p.productName} has expired`,
      body: 'Its needed-by date has passed. Move the date to reopen it.',
      data: { demandId: p.demandId },
    },
  ];
}
