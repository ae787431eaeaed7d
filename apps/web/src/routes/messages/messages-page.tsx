import { useEffect, useState } from 'preact/hooks';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/problem';
import type { Schemas } from '../../api/types';
import { refreshMessageUnread } from '../../components/message-unread';
import { useSignedIn } from '../../components/signed-in';
import { LoadState } from '../../components/status';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { t } from '../../i18n/i18n';
import { onRealtime } from '../../realtime/realtime';
import { me } from '../../session/session';
import { flush } from '../conversation/message-queue';
import { otherParty } from './other-party';
import './messages.css';

type Conversation = Schemas['ConversationDto'];

const PAGE_SIZE = 20;

interface List {
  items: Conversation[];
  nextCursor: string | null;
  loading: boolean;
  error: ApiError | null;
}

const asApiError = (error: unknown) => (error instanceof ApiError ? error : new ApiError(0, 'offline', ''));

/** The person's conversations, newest activity first, each with what is unread. */
export function MessagesPage() {
  if (!useSignedIn()) return null;
  return <Conversations />;
}

function Conversations() {
  const [list, setList] = useState<List>({ items: [], nextCursor: null, loading: true, error: null });

  const load = async (cursor: string | null) => {
    setList((l) => ({ ...l, loading: true }));
    try {
      const page = await ok(api.GET('/api/v1/conversations', { params: { query: { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } } }));
      setList((l) => {
        if (cursor) {
          const seen = new Set(l.items.map((c) => c.id));
          return { items: [...l.items, ...page.items.filter((c) => !seen.has(c.id))], nextCursor: page.nextCursor, loading: false, error: null };
        }
        // The first page again (a message came): it goes on top, the pages read further down stay.
        const fresh = new Set(page.items.map((c) => c.id));
        const rest = l.nextCursor === null && l.items.length > page.items.length ? l.items.filter((c) => !fresh.has(c.id)) : [];
        return { items: [...page.items, ...rest], nextCursor: rest.length > 0 ? l.nextCursor : page.nextCursor, loading: false, error: null };
      });
    } catch (error) {
      setList((l) => ({ ...l, loading: false, error: asApiError(error) }));
    }
  };

  useEffect(() => {
    void load(null);
    void flush();
    const again = () => void load(null);
    const offs = [onRealtime('message.created', again), onRealtime('conversation.read', again), onRealtime('connect', again)];
    void refreshMessageUnread();
    return () => offs.forEach((off) => off());
  }, []);

  const myId = me.value?.user.id;
  return (
    <section class="messages-page">
      <h1>{t('messages.title')}</h1>
      <LoadState loading={list.loading && list.items.length === 0} error={list.error} />
      {!list.loading && list.items.length === 0 && !list.error && <p class="muted">{t('messages.empty')}</p>}
      <ul class="conversation-list">
        {list.items.map((c) => {
          const party = otherParty(c) || t('messages.someone');
          const last = c.lastMessage;
          return (
            <li key={c.id} class={c.unreadCount > 0 ? 'conversation-item unread' : 'conversation-item'}>
              <a href={`/messages/${c.id}`}>
                <span class="conversation-line">
                  <strong class="conversation-party">{party}</strong>
                  <time class="conversation-time" dateTime={last?.createdAt ?? c.lastActivityAt}>
                    {formatDateTime(last?.createdAt ?? c.lastActivityAt)}
                  </time>
                </span>
                {c.subject && <span class="conversation-subject">{c.subject}</span>}
                <span class="conversation-line">
                  <span class="conversation-preview">
                    {last ? (last.senderId === myId ? t('messages.you', { body: last.body }) : last.body) : t('messages.noMessages')}
                  </span>
                  {c.unreadCount > 0 && (
                    <span class="unread-badge">
                      <span aria-hidden="true">{formatNumber(c.unreadCount)}</span>
                      <span class="visually-hidden">{t('messages.unread', { n: formatNumber(c.unreadCount) })}</span>
                    </span>
                  )}
                </span>
              </a>
            </li>
          );
        })}
      </ul>
      {list.nextCursor && (
        <button type="button" class="secondary" disabled={list.loading} onClick={() => void load(list.nextCursor)}>
          {t('messages.more')}
        </button>
      )}
    </section>
  );
}
