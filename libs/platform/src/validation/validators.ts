import { applyDecorators } from '@nestjs/common';
import { IsISO8601, IsString, Matches, ValidateIf } from 'class-validator';

/**
 * The few composite validators every lib's DTOs share, so a date or an id is checked the
 * same way (and answered with the same message) everywhere.
 */

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}

/** Absent is fine, null is not (IsOptional would let null through to a NOT NULL column). */
export const OptionalNotNull = (): PropertyDecorator => ValidateIf((_object: unknown, value: unknown) => value !== undefined);

// One instant: seconds optional, always an offset (Z or ±hh:mm); Cambodia is +07:00.
const OFFSET_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_OR_OFFSET_DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** An ISO 8601 date-time with its offset, e.g. 2026-01-10T08:00:00+07:00. */
export function IsOffsetDateTime(): PropertyDecorator {
  return applyDecorators(
    IsString({ message: '$property must be a date-time string' }),
    Matches(OFFSET_DATE_TIME, { message: '$property must be an ISO 8601 date-time with an offset, e.g. 2026-01-10T08:00:00+07:00' }),
    IsISO8601({ strict: true }, { message: '$property is not a real date and time' }),
  );
}

/** A real calendar day, YYYY-MM-DD (no 2025-02-30). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !CALENDAR_DATE.test(value)) return false;
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function IsCalendarDate(): PropertyDecorator {
  return applyDecorators(
    IsString({ message: '$property must be a date string' }),
    Matches(CALENDAR_DATE, { message: '$property must be a date like 2026-03-14' }),
    IsISO8601({ strict: true }, { message: '$property is not a real date' }),
  );
}

/** A day (in Cambodia) or a date-time with an offset: for `from`/`to` filters. */
export function IsDateOrOffsetDateTime(): PropertyDecorator {
  return applyDecorators(
    IsString({ message: '$property must be a date or date-time string' }),
    Matches(DATE_OR_OFFSET_DATE_TIME, {
      message: '$property must be a date (2026-01-10) or a date-time with an offset',
    }),
    IsISO8601({ strict: true }, { message: '$property is not a real date' }),
  );
}
