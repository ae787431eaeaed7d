import { NotFoundPage } from '../not-found/not-found-page';

// Placeholder until this screen is built.
export function MyReviewsPage() {
  return <NotFoundPage />;
}
