import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsQuantity } from '@psar/listings';
import { IsOffsetDateTime, MoneyDto } from '@psar/platform';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';

/** Producers one pooled order may go to. */
export const MAX_GROUP_LINES = 20;

export class OfferGroupLineInputDto {
  @ApiProperty({ format: 'uuid', description: "A producer's active listing (of another organization than the buyer)" })
  @IsUUID('all', { message: 'listingId must be a UUID' })
  listingId: string;

  @ApiProperty({ example: '15000', description: 'How much is ordered from this listing' })
  @IsQuantity()
  quantity: string;

  @ApiPropertyOptional({ type: MoneyDto, description: "Price per unit offered; default the listing's price" })
  @IsOptional()
  @IsObject({ message: 'unitPrice must be an object {amount, currency}' })
  @ValidateNested()
  @Type(() => MoneyDto)
  unitPrice?: MoneyDto;
}

export class CreateOfferGroupDto {
  @ApiProperty({ format: 'uuid', description: 'The buying organization' })
  @IsUUID('all', { message: 'organizationId must be a UUID' })
  organizationId: string;

  @ApiPropertyOptional({ format: 'uuid', description: "The buyer's own open demand the pooled match was found for: its quantity is the group's target" })
  @IsOptional()
  @IsUUID('all', { message: 'demandId must be a UUID' })
  demandId?: string;

  @ApiProperty({ type: [OfferGroupLineInputDto], description: `One order per line, each to its listing's producer: 1 to ${MAX_GROUP_LINES} distinct listings of one product` })
  @IsArray({ message: 'lines must be an array' })
  @ArrayMinSize(1, { message: 'lines must have at least one line' })
  @ArrayMaxSize(MAX_GROUP_LINES, { message: `lines must have at most ${MAX_GROUP_LINES} lines` })
  @ValidateNested({ each: true })
  @Type(() => OfferGroupLineInputDto)
  lines: OfferGroupLineInputDto[];

  @ApiPropertyOptional({ example: '2026-03-01T17:00:00+07:00', description: "Delivery wished for, on every order; default the demand's neededBy" })
  @IsOptional()
  @IsOffsetDateTime()
  deliverBy?: string;

  @ApiPropertyOptional({ maxLength: 2000, description: 'A note on every order' })
  @IsOptional()
  @IsString({ message: 'note must be a string' })
  @MaxLength(2000, { message: 'note must be at most 2000 characters' })
  note?: string;
}

/** A line added to a pooled order, typically the next-best listing of the match when a producer declined. */
export class AddOfferGroupLineDto extends OfferGroupLineInputDto {}
