import { LOCALES } from '../users/user.entity';
import { codeSms } from './code-messages';
import { CODE_PURPOSES } from './one-time-code';

describe('code SMS texts', () => {
  it.each(CODE_PURPOSES.flatMap((purpose) => LOCALES.map((locale) => [purpose, locale] as const)))('%s in %s: the code first, one SMS part', (purpose, locale) => {
    const text = codeSms(purpose, locale, '012345', 10);
    expect(text.startsWith('012345 ')).toBe(true);
    // Khmer is sent as UCS-2: 70 code units fit one part; Latin text GSM-7: 160.
    const ucs2 = [...text].some((c) => c.charCodeAt(0) > 0x7f);
    expect(text.length).toBeLessThanOrEqual(ucs2 ? 70 : 160);
  });
});
