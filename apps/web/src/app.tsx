import { ErrorBoundary, lazy, LocationProvider, Route, Router } from 'preact-iso';
import { Header } from './components/header';
import { OfflineBanner } from './components/offline-banner';
import { HomePage } from './routes/home/home-page';
import { NotFoundPage } from './routes/not-found/not-found-page';

// Every screen but the home page is its own chunk, loaded when first visited: the first
// route carries only what it draws (the budget in BENCHMARKS.md).
const SignInPage = lazy(() => import('./routes/sign-in/sign-in-page').then((m) => m.SignInPage));

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
            <Route default component={NotFoundPage} />
          </Router>
        </ErrorBoundary>
      </main>
    </LocationProvider>
  );
}
