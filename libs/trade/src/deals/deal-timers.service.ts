import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, Environment, OutboxService, ScheduledJobsService } from '@psar/platform';
import { DataSource, EntityManager } from 'typeorm';
import { MarketPricesService } from '../market-prices/market-prices.service';
import { ReputationService } from '../reviews/reputation.service';
import { DEAL_DELIVERY_DUE } from '../trade-events';
import { statesFrom } from './deal-states';
import { type DealRow, DealsService } from './deals.service';

export const DEAL_DELIVERY_REMINDER_JOB = 'trade.remind-deliveries';
export const DEAL_AUTO_CANCEL_JOB = 'trade.cancel-undelivered-deals';
export const DEAL_AUTO_CONFIRM_JOB = 'trade.confirm-deliveries';

/** Deals one run handles per transaction; a backlog takes several batches of one run. */
const BATCH = 100;

/**
 * The timers that keep a deal from stalling: a reminder to the seller before deliverBy, the
 * cancellation of a deal never delivered, the confirmation of a delivery nobody answered.
 * Each claims its deals with a conditional UPDATE … WHERE status = … RETURNING over rows
 * taken FOR UPDATE SKIP LOCKED, so two runs at once (two replicas, a retry) act once.
 * "Now" comes from the Clock, so tests move time instead of sleeping.
 */
@Injectable()
export class DealTimersService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: ScheduledJobsService,
    private readonly env: Environment,
    private readonly clock: Clock,
    private readonly outbox: OutboxService,
    private readonly deals: DealsService,
    private readonly reputation: ReputationService,
    private readonly prices: MarketPricesService,
  ) {}

  onModuleInit(): void {
    this.jobs.register(DEAL_DELIVERY_REMINDER_JOB, '*/5 * * * *', async () => {
      await this.remindDeliveries();
    });
    this.jobs.register(DEAL_AUTO_CANCEL_JOB, '*/5 * * * *', async () => {
      await this.cancelUndelivered();
    });
    this.jobs.register(DEAL_AUTO_CONFIRM_JOB, '*/5 * * * *', async () => {
      await this.confirmUnanswered();
    });
  }

  /** Reminds the seller of each agreed deal due within DEAL_DELIVERY_REMINDER_HOURS, once (reminded_at). deals_agreed_due_idx. */
  async remindDeliveries(now = this.clock.now()): Promise<string[]> {
    return this.inBatches(async (manager) => {
      const rows = (await manager.query(
        `UPDATE deals SET reminded_at = $1 WHERE id IN (
           SELECT id FROM deals WHERE status = 'agreed' AND reminded_at IS NULL AND deliver_by > $1
             AND deliver_by <= $1::timestamptz + make_interval(hours => $2)
           ORDER BY deliver_by LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
         AND status = 'agreed' AND reminded_at IS NULL RETURNING *`,
        [now, this.env.DEAL_DELIVERY_REMINDER_HOURS],
      )) as [DealRow[], number];
      for (const deal of rows[0]) {
        await this.outbox.record(manager, DEAL_DELIVERY_DUE, { ...(await this.deals.eventPayload(manager, deal)), deliverBy: deal.deliver_by!.toISOString() });
      }
      return rows[0].map((r) => r.id);
    });
  }

  /**
   * Cancels each deal still agreed DEAL_AUTO_CANCEL_DAYS after its deliverBy (or, undated,
   * DEAL_UNDATED_DELIVERY_DAYS after agreement, plus the same grace): quantities back, both
   * sides told, counted late for the seller.
   */
  async cancelUndelivered(now = this.clock.now()): Promise<string[]> {
    const ids = await this.inBatches(async (manager) => {
      const rows = (await manager.query(
        `UPDATE deals SET status = 'cancelled', cancelled_at = $1, cancel_reason = 'not_delivered' WHERE id IN (
           SELECT id FROM deals WHERE status = ANY($4::text[])
             AND coalesce(deliver_by, agreed_at + make_interval(days => $3)) + make_interval(days => $2) <= $1
           ORDER BY deliver_by NULLS LAST LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
         AND status = ANY($4::text[]) RETURNING *`,
        [now, this.env.DEAL_AUTO_CANCEL_DAYS, this.env.DEAL_UNDATED_DELIVERY_DAYS, statesFrom('auto_cancel')],
      )) as [DealRow[], number];
      for (const deal of rows[0]) {
        await this.deals.cancelled(manager, deal, now, { reason: 'not_delivered', automatic: true });
        await this.reputation.recordUpdated(manager, [deal.seller_organization_id]);
      }
      return rows[0].map((r) => r.id);
    });
    return ids;
  }

  /** Confirms each delivery neither confirmed nor disputed DEAL_AUTO_CONFIRM_DAYS after it. A disputed deal is not `delivered`, so never here. deals_delivered_due_idx. */
  async confirmUnanswered(now = this.clock.now()): Promise<string[]> {
    const ids = await this.inBatches(async (manager) => {
      const rows = (await manager.query(
        `UPDATE deals SET status = 'completed', completed_at = $1, completed_by = 'system' WHERE id IN (
           SELECT id FROM deals WHERE status = ANY($3::text[]) AND delivered_at + make_interval(days => $2) <= $1
           ORDER BY delivered_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
         AND status = ANY($3::text[]) RETURNING *`,
        [now, this.env.DEAL_AUTO_CONFIRM_DAYS, statesFrom('auto_confirm')],
      )) as [DealRow[], number];
      for (const deal of rows[0]) await this.deals.completed(manager, deal, { automatic: true });
      return rows[0].map((r) => r.id);
    });
    if (ids.length > 0) this.prices.invalidate();
    return ids;
  }

  private async inBatches(run: (manager: EntityManager) => Promise<string[]>): Promise<string[]> {
    const all: string[] = [];
    for (;;) {
      const ids = await this.dataSource.transaction(run);
      all.push(...ids);
      if (ids.length < BATCH) return all;
    }
  }
}
