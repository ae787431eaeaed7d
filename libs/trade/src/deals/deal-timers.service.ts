import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OrganizationAccessService } from '@psar/identity';
import { Clock, Environment, OutboxService, ScheduledJobsService } from '@psar/platform';
import { DataSource, EntityManager } from 'typeorm';
import { MarketPricesService } from '../market-prices/market-prices.service';
import { ReputationService } from '../reviews/reputation.service';
import { DEAL_DELIVERY_DUE, DEAL_DISPUTE_ESCALATED } from '../trade-events';
import { statesFrom } from './deal-states';
import { type DealRow, DealsService } from './deals.service';

export const DEAL_DELIVERY_REMINDER_JOB = 'trade.remind-deliveries';
export const DEAL_AUTO_CANCEL_JOB = 'trade.cancel-undelivered-deals';
export const DEAL_AUTO_CONFIRM_JOB = 'trade.confirm-deliveries';
export const DEAL_DISPUTE_ESCALATION_JOB = 'trade.escalate-disputes';

/** Deals one run handles per transaction; a backlog takes several batches of one run. */
const BATCH = 100;

/**
 * The states each timer starts from, from the state machine, written into the SQL as
 * literals (our own constants) so the planner can use the partial indexes (WHERE status = …).
 */
const sqlStates = (states: string[]) => states.map((s) => `'${s.replace(/[^a-z_]/g, '')}'`).join(', ');
const AUTO_CANCEL_FROM = sqlStates(statesFrom('auto_cancel'));
const AUTO_CONFIRM_FROM = sqlStates(statesFrom('auto_confirm'));

/**
 * The timers that keep a deal from stalling: a reminder to the seller before deliverBy, the
 * cancellation of a deal never delivered, the confirmation of a delivery nobody answered, and
 * platform admins called to a dispute the sides did not settle.
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
    private readonly access: OrganizationAccessService,
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
    this.jobs.register(DEAL_DISPUTE_ESCALATION_JOB, '*/30 * * * *', async () => {
      await this.escalateDisputes();
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
   * sides told, counted late for the seller. Scans agreed deals only (deals_agreed_due_idx, or deals_agreed_undated_idx as a BitmapOr once there are many).
   */
  async cancelUndelivered(now = this.clock.now()): Promise<string[]> {
    const ids = await this.inBatches(async (manager) => {
      const rows = (await manager.query(
        `UPDATE deals SET status = 'cancelled', cancelled_at = $1, cancel_reason = 'not_delivered' WHERE id IN (
           SELECT id FROM deals WHERE status IN (${AUTO_CANCEL_FROM})
             AND ((deliver_by IS NOT NULL AND deliver_by <= $1::timestamptz - make_interval(days => $2))
               OR (deliver_by IS NULL AND agreed_at <= $1::timestamptz - make_interval(days => $2 + $3)))
           LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
         AND status IN (${AUTO_CANCEL_FROM}) RETURNING *`,
        [now, this.env.DEAL_AUTO_CANCEL_DAYS, this.env.DEAL_UNDATED_DELIVERY_DAYS],
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
           SELECT id FROM deals WHERE status IN (${AUTO_CONFIRM_FROM}) AND delivered_at <= $1::timestamptz - make_interval(days => $2)
           ORDER BY delivered_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
         AND status IN (${AUTO_CONFIRM_FROM}) RETURNING *`,
        [now, this.env.DEAL_AUTO_CONFIRM_DAYS],
      )) as [DealRow[], number];
      for (const deal of rows[0]) await this.deals.completed(manager, deal, { automatic: true });
      return rows[0].map((r) => r.id);
    });
    if (ids.length > 0) this.prices.invalidate();
    return ids;
  }

  /**
   * Asks the platform admins to decide each dispute still open DEAL_DISPUTE_ESCALATION_DAYS
   * after it was opened, once (escalated_at). The deal stays disputed. deal_disputes_open_idx.
   */
  async escalateDisputes(now = this.clock.now()): Promise<string[]> {
    return this.inBatches(async (manager) => {
      const rows = (await manager.query(
        `UPDATE deal_disputes SET escalated_at = $1 WHERE deal_id IN (
           SELECT deal_id FROM deal_disputes WHERE outcome IS NULL AND escalated_at IS NULL AND opened_at <= $1::timestamptz - make_interval(days => $2)
           ORDER BY opened_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
         AND outcome IS NULL AND escalated_at IS NULL RETURNING deal_id`,
        [now, this.env.DEAL_DISPUTE_ESCALATION_DAYS],
      )) as [Array<{ deal_id: string }>, number];
      if (rows[0].length === 0) return [];
      const admins = await this.access.adminUserIds(manager);
      const deals = (await manager.query(`SELECT * FROM deals WHERE id = ANY($1::uuid[]) AND status IN (${sqlStates(statesFrom('escalate'))})`, [
        rows[0].map((r) => r.deal_id),
      ])) as DealRow[];
      for (const deal of deals) {
        await this.outbox.record(manager, DEAL_DISPUTE_ESCALATED, { ...(await this.deals.eventPayload(manager, deal)), adminUserIds: admins });
      }
      return rows[0].map((r) => r.deal_id);
    });
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
