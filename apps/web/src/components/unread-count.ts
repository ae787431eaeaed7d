import { signal } from '@preact/signals';
import { api, ok } from '../api/client';
import { onRealtime } from '../realtime/realtime';
import { storedSession } from '../session/tokens';

/** The signed-in person's unread notifications (null: not known yet). */
export const unreadCount = signal<number | null>(null);

let inFlight: Promise<void> | null = null;
let again = false;

/** Asks the server again (one request at a time; a call during one asks once more after it). */
export function refreshUnreadCount(): Promise<void> {
  if (inFlight) {
    again = true;
    return inFlight;
  }
  inFlight = (async () => {
    do {
      again = false;
      if (!storedSession.value) {
        unreadCount.value = null;
        return;
      }
      try {
        unreadCount.value = (await ok(api.GET('/api/v1/notifications/unread-count'))).count;
      } catch {
        // Offline: keep the last count.
      }
    } while (again);
  })().finally(() => {
    inFlight = null;
  });
  return inFlight;
}

// The server says what is new, not how many are unread: ask, rather than count here, so
// marks made on another device are reflected too. A reconnection may have missed events.
onRealtime('connect', () => void refreshUnreadCount());
onRealtime('notification.created', () => void refreshUnreadCount());
