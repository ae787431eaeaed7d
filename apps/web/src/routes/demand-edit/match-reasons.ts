import type { MessageKey } from '../../i18n/i18n';

export interface WordedReason {
  key: MessageKey;
  params: Record<string, string>;
}

// The API words a match's reasons in English (libs/listings matching/scoring.ts); these are
// the sentences it writes, so each can be said in the person's language. One it does not know
// yet is shown as the API wrote it.
const PATTERNS: Array<[RegExp, MessageKey, string[]]> = [
  [/^(\d+) producers together cover (\d+) %$/, 'matches.reason.poolCovers', ['producers', 'percent']],
  [/^covers (\d+) %$/, 'matches.reason.covers', ['percent']],
  [/^under 1 km from delivery on average$/, 'matches.reason.nearAverage', []],
  [/^under 1 km from delivery$/, 'matches.reason.near', []],
  [/^([\d,]+) km from delivery on average$/, 'matches.reason.distanceAverage', ['km']],
  [/^([\d,]+) km from delivery$/, 'matches.reason.distance', ['km']],
  [/^(\d+) % under your maximum price$/, 'matches.reason.underMax', ['percent']],
  [/^at your maximum price$/, 'matches.reason.atMax', []],
  [/^lowest average price of the matches$/, 'matches.reason.lowestAverage', []],
  [/^lowest price of the matches$/, 'matches.reason.lowest', []],
  [/^(\d+) % above the lowest price$/, 'matches.reason.aboveLowest', ['percent']],
  [/^grade (\S+)$/, 'matches.reason.grade', ['grade']],
  [/^all members of (.+)$/, 'matches.reason.allMembers', ['group']],
  [/^(\d+) of (\d+) producers in (.+)$/, 'matches.reason.someMembers', ['members', 'producers', 'group']],
  [/^all producers verified$/, 'matches.reason.allVerified', []],
  [/^(\d+) of (\d+) producers verified$/, 'matches.reason.someVerified', ['verified', 'producers']],
  [/^verified$/, 'matches.reason.verified', []],
  [/^rated ([\d.]+) from (\d+) deals?$/, 'matches.reason.rated', ['rating', 'deals']],
  [/^usually replies within 1 hour$/, 'matches.reason.repliesWithinHour', []],
  [/^usually replies within (\d+) hours$/, 'matches.reason.repliesWithinHours', ['hours']],
  [/^usually replies within (\d+) days$/, 'matches.reason.repliesWithinDays', ['days']],
  [/^replies to (\d+) % of requests$/, 'matches.reason.repliesToFew', ['percent']],
];

/** The catalog key and values that say `reason`, or null for a sentence not known here. */
export function wordReason(reason: string): WordedReason | null {
  for (const [pattern, key, names] of PATTERNS) {
    const found = pattern.exec(reason);
    if (found) return { key, params: Object.fromEntries(names.map((name, i) => [name, found[i + 1]!])) };
  }
  return null;
}
