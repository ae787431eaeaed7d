import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class ListProductsQuery {
  @ApiPropertyOptional({ description: 'Only products of this value chain', example: 'swine' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(/^[a-z_]+$/, { message: 'valueChain must be a value chain code (lowercase letters and _)' })
  valueChain?: string;
}
