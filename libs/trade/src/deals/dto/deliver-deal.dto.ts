import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { IsQuantity } from '@psar/listings';
import { MAX_OFFER_LINES } from '../../offers/dto/create-offer.dto';

export class DeliveredLineInputDto {
  @ApiProperty({ example: 1, minimum: 1, description: "The deal's line, numbered from 1 as the deal shows it" })
  @IsInt({ message: 'lineNo must be a whole number' })
  @Min(1, { message: 'lineNo must be at least 1' })
  @Max(MAX_OFFER_LINES, { message: `lineNo must be at most ${MAX_OFFER_LINES}` })
  lineNo: number;

  @ApiProperty({ example: '96', description: 'What was delivered: within DEAL_DELIVERY_TOLERANCE_PERCENT of the agreed quantity; whole for head and piece' })
  @IsQuantity()
  deliveredQuantity: string;
}

export class DeliverDealDto {
  @ApiPropertyOptional({ type: [DeliveredLineInputDto], description: 'Lines delivered otherwise than agreed; an omitted line was delivered as agreed' })
  @IsOptional()
  @IsArray({ message: 'lines must be an array' })
  @ArrayMaxSize(MAX_OFFER_LINES, { message: `lines must have at most ${MAX_OFFER_LINES} lines` })
  @ValidateNested({ each: true })
  @Type(() => DeliveredLineInputDto)
  lines?: DeliveredLineInputDto[];
}

export class MarkLineDeliveredDto {
  @ApiPropertyOptional({ example: '2950', description: 'What was delivered of this line (omitted: as agreed): within DEAL_DELIVERY_TOLERANCE_PERCENT of the agreed quantity' })
  @IsOptional()
  @IsQuantity()
  deliveredQuantity?: string;
}
