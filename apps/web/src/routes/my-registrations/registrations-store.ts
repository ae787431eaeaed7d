import { createStore, get, set } from 'idb-keyval';
import type { Schemas } from '../../api/types';

/**
 * What a trainee's phone keeps to show at the door of a village hall without signal: their
 * registrations as last seen, with each check-in code's QR image (the SVG text), and when.
 * Kept per account, so a shared phone shows each person only their own.
 */
export type MyRegistration = Schemas['MyRegistrationDto'];

export interface KeptRegistrations {
  registrations: MyRegistration[];
  /** registration id → the QR image of its check-in code (SVG markup). */
  qr: Record<string, string>;
  savedAt: string;
}

const store = typeof indexedDB === 'undefined' ? undefined : createStore('psar-my-registrations', 'data');
const key = (userId: string) => `registrations:${userId}`;

export async function keptRegistrations(userId: string): Promise<KeptRegistrations | undefined> {
  return store ? get<KeptRegistrations>(key(userId), store) : undefined;
}

export async function keepRegistrations(userId: string, registrations: MyRegistration[], qr: Record<string, string>): Promise<KeptRegistrations> {
  const kept = { registrations, qr, savedAt: new Date().toISOString() };
  if (store) await set(key(userId), kept, store);
  return kept;
}
