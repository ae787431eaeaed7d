import { createStore, del, entries, get, set } from 'idb-keyval';
import type { Schemas } from '../../api/types';

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

/** How the phone itself judged a scan, against the kept list, before any answer. */
export type LocalMark = 'waiting' | 'already' | 'unknown' | 'walkIn';

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

const KHMER_ZERO = 0x17e0;
const CODE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{6}$/;

/**
 * A code as typed or scanned, as the server stores it: Khmer digits ០–៩ read as 0–9, case,
 * spaces and dashes ignored, O read as 0 and I or L as 1. Null when it cannot be a code.
 */
export function normalizeCode(input: string): string | null {
  const code = input
    .replace(/[\u17e0-\u17e9]/g, (d) => String(d.charCodeAt(0) - KHMER_ZERO))
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  return CODE_PATTERN.test(code) ? code : null;
}

/** A QR code may hold the bare code or a link ending in it. */
export function codeFromQr(raw: string): string | null {
  return normalizeCode(raw) ?? normalizeCode(raw.trim().split(/[/=?#]/).pop() ?? '');
}

/** How a new scan of `code` stands against the kept list and the scans made on this phone. */
export function judge(code: string, list: CheckInList | undefined, earlierCodes: Iterable<string>): { mark: LocalMark; entry: ListEntry | null } {
  const entry = list?.registrations.find((r) => r.code === code && r.status === 'confirmed') ?? null;
  if (!entry) return { mark: 'unknown', entry: null };
  if (entry.checkedInAt || [...earlierCodes].includes(code)) return { mark: 'already', entry };
  return { mark: 'waiting', entry };
}
