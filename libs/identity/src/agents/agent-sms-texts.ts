import type { Locale } from '../users/user.entity';

/**
 * Longest agent name in a text. The consent request must fit in two SMS parts: in Khmer
 * (UCS-2) that is 134 code units, of which the fixed words take about 70.
 */
const NAME_MAX = 40;

export function shortName(name: string): string {
  const trimmed = name.trim();
  return trimmed.length <= NAME_MAX ? trimmed : `${trimmed.slice(0, NAME_MAX - 1)}…`;
}

/** The SMS that asks a producer to let an agent act for them. */
export function consentRequestText(locale: Locale, agentName: string, code: string): string {
  const agent = shortName(agentName);
  return locale === 'km'
    ? `${agent} ចង់លក់ជំនួសអ្នកនៅលើ Psar។ ឆ្លើយ YES ${code} ដើម្បីយល់ព្រម។`
    : `${agent} wants to sell for you on Psar. Reply YES ${code} to agree.`;
}
