import { useEffect, useRef } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import type { Membership } from '../api/types';
import { t } from '../i18n/i18n';
import { currentMembership, me, signedIn } from '../session/session';

export type Acting = { ready: true; organization: Membership } | { ready: false; view: preact.JSX.Element | null };

/**
 * The organization the person acts for on a screen that needs one. Not signed in: off to
 * the sign-in screen, which brings them back here. Signed in without an organization: a link
 * to create one.
 */
export function useActingOrganization(): Acting {
  const { url, route } = useLocation();
  // The address this screen was opened at: while the sign-in screen's code loads, this one
  // stays mounted and sees the new url, which must not become the place to come back to.
  const here = useRef(url);
  const isSignedIn = signedIn.value;
  useEffect(() => {
    if (!isSignedIn) route(`/sign-in?next=${encodeURIComponent(here.current)}`, true);
  }, [isSignedIn]);
  if (!isSignedIn) return { ready: false, view: null };
  if (!me.value) {
    return {
      ready: false,
      view: (
        <p class="muted" role="status">
          {t('common.loading')}
        </p>
      ),
    };
  }
  const organization = currentMembership.value;
  if (!organization) {
    return {
      ready: false,
      view: (
        <section>
          <p>{t('offers.needOrganization')}</p>
          <a class="button" href="/organizations/new">
            {t('offers.createOrganization')}
          </a>
        </section>
      ),
    };
  }
  return { ready: true, organization };
}
