import type { ComponentType } from 'preact';
import { ErrorBoundary, lazy, LocationProvider, Route, Router } from 'preact-iso';
import { exec } from 'preact-iso/router';
import { Header } from './components/header';
import { OfflineBanner } from './components/offline-banner';
import { HomePage } from './routes/home/home-page';
import { NotFoundPage } from './routes/not-found/not-found-page';

// Route props (params such as `id`) come from the router.
type Page = ComponentType<any> & { preload?: () => Promise<unknown> };

// The source file of each screen loaded on its own, as Vite's manifest names it.
const SOURCES = new Map<Page, string>();

/**
 * A screen in a chunk of its own, loaded when first visited: the first route carries only
 * what it draws (the budget in BENCHMARKS.md). `source` is its file, the same as the import's
 * (a typo only loses a hint): the server names the chunk and its imports in a page it
 * serves for that screen (`<link rel="modulepreload">`), so they load in one round trip.
 */
function screen<T extends ComponentType<any>>(source: string, load: () => Promise<T>): T {
  const page = lazy(load);
  SOURCES.set(page, source);
  return page;
}

const SignInPage = screen('src/routes/sign-in/sign-in-page.tsx', () => import('./routes/sign-in/sign-in-page').then((m) => m.SignInPage));
const ForgotPasswordPage = screen('src/routes/forgot-password/forgot-password-page.tsx', () => import('./routes/forgot-password/forgot-password-page').then((m) => m.ForgotPasswordPage));
const SignUpPage = screen('src/routes/sign-up/sign-up-page.tsx', () => import('./routes/sign-up/sign-up-page').then((m) => m.SignUpPage));
const OrganizationNewPage = screen('src/routes/organization-new/organization-new-page.tsx', () => import('./routes/organization-new/organization-new-page').then((m) => m.OrganizationNewPage));
const MyPage = screen('src/routes/my/my-page.tsx', () => import('./routes/my/my-page').then((m) => m.MyPage));
const MyListingsPage = screen('src/routes/my-listings/my-listings-page.tsx', () => import('./routes/my-listings/my-listings-page').then((m) => m.MyListingsPage));
const ListingNewPage = screen('src/routes/listing-edit/listing-new-page.tsx', () => import('./routes/listing-edit/listing-new-page').then((m) => m.ListingNewPage));
const MyListingPage = screen('src/routes/listing-edit/my-listing-page.tsx', () => import('./routes/listing-edit/my-listing-page').then((m) => m.MyListingPage));
const MyReviewsPage = screen('src/routes/my-reviews/my-reviews-page.tsx', () => import('./routes/my-reviews/my-reviews-page').then((m) => m.MyReviewsPage));
const QuotePage = screen('src/routes/quote/quote-page.tsx', () => import('./routes/quote/quote-page').then((m) => m.QuotePage));
const MyDemandsPage = screen('src/routes/my-demands/my-demands-page.tsx', () => import('./routes/my-demands/my-demands-page').then((m) => m.MyDemandsPage));
const DemandNewPage = screen('src/routes/demand-edit/demand-new-page.tsx', () => import('./routes/demand-edit/demand-new-page').then((m) => m.DemandNewPage));
const MyDemandPage = screen('src/routes/demand-edit/my-demand-page.tsx', () => import('./routes/demand-edit/my-demand-page').then((m) => m.MyDemandPage));
const OrderPage = screen('src/routes/order/order-page.tsx', () => import('./routes/order/order-page').then((m) => m.OrderPage));
const OfferGroupPage = screen('src/routes/offer-group/offer-group-page.tsx', () => import('./routes/offer-group/offer-group-page').then((m) => m.OfferGroupPage));
const MyOffersPage = screen('src/routes/my-offers/my-offers-page.tsx', () => import('./routes/my-offers/my-offers-page').then((m) => m.MyOffersPage));
const MyDealsPage = screen('src/routes/my-deals/my-deals-page.tsx', () => import('./routes/my-deals/my-deals-page').then((m) => m.MyDealsPage));
const MyLedgerPage = screen('src/routes/my-ledger/my-ledger-page.tsx', () => import('./routes/my-ledger/my-ledger-page').then((m) => m.MyLedgerPage));
const DealPage = screen('src/routes/deal/deal-page.tsx', () => import('./routes/deal/deal-page').then((m) => m.DealPage));
const SearchPage = screen('src/routes/search/search-page.tsx', () => import('./routes/search/search-page').then((m) => m.SearchPage));
const ListingPage = screen('src/routes/listing/listing-page.tsx', () => import('./routes/listing/listing-page').then((m) => m.ListingPage));
const DirectoryPage = screen('src/routes/directory/directory-page.tsx', () => import('./routes/directory/directory-page').then((m) => m.DirectoryPage));
const OrganizationPage = screen('src/routes/organization/organization-page.tsx', () => import('./routes/organization/organization-page').then((m) => m.OrganizationPage));
const PricesPage = screen('src/routes/prices/prices-page.tsx', () => import('./routes/prices/prices-page').then((m) => m.PricesPage));
const NotificationsPage = screen('src/routes/notifications/notifications-page.tsx', () => import('./routes/notifications/notifications-page').then((m) => m.NotificationsPage));
const FairsPage = screen('src/routes/fairs/fairs-page.tsx', () => import('./routes/fairs/fairs-page').then((m) => m.FairsPage));
const FairPage = screen('src/routes/fair/fair-page.tsx', () => import('./routes/fair/fair-page').then((m) => m.FairPage));
const MyStallBookingsPage = screen('src/routes/my-stall-bookings/my-stall-bookings-page.tsx', () => import('./routes/my-stall-bookings/my-stall-bookings-page').then((m) => m.MyStallBookingsPage));
const MyFairsPage = screen('src/routes/my-fairs/my-fairs-page.tsx', () => import('./routes/my-fairs/my-fairs-page').then((m) => m.MyFairsPage));
const FairNewPage = screen('src/routes/my-fairs/fair-new-page.tsx', () => import('./routes/my-fairs/fair-new-page').then((m) => m.FairNewPage));
const FairManagePage = screen('src/routes/fair-manage/fair-manage-page.tsx', () => import('./routes/fair-manage/fair-manage-page').then((m) => m.FairManagePage));
const GroupPage = screen('src/routes/group/group-page.tsx', () => import('./routes/group/group-page').then((m) => m.GroupPage));
const OrganizationSettingsPage = screen('src/routes/organization-settings/organization-settings-page.tsx', () => import('./routes/organization-settings/organization-settings-page').then((m) => m.OrganizationSettingsPage));
const MyTrainingsPage = screen('src/routes/my-trainings/my-trainings-page.tsx', () => import('./routes/my-trainings/my-trainings-page').then((m) => m.MyTrainingsPage));
const TrainingNewPage = screen('src/routes/training-edit/training-new-page.tsx', () => import('./routes/training-edit/training-new-page').then((m) => m.TrainingNewPage));
const MyTrainingPage = screen('src/routes/training-edit/my-training-page.tsx', () => import('./routes/training-edit/my-training-page').then((m) => m.MyTrainingPage));
const MyEventsPage = screen('src/routes/my-events/my-events-page.tsx', () => import('./routes/my-events/my-events-page').then((m) => m.MyEventsPage));
const EventNewPage = screen('src/routes/event-edit/event-new-page.tsx', () => import('./routes/event-edit/event-new-page').then((m) => m.EventNewPage));
const MyEventPage = screen('src/routes/event-edit/my-event-page.tsx', () => import('./routes/event-edit/my-event-page').then((m) => m.MyEventPage));
const MessagesPage = screen('src/routes/messages/messages-page.tsx', () => import('./routes/messages/messages-page').then((m) => m.MessagesPage));
const ConversationPage = screen('src/routes/conversation/conversation-page.tsx', () => import('./routes/conversation/conversation-page').then((m) => m.ConversationPage));
const CheckInPage = screen('src/routes/check-in/check-in-page.tsx', () => import('./routes/check-in/check-in-page').then((m) => m.CheckInPage));
const TrainingsPage = screen('src/routes/trainings/trainings-page.tsx', () => import('./routes/trainings/trainings-page').then((m) => m.TrainingsPage));
const EventsPage = screen('src/routes/events/events-page.tsx', () => import('./routes/events/events-page').then((m) => m.EventsPage));
const EventPage = screen('src/routes/event/event-page.tsx', () => import('./routes/event/event-page').then((m) => m.EventPage));
const TrainingPage = screen('src/routes/training/training-page.tsx', () => import('./routes/training/training-page').then((m) => m.TrainingPage));
const MyProducersPage = screen('src/routes/my-producers/my-producers-page.tsx', () => import('./routes/my-producers/my-producers-page').then((m) => m.MyProducersPage));
const MyRegistrationsPage = screen('src/routes/my-registrations/my-registrations-page.tsx', () => import('./routes/my-registrations/my-registrations-page').then((m) => m.MyRegistrationsPage));

