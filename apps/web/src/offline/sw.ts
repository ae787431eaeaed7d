/// <reference lib="webworker" />
import { ExpirationPlugin } from 'workbox-expiration';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst, NetworkFirst } from 'workbox-strategies';

declare const self: ServiceWorkerGlobalScope;

// The app shell: every built file, so the app opens with no connection.
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Client routes (/listings/..., /my/...) get the shell; the API's own paths never do.
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('/index.html'), {
    denylist: [/^\/api\//, /^\/health\//, /^\/metrics/, /^\/socket\.io\//],
  }),
);

// Last-seen data stays readable offline: fresh from the network when it answers within a
// few seconds, else the copy from the last visit. Only what people read on the go.
const READABLE = [
  /^\/api\/v1\/listings/,
  /^\/api\/v1\/demands/,
  /^\/api\/v1\/market-prices/,
  /^\/api\/v1\/(provinces|products|value-chains)/,
  /^\/api\/v1\/organizations/,
  /^\/api\/v1\/(offers|deals|me)/,
  // (A person's registrations are kept by their own screen, which says when it shows that copy.)
  /^\/api\/v1\/(trainings|training-sessions|trade-fairs)/,
  /^\/api\/v1\/conversations/,
];
// The check-in screen keeps its own list, saying when it was taken: a copy from here, handed
// over when the network is merely slow, would pass as fresh and undo check-ins just uploaded.
const KEPT_BY_THEIR_SCREEN = [/\/check-in-list$/];
registerRoute(
  ({ url, request }) =>
    request.method === 'GET' &&
    url.origin === self.location.origin &&
    READABLE.some((path) => path.test(url.pathname)) &&
    !KEPT_BY_THEIR_SCREEN.some((path) => path.test(url.pathname)),
  new NetworkFirst({
    cacheName: 'psar-data',
    networkTimeoutSeconds: 5,
    plugins: [new ExpirationPlugin({ maxEntries: 300, maxAgeSeconds: 14 * 24 * 3600 })],
  }),
);

// Photos never change under their URL (a new photo gets a new id).
registerRoute(
  ({ url, request }) => request.destination === 'image' && url.pathname.startsWith('/api/v1/photos/'),
  new CacheFirst({ cacheName: 'psar-photos', plugins: [new ExpirationPlugin({ maxEntries: 200, maxAgeSeconds: 30 * 24 * 3600 })] }),
);

self.addEventListener('install', () => void self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
