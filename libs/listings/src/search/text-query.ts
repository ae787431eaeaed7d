/** A word of the search text as Postgres split it, with what the lexicon knows of it. */
export interface QueryWord {
  lexeme: string;
  /** Some listed word starts with it: search it as a prefix ("til" finds "tiles"). */
  known: boolean;
  /** Listed words that look like it (trigram similarity), for a misspelling ("tille"). */
  similar: string[];
}

/** How many words of the search text count; the rest are ignored. */
export const MAX_QUERY_WORDS = 8;

/** A lexeme as a tsquery operand: quoted, with quotes and backslashes escaped. */
export function quoteLexeme(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/**
 * Every word must match (AND); a word matches as a prefix, or, when no listed word starts
 * with it, as a prefix of one of the listed words that look like it ("tille" → "tile",
 * which finds "tiles" too). Null when the text has no words.
 */
export function buildTsQuery(words: readonly QueryWord[]): string | null {
  const parts = words.slice(0, MAX_QUERY_WORDS).map((w) => {
    const alternatives = [w.lexeme, ...(w.known ? [] : w.similar)].map((l) => `${quoteLexeme(l)}:*`);
    return alternatives.length === 1 ? alternatives[0]! : `(${alternatives.join(' | ')})`;
  });
  return parts.length ? parts.join(' & ') : null;
}
