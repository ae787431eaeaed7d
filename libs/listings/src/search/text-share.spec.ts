import { estimateTextShare } from './text-share';
import type { QueryWord } from './text-query';

const words = (...list: QueryWord[]) => list.map((word) => ({ words: [word], names: [] as string[] }));

const stats = { elems: ['tiles', 'tile', 'honey', 'kampot', 'clay'], freqs: [0.1, 0.09, 0.05, 0.0177, 0.2] };

describe('text share', () => {
  it('sums the listed words a prefix matches, multiplies across words', () => {
    expect(estimateTextShare(words({ lexeme: 'tile', known: true, similar: [] }), stats)).toBeCloseTo(0.19);
    expect(estimateTextShare(words({ lexeme: 'clay', known: true, similar: [] }, { lexeme: 'honey', known: true, similar: [] }), stats)).toBeCloseTo(0.01);
  });

  it('counts look-alikes for a misspelling, and unlisted words as rare', () => {
    expect(estimateTextShare(words({ lexeme: 'hony', known: false, similar: ['honey'] }), stats)).toBeCloseTo(0.05);
    expect(estimateTextShare(words({ lexeme: 'zebra', known: false, similar: [] }), stats)).toBe(0);
    expect(estimateTextShare([], stats)).toBe(0);
    expect(estimateTextShare(words({ lexeme: 'tile', known: true, similar: [] }), { elems: null, freqs: null })).toBe(0);
  });

  it('adds the rows of the products a term names', () => {
    const withProduct = { elems: [...stats.elems, 'zzpclayrooftile'], freqs: [...stats.freqs, 0.08] };
    expect(estimateTextShare([{ words: [{ lexeme: 'kbeung', known: false, similar: [] }], names: ['zzpclayrooftile'] }], withProduct)).toBeCloseTo(0.08);
  });
});
