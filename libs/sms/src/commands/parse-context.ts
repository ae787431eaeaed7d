import { AliasIndex, type AliasSource, type AliasTarget, nameWords, productNameAliases } from '@psar/catalog';
import { PROVINCE_SPELLINGS, PROVINCE_WORDS } from './command-keywords';
import { compact, compactTokens, type Token, tokenize } from './sms-tokens';

/** A province as the parser recognises it: the catalog's row, and any more spellings. */
export interface ProvinceName {
  /** ISO 3166-2:KH, e.g. KH-4. */
  code: string;
  nameEn: string;
  nameKm: string;
  aliases?: readonly string[];
}

/** A product or value chain row, as the catalog has it: its own names are its first aliases. */
export interface CatalogName {
  code: string;
  nameEn: string;
  nameKm: string;
}

/**
 * What the parser knows of the world, passed in so that it stays pure. Build it with
 * buildParseContext() once, and again when the catalog's aliases change.
 */
export interface ParseContext {
  /** Products and value chains by name and alias, prefixes too ("kbeu"): the index search uses. */
  products: AliasIndex;
  /** The same names, whole: a name written in full beats the longer ones it begins ("pig" is not "piglet"). */
  exactNames: ReadonlyMap<string, readonly AliasTarget[]>;
  /** Every spelling of every province, compacted (see provinceKey), to its code. */
  provinces: ReadonlyMap<string, string>;
}

export interface ParseContextSource {
  products: readonly CatalogName[];
  /** Their names name the whole trade: "SELL HONEY" is answered with honey's products. */
  valueChains?: readonly CatalogName[];
  /** catalog_aliases rows (or ALIASES). */
  aliases: readonly AliasSource[];
  provinces: readonly ProvinceName[];
}

export function buildParseContext(source: ParseContextSource): ParseContext {
  const names: AliasSource[] = [
    ...productNameAliases(source.products),
    ...(source.valueChains ?? []).flatMap((c) => [
      { alias: c.nameEn, valueChainCode: c.code },
      { alias: c.nameKm, valueChainCode: c.code },
    ]),
    ...source.aliases,
  ];
  const exactNames = new Map<string, AliasTarget[]>();
  for (const a of names) {
    const key = nameWords(a.alias).join(' ');
    if (!key || !(a.productCode || a.valueChainCode)) continue;
    const target: AliasTarget = a.productCode ? { productCode: a.productCode } : { valueChainCode: a.valueChainCode! };
    const targets = exactNames.get(key) ?? [];
    if (!targets.some((t) => t.productCode === target.productCode && t.valueChainCode === target.valueChainCode)) targets.push(target);
    exactNames.set(key, targets);
  }
  const provinces = new Map<string, string>();
  for (const p of source.provinces) {
    for (const spelling of [p.nameEn, p.nameKm, ...(p.aliases ?? []), ...(PROVINCE_SPELLINGS[p.code] ?? [])]) {
      const key = provinceKey(tokenize(spelling));
      if (key && !provinces.has(key)) provinces.set(key, p.code);
    }
  }
  return { products: new AliasIndex(names), exactNames, provinces };
}

const PROVINCE_FILLERS: ReadonlySet<string> = new Set(PROVINCE_WORDS.map(compact));

/**
 * A province's words as one key, whatever the spacing and without the words around a name:
 * "Kampong Chhnang", "kampongchhnang", "ខេត្តកំពង់ឆ្នាំង" and "Kampong Chhnang province" are one.
 */
export function provinceKey(tokens: readonly Token[]): string {
  return compactTokens(tokens.filter((t) => !PROVINCE_FILLERS.has(compactTokens([t]))));
}
