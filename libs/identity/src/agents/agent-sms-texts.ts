import { SegmentedMessage } from 'sms-segments-calculator';
import type { Locale } from '../users/user.entity';

/** Every text Psar sends fits in two SMS parts (issue 17): 134 UCS-2 code units in Khmer, 306 GSM-7 characters in plain English. */
export const SMS_MAX_PARTS = 2;

/** Below this many letters a name is not cut further (the text is then sent as it is). */
const NAME_MIN = 6;

export function smsParts(text: string): number {
  return new SegmentedMessage(text).segmentsCount;
}

const graphemes = (text: string) => [...new Intl.Segmenter('km', { granularity: 'grapheme' }).segment(text)].map((s) => s.segment);

/**
 * Builds a text around people's names and, while it takes more than two parts, cuts the
 * longest name by one letter (a whole Khmer cluster, never half of one). No ellipsis: "…"
 * is not GSM-7 and would turn an English text into UCS-2, halving what fits.
 */
export function fitNames(build: (...names: string[]) => string, ...names: string[]): string {
  const current = names.map((n) => graphemes(n.trim()));
  for (;;) {
    const text = build(...current.map((g) => g.join('').trim()));
    if (smsParts(text) <= SMS_MAX_PARTS) return text;
    let longest = 0;
    current.forEach((g, i) => {
      if (g.length > current[longest]!.length) longest = i;
    });
    if (current[longest]!.length <= NAME_MIN) return text;
    current[longest]!.pop();
  }
}

/** The SMS that asks a producer to let an agent act for them. */
export function consentRequestText(locale: Locale, agentName: string, code: string): string {
  return fitNames(
    (agent) =>
      locale === 'km'
        ? `${agent} ចង់លក់ជំនួសអ្នកនៅលើ Psar។ ឆ្លើយ YES ${code} ដើម្បីយល់ព្រម។`
        : `${agent} wants to sell for you on Psar. Reply YES ${code} to agree.`,
    agentName,
  );
}
