import { signal, type Signal } from '@preact/signals';
import { api, ok } from '../api/client';
import { onRealtime, type RealtimeEvent } from '../realtime/realtime';
import { storedSession } from '../session/tokens';

/**
 * A count the server keeps for the signed-in person (null: not known yet), asked again when
 * one of `events` arrives or the socket reconnects: the server says what is new, not how
 * many are unread, and marks made on another device count too. One request at a time; a
 * call during one asks once more after it.
 */
export function serverCount(ask: () => Promise<number>, events: RealtimeEvent[]): { count: Signal<number | null>; refresh: () => Promise<void> } {
  const count = signal<number | null>(null);
  let inFlight: Promise<void> | null = null;
  let again = false;
  const refresh = (): Promise<void> => {
    if (inFlight) {
      again = true;
      return inFlight;
    }
    inFlight = (async () => {
      do {
        again = false;
        if (!storedSession.value) {
          count.value = null;
          return;
        }
        try {
          count.value = await ask();
        } catch {
          // Offline: keep the last count.
        }
      } while (again);
    })().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };
  for (const event of ['connect' as const, ...events]) onRealtime(event, () => void refresh());
  return { count, refresh };
}

const notifications = serverCount(async () => (await ok(api.GET('/api/v1/notifications/unread-count'))).count, ['notification.created']);

/** The signed-in person's unread notifications (null: not known yet). */
export const unreadCount = notifications.count;
export const refreshUnreadCount = notifications.refresh;
