import createClient, { type Middleware } from 'openapi-fetch';
import { locale } from '../i18n/i18n';
import { ApiError, problemToApiError, toApiError } from './problem';
import type { paths } from './schema';
import { accessToken } from '../session/tokens';
import { onServer } from '../ssr/initial-data';

const auth: Middleware = {
  async onRequest({ request }) {
    const token = await accessToken();
    if (token && !request.headers.has('Authorization')) request.headers.set('Authorization', `Bearer ${token}`);
    request.headers.set('Accept-Language', locale.value);
    return request;
  },
};

type Send = (request: Request) => Promise<Response>;
let send: Send = (request) => globalThis.fetch(request);

/** The server drawing a page (entry-server.tsx) sends the client's requests to the API in its own process. */
export function sendApiRequestsWith(next: Send): void {
  send = next;
}

/** The origin the server's requests are addressed to (a Request needs an absolute URL there); never on the network. */
export const SERVER_ORIGIN = 'http://psar.internal';

/** The typed client of the API, generated from its own OpenAPI document (`npm run api:generate`). */
export const api = createClient<paths>({ baseUrl: onServer ? SERVER_ORIGIN : '', fetch: (request: Request) => send(request) });
api.use(auth);

/** Unwraps an openapi-fetch result: the data, or an ApiError to show. */
export async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch {
    // fetch itself failed: no connection.
    throw new ApiError(0, 'offline', '');
  }
  // openapi-fetch has read the body already (into `error`): the response cannot be read again.
  if (!result.response.ok) throw result.error === undefined ? await toApiError(result.response) : problemToApiError(result.response, result.error);
  return result.data as T;
}

/** The body of a GET of one of the API's own paths (a photo file), sent the way the client's requests are; null unless 200. */
export async function apiBytes(path: string): Promise<Uint8Array | null> {
  const response = await send(new Request(`${onServer ? SERVER_ORIGIN : ''}${path}`));
  return response.ok ? new Uint8Array(await response.arrayBuffer()) : null;
}
