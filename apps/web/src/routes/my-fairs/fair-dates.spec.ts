import { cambodiaToday, closingInstant } from './fair-dates';

describe('fair dates', () => {
  it('closes applications at the end of the chosen day in Cambodia', () => {
    expect(closingInstant('2026-12-20')).toBe('2026-12-20T23:59:00+07:00');
    expect(closingInstant('')).toBe('');
  });

  it('knows the Cambodian day late in the UTC evening', () => {
    expect(cambodiaToday(new Date('2026-12-01T18:30:00Z'))).toBe('2026-12-02');
    expect(cambodiaToday(new Date('2026-12-01T16:59:00Z'))).toBe('2026-12-01');
  });
});
