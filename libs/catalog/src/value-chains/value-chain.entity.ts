import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ValueChainKind } from '../reference-data/value-chains';

@Entity({ name: 'value_chains' })
export class ValueChain {
  @PrimaryColumn({ type: 'text' })
  code: string;

  @Column({ name: 'name_en', type: 'text' })
  nameEn: string;

  @Column({ name: 'name_km', type: 'text' })
  nameKm: string;

  @Column({ type: 'text' })
  kind: ValueChainKind;
}
