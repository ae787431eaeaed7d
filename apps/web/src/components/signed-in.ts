import { useEffect } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { signedIn } from '../session/session';

/** Sends a visitor who is not signed in to the sign-in screen, to come back here after. */
export function useSignedIn(): boolean {
  const { route, url } = useLocation();
  const inside = signedIn.value;
  useEffect(() => {
    // The router keeps this screen drawn while it loads the sign-in screen, with the new url:
    // that one is not where to come back to.
    if (!inside && !url.startsWith('/sign-in')) route(`/sign-in?next=${encodeURIComponent(url)}`, true);
  }, [inside, url]);
  return inside;
}
