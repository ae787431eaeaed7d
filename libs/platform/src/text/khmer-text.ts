import { toWesternDigits } from '../validation/khmer-digits';

/**
 * Text as search indexes and queries see it. Khmer is written without spaces between words,
 * and the same visible word can be typed as different code point sequences; Postgres's
 * parser splits on spaces and compares code points. So both the indexed text and the query
 * go through searchableText(): Unicode NFC, the Khmer reorderings, Khmer digits as 0–9, and
 * each run of Khmer split into words by ICU's dictionary word breaker (Intl.Segmenter, which
 * Node ships with full ICU), the words separated by spaces. Latin text is left as it is.
 */

const segmenter = new Intl.Segmenter('km', { granularity: 'word' });

/** Khmer letters and signs (not digits or punctuation), and the Khmer symbols block. */
const KHMER_RUN = /[\u1780-\u17D3\u17DD\u19E0-\u19FF]+/g;
/** Anything searchableText changes: Khmer, the zero-width characters, the soft hyphen. */
const NEEDS_WORK = /[\u1780-\u17FF\u19E0-\u19FF\u00AD\u200B-\u200D\u2060\uFEFF]/;
/** Khmer punctuation (។ ៕ ៖ ៗ …) and the riel sign: word separators for search. */
const KHMER_PUNCTUATION = /[\u17D4-\u17DC]/g;
const CONSONANT = /[\u1780-\u17A2]/;
const RO = '\u179A';

/** A Khmer sign's place after its base, in the order Unicode's Khmer chapter (and keyboards) give. */
function signOrder(unit: string): number {
  const c = unit.codePointAt(0)!;
  if (c === 0x17cc) return 0; // robat
  if (c === 0x17d2) return unit[1] === RO ? 2 : 1; // subscript consonants; subscript ro after the others
  if (c === 0x17c9 || c === 0x17ca) return 3; // register shifters
  if (c >= 0x17b6 && c <= 0x17c5) return 4; // dependent vowels
  return 5; // nikahit, reahmuk, bantoc and the other signs
}

function isSign(c: number): boolean {
  return (c >= 0x17b6 && c <= 0x17d1) || c === 0x17d3 || c === 0x17dd;
}

/**
 * One order for the signs after each base: subscripts (coeng + consonant) first, subscript ro
 * last of them, then register shifters, vowels, other signs; a sign typed twice counts once.
 * Then the legacy two-part vowels (េ + ី, េ + ា) become the single code points.
 */
export function normalizeKhmer(text: string): string {
  let out = '';
  let i = 0;
  const chars = [...text.normalize('NFC')];
  while (i < chars.length) {
    const ch = chars[i]!;
    const c = ch.codePointAt(0)!;
    if (!isSign(c) && c !== 0x17d2) {
      out += ch;
      i++;
      continue;
    }
    const units: string[] = [];
    while (i < chars.length) {
      const cur = chars[i]!;
      const code = cur.codePointAt(0)!;
      if (code === 0x17d2 && i + 1 < chars.length && CONSONANT.test(chars[i + 1]!)) {
        units.push(cur + chars[i + 1]!);
        i += 2;
      } else if (isSign(code)) {
        units.push(cur);
        i++;
      } else {
        break;
      }
    }
    if (units.length === 0) {
      out += ch; // a lone coeng
      i++;
      continue;
    }
    const sorted = units.map((unit, index) => ({ unit, index })).sort((a, b) => signOrder(a.unit) - signOrder(b.unit) || a.index - b.index);
    let previous = '';
    for (const { unit } of sorted) {
      if (unit !== previous) out += unit;
      previous = unit;
    }
  }
  return out
    .replace(/\u17C1\u17B8/g, '\u17BE') // េ + ី → ើ
    .replace(/\u17C1\u17B6/g, '\u17C4') // េ + ា → ោ
    .replace(/\u17A3/g, '\u17A2') // deprecated ឣ → អ
    .replace(/\u17A4/g, '\u17A2\u17B6') // deprecated ឤ → អា
    .replace(/[\u17B4\u17B5]/g, ''); // invisible inherent vowels
}

/** The words of one run of Khmer, by ICU's dictionary. */
export function khmerWords(run: string): string[] {
  const words: string[] = [];
  for (const { segment } of segmenter.segment(run)) {
    if (/[\u1780-\u17B3\u19E0-\u19FF]/.test(segment)) words.push(segment);
  }
  return words;
}

/**
 * The text as search indexes it and queries it (see the top of this file). Subscript da and
 * subscript ta look the same in most fonts and are typed either way: both read as ta.
 */
export function searchableText(text: string): string {
  if (!NEEDS_WORK.test(text) && text === text.normalize('NFC')) return text;
  const cleaned = normalizeKhmer(text.replace(/\u00AD|\u200C|\u200D|\u2060/g, '').replace(/[\u200B\uFEFF]/g, ' '));
  return toWesternDigits(cleaned)
    .replace(KHMER_PUNCTUATION, ' ')
    .replace(KHMER_RUN, (run) => ` ${khmerWords(run).join(' ')} `)
    .replace(/\u17D2\u178A/g, '\u17D2\u178F')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/**
 * searchableText for a stored column beside the original: null when it would equal the text
 * (no Khmer), so the index reads the original and English rows store nothing twice.
 */
export function searchableTextOrNull(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  const searchable = searchableText(text);
  return searchable === text ? null : searchable;
}
