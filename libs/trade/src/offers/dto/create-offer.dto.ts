import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MoneyDto, IsOffsetDateTime } from '@psar/platform';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsObject, IsOptional, IsString, IsUUID, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { IsQuantity } from '@psar/listings';

export const OFFER_KINDS = ['quote', 'order'] as const;
export type OfferKind = (typeof OFFER_KINDS)[number];

/** Lines a cooperative may put in one quote (its member firms). */
export const MAX_OFFER_LINES = 50;

export class OfferLineInputDto {
  @ApiPropertyOptional({ format: 'uuid', description: "The supplying firm's listing the quantity comes from (reserved on accept)" })
  @IsOptional()
  @IsUUID('all', { message: 'listingId must be a UUID' })
  listingId?: string;

  @ApiProperty({ format: 'uuid', description: 'The supplying firm: the quoting organization or, for a cooperative, one of its member firms' })
  @IsUUID('all', { message: 'organizationId must be a UUID' })
  organizationId: string;

  @ApiProperty({ example: '20000' })
  @IsQuantity()
  quantity: string;

  @ApiProperty({ type: MoneyDto, description: 'Price per unit' })
  @IsObject({ message: 'unitPrice must be an object {amount, currency}' })
  @ValidateNested()
  @Type(() => MoneyDto)
  unitPrice: MoneyDto;
}

/** One body for both kinds: `quote` (a seller on a demand) or `order` (a buyer on a listing). */
export class CreateOfferDto {
  @ApiProperty({ enum: OFFER_KINDS })
  @IsIn(OFFER_KINDS as unknown as string[], { message: 'kind must be quote or order' })
  kind: OfferKind;

  @ApiProperty({ format: 'uuid', description: 'The offering organization: the seller for a quote, the buyer for an order' })
  @IsUUID('all', { message: 'organizationId must be a UUID' })
  organizationId: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'quote: the demand quoted on' })
  @ValidateIf((o: CreateOfferDto) => o.kind === 'quote')
  @IsUUID('all', { message: 'demandId must be a UUID' })
  demandId?: string;

  @ApiPropertyOptional({ type: [OfferLineInputDto], description: 'quote: what is offered, by whom' })
  @ValidateIf((o: CreateOfferDto) => o.kind === 'quote')
  @IsArray({ message: 'lines must be an array' })
  @ArrayMinSize(1, { message: 'lines must have at least one line' })
  @ArrayMaxSize(MAX_OFFER_LINES, { message: `lines must have at most ${MAX_OFFER_LINES} lines` })
  @ValidateNested({ each: true })
  @Type(() => OfferLineInputDto)
  lines?: OfferLineInputDto[];

  @ApiPropertyOptional({ example: '2026-03-01T17:00:00+07:00', description: 'quote: delivery promised by (required); order: wished for' })
  @ValidateIf((o: CreateOfferDto) => o.kind === 'quote' || o.deliverBy !== undefined)
  @IsOffsetDateTime()
  deliverBy?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'order: the listing ordered from' })
  @ValidateIf((o: CreateOfferDto) => o.kind === 'order')
  @IsUUID('all', { message: 'listingId must be a UUID' })
  listingId?: string;

  @ApiPropertyOptional({ example: '3000', description: 'order: how much' })
  @ValidateIf((o: CreateOfferDto) => o.kind === 'order')
  @IsQuantity()
  quantity?: string;

  @ApiPropertyOptional({ type: MoneyDto, description: "order: price per unit offered; default the listing's price" })
  @IsOptional()
  @IsObject({ message: 'unitPrice must be an object {amount, currency}' })
  @ValidateNested()
  @Type(() => MoneyDto)
  unitPrice?: MoneyDto;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}
