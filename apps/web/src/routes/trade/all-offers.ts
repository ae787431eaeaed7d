import { api, ok } from '../../api/client';
import type { Schemas } from '../../api/types';

// The API lists offers newest first without a filter by demand; a busy buyer's quotes on an
// older demand can sit past the first page. Ten pages of 100 is far more than a screen shows.
const MAX_PAGES = 10;

/** The offers made or received by the person's organizations, newest first. */
export async function allOffers(): Promise<Array<Schemas['OfferDto']>> {
  const offers: Array<Schemas['OfferDto']> = [];
  let cursor: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await ok(api.GET('/api/v1/offers', { params: { query: { limit: 100, cursor } } }));
    offers.push(...page.items);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return offers;
}
