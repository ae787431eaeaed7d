import { applyDecorators } from '@nestjs/common';
import { toWesternDigits } from '@psar/platform';
import { Transform } from 'class-transformer';
import { IsString, Matches, ValidateBy } from 'class-validator';
import { QUANTITY_PATTERN, toThousandths } from './quantity';

/**
 * A positive quantity: a decimal string ("40000", "12.5") or a JSON integer, at most 3
 * decimals (Khmer digits too: "២០០០០"). Numbers other than safe integers are refused rather than rounded.
 */
export function IsQuantity(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? String(value) : toWesternDigits(value))),
    IsString({ message: '$property must be a decimal string like "40000" or "12.5", or a whole number' }),
    Matches(QUANTITY_PATTERN, { message: '$property must be a positive decimal with at most 3 decimals, like "40000" or "12.5"' }),
    ValidateBy({
      name: 'isPositiveQuantity',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && QUANTITY_PATTERN.test(value) && toThousandths(value) > 0n,
        defaultMessage: () => '$property must be greater than 0',
      },
    }),
  );
}
