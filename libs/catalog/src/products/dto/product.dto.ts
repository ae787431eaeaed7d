import { ApiProperty } from '@nestjs/swagger';
import { UNITS, type Unit } from '../../reference-data/units';
import type { Product } from '../product.entity';

export class ProductDto {
  @ApiProperty({ example: 'clay_roof_tile' })
  code: string;

  @ApiProperty({ description: 'Value chain code', example: 'clay_tiles_bricks' })
  valueChain: string;

  @ApiProperty({ example: 'Clay roof tiles' })
  nameEn: string;

  @ApiProperty({ example: 'ក្បឿងដី' })
  nameKm: string;

  @ApiProperty({ enum: UNITS, example: 'piece' })
  unit: Unit;

  @ApiProperty({ type: [String], description: 'Quality grades, best first; empty if not graded', example: ['A', 'B', 'C'] })
  grades: string[];

  static from(product: Product): ProductDto {
    return {
      code: product.code,
      valueChain: product.valueChainCode,
      nameEn: product.nameEn,
      nameKm: product.nameKm,
      unit: product.unit,
      grades: product.grades,
    };
  }
}

export class ProductListDto {
  @ApiProperty({ type: [ProductDto] })
  items: ProductDto[];
}
