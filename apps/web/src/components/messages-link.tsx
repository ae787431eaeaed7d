import { useEffect } from 'preact/hooks';
import { formatNumber } from '../i18n/format';
import { t } from '../i18n/i18n';
import { messageUnread, refreshMessageUnread } from './message-unread';

/** The header's link to the conversations, with how many messages are unread. */
export function MessagesLink() {
  useEffect(() => {
    void refreshMessageUnread();
  }, []);
  const count = messageUnread.value ?? 0;
  return (
    <a class="messages-link" href="/messages" aria-label={count > 0 ? t('messages.linkUnread', { n: formatNumber(count) }) : t('messages.link')}>
      <span aria-hidden="true">{t('messages.link')}</span>
      {count > 0 && (
        <span class="bell-count" aria-hidden="true">
          {count > 99 ? t('bell.many') : formatNumber(count)}
        </span>
      )}
    </a>
  );
}
