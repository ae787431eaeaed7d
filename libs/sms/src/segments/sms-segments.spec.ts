import fc from 'fast-check';
import { fitSms, measureSms } from './sms-segments';

const HINT_KM = ' …ផ្ញើ MORE';
const HINT_EN = ' … reply MORE';

// Khmer consonants, vowels, signs and the coeng; Latin letters and punctuation; emoji (surrogate pairs).
const khmer = fc.constantFrom(...'កខគឃងចឆជឈញដឋឌឍណតថទធនបផពភមយរលវសហឡអាិីឹឺុូួើឿៀេែៃោៅំះ្៊់៉៌៍០១២៣៤៥៦៧៨៩ '.split(''));
const latin = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789 .,:;!?-()'.split(''));
const emoji = fc.constantFrom('😀', '🐖', '🧱', '🍯', '🐟', '👍🏽', '€', '{', 'é');
const text = fc.array(fc.oneof(khmer, latin, emoji), { minLength: 0, maxLength: 500 }).map((chars) => chars.join(''));

describe('sms segments', () => {
  it('counts Khmer as UCS-2: 70 code units alone, 67 per part', () => {
    expect(measureSms('ក'.repeat(70))).toEqual({ encoding: 'UCS-2', parts: 1 });
    expect(measureSms('ក'.repeat(71))).toEqual({ encoding: 'UCS-2', parts: 2 });
    expect(measureSms('ក'.repeat(134))).toEqual({ encoding: 'UCS-2', parts: 2 });
    expect(measureSms('ក'.repeat(135))).toEqual({ encoding: 'UCS-2', parts: 3 });
    expect(measureSms('a'.repeat(160))).toEqual({ encoding: 'GSM-7', parts: 1 });
    expect(measureSms('a'.repeat(306))).toEqual({ encoding: 'GSM-7', parts: 2 });
    // An emoji is two UTF-16 code units.
    expect(measureSms('😀'.repeat(35))).toEqual({ encoding: 'UCS-2', parts: 1 });
  });

  it('leaves a text that fits as it is', () => {
    fc.assert(
      fc.property(text, (t) => {
        const fitted = fitSms(t, HINT_EN);
        if (measureSms(t).parts <= 2) {
          expect(fitted.text).toBe(t);
          expect(fitted.rest).toBeNull();
        }
      }),
    );
  });

  it('cuts any text to at most two parts, ending with the hint, losing nothing but spaces at the cut', () => {
    fc.assert(
      fc.property(text, fc.constantFrom(HINT_EN, HINT_KM), (t, hint) => {
        const fitted = fitSms(t, hint);
        expect(fitted.parts).toBeLessThanOrEqual(2);
        expect(measureSms(fitted.text)).toEqual({ encoding: fitted.encoding, parts: fitted.parts });
        if (fitted.rest === null) return;
        expect(fitted.text.endsWith(hint)).toBe(true);
        const head = fitted.text.slice(0, fitted.text.length - hint.length);
        expect((head + fitted.rest).replace(/\s/g, '')).toBe(t.replace(/\s/g, ''));
        // Never half a letter: no lone surrogate, no coeng left hanging at the cut.
        expect(/[\uD800-\uDBFF]$/.test(head)).toBe(false);
        expect(head.endsWith('\u17D2')).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('uses the room it has: the cut text is not much shorter than what fits', () => {
    fc.assert(
      fc.property(fc.array(khmer, { minLength: 200, maxLength: 400 }), (chars) => {
        const fitted = fitSms(chars.join(''), HINT_KM);
        // Two UCS-2 parts hold 134 code units; the hint takes 12 and a word boundary at most a fifth.
        expect(fitted.text.length).toBeGreaterThan((134 - 12) * 0.75);
      }),
    );
  });
});
