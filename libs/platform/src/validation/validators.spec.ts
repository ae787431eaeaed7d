import { validateSync } from 'class-validator';
import { isCalendarDate, IsCalendarDate, IsDateOrOffsetDateTime, IsOffsetDateTime, isUuid, OptionalNotNull } from './validators';

class Probe {
  @OptionalNotNull()
  @IsOffsetDateTime()
  at?: unknown;

  @OptionalNotNull()
  @IsCalendarDate()
  day?: unknown;

  @OptionalNotNull()
  @IsDateOrOffsetDateTime()
  from?: unknown;
}

const errorsOf = (values: Partial<Probe>) => {
  const probe = Object.assign(new Probe(), values);
  return validateSync(probe).map((e) => e.property);
};

describe('shared validators', () => {
  it('accept instants with an offset only', () => {
    expect(errorsOf({ at: '2026-01-10T08:00:00+07:00' })).toEqual([]);
    expect(errorsOf({ at: '2026-01-10T01:00Z' })).toEqual([]);
    for (const bad of ['2026-01-10T08:00:00', '2026-01-10', '2026-02-30T08:00:00+07:00', 'tomorrow', 42]) {
      expect(errorsOf({ at: bad })).toEqual(['at']);
    }
  });

  it('accept real calendar days only', () => {
    expect(errorsOf({ day: '2024-02-29' })).toEqual([]);
    for (const bad of ['2025-02-29', '2026-1-5', '2026-01-10T00:00:00Z']) expect(errorsOf({ day: bad })).toEqual(['day']);
  });

  it('tell real calendar days', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2025-02-29')).toBe(false);
    expect(isCalendarDate('2025-13-01')).toBe(false);
    expect(isCalendarDate(20250101)).toBe(false);
  });

  it('accept a day or an instant in a filter', () => {
    expect(errorsOf({ from: '2026-01-10' })).toEqual([]);
    expect(errorsOf({ from: '2026-01-10T08:00:00+07:00' })).toEqual([]);
    expect(errorsOf({ from: '2026-01-10T08:00:00' })).toEqual(['from']);
  });

  it('let absent values through but not null', () => {
    expect(errorsOf({})).toEqual([]);
    expect(errorsOf({ at: null })).toEqual(['at']);
  });

  it('recognise UUIDs', () => {
    expect(isUuid('0b9f1c1e-6c1a-4c1e-9b1a-0c1e6c1a4c1e')).toBe(true);
    expect(isUuid('0b9f1c1e6c1a4c1e9b1a0c1e6c1a4c1e')).toBe(false);
    expect(isUuid(null)).toBe(false);
  });
});
