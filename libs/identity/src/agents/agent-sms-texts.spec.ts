import { consentRequestText, fitNames, smsParts } from './agent-sms-texts';

describe('agent SMS texts', () => {
  const longKhmer = 'សហគមន៍កសិករផលិតក្បឿងដីខេត្តព្រៃវែង '.repeat(4);

  it('asks for consent in the producer language, with the code intact', () => {
    expect(consentRequestText('en', 'Sok', '4821')).toBe('Sok wants to sell for you on Psar. Reply YES 4821 to agree.');
    expect(consentRequestText('km', 'Sok', '4821')).toBe('Sok ចង់លក់ជំនួសអ្នកនៅលើ Psar។ ឆ្លើយ YES 4821 ដើម្បីយល់ព្រម។');
  });

  it('fits in two parts whatever the agent name, cutting the name and never the code', () => {
    for (const locale of ['km', 'en'] as const) {
      for (const name of [longKhmer, 'A'.repeat(120), `Coop ${longKhmer}`]) {
        const text = consentRequestText(locale, name, '4821');
        expect(smsParts(text)).toBeLessThanOrEqual(2);
        expect(text).toContain('YES 4821');
      }
    }
  });

  it('cuts the longest name first, and whole Khmer clusters', () => {
    const text = fitNames((a, b) => `${a} / ${b} ${'ក'.repeat(100)}`, 'Dara', longKhmer);
    expect(smsParts(text)).toBeLessThanOrEqual(2);
    expect(text.startsWith('Dara / ')).toBe(true);
    // The cut name ends on a full cluster: no dangling sign at its end.
    const cut = text.slice('Dara / '.length).split(' ')[0]!;
    expect(longKhmer.startsWith(cut)).toBe(true);
    expect(/[\u17b6-\u17d3]$/.test(cut) || /[\u1780-\u17a2]$/.test(cut)).toBe(true);
  });

  it('keeps a plain English text in GSM-7 (no ellipsis)', () => {
    const text = consentRequestText('en', 'B'.repeat(400), '1234');
    expect(text).not.toContain('…');
    expect(smsParts(text)).toBe(2);
  });
});
