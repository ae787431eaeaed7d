/** How the phone itself judged a scan, against the kept list, before any answer. */
export type LocalMark = 'waiting' | 'already' | 'unknown' | 'walkIn';

/** The part of a list entry a scan is judged against. */
export interface JudgedEntry {
  code: string | null;
  status: string;
  checkedInAt: string | null;
}

const KHMER_ZERO = 0x17e0;

/** Khmer digits ០–៩ as ASCII 0–9 (a Khmer keyboard types them). */
export function asciiDigits(value: string): string {
  return value.replace(/[\u17e0-\u17e9]/g, (d) => String(d.charCodeAt(0) - KHMER_ZERO));
}

const CODE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{6}$/;

/**
 * A code as typed or scanned, as the server stores it: Khmer digits ០–៩ read as 0–9, case,
 * spaces and dashes ignored, O read as 0 and I or L as 1. Null when it cannot be a code.
 */
export function normalizeCode(input: string): string | null {
  const code = asciiDigits(input)
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
export function judge<E extends JudgedEntry>(code: string, list: { registrations: E[] } | undefined, earlierCodes: Iterable<string>): { mark: LocalMark; entry: E | null } {
  const entry = list?.registrations.find((r) => r.code === code && r.status === 'confirmed') ?? null;
  if (!entry) return { mark: 'unknown', entry: null };
  if (entry.checkedInAt || [...earlierCodes].includes(code)) return { mark: 'already', entry };
  return { mark: 'waiting', entry };
}
