import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsQuantity } from '@psar/listings';
import { IsOffsetDateTime, MoneyDto } from '@psar/platform';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsObject, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { MAX_OFFER_LINES } from './create-offer.dto';

/** New terms for one line of the offer countered; what is left out stays as it was. */
export class CounterLineDto {
  @ApiProperty({ minimum: 1, description: 'The line countered, numbered from 1 as the offer shows them' })
  @IsInt({ message: 'lineNo must be a whole number' })
  @Min(1, { message: 'lineNo must be at least 1' })
  @Max(MAX_OFFER_LINES, { message: `lineNo must be at most ${MAX_OFFER_LINES}` })
  lineNo: number;

  @ApiPropertyOptional({ example: '2500' })
  @IsOptional()
  @IsQuantity()
  quantity?: string;

  @ApiPropertyOptional({ type: MoneyDto, description: 'Price per unit' })
  @IsOptional()
  @IsObject({ message: 'unitPrice must be an object {amount, currency}' })
  @ValidateNested()
  @Type(() => MoneyDto)
  unitPrice?: MoneyDto;
}

/**
 * A counter-offer: the terms of the offer answered, changed. `quantity` and `unitPrice` are
 * for an offer of one line; an offer of several lines is countered line by line in `lines`.
 */
export class CounterOfferDto {
  @ApiPropertyOptional({ example: '2500', description: 'For an offer of one line: the quantity proposed instead' })
  @IsOptional()
  @IsQuantity()
  quantity?: string;

  @ApiPropertyOptional({ type: MoneyDto, description: 'For an offer of one line: the unit price proposed instead' })
  @IsOptional()
  @IsObject({ message: 'unitPrice must be an object {amount, currency}' })
  @ValidateNested()
  @Type(() => MoneyDto)
  unitPrice?: MoneyDto;

  @ApiPropertyOptional({ type: [CounterLineDto], description: 'Per line (by lineNo): the quantity and unit price proposed instead' })
  @IsOptional()
  @IsArray({ message: 'lines must be an array' })
  @ArrayMinSize(1, { message: 'lines must have at least one line' })
  @ArrayMaxSize(MAX_OFFER_LINES, { message: `lines must have at most ${MAX_OFFER_LINES} lines` })
  @ValidateNested({ each: true })
  @Type(() => CounterLineDto)
  lines?: CounterLineDto[];

  @ApiPropertyOptional({ example: '2026-03-08T17:00:00+07:00', description: 'The delivery date proposed instead' })
  @IsOptional()
  @IsOffsetDateTime()
  deliverBy?: string;

  @ApiPropertyOptional({ maxLength: 2000, description: "Why; replaces the earlier offer's note" })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}
