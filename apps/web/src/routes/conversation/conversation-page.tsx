import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/problem';
import type { Schemas } from '../../api/types';
import { Field } from '../../components/field';
import { refreshMessageUnread } from '../../components/message-unread';
import { useSignedIn } from '../../components/signed-in';
import { LoadState } from '../../components/status';
import { useData } from '../../components/use-data';
import { formatDateTime } from '../../i18n/format';
import { initialData } from '../../ssr/initial-data';
import { t } from '../../i18n/i18n';
import { emitRealtime, onRealtime, realtimeConnected } from '../../realtime/realtime';
import { me } from '../../session/session';
import { otherParty } from '../messages/other-party';
import { discardRefused, flush, sendMessage, sentFromQueue, waiting, type Message } from './message-queue';
import './conversation.css';

type Participant = Schemas['ParticipantDto'];
type MessagePage = { items: Message[]; nextCursor: string | null };

const PAGE_SIZE = 20;
// Tell the others at most this often while typing; show their typing this long after the last hint.
const TYPING_EVERY_MS = 3_000;
const TYPING_SHOWN_MS = 5_000;

const asApiError = (error: unknown) => (error instanceof ApiError ? error : new ApiError(0, 'offline', ''));

/** Adds `fresh` to `known` (one copy of each, the whole body over a socket's preview), oldest first. */
function merge(known: Message[], fresh: Message[]): Message[] {
  const byId = new Map(known.map((m) => [m.id, m]));
  for (const m of fresh) {
    const old = byId.get(m.id);
    if (!old || old.truncated) byId.set(m.id, m);
  }
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}

export function ConversationPage({ id }: { id: string }) {
  if (!useSignedIn()) return null;
  return <Conversation key={id} id={id} />;
}

const newestPage = (id: string): Promise<MessagePage> => ok(api.GET('/api/v1/conversations/{id}/messages', { params: { path: { id }, query: { limit: PAGE_SIZE } } }));
const participantsOf = async (id: string): Promise<Participant[]> => (await ok(api.GET('/api/v1/conversations/{id}/participants', { params: { path: { id } } }))).items;

