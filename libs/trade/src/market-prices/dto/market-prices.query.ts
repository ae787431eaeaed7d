import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CATALOG_CODE_PATTERN, IsProvinceCode } from '@psar/catalog';
import { CURRENCIES, type Currency, MoneyDto, NumberFromText } from '@psar/platform';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

export const DEFAULT_PRICE_WEEKS = 12;
export const MAX_PRICE_WEEKS = 104;

export class MarketPricesQuery {
  @ApiPropertyOptional({ example: 'clay_roof_tile', description: 'One product (GET /products); all products if absent' })
  @IsOptional()
  @IsString()
  @Matches(CATALOG_CODE_PATTERN, { message: 'productCode must be a product code like clay_roof_tile' })
  productCode?: string;

  @ApiPropertyOptional({ example: 'KH-12', description: 'Province where the goods traded; all if absent' })
  @IsOptional()
  @IsString()
  @IsProvinceCode()
  province?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PRICE_WEEKS, default: DEFAULT_PRICE_WEEKS, description: 'The current ISO week and the weeks before it' })
  @IsOptional()
  @NumberFromText()
  @IsInt({ message: 'weeks must be a whole number' })
  @Min(1, { message: `weeks must be from 1 to ${MAX_PRICE_WEEKS}` })
  @Max(MAX_PRICE_WEEKS, { message: `weeks must be from 1 to ${MAX_PRICE_WEEKS}` })
  weeks: number = DEFAULT_PRICE_WEEKS;

  @ApiPropertyOptional({ enum: CURRENCIES, default: 'KHR', description: 'Prices converted at the configured KHR per USD rate' })
  @IsOptional()
  @IsIn(CURRENCIES as unknown as string[], { message: 'currency must be KHR or USD' })
  currency: Currency = 'KHR';
}

export class MarketPriceDto {
  @ApiProperty()
  productCode: string;

  @ApiProperty()
  provinceCode: string;

  @ApiProperty({ example: '2026-W48', description: 'ISO week, in Cambodia time' })
  week: string;

  @ApiProperty({ example: '2026-11-23', description: 'Monday of the week' })
  weekStart: string;

  @ApiProperty({ type: MoneyDto, description: 'Median unit price' })
  median: MoneyDto;

  @ApiProperty({ type: MoneyDto, description: '25th percentile unit price' })
  p25: MoneyDto;

  @ApiProperty({ type: MoneyDto, description: '75th percentile unit price' })
  p75: MoneyDto;

  @ApiProperty({ type: MoneyDto, description: 'Average unit price weighted by the quantity delivered (what was paid ÷ what was delivered)' })
  average: MoneyDto;

  @ApiProperty({ example: '9600', description: "Quantity delivered in these deals, in the product's unit" })
  quantity: string;

  @ApiProperty({ description: 'Completed deals behind the figures' })
  deals: number;
}

export class MarketPricesDto {
  @ApiProperty({ enum: CURRENCIES })
  currency: Currency;

  @ApiProperty()
  weeks: number;

  @ApiProperty({ type: [MarketPriceDto], description: 'By product, province, then week (oldest first)' })
  items: MarketPriceDto[];
}
