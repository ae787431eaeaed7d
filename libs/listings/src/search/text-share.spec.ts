import { estimateTextShare } from './text-share';

const stats = { elems: ['tiles', 'tile', 'honey', 'kampot', 'clay'], freqs: [0.1, 0.09, 0.05, 0.0177, 0.2] };

describe('text share', () => {
  it('sums the listed words a prefix matches, multiplies across words', () => {
    expect(estimateTextShare([{ lexeme: 'tile', known: true, similar: [] }], stats)).toBeCloseTo(0.19);
    expect(estimateTextShare([{ lexeme: 'clay', known: true, similar: [] }, { lexeme: 'honey', known: true, similar: [] }], stats)).toBeCloseTo(0.01);
  });

  it('counts look-alikes for a misspelling, and unlisted words as rare', () => {
    expect(estimateTextShare([{ lexeme: 'hony', known: false, similar: ['honey'] }], stats)).toBeCloseTo(0.05);
    expect(estimateTextShare([{ lexeme: 'zebra', known: false, similar: [] }], stats)).toBe(0);
    expect(estimateTextShare([], stats)).toBe(0);
    expect(estimateTextShare([{ lexeme: 'tile', known: true, similar: [] }], { elems: null, freqs: null })).toBe(0);
  });
});
