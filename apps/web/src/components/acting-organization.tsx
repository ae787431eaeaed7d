import type { Membership } from '../api/types';
import { t } from '../i18n/i18n';
import { currentMembership, me } from '../session/session';
import { useSignedIn } from './signed-in';

export type Acting = { ready: true; organization: Membership } | { ready: false; view: preact.JSX.Element | null };

/**
 * The organization the person acts for on a screen that needs one. Not signed in: off to
 * the sign-in screen, which brings them back here. Signed in without an organization: a link
 * to create one.
 */
export function useActingOrganization(): Acting {
  if (!useSignedIn()) return { ready: false, view: null };
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
