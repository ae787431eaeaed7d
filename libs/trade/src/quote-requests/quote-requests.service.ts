import { HttpStatus, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { MarketCatalog } from '@psar/listings';
import { OutboxService, ProblemException, ScheduledJobsService } from '@psar/platform';
import { DataSource, EntityManager } from 'typeorm';
import { DEMAND_QUOTES_CLOSED, type DemandQuotesClosedPayload } from '../trade-events';

export const QUOTE_REQUESTS_CLOSE_JOB = 'trade.close-quote-requests';
const CLOSE_CRON = '*/5 * * * *';
const CLOSE_BATCH = 500;

/** The quote limits of a demand, read under its row lock. */
export interface QuoteLimitsRow {
  id: string;
  organization_id: string;
  product_code: string;
  quotes_wanted: number | null;
  quotes_until: Date | null;
  quotes_received: number;
  quotes_closed_at: Date | null;
}

/**
 * Quote requests that close (IndiaMART closes a buy request after 10 responses): a demand
 * takes quotes until it has quotesWanted of them or quotesUntil passes; then the buyer is told,
 * once. The count and the date are checked under the demand's row lock, and the CHECK
 * demands_quotes_received stands behind them.
 */
@Injectable()
export class QuoteRequestsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly jobs: ScheduledJobsService,
    private readonly catalog: MarketCatalog,
  ) {}

  onModuleInit(): void {
    this.jobs.register(QUOTE_REQUESTS_CLOSE_JOB, CLOSE_CRON, async () => {
      await this.closeDue();
    });
  }

  /** 409 when the demand (locked by the caller) takes no more quotes. */
  assertTakesQuotes(demand: QuoteLimitsRow): void {
    if (demand.quotes_closed_at || (demand.quotes_wanted !== null && demand.quotes_received >= demand.quotes_wanted)) {
      throw new ProblemException(
        HttpStatus.CONFLICT,
        'quotes-closed',
        demand.quotes_wanted !== null && demand.quotes_received >= demand.quotes_wanted
          ? `This demand wanted ${demand.quotes_wanted} quotes and has them; it takes no more`
          : `This demand took quotes until ${demand.quotes_until?.toISOString()}; it takes no more`,
      );
    }
    if (demand.quotes_until && demand.quotes_until <= new Date()) {
      throw new ProblemException(HttpStatus.CONFLICT, 'quotes-closed', `This demand took quotes until ${demand.quotes_until.toISOString()}; it takes no more`);
    }
  }

  /** Counts a quote taken, in the quote's transaction; the one that reaches quotesWanted closes the request and tells the buyer. */
  async recordQuote(manager: EntityManager, demandId: string): Promise<void> {
    const [row] = (await manager.query(
      `UPDATE demands SET quotes_received = quotes_received + 1,
         quotes_closed_at = CASE WHEN quotes_received + 1 >= quotes_wanted THEN now() ELSE quotes_closed_at END
       WHERE id = $1
       RETURNING id, organization_id, product_code, quotes_wanted, quotes_until, quotes_received, quotes_closed_at`,
      [demandId],
    )) as [QuoteLimitsRow[], number];
    const demand = row[0]!;
    if (demand.quotes_closed_at) await this.tellBuyer(manager, demand, 'wanted');
  }

  /** Requests whose quotesUntil passed: closed, and their buyers told; safe to run twice at once (SKIP LOCKED, closed once). */
  async closeDue(): Promise<number> {
    let total = 0;
    for (;;) {
      const closed = await this.dataSource.transaction(async (manager) => {
        const rows = (await manager.query(
          `UPDATE demands SET quotes_closed_at = now()
           WHERE id IN (SELECT id FROM demands WHERE quotes_until IS NOT NULL AND quotes_closed_at IS NULL AND quotes_until <= now()
                        ORDER BY quotes_until LIMIT ${CLOSE_BATCH} FOR UPDATE SKIP LOCKED)
           RETURNING id, organization_id, product_code, quotes_wanted, quotes_until, quotes_received, quotes_closed_at, status`,
        )) as [Array<QuoteLimitsRow & { status: string }>, number];
        // A paused, closed or fulfilled demand is no news to its buyer.
        for (const demand of rows[0]) if (demand.status === 'open') await this.tellBuyer(manager, demand, 'until');
        return rows[1];
      });
      total += closed;
      if (closed < CLOSE_BATCH) return total;
    }
  }

  private async tellBuyer(manager: EntityManager, demand: QuoteLimitsRow, reason: 'wanted' | 'until'): Promise<void> {
    const product = await this.catalog.product(demand.product_code);
    const payload: DemandQuotesClosedPayload = {
      demandId: demand.id,
      organizationId: demand.organization_id,
      productName: product?.nameEn ?? demand.product_code,
      quotesReceived: demand.quotes_received,
      quotesWanted: demand.quotes_wanted,
      reason,
    };
    await this.outbox.record(manager, DEMAND_QUOTES_CLOSED, payload);
  }
}
