import { ApiPropertyOptional } from '@nestjs/swagger';
import { CATALOG_CODE_PATTERN, IsProvinceCode } from '@psar/catalog';
import { CURRENCIES, type Currency, MONEY_AMOUNT_PATTERN, NumberFromText, PageQuery, WesternDigits } from '@psar/platform';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsNumber, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateBy } from 'class-validator';
import { IsQuantity } from '../quantity/is-quantity.decorator';
import { parseNear } from './near';

export const SORTS = ['relevance', 'price', 'distance', 'newest'] as const;
export type Sort = (typeof SORTS)[number];

export const MAX_QUERY_LENGTH = 200;
export const MAX_RADIUS_KM = 2000;


const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** The filters listings and demands share. */
export class MarketSearchQuery extends PageQuery {
  @ApiPropertyOptional({
    description:
      'Free text, English or Khmer (with or without spaces between words), or Khmer in Latin letters ("kbeung"); a product\'s other names find it; misspellings are forgiven ("tille" finds tiles)',
    maxLength: MAX_QUERY_LENGTH,
    example: 'roof tiles',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_QUERY_LENGTH, { message: `q must be at most ${MAX_QUERY_LENGTH} characters` })
  q?: string;

  @ApiPropertyOptional({ example: 'clay_roof_tile', description: 'Product code (GET /products)' })
  @IsOptional()
  @IsString()
  @Matches(CATALOG_CODE_PATTERN, { message: 'productCode must be a product code like clay_roof_tile' })
  productCode?: string;

  @ApiPropertyOptional({ example: 'clay_tiles_bricks', description: 'Value chain code (GET /value-chains)' })
  @IsOptional()
  @IsString()
  @Matches(CATALOG_CODE_PATTERN, { message: 'valueChain must be a value chain code like aquaculture' })
  valueChain?: string;

  @ApiPropertyOptional({ example: 'KH-14' })
  @IsOptional()
  @IsString()
  @IsProvinceCode()
  province?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "One organization's publicly visible rows (its public profile)" })
  @IsOptional()
  @IsUUID('all', { message: 'organizationId must be a UUID' })
  organizationId?: string;

  @ApiPropertyOptional({ example: '11.55,104.92', description: 'A point as lat,lng: adds distanceKm, allows sort=distance and radiusKm' })
  @IsOptional()
  @WesternDigits()
  @IsString()
  @ValidateBy({
    name: 'isNear',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && parseNear(value) !== null,
      defaultMessage: () => 'near must be lat,lng with lat in -90..90 and lng in -180..180, like 11.55,104.92',
    },
  })
  near?: string;

  @ApiPropertyOptional({ minimum: 0.1, maximum: MAX_RADIUS_KM, description: 'Only rows within this distance of near' })
  @IsOptional()
  @NumberFromText()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'radiusKm must be a number' })
  @Min(0.1)
  @Max(MAX_RADIUS_KM)
  radiusKm?: number;

  @ApiPropertyOptional({ example: '500', description: 'At least this quantity (remaining, for listings)' })
  @IsOptional()
  @IsQuantity()
  minQuantity?: string;

  @ApiPropertyOptional({ enum: CURRENCIES, default: 'KHR', description: 'Currency of the price filter' })
  @IsOptional()
  @IsIn(CURRENCIES as unknown as string[], { message: 'currency must be KHR or USD' })
  currency?: Currency;

  @ApiPropertyOptional({ example: 'A', description: 'Exactly this quality grade' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z]{1,3}$/, { message: 'grade must be a grade like A' })
  grade?: string;

  @ApiPropertyOptional({
    enum: SORTS,
    description:
      'Default: relevance with q, else distance with near, else newest. price compares across currencies at the configured rate.',
  })
  @IsOptional()
  @IsIn(SORTS as unknown as string[], { message: `sort must be one of ${SORTS.join(', ')}` })
  sort?: Sort;

  @ApiPropertyOptional({
    description:
      "Only your organizations' rows, in every status (paused, expired, closed too). Needs a token. Without it, only publicly visible rows.",
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'mine must be true or false' })
  mine?: boolean;
}

export const PRICE_FILTER_PATTERN = MONEY_AMOUNT_PATTERN;
