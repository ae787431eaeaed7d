import { renderToString } from 'preact-render-to-string';
import { SERVER_ORIGIN } from './api/client';
import { App, loadPublicPage } from './app';
import { drawInLocale, type Catalog, type Locale } from './i18n/i18n';
import km from './i18n/km.json';
import { serverPass, type InitialData } from './ssr/initial-data';

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

/**
 * Draws a public page (app.tsx's ROUTES) as the browser's first render would once it has its
 * data: screen by screen, each pass loading what the drawn screens asked for (a listing, then
 * its seller, then the seller's reviews). Null for any other page, which the browser draws.
 * The API's answers come through the function given to sendApiRequestsWith.
 */
export async function drawPage(url: string, locale: Locale): Promise<DrawnPage | null> {
  const { pathname, search } = new URL(url, SERVER_ORIGIN);
  if (!(await loadPublicPage(pathname))) return null;
  const messages = await CATALOGS[locale]();
  let data: InitialData = {};
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const { result: html, wanted } = serverPass(data, () => drawAt(pathname, search, locale, messages));
    if (wanted.size === 0) return { html, data };
    const loaded = await Promise.all([...wanted].map(async ([key, load]) => [key, await load()] as const));
    data = { ...data, ...Object.fromEntries(loaded) };
  }
  return null;
}

function drawAt(pathname: string, search: string, locale: Locale, messages: Catalog): string {
  drawInLocale(locale, messages);
  // preact-iso's LocationProvider reads the page's address from `location`, as in a browser.
  const global = globalThis as { location?: unknown };
  global.location = { origin: SERVER_ORIGIN, pathname, search, href: `${SERVER_ORIGIN}${pathname}${search}` };
  try {
    return renderToString(<App />);
  } finally {
    delete global.location;
  }
}
