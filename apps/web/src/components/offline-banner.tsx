import { signal } from '@preact/signals';
import { t } from '../i18n/i18n';
import { pendingCount } from '../offline/outbox';

// Node (drawing a page on the server) has a `navigator` without `onLine`: online there.
const online = signal(typeof navigator === 'undefined' || navigator.onLine !== false);
if (typeof window !== 'undefined') {
  window.addEventListener('online', () => (online.value = true));
  window.addEventListener('offline', () => (online.value = false));
}

/** Says when the phone is offline and how many writes wait to be sent. */
export function OfflineBanner() {
  if (online.value && pendingCount.value === 0) return null;
  return (
    <p class="banner" role="status">
      {!online.value && t('offline.banner')} {pendingCount.value > 0 && t('offline.waiting', { count: pendingCount.value })}
    </p>
  );
}
