import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Unit } from '../reference-data/units';
import { ValueChain } from '../value-chains/value-chain.entity';

@Entity({ name: 'products' })
export class Product {
  @PrimaryColumn({ type: 'text' })
  code: string;

  @Column({ name: 'value_chain_code', type: 'text' })
  valueChainCode: string;

  @ManyToOne(() => ValueChain, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'value_chain_code', referencedColumnName: 'code' })
  valueChain?: ValueChain;

  @Column({ name: 'name_en', type: 'text' })
  nameEn: string;

  @Column({ name: 'name_km', type: 'text' })
  nameKm: string;

  @Column({ type: 'text' })
  unit: Unit;

  /** Best first. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  grades: string[];
}
