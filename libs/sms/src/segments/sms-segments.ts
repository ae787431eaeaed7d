import { SegmentedMessage } from 'sms-segments-calculator';

export type SmsEncoding = 'GSM-7' | 'UCS-2';

/** Every reply and push fits in this many parts (issue 17): longer content is cut, the rest sent on MORE. */
export const MAX_PARTS = 2;

export interface SmsSize {
  encoding: SmsEncoding;
  /** Parts the text takes: GSM-7 160 septets alone or 153 per part, UCS-2 70 code units alone or 67 per part. */
  parts: number;
}

/** Counted in code units by a well-kept calculator (TwilioDevEd's), never by letters. */
export function measureSms(text: string): SmsSize {
  const message = new SegmentedMessage(text, 'auto');
  return { encoding: message.encodingName, parts: Math.max(1, message.segmentsCount) };
}

export interface FittedSms extends SmsSize {
  text: string;
  /** What did not fit, to send when the number replies MORE; null when nothing was cut. */
  rest: string | null;
}

const COENG = '\u17D2';
const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function graphemes(text: string): string[] {
  return Array.from(graphemeSegmenter.segment(text), (s) => s.segment);
}

/**
 * Cuts a text to fit `maxParts` with `hint` (e.g. "… reply MORE") after the cut. The cut
 * falls between grapheme clusters, never right after a Khmer coeng (the sign that stacks the
 * next consonant under this one: cutting there would leave half a letter), and at the last
 * space when one is near.
 */
export function fitSms(text: string, hint: string, maxParts = MAX_PARTS): FittedSms {
  const whole = measureSms(text);
  if (whole.parts <= maxParts) return { text, rest: null, ...whole };
  const units = graphemes(text);
  const fits = (n: number) => measureSms(units.slice(0, n).join('').trimEnd() + hint).parts <= maxParts;
  // The parts a prefix takes grow with its length: the longest fitting prefix, by bisection.
  let low = 0;
  let high = units.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(mid)) low = mid;
    else high = mid - 1;
  }
  let cut = low;
  while (cut > 0 && units[cut - 1]!.endsWith(COENG)) cut--;
  // Prefer a word boundary when one is within the last fifth of what fits.
  for (let i = cut; i > cut - Math.ceil(cut / 5) && i > 0; i--) {
    if (/\s/.test(units[i]!)) {
      cut = i;
      break;
    }
  }
  const head = units.slice(0, cut).join('').trimEnd() + hint;
  const rest = units.slice(cut).join('').trim();
  return { text: head, rest: rest.length > 0 ? rest : null, ...measureSms(head) };
}