/**
 * Every screen, in the order the router tries them. The public ones (anyone may open them
 * without an account) are drawn by the server for a first visit (entry-server.tsx), so on
 * a slow link they show before any script has arrived; so are the 'signed-in' ones for a
 * visitor whose page request carries their session's cookie (session/tokens.ts): a
 * conversation opened from a link would otherwise wait for five round trips in a row. The
 * browser loads such a page's chunk before taking the page over (main.tsx).
 */
const ROUTES: Array<[path: string, page: Page, drawnOnServer?: 'public' | 'signed-in']> = [
  ['/', HomePage, 'public'],
  ['/sign-in', SignInPage],
  ['/sign-up', SignUpPage],
  ['/forgot-password', ForgotPasswordPage],
  ['/organizations/new', OrganizationNewPage],
  ['/my', MyPage],
  ['/my/listings', MyListingsPage],
  ['/my/listings/new', ListingNewPage],
  ['/my/listings/:id', MyListingPage],
  ['/my/reviews', MyReviewsPage],
  ['/demands/:id/quote', QuotePage],
  ['/my/demands', MyDemandsPage],
  ['/my/demands/new', DemandNewPage],
  ['/my/demands/:id', MyDemandPage],
  ['/listings/:id/order', OrderPage],
  ['/my/offers', MyOffersPage],
  ['/my/offer-groups/:id', OfferGroupPage],
  ['/my/deals', MyDealsPage],
  ['/my/ledger', MyLedgerPage],
  ['/deals/:id', DealPage],
  ['/listings', SearchPage, 'public'],
  ['/listings/:id', ListingPage, 'public'],
  ['/organizations', DirectoryPage, 'public'],
  ['/organizations/:id', OrganizationPage, 'public'],
  ['/prices', PricesPage, 'public'],
  ['/notifications', NotificationsPage],
  ['/messages', MessagesPage],
  ['/messages/:id', ConversationPage, 'signed-in'],
  ['/training-sessions/:id/check-in', CheckInPage],
  ['/trainings', TrainingsPage, 'public'],
  ['/trainings/:id', TrainingPage, 'public'],
  ['/events', EventsPage, 'public'],
  ['/events/:id', EventPage, 'public'],
  ['/my/registrations', MyRegistrationsPage],
  ['/fairs', FairsPage, 'public'],
  ['/fairs/:id', FairPage, 'public'],
  ['/my/stall-bookings', MyStallBookingsPage],
  ['/my/fairs', MyFairsPage],
  ['/my/fairs/new', FairNewPage],
  ['/my/fairs/:id', FairManagePage],
  ['/groups/:id', GroupPage],
  ['/my/organization', OrganizationSettingsPage],
  ['/my/trainings', MyTrainingsPage],
  ['/my/trainings/new', TrainingNewPage],
  ['/my/trainings/:id', MyTrainingPage],
  ['/my/events', MyEventsPage],
  ['/my/events/new', EventNewPage],
  ['/my/events/:id', MyEventPage],
  ['/my/producers', MyProducersPage],
];

