import { AliasIndex } from '@psar/catalog';
import { buildTsQuery, productToken, queryTerms, quoteLexeme, type QueryWord, valueChainToken } from './text-query';

const single = (word: QueryWord) => ({ words: [word], names: [] });

describe('text query', () => {
  it('searches known words as prefixes and misspelt ones by their look-alikes', () => {
    expect(
      buildTsQuery([
        single({ lexeme: 'clay', known: true, similar: ['clays'] }),
        single({ lexeme: 'tille', known: false, similar: ['tiles', 'tile'] }),
      ]),
    ).toBe("'clay':* & ('tille':* | 'tiles':* | 'tile':*)");
  });

  it('has nothing to search without words', () => {
    expect(buildTsQuery([])).toBeNull();
  });

  it('quotes what the tsquery syntax would read as operators', () => {
    expect(quoteLexeme("o'brien")).toBe("'o''brien'");
    expect(quoteLexeme('a\\b')).toBe("'a\\\\b'");
    expect(quoteLexeme('a|b&!c')).toBe("'a|b&!c'");
  });

  it('lets words naming a product or value chain match its rows too', () => {
    const aliases = new AliasIndex([
      { alias: 'kbeung', productCode: 'clay_roof_tile' },
      { alias: 'roof tiles', productCode: 'clay_roof_tile' },
      { alias: 'chrouk', valueChainCode: 'swine' },
    ]);
    const word = (lexeme: string, known = true, similar: string[] = []) => ({ lexeme, known, similar });
    const terms = queryTerms([word('cheap'), word('roof'), word('tiles'), word('chrook', false, ['chrouk'])], aliases);
    expect(terms.map((t) => [t.words.map((w) => w.lexeme), t.names])).toEqual([
      [['cheap'], []],
      [['roof', 'tiles'], [productToken('clay_roof_tile')]],
      [['chrook'], [valueChainToken('swine')]],
    ]);
    expect(buildTsQuery(terms)).toBe(
      "'cheap':* & (('roof':* & 'tiles':*) | 'zzpclayrooftile') & (('chrook':* | 'chrouk':*) | 'zzvswine')",
    );
  });
});
