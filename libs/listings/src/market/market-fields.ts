import { applyDecorators } from '@nestjs/common';
import { IsISO8601, IsString, Matches, ValidateIf } from 'class-validator';

export const PRODUCT_CODE = /^[a-z_]{1,64}$/;
export const PROVINCE_CODE = /^KH-[0-9]{1,2}$/;
export const GRADE = /^[A-Z]{1,3}$/;

/** Absent is fine, null is not (IsOptional would let null through to a NOT NULL column). */
export const OptionalNotNull = () => ValidateIf((_object: unknown, value: unknown) => value !== undefined);

/** An ISO 8601 date and time with its offset, e.g. 2025-03-01T17:00:00+07:00 (Cambodia is UTC+7). */
export function IsDateTimeWithOffset(): PropertyDecorator {
  return applyDecorators(
    IsString({ message: '$property must be an ISO 8601 date and time with offset, like 2025-03-01T17:00:00+07:00' }),
    Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/, {
      message: '$property must be an ISO 8601 date and time with offset, like 2025-03-01T17:00:00+07:00',
    }),
    IsISO8601({ strict: true }, { message: '$property is not a real date and time' }),
  );
}

/** Years a listing or demand may reach into the future; further is a typo. */
export const MAX_YEARS_AHEAD = 5;

export function isTooFarAhead(date: Date, now = new Date()): boolean {
  const limit = new Date(now);
  limit.setFullYear(limit.getFullYear() + MAX_YEARS_AHEAD);
  return date > limit;
}
