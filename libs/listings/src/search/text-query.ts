import type { AliasIndex, AliasTarget } from '@psar/catalog';

/** A word of the search text as Postgres split it, with what the lexicon knows of it. */
export interface QueryWord {
  lexeme: string;
  /** Some listed word starts with it: search it as a prefix ("til" finds "tiles"). */
  known: boolean;
  /** Listed words that look like it (trigram similarity), for a misspelling ("tille"). */
  similar: string[];
}

/**
 * Consecutive words of the search text that match together: one word, or the words of an
 * alias ("roof tiles", "kon chrouk"), which also match the products or value chains it
 * names (`names`: their words in the search vector, see productToken).
 */
export interface QueryTerm {
  words: QueryWord[];
  names: string[];
}

/** How many words of the search text count; the rest are ignored. */
export const MAX_QUERY_WORDS = 8;

/**
 * The word every row of a product carries in its search vector (weight A, as a title), and
 * the one for its value chain (migration 1796144079380): an alias finds the rows by these.
 */
export const productToken = (code: string): string => `zzp${code.replace(/_/g, '')}`;
export const valueChainToken = (code: string): string => `zzv${code.replace(/_/g, '')}`;
const tokenOf = (target: AliasTarget) => (target.productCode ? productToken(target.productCode) : valueChainToken(target.valueChainCode!));

/** A lexeme as a tsquery operand: quoted, with quotes and backslashes escaped. */
export function quoteLexeme(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/**
 * The words grouped into terms: where some of them (or, misspelt, their look-alikes) are an
 * alias of products or value chains, one term for them with what they name.
 */
export function queryTerms(words: readonly QueryWord[], aliases: AliasIndex): QueryTerm[] {
  const limited = words.slice(0, MAX_QUERY_WORDS);
  const matches = aliases.match(limited.map((w) => ({ word: w.lexeme, alternatives: w.known ? [] : w.similar })));
  const terms: QueryTerm[] = [];
  for (let i = 0; i < limited.length; ) {
    const match = matches.find((m) => m.start === i);
    const length = match?.length ?? 1;
    terms.push({ words: limited.slice(i, i + length), names: [...new Set(match?.targets.map(tokenOf) ?? [])] });
    i += length;
  }
  return terms;
}

/**
 * Every term must match (AND). A word matches as a prefix, or, when no listed word starts
 * with it, as a prefix of one of the listed words that look like it ("tille" → "tile",
 * which finds "tiles" too); a term naming products also matches their rows. Null when the
 * text has no words.
 */
export function buildTsQuery(terms: readonly QueryTerm[]): string | null {
  const parts = terms.map((term) => {
    const words = term.words.map((w) => {
      const alternatives = [w.lexeme, ...(w.known ? [] : w.similar)].map((l) => `${quoteLexeme(l)}:*`);
      return alternatives.length === 1 ? alternatives[0]! : `(${alternatives.join(' | ')})`;
    });
    if (!term.names.length) return words.join(' & ');
    const allWords = words.length === 1 ? words[0]! : `(${words.join(' & ')})`;
    return `(${[allWords, ...term.names.map(quoteLexeme)].join(' | ')})`;
  });
  return parts.length ? parts.join(' & ') : null;
}