/** Whether the server draws the screen at `path` (no query): for anyone, for someone signed in, or never. */
export function serverDrawnKind(path: string): 'public' | 'signed-in' | null {
  return ROUTES.find(([pattern]) => exec(path, pattern))?.[2] ?? null;
}

/** The source file (in Vite's manifest) of the screen at `path` (no query) when it is a chunk of its own. */
export function screenSource(path: string): string | null {
  const route = ROUTES.find(([pattern]) => exec(path, pattern));
  return (route && SOURCES.get(route[1])) ?? null;
}

/**
 * Loads the screen at `path` (no query) when the server draws it for this visitor (a public
 * one, or a 'signed-in' one for someone `signedIn`); false otherwise.
 */
export async function loadServerDrawnPage(path: string, signedIn: boolean): Promise<boolean> {
  const kind = serverDrawnKind(path);
  if (!kind || (kind === 'signed-in' && !signedIn)) return false;
  await ROUTES.find(([pattern]) => exec(path, pattern))![1].preload?.();
  return true;
}

export function App() {
  return (
    <LocationProvider>
      <Header />
      <OfflineBanner />
      <main id="main" class="page">
        <ErrorBoundary>
          <Router>
            {ROUTES.map(([path, page]) => (
              <Route key={path} path={path} component={page} />
            ))}
            <Route default component={NotFoundPage} />
          </Router>
        </ErrorBoundary>
      </main>
    </LocationProvider>
  );
}
