import { fromDateInput, toDateInput } from './dates';

describe('listing dates', () => {
  it('send a picked day as its start or end in Cambodia', () => {
    expect(fromDateInput('2026-03-01', 'start')).toBe('2026-03-01T00:00:00+07:00');
    expect(fromDateInput('2026-03-01', 'end')).toBe('2026-03-01T23:59:59+07:00');
    expect(fromDateInput('', 'start')).toBeUndefined();
  });

  it('show a date-time as the day it is in Cambodia', () => {
    expect(toDateInput('2026-02-28T18:30:00Z')).toBe('2026-03-01');
    expect(toDateInput('2026-03-01T23:59:59+07:00')).toBe('2026-03-01');
    expect(toDateInput(null)).toBe('');
  });
});
