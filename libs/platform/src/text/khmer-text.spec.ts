import { khmerWords, normalizeKhmer, searchableText, searchableTextOrNull } from './khmer-text';
import { toWesternDigits } from '../validation/khmer-digits';

describe('Khmer search text', () => {
  it('splits Khmer into words by the dictionary (ICU in Node)', () => {
    expect(khmerWords('ក្បឿងដីឥដ្ឋ')).toEqual(['ក្បឿង', 'ដីឥដ្ឋ']);
    expect(searchableText('លក់ក្បឿងដីឥដ្ឋថ្នាក់Aពីឡដុត')).toBe('លក់ ក្បឿង ដីឥដ្ឋ ថ្នាក់ A ពី ឡ ដុត');
  });

  it('leaves Latin text alone', () => {
    expect(searchableText('Grade-A clay roof tiles, 20,000 pcs')).toBe('Grade-A clay roof tiles, 20,000 pcs');
    expect(searchableTextOrNull('Grade-A clay roof tiles')).toBeNull();
    expect(searchableTextOrNull(null)).toBeNull();
  });

  it('gives one code point order for the same visible word', () => {
    // ក្បឿង typed vowel first, subscript after.
    const vowelFirst = '\u1780\u17BF\u17D2\u1794\u1784';
    expect(normalizeKhmer(vowelFirst)).toBe('ក្បឿង');
    // Subscript ro typed before the other subscript (ស្ត្រី).
    expect(normalizeKhmer('\u179F\u17D2\u179A\u17D2\u178F\u17B8')).toBe('\u179F\u17D2\u178F\u17D2\u179A\u17B8');
    // A vowel typed twice, the two-part ើ and ោ.
    expect(normalizeKhmer('\u1780\u17B6\u17B6')).toBe('\u1780\u17B6');
    expect(normalizeKhmer('\u1780\u17C1\u17B8')).toBe('\u1780\u17BE');
    expect(normalizeKhmer('\u1780\u17C1\u17B6')).toBe('\u1780\u17C4');
    // Register shifter after the vowel.
    expect(normalizeKhmer('\u1794\u17B6\u17CA')).toBe('\u1794\u17CA\u17B6');
  });

  it('reads subscript da as subscript ta, Khmer digits as digits, punctuation and zero-width spaces as breaks', () => {
    expect(searchableText('\u1785\u17D2\u178A')).toBe(searchableText('\u1785\u17D2\u178F'));
    expect(searchableText('ក្បឿង២០០០០')).toBe('ក្បឿង 20000');
    expect(searchableText('ក្បឿង។ឥដ្ឋ')).toBe('ក្បឿង ឥដ្ឋ');
    expect(searchableText('ក្បឿង\u200Bឥដ្ឋ')).toBe('ក្បឿង ឥដ្ឋ');
  });

  it('turns Khmer digits into 0–9 and leaves other values', () => {
    expect(toWesternDigits('២០០០០')).toBe('20000');
    expect(toWesternDigits('១២.៥')).toBe('12.5');
    expect(toWesternDigits(42)).toBe(42);
  });
});
