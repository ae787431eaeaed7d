import { applyDecorators } from '@nestjs/common';
import { isUuid, ValidationProblem } from '@psar/platform';
import { IsNumber, Max, Min } from 'class-validator';

/** A length or position on the plan in metres, to the centimetre. */
export function IsMetres(min: number, max: number, options: { exclusiveMin?: boolean } = {}): PropertyDecorator {
  return applyDecorators(
    IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 }, { message: ({ property }) => `${property} must be a number of metres with at most 2 decimals` }),
    options.exclusiveMin
      ? Min(min + 0.01, { message: ({ property }) => `${property} must be greater than ${min}` })
      : Min(min, { message: ({ property }) => `${property} must not be less than ${min}` }),
    Max(max, { message: ({ property }) => `${property} must not be greater than ${max}` }),
  );
}

export const STALL_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$/;

/** A decoded keyset cursor of (text, uuid): anything else was not issued by this API. */
export function textAndIdCursor(key: Array<string | number | null>): [string, string] {
  const [text, id] = key;
  if (typeof text !== 'string' || typeof id !== 'string' || !isUuid(id)) {
    throw new ValidationProblem([{ field: 'cursor', message: 'cursor is not one this API issued' }]);
  }
  return [text, id];
}
