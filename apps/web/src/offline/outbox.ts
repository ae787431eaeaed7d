import { computed, signal } from '@preact/signals';
import { createStore, del, entries, set } from 'idb-keyval';
import { ApiError, toApiError } from '../api/problem';
import { accessToken } from '../session/tokens';

/**
 * Writes made without a connection (a listing, a demand, an offer) wait here, in IndexedDB,
 * and are sent when it returns. Each keeps the Idempotency-Key it was given when written,
 * so a send that reached the server but whose answer was lost is replayed, not duplicated.
 */
export interface QueuedWrite {
  id: string;
  method: 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
  /** What it is, for the "waiting to send" list: `listing`, `demand`, `offer`. */
  kind: string;
  /** What the person typed that names it (a title), shown while it waits. */
  label: string;
  createdAt: number;
}

export interface FailedWrite extends QueuedWrite {
  error: ApiError;
}

const store = typeof indexedDB === 'undefined' ? undefined : createStore('psar-outbox', 'writes');

export const pending = signal<QueuedWrite[]>([]);
export const pendingCount = computed(() => pending.value.length);
/** Writes the server refused when they were finally sent; the person is shown why. */
export const failed = signal<FailedWrite[]>([]);
/** Bumped after each write the outbox delivers, for screens to reload their lists. */
export const delivered = signal(0);

export interface SentWrite extends QueuedWrite {
  /** The server's answer: what it stored (the listing, the demand), with its id. */
  data: { id: string };
}

/**
 * The writes the outbox delivered, with the server's answers, until a screen's list shows
 * them. The reload a screen makes after a delivery cannot be trusted to hold the new item:
 * just back online, its request may still fail, and then the service worker answers with
 * its copy from before the write (or nothing), and no later reload comes.
 */
export const sent = signal<SentWrite[]>([]);

/** What of `kind` the outbox sent, newest first, for a screen to show beside its list. */
export function sentOf<T extends { id: string }>(kind: string): T[] {
  return sent.value
    .filter((write) => write.kind === kind)
    .map((write) => write.data as T)
    .reverse();
}

/**
 * Called with the ids of a list as it came: the sent writes it holds are forgotten here, the
 * list being the one to say what they are (changed, closed) from then on.
 */
export function listed(kind: string, ids: string[]): void {
  const shown = new Set(ids);
  if (!sent.value.some((write) => write.kind === kind && shown.has(write.data.id))) return;
  sent.value = sent.value.filter((write) => write.kind !== kind || !shown.has(write.data.id));
}

async function reload(): Promise<void> {
  if (!store) return;
  const all = (await entries<string, QueuedWrite>(store)).map(([, write]) => write);
  pending.value = all.sort((a, b) => a.createdAt - b.createdAt);
}

async function deliver(write: QueuedWrite): Promise<Response> {
  const token = await accessToken();
  const headers: Record<string, string> = { 'Idempotency-Key': write.id };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (write.body !== undefined) headers['Content-Type'] = 'application/json';
  return fetch(write.path, { method: write.method, headers, body: write.body === undefined ? undefined : JSON.stringify(write.body) });
}

/** A refusal that sending again cannot change (bad value, no right); 408/429/5xx may pass later. */
function isFinal(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

export type SendResult<T> = { sent: true; data: T } | { sent: false };

/**
 * Sends a write now when the phone is online; when it is not (or the request cannot get
 * through), keeps it to send later. A refusal by the server is thrown as an ApiError so the
 * form can show it beside its field.
 */
export async function sendOrQueue<T>(write: Omit<QueuedWrite, 'id' | 'createdAt'>): Promise<SendResult<T>> {
  const item: QueuedWrite = { ...write, id: crypto.randomUUID(), createdAt: Date.now() };
  if (navigator.onLine) {
    let response: Response | undefined;
    try {
      response = await deliver(item);
    } catch {
      // No connection after all: queued below.
    }
    if (response?.ok) return { sent: true, data: (await response.json()) as T };
    if (response && isFinal(response.status)) throw await toApiError(response);
  }
  if (!store) throw new ApiError(0, 'offline', '');
  await set(item.id, item, store);
  await reload();
  return { sent: false };
}

let flushing: Promise<void> | null = null;

/** Sends what waits, oldest first, one at a time; stops at the first that cannot get through. */
export function flush(): Promise<void> {
  flushing ??= flushAll().finally(() => {
    flushing = null;
  });
  return flushing;
}

async function flushAll(): Promise<void> {
  if (!store) return;
  await reload();
  for (const write of pending.value) {
    let response: Response;
    try {
      response = await deliver(write);
    } catch {
      return;
    }
    if (response.ok) {
      // Kept before `delivered` is bumped, so the screen reloading then already shows it.
      const data = (await response.json().catch(() => null)) as { id?: unknown } | null;
      await del(write.id, store);
      if (typeof data?.id === 'string') sent.value = [...sent.value, { ...write, data: data as { id: string } }];
      delivered.value++;
    } else if (isFinal(response.status)) {
      failed.value = [...failed.value, { ...write, error: await toApiError(response) }];
      await del(write.id, store);
    } else {
      return;
    }
  }
  await reload();
}

export function dismissFailed(id: string): void {
  failed.value = failed.value.filter((write) => write.id !== id);
}

const RETRY_MS = 30_000;

export function startOutbox(): void {
  if (!store) return;
  window.addEventListener('online', () => void flush());
  void flush();
  // `online` is not always fired (a captive portal, a flaky link): try again now and then.
  setInterval(() => {
    if (pending.value.length > 0 && navigator.onLine) void flush();
  }, RETRY_MS);
}
