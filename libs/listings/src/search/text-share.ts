import type { QueryTerm } from './text-query';

/**
 * Postgres's statistics of the search vector (pg_stats.most_common_elems): the share of rows
 * containing each common word. The search uses them to pick, for text near a point sorted
 * by distance, between walking outward from the point (cheap when the words are common)
 * and looking the words up first (cheap when they are rare).
 */
export const SEARCH_VECTOR_STATS_SQL = `
  SELECT most_common_elems::text::text[] AS elems, most_common_elem_freqs AS freqs
  FROM pg_stats WHERE schemaname = current_schema() AND tablename = $1 AND attname = 'search_vector'`;

export interface WordStats {
  elems: string[] | null;
  freqs: number[] | null;
}

/** At least this share of rows matching: walk outward from the point rather than look the words up. */
export const COMMON_TEXT_SHARE = 0.03;

/**
 * The estimated share of rows matching every term: a word matches the listed words it
 * (or, if misspelt, a look-alike) starts; a term's words are taken as independent, and its
 * product names add their rows. A word the statistics do not list counts as rare (0).
 */
export function estimateTextShare(terms: readonly QueryTerm[], stats: WordStats): number {
  const elems = stats.elems ?? [];
  const freqs = stats.freqs ?? [];
  const shareOf = (matches: (elem: string) => boolean) => elems.reduce((sum, elem, i) => (matches(elem) ? sum + (freqs[i] ?? 0) : sum), 0);
  let share = 1;
  for (const term of terms) {
    let wordsShare = 1;
    for (const word of term.words) {
      const prefixes = [word.lexeme, ...(word.known ? [] : word.similar)];
      wordsShare *= Math.min(1, shareOf((elem) => prefixes.some((prefix) => elem.startsWith(prefix))));
    }
    share *= Math.min(1, wordsShare + shareOf((elem) => term.names.includes(elem)));
  }
  return terms.length ? share : 0;
}
