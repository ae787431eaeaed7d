import type { Currency } from '@psar/platform';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const LISTING_STATUSES = ['active', 'paused', 'sold_out', 'expired', 'closed'] as const;
export type ListingStatus = (typeof LISTING_STATUSES)[number];

/** Found by public search (the partial indexes' predicate); the others only with ?mine=true. */
export const SEARCHABLE_LISTING_STATUS: ListingStatus = 'active';

/** Anyone may open these by id (a sold-out listing stays on record); the others only the owner. */
export const VISIBLE_LISTING_STATUSES: readonly ListingStatus[] = ['active', 'sold_out'];

/**
 * Supply offered by a selling organization. Quantities are numeric(14,3) and money
 * numeric(14,2), read as decimal strings. `quantityRemaining` is what is left after
 * reservations: `0 <= quantityRemaining <= quantity`, enforced by a CHECK.
 * The tsvector and the earth point are generated columns, not mapped here.
 */
@Entity({ name: 'listings' })
export class Listing {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  /** The agent who posted it for the seller, with the producer's consent; null when the seller did. */
  @Column({ name: 'agent_organization_id', type: 'uuid', nullable: true })
  agentOrganizationId: string | null;

  @Column({ name: 'acted_by_user_id', type: 'uuid', nullable: true })
  actedByUserId: string | null;

  @Column({ name: 'product_code', type: 'text' })
  productCode: string;

  @Column({ name: 'value_chain_code', type: 'text' })
  valueChainCode: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ name: 'search_terms', type: 'text', default: '' })
  searchTerms: string;

  /** The title as search indexes it (searchableText: Khmer in words) when that differs; else null. */
  @Column({ name: 'search_title', type: 'text', nullable: true })
  searchTitle: string | null;

  @Column({ name: 'search_description', type: 'text', nullable: true })
  searchDescription: string | null;

  @Column({ type: 'numeric', precision: 14, scale: 3 })
  quantity: string;

  @Column({ name: 'quantity_remaining', type: 'numeric', precision: 14, scale: 3 })
  quantityRemaining: string;

  @Column({ name: 'min_order_quantity', type: 'numeric', precision: 14, scale: 3, nullable: true })
  minOrderQuantity: string | null;

  @Column({ type: 'text' })
  unit: string;

  @Column({ name: 'price_amount', type: 'numeric', precision: 14, scale: 2 })
  priceAmount: string;

  @Column({ name: 'price_currency', type: 'text' })
  priceCurrency: Currency;

  @Column({ name: 'quality_grade', type: 'text', nullable: true })
  qualityGrade: string | null;

  @Column({ name: 'grade_rank', type: 'smallint', nullable: true })
  gradeRank: number | null;

  @Column({ name: 'province_code', type: 'text' })
  provinceCode: string;

  @Column({ type: 'double precision' })
  lat: number;

  @Column({ type: 'double precision' })
  lng: number;

  @Column({ name: 'location_precise', type: 'boolean', default: false })
  locationPrecise: boolean;

  @Column({ name: 'available_from', type: 'timestamptz' })
  availableFrom: Date;

  @Column({ name: 'available_until', type: 'timestamptz', nullable: true })
  availableUntil: Date | null;

  @Column({ type: 'text', default: 'active' })
  status: ListingStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
