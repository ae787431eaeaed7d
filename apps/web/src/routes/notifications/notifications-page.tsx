import { useEffect, useState } from 'preact/hooks';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/problem';
import type { Schemas } from '../../api/types';
import { LoadState } from '../../components/status';
import { refreshUnreadCount, unreadCount } from '../../components/unread-count';
import { t } from '../../i18n/i18n';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { onRealtime } from '../../realtime/realtime';
import { signedIn } from '../../session/session';
import { headlineKey, notificationHref } from './notification-link';
import './notifications.css';

type Notification = Schemas['NotificationDto'];

const PAGE_SIZE = 20;

interface Feed {
  items: Notification[];
  nextCursor: string | null;
  loading: boolean;
  error: ApiError | null;
}

const asApiError = (error: unknown) => (error instanceof ApiError ? error : new ApiError(0, 'offline', ''));

/** One notification replaces its older copy (a digest comes again with a new count) and goes first. */
function putFirst(items: Notification[], fresh: Notification): Notification[] {
  return [fresh, ...items.filter((n) => n.id !== fresh.id)];
}

export function NotificationsPage() {
  if (!signedIn.value) {
    return (
      <section class="narrow">
        <h1>{t('notifications.title')}</h1>
        <p>
          <a href="/sign-in">{t('notifications.signIn')}</a>
        </p>
      </section>
    );
  }
  return <NotificationsFeed />;
}

function NotificationsFeed() {
  const [feed, setFeed] = useState<Feed>({ items: [], nextCursor: null, loading: true, error: null });
  const [actionError, setActionError] = useState<ApiError | null>(null);

  const loadPage = async (cursor: string | null) => {
    setFeed((f) => ({ ...f, loading: true }));
    try {
      const page = await ok(api.GET('/api/v1/notifications', { params: { query: { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } } }));
      setFeed((f) => {
        const known = cursor ? f.items : [];
        const seen = new Set(known.map((n) => n.id));
        return { items: [...known, ...page.items.filter((n) => !seen.has(n.id))], nextCursor: page.nextCursor, loading: false, error: null };
      });
    } catch (error) {
      setFeed((f) => ({ ...f, loading: false, error: asApiError(error) }));
    }
  };

  useEffect(() => {
    void loadPage(null);
    const live = (payload: unknown) => setFeed((f) => ({ ...f, items: putFirst(f.items, payload as Notification) }));
    const offCreated = onRealtime('notification.created', live);
    const offUpdated = onRealtime('notification.updated', live);
    // Back from a lost connection: what came meanwhile was not pushed.
    const offConnect = onRealtime('connect', () => void loadPage(null));
    return () => {
      offCreated();
      offUpdated();
      offConnect();
    };
  }, []);

  const markRead = async (notification: Notification) => {
    if (notification.readAt) return;
    setActionError(null);
    try {
      const updated = await ok(api.POST('/api/v1/notifications/{id}/read', { params: { path: { id: notification.id } } }));
      setFeed((f) => ({ ...f, items: f.items.map((n) => (n.id === updated.id ? updated : n)) }));
    } catch (error) {
      setActionError(asApiError(error));
    }
    await refreshUnreadCount();
  };

  const markAllRead = async () => {
    setActionError(null);
    try {
      await ok(api.POST('/api/v1/notifications/read-all'));
      const now = new Date().toISOString();
      setFeed((f) => ({ ...f, items: f.items.map((n) => (n.readAt ? n : { ...n, readAt: now })) }));
    } catch (error) {
      setActionError(asApiError(error));
    }
    await refreshUnreadCount();
  };

  const anyUnread = (unreadCount.value ?? 0) > 0 || feed.items.some((n) => !n.readAt);
  return (
    <section class="notifications">
      <div class="notifications-head">
        <h1>{t('notifications.title')}</h1>
        {anyUnread && (
          <button type="button" class="secondary" onClick={() => void markAllRead()}>
            {t('notifications.markAllRead')}
          </button>
        )}
      </div>
      {actionError && (
        <p class="form-error" role="alert">
          {actionError.summary}
        </p>
      )}
      {!feed.loading && !feed.error && feed.items.length === 0 && <p class="muted">{t('notifications.empty')}</p>}
      <ul class="notification-list">
        {feed.items.map((n) => (
          <NotificationItem key={n.id} notification={n} onRead={() => void markRead(n)} />
        ))}
      </ul>
      <LoadState loading={feed.loading} error={feed.error} />
      {feed.nextCursor && !feed.loading && (
        <button type="button" class="secondary" onClick={() => void loadPage(feed.nextCursor)}>
          {t('notifications.more')}
        </button>
      )}
    </section>
  );
}

function NotificationItem({ notification: n, onRead }: { notification: Notification; onRead: () => void }) {
  const href = notificationHref(n);
  const headline = t(headlineKey(n.kind, n.data));
  const headingId = `notification-${n.id}`;
  return (
    <li class={n.readAt ? 'card notification' : 'card notification unread'}>
      <h2 class="notification-headline" id={headingId}>
        {!n.readAt && <span class="visually-hidden">{t('notifications.unread')} </span>}
        {href ? (
          // Following it counts as reading it.
          <a href={href} onClick={onRead}>
            {headline}
          </a>
        ) : (
          headline
        )}
      </h2>
      {/* The server writes its own text in English, with the names of who and what. */}
      <p class="notification-title" lang="en">
        {n.title}
      </p>
      {n.body && (
        <p class="notification-body muted" lang="en">
          {n.body}
        </p>
      )}
      <p class="notification-meta muted">
        <time dateTime={n.createdAt}>{formatDateTime(n.createdAt)}</time>
        {n.count > 1 && <span class="badge">{t('notifications.count', { n: formatNumber(n.count) })}</span>}
      </p>
      {!n.readAt && (
        <button type="button" class="secondary" aria-describedby={headingId} onClick={onRead}>
          {t('notifications.markRead')}
        </button>
      )}
    </li>
  );
}
