import { useEffect } from 'preact/hooks';
import { onRealtime } from '../../realtime/realtime';

/**
 * Calls `changed` when the server tells this person something about their trainings (a seat
 * freed up for them, a stop cancelled), and after a lost connection (what came meanwhile was
 * not pushed): a screen showing their registrations then fetches them again.
 */
export function useTrainingNews(changed: () => void): void {
  useEffect(() => {
    const offCreated = onRealtime('notification.created', (payload) => {
      const kind = (payload as { kind?: unknown } | null)?.kind;
      if (typeof kind === 'string' && kind.startsWith('training.')) changed();
    });
    const offConnect = onRealtime('connect', changed);
    return () => {
      offCreated();
      offConnect();
    };
  }, []);
}
