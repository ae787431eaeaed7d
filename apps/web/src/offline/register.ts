import { startOutbox } from './outbox';

/** The service worker (the app shell and last-seen data offline) and the outbox of writes. */
export function registerServiceWorker(): void {
  startOutbox();
  // Vite's dev server serves no service worker; a stale one would serve an old build.
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
  });
}
