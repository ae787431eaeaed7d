import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OutboxService, ScheduledJobsService } from '@psar/platform';
import { DataSource } from 'typeorm';
import { DEMAND_EXPIRED, type DemandExpiredPayload, LISTING_EXPIRED, type ListingExpiredPayload } from '../market-events';
import { MarketCatalog } from '../market/market-catalog.service';
import { normalizeQuantity } from '../quantity/quantity';

export const EXPIRY_JOB = 'listings.expire';
const EXPIRY_CRON = '*/10 * * * *';
/** Rows per transaction, so one run never holds many locks for long. */
const BATCH = 500;

/**
 * Listings past availableUntil and demands past neededBy become expired, and their owners
 * are told (an outbox event per row, in the transaction that expires it). Safe to run
 * twice at once: rows are claimed with SKIP LOCKED and only unexpired ones change.
 */
@Injectable()
export class ExpiryService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: ScheduledJobsService,
    private readonly outbox: OutboxService,
    private readonly catalog: MarketCatalog,
  ) {}

  onModuleInit(): void {
    this.jobs.register(EXPIRY_JOB, EXPIRY_CRON, async () => {
      await this.expireDue();
    });
  }

  async expireDue(): Promise<{ listings: number; demands: number }> {
    const drain = async (batch: () => Promise<number>) => {
      let total = 0;
      let expired: number;
      do {
        expired = await batch();
        total += expired;
      } while (expired === BATCH);
      return total;
    };
    return { listings: await drain(() => this.expireListings()), demands: await drain(() => this.expireDemands()) };
  }

  /** listings_expiry_idx */
  private expireListings(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = (await manager.query(
        `WITH due AS (
           SELECT id FROM listings
           WHERE status IN ('active', 'paused', 'sold_out') AND available_until IS NOT NULL AND available_until <= now()
           ORDER BY available_until LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
         UPDATE listings l SET status = 'expired', updated_at = now() FROM due WHERE l.id = due.id
         RETURNING l.id, l.organization_id, l.product_code, l.title`,
      )) as [Array<{ id: string; organization_id: string; product_code: string; title: string }>, number];
      for (const r of rows[0]) {
        const payload: ListingExpiredPayload = { listingId: r.id, organizationId: r.organization_id, productCode: r.product_code, title: r.title };
        await this.outbox.record(manager, LISTING_EXPIRED, payload);
      }
      return rows[0].length;
    });
  }

  /** demands_expiry_idx */
  private expireDemands(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = (await manager.query(
        `WITH due AS (
           SELECT id FROM demands WHERE status IN ('open', 'paused') AND needed_by <= now()
           ORDER BY needed_by LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
         UPDATE demands d SET status = 'expired', updated_at = now() FROM due WHERE d.id = due.id
         RETURNING d.id, d.organization_id, d.product_code, d.quantity, d.unit`,
      )) as [Array<{ id: string; organization_id: string; product_code: string; quantity: string; unit: string }>, number];
      for (const r of rows[0]) {
        const product = await this.catalog.product(r.product_code);
        const payload: DemandExpiredPayload = {
          demandId: r.id,
          organizationId: r.organization_id,
          productCode: r.product_code,
          productName: product?.nameEn ?? r.product_code,
          quantity: normalizeQuantity(r.quantity),
          unit: r.unit,
        };
        await this.outbox.record(manager, DEMAND_EXPIRED, payload);
      }
      return rows[0].length;
    });
  }
}
