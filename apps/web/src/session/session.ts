import { computed, signal } from '@preact/signals';
import { api, ok } from '../api/client';
import type { Me, Membership } from '../api/types';
import { applyLocale, locale, type Locale } from '../i18n/i18n';
import { keepSession, storedSession } from './tokens';

export const me = signal<Me | null>(null);
export const signedIn = computed(() => storedSession.value !== null);

const ORG_KEY = 'psar.organization';

/** The organization the person acts for (they may belong to several). */
export const currentOrganizationId = signal<string | null>(readStored(ORG_KEY));

export const currentMembership = computed<Membership | null>(() => {
  const memberships = me.value?.memberships ?? [];
  return memberships.find((m) => m.organizationId === currentOrganizationId.value) ?? memberships[0] ?? null;
});

function readStored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function chooseOrganization(id: string): void {
  currentOrganizationId.value = id;
  try {
    localStorage.setItem(ORG_KEY, id);
  } catch {
    // Chosen for this visit only.
  }
}

interface SessionAnswer {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: { id: string; locale: Locale };
}

function start(session: SessionAnswer): void {
  keepSession({
    accessToken: session.accessToken,
    refreshToken: session.refreshToken,
    expiresAt: Date.now() + session.expiresIn * 1000,
    userId: session.user.id,
  });
}

export async function signIn(login: string, password: string): Promise<void> {
  const session = await ok(api.POST('/api/v1/auth/login', { body: { login, password } }));
  start(session);
  // The language the account keeps wins over the one on this phone.
  await applyLocale(session.user.locale);
  await loadMe();
}

export async function signUp(body: { name: string; phone: string; password: string }): Promise<void> {
  const session = await ok(api.POST('/api/v1/auth/register', { body: { ...body, locale: locale.value } }));
  start(session);
  await loadMe();
}

export async function loadMe(): Promise<Me | null> {
  if (!storedSession.value) {
    me.value = null;
    return null;
  }
  try {
    me.value = await ok(api.GET('/api/v1/me'));
  } catch {
    // Offline or signed out elsewhere: keep what we had; tokens.ts clears a dead session.
  }
  return me.value;
}

export async function signOut(): Promise<void> {
  await api.POST('/api/v1/auth/logout').catch(() => undefined);
  keepSession(null);
  me.value = null;
  // Data cached for this person must not be readable by the next one on a shared phone.
  if ('caches' in window) await caches.delete('psar-data').catch(() => undefined);
}

/** Switches the language here, and on the account when signed in. */
export async function switchLocale(next: Locale): Promise<void> {
  await applyLocale(next);
  if (storedSession.value) await api.PATCH('/api/v1/me', { body: { locale: next } }).catch(() => undefined);
}
