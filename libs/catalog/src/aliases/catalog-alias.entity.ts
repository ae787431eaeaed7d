import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Another name for a product or a whole value chain (reference-data/aliases.ts). */
@Entity({ name: 'catalog_aliases' })
export class CatalogAlias {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'text' })
  alias: string;

  @Column({ name: 'product_code', type: 'text', nullable: true })
  productCode: string | null;

  @Column({ name: 'value_chain_code', type: 'text', nullable: true })
  valueChainCode: string | null;

  @Column({ type: 'text' })
  kind: 'en' | 'km' | 'romanised';
}
