import type { NotificationDraft } from '@psar/messaging';
import type { DomainEvent } from '@psar/platform';
import type { DemandExpiredPayload, ListingExpiredPayload, MatchFoundPayload } from '../market-events';

/**
 * match.found → the notified side's people (every member: a match is worth a look), as a
 * digest: one notification per demand (for the buyer) or per listing (for the seller),
 * updated while unread: "12 new listings fit your demand for …", naming the best three.
 */
export function matchFoundNotification(event: DomainEvent<MatchFoundPayload>): NotificationDraft[] {
  const p = event.payload;
  const buyer = p.notifiedSide === 'buyer';
  const demandData = { demandId: p.demandId };
  const listingData = { listingId: p.listingId };
  return [
    {
      recipient: { organizationId: p.notifiedOrganizationId, minRole: 'member' },
      kind: buyer ? 'match.listing_for_your_demand' : 'match.demand_for_your_listing',
      title: buyer
        ? `${p.counterpartName} listed ${p.productName} that fits your demand`
        : `${p.counterpartName} wants ${p.productName}: your listing "${p.listingTitle}" fits`,
      body: p.reasons.join(' · '),
      data: { listingId: p.listingId, demandId: p.demandId, score: p.score },
      digest: {
        key: buyer ? p.demandId : p.listingId,
        label: buyer ? `${p.counterpartName}: ${p.listingTitle}` : p.counterpartName,
        score: p.score,
        summarize: ({ count, best, folded }) => {
          const named = `Best: ${best.join(' · ')}`;
          if (folded) {
            return buyer
              ? { title: `${count} more new listings fit your demands`, body: named, data: {} }
              : { title: `${count} more buyers want what your listings offer`, body: named, data: {} };
          }
          return buyer
            ? { title: `${count} new listings fit your demand for ${demandWords(p)}`, body: named, data: demandData }
            : { title: `${count} buyers want ${p.productName}: your listing "${p.listingTitle}" fits`, body: named, data: listingData };
        },
      },
    },
  ];
}

/** "40000 piece of grade A Clay roof tile", or the product alone for an event without the demand's terms. */
function demandWords(p: MatchFoundPayload): string {
  if (!p.demandQuantity || !p.demandUnit) return p.productName;
  return `${p.demandQuantity} ${p.demandUnit} of ${p.demandGrade ? `grade ${p.demandGrade} ` : ''}${p.productName}`;
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
