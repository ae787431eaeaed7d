import { renderToString } from 'preact-render-to-string';
import { api, ok, SERVER_ORIGIN } from './api/client';
import type { Me } from './api/types';
import { App, loadServerDrawnPage, screenSource, serverDrawnKind } from './app';
import { drawInLocale, type Catalog, type Locale } from './i18n/i18n';
import km from './i18n/km.json';
import { me } from './session/session';
import { storedSession } from './session/tokens';
import { ME_KEY, serverPass, type InitialData } from './ssr/initial-data';

export { sendApiRequestsWith } from './api/client';
export type { InitialData, Locale };

export interface DrawnPage {
  /** The markup of `<div id="app">`. */
  html: string;
  /** What the page was drawn with, for the browser's first render. */
  data: InitialData;
}

// A page whose screens keep asking for more than this many rounds of data is drawn by the browser.
const MAX_PASSES = 5;
const CATALOGS: Record<Locale, () => Promise<Catalog>> = { km: async () => km, en: async () => (await import('./i18n/en.json')).default };

/** Whether the page at `path` (no query) is drawn here for anyone, only for someone signed in, or never; and its screen's source file. */
export { screenSource, serverDrawnKind };

/**
 * Draws a page the server draws (app.tsx's ROUTES) as the browser's first render would once
 * it has its data: screen by screen, each pass loading what the drawn screens asked for (a
 * listing, then its seller, then the seller's reviews). Null for any other page, which the
 * browser draws. The API's answers come through the function given to sendApiRequestsWith;
 * for `signedIn` (a 'signed-in' page) that function sends the visitor's token, and who they
 * are is asked first: the page is drawn as the browser draws it for them.
 */
export async function drawPage(url: string, locale: Locale, signedIn = false): Promise<DrawnPage | null> {
  const { pathname, search } = new URL(url, SERVER_ORIGIN);
  if (!(await loadServerDrawnPage(pathname, signedIn))) return null;
  const personal = signedIn && serverDrawnKind(pathname) === 'signed-in';
  const [messages, viewer] = await Promise.all([CATALOGS[locale](), personal ? ok(api.GET('/api/v1/me')) : undefined]);
  let data: InitialData = viewer ? { [ME_KEY]: viewer } : {};
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const { result: html, wanted } = serverPass(data, () => drawAt(pathname, search, locale, messages, viewer));
    if (wanted.size === 0) return { html, data };
    const loaded = await Promise.all([...wanted].map(async ([key, load]) => [key, await load()] as const));
    data = { ...data, ...Object.fromEntries(loaded) };
  }
  return null;
}

function drawAt(pathname: string, search: string, locale: Locale, messages: Catalog, viewer: Me | undefined): string {
  drawInLocale(locale, messages);
  // preact-iso's LocationProvider reads the page's address from `location`, as in a browser.
  const global = globalThis as { location?: unknown };
  global.location = { origin: SERVER_ORIGIN, pathname, search, href: `${SERVER_ORIGIN}${pathname}${search}` };
  // The signed-in person, for this synchronous render only (renders of other visitors run in
  // between the passes): the screens read them as in the browser. No token in it: the
  // server's requests carry the visitor's own (server-render.ts).
  if (viewer) {
    me.value = viewer;
    storedSession.value = { accessToken: '', refreshToken: '', expiresAt: 0, userId: viewer.user.id };
  }
  try {
    return renderToString(<App />);
  } finally {
    delete global.location;
    me.value = null;
    storedSession.value = null;
  }
}
