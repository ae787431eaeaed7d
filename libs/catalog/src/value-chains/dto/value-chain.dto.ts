import { ApiProperty } from '@nestjs/swagger';
import { VALUE_CHAIN_KINDS, type ValueChainKind } from '../../reference-data/value-chains';
import type { ValueChain } from '../value-chain.entity';

export class ValueChainDto {
  @ApiProperty({ example: 'clay_tiles_bricks' })
  code: string;

  @ApiProperty({ example: 'Clay roof tiles and bricks' })
  nameEn: string;

  @ApiProperty({ example: 'ក្បឿង និងឥដ្ឋ' })
  nameKm: string;

  @ApiProperty({
    enum: VALUE_CHAIN_KINDS,
    description: '`product`: sold by producers; `input`: sold by input suppliers to producers',
  })
  kind: ValueChainKind;

  static from(valueChain: ValueChain): ValueChainDto {
    return { code: valueChain.code, nameEn: valueChain.nameEn, nameKm: valueChain.nameKm, kind: valueChain.kind };
  }
}

export class ValueChainListDto {
  @ApiProperty({ type: [ValueChainDto] })
  items: ValueChainDto[];
}
