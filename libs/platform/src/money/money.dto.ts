import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Matches } from 'class-validator';
import { WesternDigits } from '../validation/khmer-digits';
import { CURRENCIES, MONEY_AMOUNT_PATTERN } from './money';
import type { Currency } from './money';

/** Money in a request or response: nest it with `@ValidateNested() @Type(() => MoneyDto)`. */
export class MoneyDto {
  @ApiProperty({ example: '12500.00', description: 'Decimal string, at most 2 decimals', pattern: MONEY_AMOUNT_PATTERN.source })
  @WesternDigits()
  @IsString()
  @Matches(MONEY_AMOUNT_PATTERN, { message: 'amount must be a decimal string like "12500.00" (at most 2 decimals)' })
  amount: string;

  @ApiProperty({ enum: CURRENCIES })
  @IsIn(CURRENCIES as unknown as string[], { message: 'currency must be KHR or USD' })
  currency: Currency;
}
