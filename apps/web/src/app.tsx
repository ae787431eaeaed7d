import { ErrorBoundary, lazy, LocationProvider, Route, Router } from 'preact-iso';
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

export function App() {
  return (
    <LocationProvider>
      <Header />
      <OfflineBanner />
      <main id="main" class="page">
        <ErrorBoundary>
          <Router>
            <Route path="/" component={HomePage} />
            <Route path="/sign-in" component={SignInPage} />
            <Route path="/sign-up" component={SignUpPage} />
            <Route path="/organizations/new" component={OrganizationNewPage} />
            <Route path="/my" component={MyPage} />
            <Route path="/my/listings" component={MyListingsPage} />
            <Route path="/my/listings/new" component={ListingNewPage} />
            <Route path="/my/listings/:id" component={MyListingPage} />
            <Route path="/my/reviews" component={MyReviewsPage} />
            <Route path="/demands/:id/quote" component={QuotePage} />
            <Route path="/my/demands" component={MyDemandsPage} />
            <Route path="/my/demands/new" component={DemandNewPage} />
            <Route path="/my/demands/:id" component={MyDemandPage} />
            <Route path="/listings/:id/order" component={OrderPage} />
            <Route path="/my/offers" component={MyOffersPage} />
            <Route path="/my/deals" component={MyDealsPage} />
            <Route path="/deals/:id" component={DealPage} />
            <Route path="/listings" component={SearchPage} />
            <Route path="/listings/:id" component={ListingPage} />
            <Route path="/organizations" component={DirectoryPage} />
            <Route path="/organizations/:id" component={OrganizationPage} />
            <Route path="/prices" component={PricesPage} />
            <Route path="/notifications" component={NotificationsPage} />
            <Route default component={NotFoundPage} />
          </Router>
        </ErrorBoundary>
      </main>
    </LocationProvider>
  );
}
