import { buildTsQuery, quoteLexeme } from './text-query';

describe('text query', () => {
  it('searches known words as prefixes and misspelt ones by their look-alikes', () => {
    expect(
      buildTsQuery([
        { lexeme: 'clay', known: true, similar: ['clays'] },
        { lexeme: 'tille', known: false, similar: ['tiles', 'tile'] },
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
});
