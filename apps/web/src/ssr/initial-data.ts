/**
 * The data a page was drawn with on the server (entry-server.tsx), handed to the browser in
 * the page itself (`<script type="application/json" id="psar-data">`, which the CSP lets be:
 * it is never run). The browser's first render reads it instead of asking the API again, so
 * the page it takes over looks the same and nothing flashes; after that, screens load as usual.
 */
export type InitialData = Record<string, unknown>;

const ELEMENT_ID = 'psar-data';
/** The signed-in person a 'signed-in' page was drawn for (GET /me), read by main.tsx before the takeover. */
export const ME_KEY = 'me';
export const onServer = typeof document === 'undefined';

let data: InitialData = {};
// On the server: what the screens being drawn asked for and did not have yet.
let wanted: Map<string, () => Promise<unknown>> | null = null;

/** The browser: reads what the server drew the page with; false when it drew nothing. */
export function readInitialData(): InitialData | null {
  const element = document.getElementById(ELEMENT_ID);
  if (!element?.textContent) return null;
  try {
    data = JSON.parse(element.textContent) as InitialData;
  } catch {
    return null;
  }
  return data;
}

/** The browser: drops what the server drew the page with (it was drawn for someone else). */
export function forgetInitialData(): void {
  data = {};
}

/**
 * A screen's data by its key. In the browser it is given once (to the first render), so a
 * screen opened again later loads fresh data. On the server a missing key is noted with its
 * loader, for the next pass.
 */
export function initialData<T>(key: string, load: () => Promise<T>): T | undefined {
  if (key in data) {
    const value = data[key] as T;
    if (!onServer) delete data[key];
    return value;
  }
  if (onServer && wanted && !wanted.has(key)) wanted.set(key, load);
  return undefined;
}

/**
 * The server: one pass of drawing a page with `known` data; returns what the drawn screens
 * still wanted. Synchronous between the two assignments, so concurrent page renders (which
 * await their loads in between) never see each other's data.
 */
export function serverPass<T>(known: InitialData, draw: () => T): { result: T; wanted: Map<string, () => Promise<unknown>> } {
  data = known;
  wanted = new Map();
  try {
    return { result: draw(), wanted };
  } finally {
    data = {};
    wanted = null;
  }
}

export { ELEMENT_ID as INITIAL_DATA_ELEMENT_ID };
