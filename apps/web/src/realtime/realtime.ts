import { effect } from '@preact/signals';
import type { Socket } from 'socket.io-client';
import { accessToken, storedSession } from '../session/tokens';

/** What the server pushes on /realtime (libs/messaging/src/realtime/realtime-events.ts), and `connect`, ours. */
export type RealtimeEvent = 'connect' | 'notification.created' | 'notification.updated' | 'message.created' | 'conversation.read' | 'typing';

type Handler = (payload: unknown) => void;

const handlers = new Map<RealtimeEvent, Set<Handler>>();
const SERVER_EVENTS: RealtimeEvent[] = ['notification.created', 'notification.updated', 'message.created', 'conversation.read', 'typing'];
// After the server refuses a handshake (token refused, database busy), socket.io does not retry by itself.
const RETRY_MS = [2_000, 5_000, 15_000, 60_000];

let socket: Socket | null = null;
let socketUser: string | null = null;
let opening: Promise<void> | null = null;
let refusals = 0;
let retryTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * Calls `handler` for each `event` from now on; returns the unsubscribe. `connect` fires on
 * every (re)connection: what was pushed while disconnected is lost, so fetch the state again.
 */
export function onRealtime(event: RealtimeEvent, handler: Handler): () => void {
  let set = handlers.get(event);
  if (!set) handlers.set(event, (set = new Set()));
  set.add(handler);
  return () => set.delete(handler);
}

function dispatch(event: RealtimeEvent, payload?: unknown): void {
  for (const handler of handlers.get(event) ?? []) handler(payload);
}

/**
 * Keeps one socket open while someone is signed in. Call after the first render:
 * socket.io-client is loaded then, and only when signed in, so the first route stays small.
 */
export function startRealtime(): void {
  effect(() => {
    const userId = storedSession.value?.userId ?? null;
    if (userId !== socketUser) close();
    if (userId) void open(userId);
  });
}

async function open(userId: string): Promise<void> {
  if (socket || opening) return;
  opening = import('socket.io-client').then(
    ({ io }) => {
      opening = null;
      // Signed out (or someone else signed in) while the library loaded.
      if (storedSession.value?.userId !== userId || socket) return;
      socketUser = userId;
      socket = io('/realtime', {
        path: '/socket.io',
        // Asked again on every (re)connection, so a refreshed token is used.
        auth: (send) => void accessToken().then((token) => send({ token: token ?? '' })),
      });
      socket.on('connect', () => {
        refusals = 0;
        dispatch('connect');
      });
      socket.on('connect_error', () => {
        // A transport failure: socket.io retries by itself (socket.active). A refusal: we do.
        if (socket && !socket.active) retry();
      });
      socket.on('disconnect', (reason) => {
        // The server closes a socket when its token expires: reconnect with a fresh one.
        if (reason === 'io server disconnect') retry();
      });
      for (const event of SERVER_EVENTS) socket.on(event, (payload: unknown) => dispatch(event, payload));
    },
    () => {
      // Offline and the chunk is not cached yet: try again when the session next changes or the phone is back online.
      opening = null;
    },
  );
  await opening;
}

/** Whether the socket is connected now (what is pushed from now on arrives). */
export function realtimeConnected(): boolean {
  return socket?.connected ?? false;
}

/** Sends a client event (`typing`) when connected; dropped otherwise (it is a hint, not data). */
export function emitRealtime(event: 'typing', payload: unknown): void {
  if (socket?.connected) socket.emit(event, payload);
}

function retry(): void {
  clearTimeout(retryTimer);
  const delay = RETRY_MS[Math.min(refusals, RETRY_MS.length - 1)]!;
  refusals += 1;
  retryTimer = setTimeout(() => {
    if (socket && storedSession.value) socket.connect();
  }, delay);
}

function close(): void {
  clearTimeout(retryTimer);
  socket?.disconnect();
  socket = null;
  socketUser = null;
  refusals = 0;
}

if (typeof window !== 'undefined') {
  window.addEventListener('online', () => {
    const userId = storedSession.value?.userId;
    if (userId && !socket) void open(userId);
  });
}
