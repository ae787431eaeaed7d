import { useEffect } from 'preact/hooks';
import { t } from '../i18n/i18n';
import { formatNumber } from '../i18n/format';
import './bell.css';
import { refreshUnreadCount, unreadCount } from './unread-count';

/** The header's link to the notifications, with how many are unread. */
export function Bell() {
  useEffect(() => {
    void refreshUnreadCount();
  }, []);
  const count = unreadCount.value ?? 0;
  const shown = count > 99 ? t('bell.many') : formatNumber(count);
  return (
    <a class="bell" href="/notifications" aria-label={count > 0 ? t('bell.unread', { n: formatNumber(count) }) : t('bell.label')}>
      <svg class="bell-icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
        <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z" />
      </svg>
      {count > 0 && (
        <span class="bell-count" aria-hidden="true">
          {shown}
        </span>
      )}
    </a>
  );
}
