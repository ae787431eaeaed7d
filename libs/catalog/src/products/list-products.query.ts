import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { CATALOG_CODE_PATTERN } from '../catalog-code';

export class ListProductsQuery {
  @ApiPropertyOptional({ description: 'Only products of this value chain', example: 'swine' })
  @IsOptional()
  @IsString()
  @Matches(CATALOG_CODE_PATTERN, { message: 'valueChain must be a value chain code (lowercase letters and _)' })
  valueChain?: string;
}
