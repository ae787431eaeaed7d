import { computed, signal } from '@preact/signals';
import km from './km.json';

export type Locale = 'km' | 'en';
export type MessageKey = keyof typeof km;
export type Catalog = Record<MessageKey, string>;

// Khmer comes with the app; English is fetched the first time someone chooses it, so most
// people never download it (every screen's strings are in it: it weighs on the first route).
// en.json must hold every key km.json holds (and the catalog test checks the reverse).
const catalogs = signal<Partial<Record<Locale, Catalog>>>({ km });
const loaders: Record<Locale, () => Promise<Catalog>> = {
  km: async () => km,
  en: async () => (await import('./en.json')).default satisfies Catalog,
};
const STORAGE_KEY = 'psar.locale';
// The server draws a first visit's page in the language this cookie names (entry-server.tsx).
const COOKIE = 'psar.locale';

/** `?lang=en`: the language switch before the script has run (a plain form, header.tsx). */
export const LANGUAGE_PARAM = 'lang';

function initialLocale(): Locale {
  if (typeof location !== 'undefined') {
    const asked = new URLSearchParams(location.search).get(LANGUAGE_PARAM);
    if (asked === 'km' || asked === 'en') return asked;
  }
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'km' || stored === 'en') return stored;
  } catch {
    // Storage can be blocked (private mode); Khmer is the default.
  }
  return 'km';
}

export const locale = signal<Locale>(initialLocale());
export const messages = computed(() => catalogs.value[locale.value] ?? km);

/**
 * Switches the language once its catalog is here (fetched the first time). Kept on the phone;
 * `session.ts` also sends it to `PATCH /me` when signed in.
 */
export async function applyLocale(next: Locale): Promise<void> {
  if (!catalogs.value[next]) {
    try {
      const catalog = await loaders[next]();
      catalogs.value = { ...catalogs.value, [next]: catalog };
    } catch {
      // Offline before English was ever fetched: stay in the language we have.
      return;
    }
  }
  locale.value = next;
  document.documentElement.lang = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Not kept across visits; still applied now.
  }
  document.cookie = `${COOKIE}=${next}; path=/; max-age=31536000; SameSite=Lax`;
}

/** The server: the language to draw a page in, with its catalog (the browser fetches English instead). */
export function drawInLocale(next: Locale, catalog: Catalog): void {
  if (!catalogs.value[next]) catalogs.value = { ...catalogs.value, [next]: catalog };
  locale.value = next;
}

/** The message for `key` in the current language, `{name}` placeholders filled from `params`. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = messages.value[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A catalog name (product, province, value chain) in the current language. */
export function nameOf(thing: { nameKm: string; nameEn: string } | undefined | null): string {
  if (!thing) return '';
  return locale.value === 'km' ? thing.nameKm : thing.nameEn;
}
