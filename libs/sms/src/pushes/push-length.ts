import { SegmentedMessage } from 'sms-segments-calculator';

/** Every push fits in two parts: 306 GSM-7 septets or 134 UCS-2 code units (Khmer). */
export const MAX_PUSH_PARTS = 2;

export function smsParts(text: string): number {
  return Math.max(1, new SegmentedMessage(text, 'auto').segmentsCount);
}

const COENG = '\u17D2';
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function graphemes(text: string): string[] {
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

/** The first `n` graphemes, never ending on a Khmer coeng (half of a stacked consonant), with a mark when cut. */
function cut(letters: string[], n: number, mark: string): string {
  if (n >= letters.length) return letters.join('');
  let end = n;
  while (end > 0 && letters[end - 1]!.endsWith(COENG)) end--;
  return end === 0 ? '' : letters.slice(0, end).join('').trimEnd() + mark;
}

function render(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');
}

/**
 * Fills `template` so the text fits in two SMS parts. Only the `cuttable` parameters (names,
 * titles) are shortened, all to one common length found by bisection; the rest (the code to
 * type back, the PIN hint, quantities) is never touched. Throws when even empty cuttable
 * parameters do not fit: that is a text too long in the catalogue, a bug.
 */
export function fitPush(template: string, params: Record<string, string>, cuttable: string[]): string {
  const whole = render(template, params);
  if (smsParts(whole) <= MAX_PUSH_PARTS) return whole;
  const letters = new Map(cuttable.map((name) => [name, graphemes(params[name] ?? '')]));
  // "…" is not in GSM-7: in a Latin text it would turn the whole message into UCS-2.
  const mark = new SegmentedMessage(whole, 'auto').encodingName === 'UCS-2' ? '…' : '..';
  const withLength = (n: number) => {
    const shortened = { ...params };
    for (const [name, chars] of letters) shortened[name] = cut(chars, n, mark);
    return render(template, shortened);
  };
  if (smsParts(withLength(0)) > MAX_PUSH_PARTS) throw new Error(`SMS push template too long even without its names: ${template}`);
  let low = 0;
  let high = Math.max(...[...letters.values()].map((l) => l.length));
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (smsParts(withLength(mid)) <= MAX_PUSH_PARTS) low = mid;
    else high = mid - 1;
  }
  return withLength(low);
}
