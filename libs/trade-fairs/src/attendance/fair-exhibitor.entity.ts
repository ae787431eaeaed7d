import type { Currency } from '@psar/platform';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** An organization that asked for a stall at a fair; holds the sales it reported there. */
@Entity({ name: 'fair_exhibitors' })
export class FairExhibitor {
  @PrimaryColumn({ name: 'fair_id', type: 'uuid' })
  fairId: string;

  @PrimaryColumn({ name: 'exhibitor_id', type: 'uuid' })
  exhibitorId: string;

  @Column({ name: 'reported_sales_amount', type: 'numeric', nullable: true })
  reportedSalesAmount: string | null;

  @Column({ name: 'reported_sales_currency', type: 'text', nullable: true })
  reportedSalesCurrency: Currency | null;

  @Column({ name: 'reported_sales_at', type: 'timestamptz', nullable: true })
  reportedSalesAt: Date | null;

  @Column({ name: 'reported_by', type: 'uuid', nullable: true })
  reportedBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
