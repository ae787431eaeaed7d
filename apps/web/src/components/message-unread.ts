import { signal } from '@preact/signals';
import { api, ok } from '../api/client';
import { onRealtime } from '../realtime/realtime';
import { storedSession } from '../session/tokens';

/** Unread messages over all the signed-in person's conversations (null: not known yet). */
export const messageUnread = signal<number | null>(null);

let inFlight: Promise<void> | null = null;
let again = false;

/** Asks the server again (one request at a time; a call during one asks once more after it). */
export function refreshMessageUnread(): Promise<void> {
  if (inFlight) {
    again = true;
    return inFlight;
  }
  inFlight = (async () => {
    do {
      again = false;
      if (!storedSession.value) {
        messageUnread.value = null;
        return;
      }
      try {
        messageUnread.value = (await ok(api.GET('/api/v1/conversations/unread-count'))).count;
      } catch {
        // Offline: keep the last count.
      }
    } while (again);
  })().finally(() => {
    inFlight = null;
  });
  return inFlight;
}

// A new message, a read marker moved (here or on another device), or a reconnection after
// which pushed events may be missing: ask again rather than count here.
onRealtime('connect', () => void refreshMessageUnread());
onRealtime('message.created', () => void refreshMessageUnread());
onRealtime('conversation.read', () => void refreshMessageUnread());