function Conversation({ id }: { id: string }) {
  const conversation = useData(() => ok(api.GET('/api/v1/conversations/{id}', { params: { path: { id } } })), [id], `conversation:${id}`);
  // What the server drew the page with (a signed-in visit, ssr/initial-data.ts): the newest
  // messages and who reads them, so the takeover asks for none of it again.
  const [drawn] = useState(() => ({
    page: initialData(`conversation.messages:${id}`, () => newestPage(id)),
    participants: initialData(`conversation.participants:${id}`, () => participantsOf(id)),
  }));
  const [participants, setParticipants] = useState<Participant[]>(drawn.participants ?? []);
  const [messages, setMessages] = useState<Message[]>(() => merge([], drawn.page?.items ?? []));
  const [older, setOlder] = useState<{ cursor: string | null; loading: boolean; error: ApiError | null }>(
    drawn.page ? { cursor: drawn.page.nextCursor, loading: false, error: null } : { cursor: null, loading: true, error: null },
  );
  const [typing, setTyping] = useState<Record<string, number>>({});
  const [now, setNow] = useState(Date.now());
  const stick = useRef<'bottom' | { height: number; top: number } | null>('bottom');
  const marked = useRef(0);
  const shown = useRef<Message[]>([]);
  shown.current = messages;
  // Whether older pages were read: then the next one is older still, whatever arrives.
  const pagedBack = useRef(false);
  const myId = me.value?.user.id;

  const loadNewest = async () => {
    try {
      const page = await newestPage(id);
      stick.current = 'bottom';
      const known = shown.current;
      const oldestNew = page.items[page.items.length - 1]?.seq ?? 0;
      const newestKnown = known[known.length - 1]?.seq ?? 0;
      // More came while away than one page holds: start again from the newest, paging back from there.
      const gap = known.length > 0 && oldestNew > newestKnown + 1;
      setMessages((now) => merge(gap ? [] : now, page.items));
      setOlder((o) => (gap || !pagedBack.current ? { cursor: page.nextCursor, loading: false, error: null } : { ...o, loading: false }));
      if (gap) pagedBack.current = false;
    } catch (error) {
      setOlder((o) => ({ ...o, loading: false, error: asApiError(error) }));
    }
  };

  const loadParticipants = async () => {
    try {
      setParticipants(await participantsOf(id));
    } catch {
      // Offline: read markers stay as they were.
    }
  };

  const loadOlder = async () => {
    if (!older.cursor) return;
    setOlder((o) => ({ ...o, loading: true, error: null }));
    try {
      const page = await ok(api.GET('/api/v1/conversations/{id}/messages', { params: { path: { id }, query: { limit: PAGE_SIZE, cursor: older.cursor } } }));
      stick.current = { height: document.documentElement.scrollHeight, top: window.scrollY };
      setMessages((known) => merge(known, page.items));
      pagedBack.current = true;
      setOlder({ cursor: page.nextCursor, loading: false, error: null });
    } catch (error) {
      setOlder((o) => ({ ...o, loading: false, error: asApiError(error) }));
    }
  };

  useEffect(() => {
    // Drawn by the server with them moments ago: asked again only once the socket is up
    // (below, or now if it already is), for what came in between, which nothing pushed.
    if (!drawn.page || realtimeConnected()) void loadNewest();
    if (!drawn.participants || realtimeConnected()) void loadParticipants();
    void flush();
    const offCreated = onRealtime('message.created', (payload) => {
      const message = payload as Message;
      if (message.conversationId !== id) return;
      stick.current = 'bottom';
      setMessages((known) => merge(known, [message]));
      const sender = message.senderId;
      if (sender) {
        setTyping((all) => {
          const rest = { ...all };
          delete rest[sender];
          return rest;
        });
      }
      if (message.truncated) {
        void ok(api.GET('/api/v1/conversations/{id}/messages/{messageId}', { params: { path: { id, messageId: message.id } } })).then(
          (whole) => setMessages((known) => merge(known, [whole])),
          () => undefined,
        );
      }
    });
    const offRead = onRealtime('conversation.read', (payload) => {
      const read = payload as { conversationId: string; userId: string; lastReadSeq: number };
      if (read.conversationId !== id) return;
      setParticipants((list) => list.map((p) => (p.userId === read.userId ? { ...p, lastReadSeq: Math.max(p.lastReadSeq, read.lastReadSeq) } : p)));
    });
    const offTyping = onRealtime('typing', (payload) => {
      const hint = payload as { conversationId: string; userId: string };
      if (hint.conversationId === id) setTyping((all) => ({ ...all, [hint.userId]: Date.now() + TYPING_SHOWN_MS }));
    });
    // Back from a lost connection: what was pushed meanwhile never came.
    const offConnect = onRealtime('connect', () => {
      void loadNewest();
      void loadParticipants();
    });
    const tick = setInterval(() => setNow(Date.now()), 1_000);
    return () => {
      offCreated();
      offRead();
      offTyping();
      offConnect();
      clearInterval(tick);
    };
  }, [id]);

  // What the queue sent (now, or after being offline) is a stored message of this conversation.
  const delivered = sentFromQueue.value.filter((m) => m.conversationId === id);
  useEffect(() => {
    if (delivered.length > 0) {
      stick.current = 'bottom';
      setMessages((known) => merge(known, delivered));
    }
  }, [delivered.length]);

  // Keep the newest (and the composer, below it) in view, or the place read from when older
  // messages came in above it.
  const waitingHere = waiting.value.filter((m) => m.conversationId === id).length;
  useEffect(() => {
    const where = stick.current;
    stick.current = null;
    if (where === 'bottom') window.scrollTo(0, document.documentElement.scrollHeight);
    else if (where) window.scrollTo(0, where.top + document.documentElement.scrollHeight - where.height);
  }, [messages]);
  useEffect(() => {
    if (waitingHere > 0) window.scrollTo(0, document.documentElement.scrollHeight);
  }, [waitingHere]);

  // Seen: move the read marker to the newest message shown, while the page is in view.
  const newest = messages[messages.length - 1];
  useEffect(() => {
    const markRead = () => {
      if (!newest || newest.seq <= marked.current || document.visibilityState !== 'visible') return;
      marked.current = newest.seq;
      void ok(api.POST('/api/v1/conversations/{id}/read', { params: { path: { id } }, body: { upToMessageId: newest.id } })).then(
        () => void refreshMessageUnread(),
        () => {
          marked.current = 0;
        },
      );
    };
    markRead();
    document.addEventListener('visibilitychange', markRead);
    return () => document.removeEventListener('visibilitychange', markRead);
  }, [newest?.id]);

  const c = conversation.data;
  if (!c) return <LoadState loading={conversation.loading} error={conversation.error} />;

  const nameOf = (userId: string | null) => participants.find((p) => p.userId === userId)?.name || t('messages.someone');
  const others = participants.filter((p) => p.userId !== myId);
  const seenUpTo = others.length === 0 ? 0 : Math.max(...others.map((p) => p.lastReadSeq));
  const lastMine = [...messages].reverse().find((m) => m.senderId === myId);
  const stored = new Set(messages.map((m) => m.clientMessageId));
  const queued = waiting.value.filter((m) => m.conversationId === id && !stored.has(m.clientMessageId));
  const typingNames = Object.entries(typing)
    .filter(([userId, until]) => until > now && userId !== myId)
    .map(([userId]) => nameOf(userId));
  const party = otherParty(c, participants, myId);

  return (
    <section class="conversation">
      <p>
        <a href="/messages">{t('messages.back')}</a>
      </p>
      <h1>{c.subject ?? (party || t('messages.conversation'))}</h1>
      {party && <p class="muted">{t('messages.with', { names: party })}</p>}
      {older.cursor && (
        <p>
          <button type="button" class="secondary" disabled={older.loading} onClick={() => void loadOlder()}>
            {t('messages.older')}
          </button>
        </p>
      )}
      <LoadState loading={older.loading && messages.length === 0} error={older.error} />
      {!older.loading && messages.length === 0 && queued.length === 0 && <p class="muted">{t('messages.noMessages')}</p>}
      <ol class="message-list" aria-label={t('messages.history')}>
        {messages.map((m) => {
          const mine = m.senderId === myId;
          return (
            <li key={m.id} class={mine ? 'message mine' : 'message theirs'}>
              {!mine && <p class="message-from">{nameOf(m.senderId)}</p>}
              <p class="message-body">{m.body}</p>
              <p class="message-meta">
                <time dateTime={m.createdAt}>{formatDateTime(m.createdAt)}</time>
                {mine && m.id === lastMine?.id && seenUpTo >= m.seq && <span class="message-seen"> · {t('messages.seen')}</span>}
              </p>
            </li>
          );
        })}
        {queued.map((m) => (
          <li key={m.clientMessageId} class="message mine waiting">
            <p class="message-body">{m.body}</p>
            <p class="message-meta">
              {m.refused ? (
                <>
                  <span class="field-error">{t('messages.refused', { reason: m.refused })}</span>{' '}
                  <button type="button" class="secondary" onClick={() => void discardRefused(m.clientMessageId)}>
                    {t('messages.discard')}
                  </button>
                </>
              ) : (
                <span class="message-waiting">{t('messages.waiting')}</span>
              )}
            </p>
          </li>
        ))}
      </ol>
      <p class="typing" aria-live="polite">
        {typingNames.length > 0 ? t('messages.typing', { name: typingNames.join(', ') }) : ''}
      </p>
      <Composer conversationId={id} />
    </section>
  );
}

function Composer({ conversationId }: { conversationId: string }) {
  const [text, setText] = useState('');
  const lastHint = useRef(0);

  const send = () => {
    const body = text.trim();
    if (!body) return;
    setText('');
    void sendMessage(conversationId, body);
  };

  const onInput = (value: string) => {
    setText(value);
    if (value.trim() && Date.now() - lastHint.current > TYPING_EVERY_MS) {
      lastHint.current = Date.now();
      emitRealtime('typing', { conversationId });
    }
  };

  // Enter sends where there is a keyboard (a phone's Enter makes a new line); Shift+Enter always does.
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    if (!window.matchMedia('(pointer: fine)').matches) return;
    event.preventDefault();
    send();
  };

  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      <Field id="message-body" name="body" label={t('messages.composer')}>
        {(props) => (
          <textarea
            {...props}
            rows={2}
            maxLength={4000}
            value={text}
            onInput={(e) => onInput((e.currentTarget as HTMLTextAreaElement).value)}
            onKeyDown={onKeyDown}
          />
        )}
      </Field>
      <button type="submit" class="button" disabled={!text.trim()}>
        {t('messages.send')}
      </button>
    </form>
  );
}
