import fc from 'fast-check';
import { COMMON_PASSWORDS } from './common-passwords';
import { passwordProblem, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password-policy';

describe('passwordProblem', () => {
  it('accepts a long, uncommon password', () => {
    expect(passwordProblem('tile kiln at dawn 42')).toBeNull();
    expect(passwordProblem('ក្បឿងល្អ2025')).toBeNull();
  });

  it('refuses anything shorter than the minimum', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: PASSWORD_MIN_LENGTH - 1 }), (password) => {
        expect(passwordProblem(password)).toMatch(/at least 8/);
      }),
    );
  });

  it('counts characters, not UTF-16 units or bytes', () => {
    expect(passwordProblem('ក'.repeat(3) + 'abcde')).toBeNull();
    expect(passwordProblem('😀😀😀😀')).toMatch(/at least 8/);
  });

  it('refuses more than the maximum', () => {
    expect(passwordProblem('x1'.repeat(PASSWORD_MAX_LENGTH))).toMatch(/at most/);
  });

  it('refuses every listed common password, whatever the case', () => {
    for (const common of COMMON_PASSWORDS) {
      expect(passwordProblem(common)).not.toBeNull();
      expect(passwordProblem(common.toUpperCase())).not.toBeNull();
    }
    expect(passwordProblem('Password1')).toMatch(/common/);
  });

  it('refuses one character repeated', () => {
    expect(passwordProblem('zzzzzzzzzz')).toMatch(/repeated/);
  });
});
