import type { Currency } from '@psar/platform';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const DEMAND_STATUSES = ['open', 'paused', 'fulfilled', 'expired', 'closed'] as const;
export type DemandStatus = (typeof DEMAND_STATUSES)[number];

/** Found by public search (the partial indexes' predicate); the others only with ?mine=true. */
export const SEARCHABLE_DEMAND_STATUS: DemandStatus = 'open';

/** Anyone may open these by id; the others only the owner. */
export const VISIBLE_DEMAND_STATUSES: readonly DemandStatus[] = ['open', 'fulfilled'];

/** A buyer's request: so much of a product, at most this price, delivered there by then. */
@Entity({ name: 'demands' })
export class Demand {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ name: 'product_code', type: 'text' })
  productCode: string;

  @Column({ name: 'value_chain_code', type: 'text' })
  valueChainCode: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ name: 'search_terms', type: 'text', default: '' })
  searchTerms: string;

  /** The description as search indexes it (searchableText: Khmer in words) when that differs; else null. */
  @Column({ name: 'search_description', type: 'text', nullable: true })
  searchDescription: string | null;

  @Column({ type: 'numeric', precision: 14, scale: 3 })
  quantity: string;

  @Column({ type: 'text' })
  unit: string;

  @Column({ name: 'max_price_amount', type: 'numeric', precision: 14, scale: 2, nullable: true })
  maxPriceAmount: string | null;

  @Column({ name: 'max_price_currency', type: 'text', nullable: true })
  maxPriceCurrency: Currency | null;

  @Column({ name: 'quality_grade', type: 'text', nullable: true })
  qualityGrade: string | null;

  @Column({ name: 'grade_rank', type: 'smallint', nullable: true })
  gradeRank: number | null;

  @Column({ name: 'delivery_province_code', type: 'text' })
  deliveryProvinceCode: string;

  @Column({ type: 'double precision' })
  lat: number;

  @Column({ type: 'double precision' })
  lng: number;

  @Column({ name: 'location_precise', type: 'boolean', default: false })
  locationPrecise: boolean;

  @Column({ name: 'needed_by', type: 'timestamptz' })
  neededBy: Date;

  @Column({ name: 'allow_pooled', type: 'boolean', default: true })
  allowPooled: boolean;

  @Column({ type: 'text', default: 'open' })
  status: DemandStatus;

  /** Quote requests that close: no more quotes once this many were received, or after quotesUntil. */
  @Column({ name: 'quotes_wanted', type: 'integer', nullable: true })
  quotesWanted: number | null;

  @Column({ name: 'quotes_until', type: 'timestamptz', nullable: true })
  quotesUntil: Date | null;

  @Column({ name: 'quotes_received', type: 'integer', default: 0 })
  quotesReceived: number;

  @Column({ name: 'quotes_closed_at', type: 'timestamptz', nullable: true })
  quotesClosedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
