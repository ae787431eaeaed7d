import { signal } from '@preact/signals';
import { createStore, del, entries, set } from 'idb-keyval';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/problem';
import type { Schemas } from '../../api/types';
import { WAITING_MESSAGES_DB, WAITING_MESSAGES_STORE } from '../../offline/waiting-messages';
import { onRealtime } from '../../realtime/realtime';

export type Message = Schemas['MessageDto'];

/**
 * A message written but not yet acknowledged by the server. It is kept in IndexedDB the
 * moment it is written, with the clientMessageId made then: sending it again (after a lost
 * answer, a reload, a day offline) stores it once, because the server keys it by that id.
 */
export interface WaitingMessage {
  clientMessageId: string;
  conversationId: string;
  body: string;
  createdAt: string;
  /** Why the server refused it (too long, no longer a participant): shown, not sent again. */
  refused?: string;
}

const store = typeof indexedDB === 'undefined' ? undefined : createStore(WAITING_MESSAGES_DB, WAITING_MESSAGES_STORE);

/** Every message still waiting, oldest first. */
export const waiting = signal<WaitingMessage[]>([]);
/** The messages the queue delivered, for the screen showing their conversation. */
export const sentFromQueue = signal<Message[]>([]);

async function reload(): Promise<void> {
  if (!store) return;
  waiting.value = (await entries<string, WaitingMessage>(store)).map(([, m]) => m).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

async function deliver(message: WaitingMessage): Promise<'sent' | 'later'> {
  try {
    const stored = await ok(
      api.POST('/api/v1/conversations/{id}/messages', {
        params: { path: { id: message.conversationId } },
        body: { body: message.body, clientMessageId: message.clientMessageId },
      }),
    );
    if (store) await del(message.clientMessageId, store);
    sentFromQueue.value = [...sentFromQueue.value, stored];
    return 'sent';
  } catch (error) {
    const status = error instanceof ApiError ? error.status : 0;
    // No connection, a timeout, the server busy: it stays to be sent again with the same id.
    if (status === 0 || status === 408 || status === 429 || status >= 500) return 'later';
    const refused: WaitingMessage = { ...message, refused: (error as ApiError).summary };
    if (store) await set(message.clientMessageId, refused, store);
    return 'sent';
  }
}

/** Writes the message down, then tries to send it; it waits (shown so) when it cannot go yet. */
export async function sendMessage(conversationId: string, body: string): Promise<void> {
  const message: WaitingMessage = { clientMessageId: crypto.randomUUID(), conversationId, body, createdAt: new Date().toISOString() };
  if (store) await set(message.clientMessageId, message, store);
  waiting.value = [...waiting.value, message];
  await flush();
}

let flushing: Promise<void> | null = null;
let again = false;

/**
 * Sends what waits, oldest first, one at a time (so their order holds); stops at the first
 * that cannot go. A call during a run makes it go round once more (a message just written).
 */
export function flush(): Promise<void> {
  if (flushing) {
    again = true;
    return flushing;
  }
  flushing = (async () => {
    do {
      again = false;
      await reload();
      for (const message of waiting.value) {
        if (message.refused) continue;
        if ((await deliver(message)) === 'later') {
          again = false;
          break;
        }
      }
    } while (again);
    await reload();
  })().finally(() => {
    flushing = null;
  });
  return flushing;
}

export async function discardRefused(clientMessageId: string): Promise<void> {
  if (store) await del(clientMessageId, store);
  await reload();
}

const RETRY_MS = 15_000;

if (typeof window !== 'undefined' && store) {
  window.addEventListener('online', () => void flush());
  onRealtime('connect', () => void flush());
  // `online` is not always fired (a flaky link): try again now and then while something waits.
  setInterval(() => {
    if (waiting.value.some((m) => !m.refused) && navigator.onLine) void flush();
  }, RETRY_MS);
}
