import { useEffect } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { signedIn } from '../../session/session';

/** Sends a visitor who is not signed in to the sign-in screen, to come back here after. */
export function useSignedIn(): boolean {
  const { route, url } = useLocation();
  const inside = signedIn.value;
  useEffect(() => {
    if (!inside) route(`/sign-in?next=${encodeURIComponent(url)}`, true);
  }, [inside, url]);
  return inside;
}
