import { NotFoundPage } from '../not-found/not-found-page';

// Placeholder until this screen is built.
export function OrganizationNewPage() {
  return <NotFoundPage />;
}
