import km from '../../i18n/km.json';
import { headlineKey, notificationHref } from './notification-link';

const DEAL = '6f1c2b1e-8d2a-4c55-9a57-0d7c1b2e3f40';
const LISTING = '1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed';
const DEMAND = '9c4f2a10-3e1b-4f7a-8d2c-5b6a7c8d9e0f';

describe('where a notification leads', () => {
  it('opens the deal, the offers, the demand or the listing it is about', () => {
    expect(notificationHref({ kind: 'offer.received', data: { offerId: DEAL } })).toBe('/my/offers');
    expect(notificationHref({ kind: 'offer.accepted', data: { offerId: DEAL, dealId: DEAL } })).toBe(`/deals/${DEAL}`);
    expect(notificationHref({ kind: 'deal.delivered', data: { dealId: DEAL } })).toBe(`/deals/${DEAL}`);
    expect(notificationHref({ kind: 'review.received', data: { dealId: DEAL, reviewId: DEAL } })).toBe('/my/reviews');
    expect(notificationHref({ kind: 'match.listing_for_your_demand', data: { demandId: DEMAND, listingId: LISTING } })).toBe(`/my/demands/${DEMAND}`);
    expect(notificationHref({ kind: 'match.demand_for_your_listing', data: { demandId: DEMAND, listingId: LISTING } })).toBe(`/my/listings/${LISTING}`);
    expect(notificationHref({ kind: 'listing.expired', data: { listingId: LISTING } })).toBe(`/my/listings/${LISTING}`);
    expect(notificationHref({ kind: 'group.join_requested', data: { groupId: DEMAND, organizationId: LISTING } })).toBe(`/organizations/${DEMAND}`);
  });

  it('opens the list for a digest folded over many things, and nothing for a screen not built yet', () => {
    expect(notificationHref({ kind: 'match.listing_for_your_demand', data: {} })).toBe('/my/demands');
    expect(notificationHref({ kind: 'match.demand_for_your_listing', data: {} })).toBe('/my/listings');
    expect(notificationHref({ kind: 'training.invitation', data: { trainingId: DEAL } })).toBeNull();
    expect(notificationHref({ kind: 'something.new', data: {} })).toBeNull();
  });

  it('never builds a path from something that is not an id', () => {
    expect(notificationHref({ kind: 'deal.completed', data: { dealId: '../../admin' } })).toBe('/my/deals');
    expect(notificationHref({ kind: 'listing.expired', data: { listingId: 42 } })).toBe('/my/listings');
  });

  it('has words in the catalog for every kind, and for a kind it does not know', () => {
    for (const kind of ['offer.received', 'training.registrations', 'trade_fair.cancelled', 'conversation.started', 'unheard.of']) {
      expect(Object.keys(km)).toContain(headlineKey(kind));
    }
    expect(headlineKey('unheard.of')).toBe('notifications.kind.other');
  });

  it("words a visit's or a forum's cancellation, reminder and invitation by its kind; a training's as before", () => {
    expect(headlineKey('training.cancelled')).toBe('notifications.kind.training.cancelled');
    expect(headlineKey('training.cancelled', { eventKind: 'exposure_visit' })).toBe('notifications.kind.training.cancelled.exposure_visit');
    expect(headlineKey('training.invitation', { eventKind: 'business_forum' })).toBe('notifications.kind.training.invitation.business_forum');
    expect(headlineKey('training.registration_confirmed', { eventKind: 'business_forum' })).toBe('notifications.kind.training.registration_confirmed');
    expect(headlineKey('training.cancelled', { eventKind: 'fair' })).toBe('notifications.kind.training.cancelled');
    for (const eventKind of ['exposure_visit', 'business_forum']) {
      for (const kind of ['training.cancelled', 'training.invitation', 'training.registrations', 'training.session_cancelled', 'training.session_reminder']) {
        expect(Object.keys(km)).toContain(headlineKey(kind, { eventKind }));
      }
    }
  });
});
