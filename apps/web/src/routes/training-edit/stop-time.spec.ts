import { attendanceFileName, cambodiaDateTime } from './stop-time';

describe('a stop typed as Cambodia wall-clock time', () => {
  it('joins a date and a time with the +07:00 offset', () => {
    expect(cambodiaDateTime('2026-12-05', '08:30')).toBe('2026-12-05T08:30:00+07:00');
    expect(new Date(cambodiaDateTime('2026-12-05', '06:00')).toISOString()).toBe('2026-12-04T23:00:00.000Z');
  });

  it('is empty when the date or the time is missing or malformed', () => {
    expect(cambodiaDateTime('', '08:30')).toBe('');
    expect(cambodiaDateTime('2026-12-05', '')).toBe('');
    expect(cambodiaDateTime('5/12/2026', '8:30')).toBe('');
  });
});

describe('the attendance file name', () => {
  it("is the stop's Cambodian date and its venue, Khmer kept, slashes and quotes gone", () => {
    expect(attendanceFileName('2026-12-04T23:30:00.000Z', 'សាលាឃុំ / "Peam Ro"')).toBe('attendance-2026-12-05-សាលាឃុំ-Peam-Ro.csv');
    expect(attendanceFileName('2026-12-05T01:00:00.000Z', '  ')).toBe('attendance-2026-12-05.csv');
  });
});
