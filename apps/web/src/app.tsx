import type { ComponentType } from 'preact';
import { ErrorBoundary, lazy, LocationProvider, Route, Router } from 'preact-iso';
import { exec } from 'preact-iso/router';
import { Header } from './components/header';
import { OfflineBanner } from './components/offline-banner';
import { HomePage } from './routes/home/home-page';
import { NotFoundPage } from './routes/not-found/not-found-page';

// Every screen but the home page is its own chunk, loaded when first visited: the first
// route carries only what it draws (the budget in BENCHMARKS.md).
const SignInPage = lazy(() => import('./routes/sign-in/sign-in-page').then((m) => m.SignInPage));
const SignUpPage = lazy(() => import('./routes/sign-up/sign-up-page').then((m) => m.SignUpPage));
const OrganizationNewPage = lazy(() => import('./routes/organization-new/organization-new-page').then((m) => m.OrganizationNewPage));
const MyPage = lazy(() => import('./routes/my/my-page').then((m) => m.MyPage));
const MyListingsPage = lazy(() => import('./routes/my-listings/my-listings-page').then((m) => m.MyListingsPage));
const ListingNewPage = lazy(() => import('./routes/listing-edit/listing-new-page').then((m) => m.ListingNewPage));
const MyListingPage = lazy(() => import('./routes/listing-edit/my-listing-page').then((m) => m.MyListingPage));
const MyReviewsPage = lazy(() => import('./routes/my-reviews/my-reviews-page').then((m) => m.MyReviewsPage));
const QuotePage = lazy(() => import('./routes/quote/quote-page').then((m) => m.QuotePage));
const MyDemandsPage = lazy(() => import('./routes/my-demands/my-demands-page').then((m) => m.MyDemandsPage));
const DemandNewPage = lazy(() => import('./routes/demand-edit/demand-new-page').then((m) => m.DemandNewPage));
const MyDemandPage = lazy(() => import('./routes/demand-edit/my-demand-page').then((m) => m.MyDemandPage));
const OrderPage = lazy(() => import('./routes/order/order-page').then((m) => m.OrderPage));
const MyOffersPage = lazy(() => import('./routes/my-offers/my-offers-page').then((m) => m.MyOffersPage));
const MyDealsPage = lazy(() => import('./routes/my-deals/my-deals-page').then((m) => m.MyDealsPage));
const DealPage = lazy(() => import('./routes/deal/deal-page').then((m) => m.DealPage));
const SearchPage = lazy(() => import('./routes/search/search-page').then((m) => m.SearchPage));
const ListingPage = lazy(() => import('./routes/listing/listing-page').then((m) => m.ListingPage));
const DirectoryPage = lazy(() => import('./routes/directory/directory-page').then((m) => m.DirectoryPage));
const OrganizationPage = lazy(() => import('./routes/organization/organization-page').then((m) => m.OrganizationPage));
const PricesPage = lazy(() => import('./routes/prices/prices-page').then((m) => m.PricesPage));
const NotificationsPage = lazy(() => import('./routes/notifications/notifications-page').then((m) => m.NotificationsPage));
const FairsPage = lazy(() => import('./routes/fairs/fairs-page').then((m) => m.FairsPage));
const FairPage = lazy(() => import('./routes/fair/fair-page').then((m) => m.FairPage));
const MyStallBookingsPage = lazy(() => import('./routes/my-stall-bookings/my-stall-bookings-page').then((m) => m.MyStallBookingsPage));
const MyFairsPage = lazy(() => import('./routes/my-fairs/my-fairs-page').then((m) => m.MyFairsPage));
const FairNewPage = lazy(() => import('./routes/my-fairs/fair-new-page').then((m) => m.FairNewPage));
const FairManagePage = lazy(() => import('./routes/fair-manage/fair-manage-page').then((m) => m.FairManagePage));
const GroupPage = lazy(() => import('./routes/group/group-page').then((m) => m.GroupPage));
const OrganizationSettingsPage = lazy(() => import('./routes/organization-settings/organization-settings-page').then((m) => m.OrganizationSettingsPage));
const MyTrainingsPage = lazy(() => import('./routes/my-trainings/my-trainings-page').then((m) => m.MyTrainingsPage));
const TrainingNewPage = lazy(() => import('./routes/training-edit/training-new-page').then((m) => m.TrainingNewPage));
const MyTrainingPage = lazy(() => import('./routes/training-edit/my-training-page').then((m) => m.MyTrainingPage));
const MessagesPage = lazy(() => import('./routes/messages/messages-page').then((m) => m.MessagesPage));
const ConversationPage = lazy(() => import('./routes/conversation/conversation-page').then((m) => m.ConversationPage));
const CheckInPage = lazy(() => import('./routes/check-in/check-in-page').then((m) => m.CheckInPage));
const TrainingsPage = lazy(() => import('./routes/trainings/trainings-page').then((m) => m.TrainingsPage));
const TrainingPage = lazy(() => import('./routes/training/training-page').then((m) => m.TrainingPage));
const MyRegistrationsPage = lazy(() => import('./routes/my-registrations/my-registrations-page').then((m) => m.MyRegistrationsPage));

// Route props (params such as `id`) come from the router.
type Page = ComponentType<any> & { preload?: () => Promise<unknown> };

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
  ['/my/deals', MyDealsPage],
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
];

/** Whether the server draws the screen at `path` (no query): for anyone, for someone signed in, or never. */
export function serverDrawnKind(path: string): 'public' | 'signed-in' | null {
  return ROUTES.find(([pattern]) => exec(path, pattern))?.[2] ?? null;
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
