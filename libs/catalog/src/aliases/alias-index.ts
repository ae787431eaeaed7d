import { searchableText } from '@psar/platform';

/** What an alias names: one product, or a whole value chain. */
export type AliasTarget = { productCode: string; valueChainCode?: undefined } | { valueChainCode: string; productCode?: undefined };

export interface AliasSource {
  alias: string;
  productCode?: string | null;
  valueChainCode?: string | null;
}

/** A word of a search or an SMS, with the spellings it may stand for (a misspelling's look-alikes). */
export interface AliasWord {
  word: string;
  alternatives?: readonly string[];
}

/** Some consecutive words that name products or value chains. */
export interface AliasMatch {
  start: number;
  length: number;
  targets: AliasTarget[];
}

/** The words of a name as search sees them: searchable text (Khmer in words), lower case, split on anything not a letter or digit. */
export function nameWords(text: string): string[] {
  return searchableText(text)
    .toLowerCase()
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter(Boolean);
}

/**
 * A product's own names, English and Khmer, as aliases of it: the first names people search
 * it by. catalog_aliases holds the other names; both go into one AliasIndex.
 */
export function productNameAliases(products: ReadonlyArray<{ code: string; nameEn: string; nameKm: string }>): AliasSource[] {
  return products.flatMap((p) => [
    { alias: p.nameEn, productCode: p.code },
    { alias: p.nameKm, productCode: p.code },
  ]);
}

/**
 * The aliases as word sequences, to find in a text's words. Shared by search (a query word
 * naming a product finds that product's listings whatever they are titled) and the SMS
 * parser (a product named in an SMS). Pure: built from the catalog_aliases rows.
 */
export class AliasIndex {
  /** By first word: the aliases starting with it, longest first. */
  private readonly byFirst = new Map<string, Array<{ words: string[]; target: AliasTarget }>>();
  private readonly firstWords: string[];

  constructor(aliases: readonly AliasSource[]) {
    for (const a of aliases) {
      const words = nameWords(a.alias);
      if (!words.length) continue;
      const target: AliasTarget = a.productCode ? { productCode: a.productCode } : { valueChainCode: a.valueChainCode! };
      const list = this.byFirst.get(words[0]!) ?? [];
      list.push({ words, target });
      this.byFirst.set(words[0]!, list);
    }
    for (const list of this.byFirst.values()) list.sort((x, y) => y.words.length - x.words.length);
    this.firstWords = [...this.byFirst.keys()];
  }

  /**
   * The aliases in `words`, left to right, longest first, not overlapping. A word fits an
   * alias word when it is that word, one of its alternatives is, or (3 letters or more) it
   * begins it, as search takes every word as a prefix ("kbeu" is on its way to "kbeung").
   */
  match(words: readonly AliasWord[]): AliasMatch[] {
    const matches: AliasMatch[] = [];
    for (let i = 0; i < words.length; ) {
      const found = this.longestAt(words, i);
      if (found) {
        matches.push(found);
        i += found.length;
      } else {
        i++;
      }
    }
    return matches;
  }

  private longestAt(words: readonly AliasWord[], start: number): AliasMatch | null {
    const candidates = this.firstWords.filter((first) => fits(words[start]!, first));
    let best: AliasMatch | null = null;
    for (const first of candidates) {
      for (const alias of this.byFirst.get(first)!) {
        const n = alias.words.length;
        if (start + n > words.length || (best && n < best.length)) continue;
        if (!alias.words.every((w, j) => fits(words[start + j]!, w))) continue;
        if (!best || n > best.length) best = { start, length: n, targets: [] };
        if (!best.targets.some((t) => t.productCode === alias.target.productCode && t.valueChainCode === alias.target.valueChainCode)) {
          best.targets.push(alias.target);
        }
      }
    }
    return best;
  }
}

function fits(word: AliasWord, aliasWord: string): boolean {
  const spellings = [word.word, ...(word.alternatives ?? [])];
  return spellings.some((s) => s === aliasWord || ([...s].length >= 3 && aliasWord.startsWith(s)));
}
