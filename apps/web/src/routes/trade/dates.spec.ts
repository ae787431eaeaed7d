import { cambodiaDate, cambodiaEndOfDay } from './dates';

describe('dates in Cambodia', () => {
  it('ends a chosen day at 17:00 in Cambodia', () => {
    expect(cambodiaEndOfDay('2027-01-15')).toBe('2027-01-15T17:00:00+07:00');
  });

  it('counts days from the date in Cambodia, which is ahead of UTC by 7 hours', () => {
    // 20:00 UTC on 1 December is already 2 December in Phnom Penh.
    const now = new Date('2026-12-01T20:00:00Z');
    expect(cambodiaDate(0, now)).toBe('2026-12-02');
    expect(cambodiaDate(1, now)).toBe('2026-12-03');
    expect(cambodiaDate(0, new Date('2026-12-01T10:00:00Z'))).toBe('2026-12-01');
  });
});
