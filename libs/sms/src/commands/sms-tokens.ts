import { khmerWords, MONEY_AMOUNT_PATTERN, normalizeKhmer, toWesternDigits } from '@psar/platform';

/**
 * An SMS as words. Typed on a feature phone, the same command comes in many forms: any case,
 * extra spaces, Khmer digits, Khmer signs in any order, Khmer words without spaces between
 * them. Everything here makes those forms one.
 */
export interface Token {
  /** Lower case, for matching. */
  word: string;
  /** As written (normalised), for names. */
  raw: string;
  /** Which run of non-space text it came from: tokens of one run were written glued together. */
  group: number;
  khmer: boolean;
}

const KHMER_LETTERS = /[\u1780-\u17D3\u17DD\u19E0-\u19FF]/;
const KHMER_OR_NOT = /[\u1780-\u17D3\u17DD\u19E0-\u19FF]+|[^\u1780-\u17D3\u17DD\u19E0-\u19FF]+/g;

/**
 * Unicode NFC, no invisible characters, Khmer signs in one order (normalizeKhmer), Khmer
 * digits as 0–9, subscript da as subscript ta (they look alike and are typed either way,
 * as search reads them).
 */
export function normalizeSms(text: string): string {
  const visible = text.replace(/\u00AD|\u200C|\u200D|\u2060/g, '').replace(/[\u200B\uFEFF]/g, ' ');
  return toWesternDigits(normalizeKhmer(visible)).replace(/\u17D2\u178A/g, '\u17D2\u178F');
}

/**
 * The words of a text. Spaces, Khmer punctuation (។ ៕ ៖ …) and ASCII punctuation separate
 * words; a comma or a point between two digits does not ("20,000", "1.20"), nor $ and ៛,
 * which belong to a price. A run of Khmer is split into words by ICU's dictionary
 * (khmerWords), and Khmer is split from Latin letters and digits written against it
 * ("ក្បឿង20000").
 */
export function tokenize(text: string): Token[] {
  const spaced = normalizeSms(text)
    .replace(/[\u17D4-\u17DA\u17DC]/g, ' ')
    .replace(/[;:!?"()[\]{}<>|\\/*#=~`^&@+_]/g, ' ')
    .replace(/(?<!\d)[.,]|[.,](?!\d)/g, ' ');
  const tokens: Token[] = [];
  spaced
    .split(/\s+/)
    .filter(Boolean)
    .forEach((run, group) => {
      for (const piece of run.match(KHMER_OR_NOT) ?? []) {
        if (KHMER_LETTERS.test(piece[0]!)) {
          for (const word of khmerWords(piece)) tokens.push({ word, raw: word, group, khmer: true });
        } else {
          tokens.push({ word: piece.toLowerCase(), raw: piece, group, khmer: false });
        }
      }
    });
  return tokens;
}

/** Tokens back to text: glued where they were written glued, else one space apart. */
export function joinRaw(tokens: readonly Token[]): string {
  return tokens.map((t, i) => (i > 0 && tokens[i - 1]!.group !== t.group ? ' ' : '') + t.raw).join('');
}

/** A spelling as a key that ignores case, spaces and punctuation: "My listings" → "mylistings". */
export function compact(text: string): string {
  return normalizeSms(text)
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}$៛]/gu, '');
}

/** Same as compact(), for words already normalised. */
export function compactTokens(tokens: readonly Token[]): string {
  return tokens.map((t) => t.word.replace(/[^\p{L}\p{M}\p{N}$៛]/gu, '')).join('');
}

/**
 * A decimal written with optional thousands separators: "20000", "20,000", "1,200.50", "1.2".
 * A comma groups thousands (never a decimal comma, as Cambodia writes 1,200.50); a point is
 * always the decimal point. A space always separates two fields, never thousands: "20 000" is
 * two numbers (the parser says so when that cannot be meant). Returns the shortest decimal
 * string ("0020.50" → "20.5"), or null.
 */
export function parseDecimal(text: string): string | null {
  const match = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return null;
  const whole = match[1]!.replace(/,/g, '').replace(/^0+(?=\d)/, '');
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

/** Same bounds as listings' QUANTITY_PATTERN (numeric(14,3)): positive, ≤ 11 digits, ≤ 3 decimals. */
const QUANTITY = /^(0|[1-9]\d{0,10})(\.\d{1,3})?$/;

export function parseQuantity(text: string): string | null {
  const value = parseDecimal(text);
  return value !== null && QUANTITY.test(value) && isPositive(value) ? value : null;
}

/** A money amount as MoneyDto takes it (numeric(14,2)), positive. */
export function parseAmount(text: string): string | null {
  const value = parseDecimal(text);
  return value !== null && MONEY_AMOUNT_PATTERN.test(value) && isPositive(value) ? value : null;
}

function isPositive(decimal: string): boolean {
  return /[1-9]/.test(decimal);
}

/** Something meant as a number (a quantity, a price), valid or not: "20000", "1.2$", "$5", "-3". */
export function looksNumeric(word: string): boolean {
  return /^[$៛-]?\d/.test(word);
}
