import { createStore, keys } from 'idb-keyval';
import { storedSession } from '../session/tokens';

/** Where the messages written but not yet sent are kept (routes/conversation/message-queue.ts). */
export const WAITING_MESSAGES_DB = 'psar-messages';
export const WAITING_MESSAGES_STORE = 'waiting';

/**
 * A message written offline must go when the connection returns, whichever screen is open
 * then (someone writes at the kiln with no signal, closes the app, opens it again on another
 * screen in town). The queue lives with the conversation screens, so it is loaded at start
 * only when something waits: nobody else downloads it.
 */
export function resumeWaitingMessages(): void {
  if (typeof indexedDB === 'undefined' || !storedSession.value) return;
  keys(createStore(WAITING_MESSAGES_DB, WAITING_MESSAGES_STORE)).then(
    async (waiting) => {
      if (waiting.length === 0) return;
      const queue = await import('../routes/conversation/message-queue');
      await queue.flush();
    },
    // No IndexedDB (a private window): nothing can wait.
    () => undefined,
  );
}
