import { signal } from '@preact/signals';

export interface StoredSession {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds when the access token stops working. */
  expiresAt: number;
  userId: string;
}

const STORAGE_KEY = 'psar.session';
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
  try {
    if (next) localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Signed in for this visit only.
  }
}

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
