import { signal } from '@preact/signals';

export interface StoredSession {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds when the access token stops working. */
  expiresAt: number;
  userId: string;
}

const STORAGE_KEY = 'psar.session';
/**
 * The access token again, in a cookie the server reads on a page request only
 * (apps/api/src/server-render.ts), to draw a signed-in page (a conversation) before any
 * script has run. The API itself never reads it: it takes the Authorization header alone,
 * so the cookie is no way to act for the person. SameSite=Strict: another site's link or
 * form never sends it (such a visit gets the shell, drawn in the browser as before).
 */
export const ACCESS_COOKIE = 'psar.access';
// Refresh a little before expiry, so a request sent over a slow link still arrives in time.
const REFRESH_MARGIN_MS = 60_000;

function load(): StoredSession | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as StoredSession) : null;
  } catch {
    return null;
  }
}

export const storedSession = signal<StoredSession | null>(load());

export function keepSession(next: StoredSession | null): void {
  storedSession.value = next;
  writeAccessCookie(next);
  try {
    if (next) localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Signed in for this visit only.
  }
}

/** The cookie for the server's drawing: the token until it expires, or none. */
function writeAccessCookie(session: StoredSession | null): void {
  if (typeof document === 'undefined') return;
  const seconds = session ? Math.floor((session.expiresAt - Date.now()) / 1000) : 0;
  const secure = location.protocol === 'https:' ? '; Secure' : '';
  const value = seconds > 0 ? session!.accessToken : '';
  document.cookie = `${ACCESS_COOKIE}=${value}; Path=/; SameSite=Strict; Max-Age=${Math.max(seconds, 0)}${secure}`;
}

// A session kept before the cookie existed, or a cookie left behind by one that ended: the
// cookie follows what this phone keeps from the first page on.
writeAccessCookie(storedSession.value);

let refreshing: Promise<string | null> | null = null;

/** The access token to send, refreshed first when it is about to expire (one refresh at a time). */
export async function accessToken(): Promise<string | null> {
  const current = storedSession.value;
  if (!current) return null;
  if (current.expiresAt - REFRESH_MARGIN_MS > Date.now()) return current.accessToken;
  refreshing ??= refresh(current).finally(() => {
    refreshing = null;
  });
  return refreshing;
}

async function refresh(current: StoredSession): Promise<string | null> {
  try {
    // Plain fetch, not the API client: its middleware would come back here.
    const response = await fetch('/api/v1/auth/refresh', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ refreshToken: current.refreshToken }),
    });
    if (response.status === 400 || response.status === 401) {
      keepSession(null);
      return null;
    }
    if (!response.ok) return current.accessToken;
    const pair = (await response.json()) as { accessToken: string; refreshToken: string; expiresIn: number };
    keepSession({ ...current, accessToken: pair.accessToken, refreshToken: pair.refreshToken, expiresAt: Date.now() + pair.expiresIn * 1000 });
    return pair.accessToken;
  } catch {
    // Offline: the old token may still be accepted; the request will tell.
    return current.accessToken;
  }
}
