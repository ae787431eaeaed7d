import fc from 'fast-check';
import { CHECK_IN_ALPHABET, CHECK_IN_CODE_PATTERN, generateCheckInCode, normalizeCheckInCode } from './check-in-code';

describe('check-in codes', () => {
  it('are six characters of the unambiguous alphabet', () => {
    for (let i = 0; i < 200; i++) {
      const code = generateCheckInCode();
      expect(code).toMatch(CHECK_IN_CODE_PATTERN);
      expect(code).not.toMatch(/[ILOU]/);
    }
  });

  it('avoid the codes already taken in the session', () => {
    let calls = 0;
    // A generator that yields "000000" first, then "111111".
    const random = () => (calls++ < 6 ? 0 : 1);
    expect(generateCheckInCode(new Set(['000000']), random)).toBe('111111');
  });

  it('survive the ways people write them back', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...CHECK_IN_ALPHABET), minLength: 6, maxLength: 6 }), (code) => {
        expect(normalizeCheckInCode(code)).toBe(code);
        expect(normalizeCheckInCode(code.toLowerCase())).toBe(code);
        expect(normalizeCheckInCode(` ${code.slice(0, 3)}-${code.slice(3)} `)).toBe(code);
      }),
    );
    expect(normalizeCheckInCode('o1l-ioz')).toBe('01110Z');
  });

  it('refuse what cannot be a code', () => {
    for (const bad of ['', 'ABC', 'ABCDEFG', 'ABCDE!', 'ÄBCDEF', 'UUUUUU']) expect(normalizeCheckInCode(bad)).toBeNull();
  });
});
