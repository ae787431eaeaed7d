import { createStore, del, entries, get, set } from 'idb-keyval';
import type { Schemas } from '../../api/types';
import type { LocalMark } from './check-in-code';

export type { LocalMark } from './check-in-code';

/**
 * What a field phone keeps for checking people in at a venue without signal: the session's
 * list as last downloaded (with when), and every scan not yet answered by the server. Each
 * scan is written here the moment it is made, so closing the app or a flat battery loses
 * nothing; its scanId makes the upload idempotent.
 */
export type CheckInList = Schemas['CheckInListDto'];
export type ListEntry = CheckInList['registrations'][number];
export type ScanAnswer = Schemas['CheckInScanResultDto'];

export interface KeptList {
  list: CheckInList;
  savedAt: string;
}

export interface PendingScan {
  sessionId: string;
  scanId: string;
  code?: string;
  walkIn?: { name: string; phone: string; seats: number };
  scannedAt: string;
  deviceId: string;
  mark: LocalMark;
  /** The name and seats on the list (or the walk-in's), shown while it waits. */
  name: string | null;
  seats: number | null;
  /**
   * Why the server refused the scan itself (a walk-in's phone, a clock far off): it stays on
   * the phone, shown, but is no longer sent, so it cannot hold back the others.
   */
  rejected?: string;
}

const store = typeof indexedDB === 'undefined' ? undefined : createStore('psar-check-in', 'data');

const listKey = (sessionId: string) => `list:${sessionId}`;
const scanKey = (sessionId: string, scanId: string) => `scan:${sessionId}:${scanId}`;

export async function keptList(sessionId: string): Promise<KeptList | undefined> {
  return store ? get<KeptList>(listKey(sessionId), store) : undefined;
}

export async function keepList(sessionId: string, list: CheckInList): Promise<KeptList> {
  const kept = { list, savedAt: new Date().toISOString() };
  if (store) await set(listKey(sessionId), kept, store);
  return kept;
}

/** The scans of a session still waiting for the server, oldest first. */
export async function pendingScans(sessionId: string): Promise<PendingScan[]> {
  if (!store) return [];
  const prefix = `scan:${sessionId}:`;
  return (await entries<string, PendingScan>(store))
    .filter(([key]) => String(key).startsWith(prefix))
    .map(([, scan]) => scan)
    .sort((a, b) => a.scannedAt.localeCompare(b.scannedAt));
}

export async function keepScan(scan: PendingScan): Promise<void> {
  if (store) await set(scanKey(scan.sessionId, scan.scanId), scan, store);
}

export async function forgetScan(sessionId: string, scanId: string): Promise<void> {
  if (store) await del(scanKey(sessionId, scanId), store);
}

const DEVICE_KEY = 'psar.checkInDeviceId';

/** Which phone made a scan: a random id made once and kept on it. */
export function deviceId(): string {
  let id = localStorage.getItem(DEVICE_KEY);
  if (!id) {
    id = crypto.randomUUID();
    localStorage.setItem(DEVICE_KEY, id);
  }
  return id;
}
