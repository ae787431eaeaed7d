import fc from 'fast-check';
import { bodyProblem, CONTROL_CHARACTERS, INLINE_BODY_MAX_BYTES, inlineBody, MAX_BODY_CHARS, PREVIEW_CHARS } from './message-body';

describe('message bodies', () => {
  it('accept any 1..4000 code points with a non-space, and count Khmer and emoji as Postgres does', () => {
    const khmer = 'សួស្តី! ក្បឿងប្រភេទ A ចំនួន ៤០០០០ សន្លឹក';
    expect(bodyProblem(khmer)).toBeNull();
    expect(bodyProblem('ក'.repeat(MAX_BODY_CHARS))).toBeNull();
    expect(bodyProblem('ក'.repeat(MAX_BODY_CHARS + 1))).toMatch(/1 to 4000/);
    // 4000 emoji are 8000 UTF-16 units but 4000 characters.
    expect(bodyProblem('🧱'.repeat(MAX_BODY_CHARS))).toBeNull();
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }), (s) => {
        const problem = bodyProblem(s);
        const ok = /\S/u.test(s) && !CONTROL_CHARACTERS.test(s) && [...s].length <= MAX_BODY_CHARS;
        expect(problem === null).toBe(ok);
      }),
    );
  });

  it('refuse empty, blank, NUL and non-strings', () => {
    for (const bad of ['', '   ', '\n\t', 'a\u0000b', 42, null, undefined, ['a']]) expect(bodyProblem(bad)).not.toBeNull();
  });

  it('send short bodies whole and long ones cut to a preview that fits a NOTIFY', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: MAX_BODY_CHARS }), (s) => {
        const { body, truncated } = inlineBody(s);
        expect(truncated).toBe(Buffer.byteLength(s) > INLINE_BODY_MAX_BYTES);
        if (!truncated) expect(body).toBe(s);
        else {
          expect(s.startsWith(body)).toBe(true);
          expect([...body].length).toBeLessThanOrEqual(PREVIEW_CHARS);
          expect([...body].length).toBeGreaterThan(PREVIEW_CHARS - 50);
        }
        expect(Buffer.byteLength(body)).toBeLessThanOrEqual(INLINE_BODY_MAX_BYTES);
      }),
      { numRuns: 200 },
    );
  });
});
