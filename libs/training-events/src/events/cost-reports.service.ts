import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OrganizationAccessService } from '@psar/identity';
import { ValidationProblem } from '@psar/platform';
import { DataSource } from 'typeorm';
import { CAMBODIA_ZONE, parseDateBound } from '../trainings/cambodia-time';
import { TrainingsService } from '../trainings/trainings.service';
import type { CostTotalsDto, EventCostReportDto, OrganizerCostReportDto, OrganizerCostReportQuery } from './dto/cost-report.dto';

interface TotalsRow {
  currency: 'KHR' | 'USD';
  registrations: number;
  seats: number;
  sponsored: string;
  participant_share: string;
  paid: string;
  waived: string;
  due: string;
}

// Sums in numeric, in the database: exact, and the decimal strings come back as they are.
const TOTALS = `r.amount_currency AS currency, count(*)::int AS registrations, sum(r.seats)::int AS seats,
  sum(r.amount_sponsored)::numeric(16, 2)::text AS sponsored, sum(r.amount_due)::numeric(16, 2)::text AS participant_share,
  coalesce(sum(r.amount_due) FILTER (WHERE r.payment_status = 'paid'), 0)::numeric(16, 2)::text AS paid,
  coalesce(sum(r.amount_due) FILTER (WHERE r.payment_status = 'waived'), 0)::numeric(16, 2)::text AS waived,
  coalesce(sum(r.amount_due) FILTER (WHERE r.payment_status = 'due'), 0)::numeric(16, 2)::text AS due`;

function toTotals(r: TotalsRow): CostTotalsDto {
  const money = (amount: string) => ({ amount, currency: r.currency });
  const cents = (amount: string) => BigInt(amount.replace('.', ''));
  const paid = cents(r.paid);
  const carried = paid + cents(r.sponsored);
  return {
    currency: r.currency,
    registrations: r.registrations,
    seats: r.seats,
    cost: money(formatCents(cents(r.sponsored) + cents(r.participant_share))),
    sponsored: money(r.sponsored),
    participantShare: money(r.participant_share),
    paid: money(r.paid),
    waived: money(r.waived),
    due: money(r.due),
    // A ratio for a chart, not money: one decimal is enough.
    paidPercent: carried === 0n ? null : Number((paid * 1000n + carried / 2n) / carried) / 10,
  };
}

function formatCents(c: bigint): string {
  return `${c / 100n}.${(c % 100n).toString().padStart(2, '0')}`;
}

/**
 * How much participants paid against what sponsors covered: per event, and per organizer
 * month by month, the seed's measure of sustainability (participants carrying a growing
 * share). Confirmed registrations of events with a cost; the organizer's people only.
 */
@Injectable()
export class CostReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: OrganizationAccessService,
    private readonly trainings: TrainingsService,
  ) {}

  async forEvent(userId: string, eventId: string): Promise<EventCostReportDto> {
    const event = await this.trainings.manageable(userId, eventId, 'member');
    const rows = (await this.dataSource.query(
      `SELECT ${TOTALS} FROM training_registrations r
       WHERE r.training_id = $1 AND r.status = 'confirmed' AND r.amount_currency IS NOT NULL
       GROUP BY r.amount_currency ORDER BY r.amount_currency`,
      [event.id],
    )) as TotalsRow[];
    return { eventId: event.id, totals: rows.map(toTotals) };
  }

  async forOrganizer(userId: string, query: OrganizerCostReportQuery): Promise<OrganizerCostReportDto> {
    await this.access.assertCanAct(userId, query.organizationId, { private: true });
    const from = query.from ? parseDateBound(query.from) : null;
    const to = query.to ? parseDateBound(query.to, true) : null;
    if (from && to && to <= from) throw new ValidationProblem([{ field: 'to', message: 'to must be after from' }]);
    const rows = (await this.dataSource.query(
      `SELECT to_char(s.starts_at AT TIME ZONE $2, 'YYYY-MM') AS month, ${TOTALS}
       FROM training_registrations r
       JOIN training_sessions s ON s.id = r.session_id
       JOIN trainings t ON t.id = r.training_id
       WHERE t.organization_id = $1 AND r.status = 'confirmed' AND r.amount_currency IS NOT NULL
         AND ($3::timestamptz IS NULL OR s.starts_at >= $3) AND ($4::timestamptz IS NULL OR s.starts_at < $4)
       GROUP BY 1, r.amount_currency ORDER BY 1, r.amount_currency`,
      [query.organizationId, CAMBODIA_ZONE, from, to],
    )) as Array<TotalsRow & { month: string }>;
    return { organizationId: query.organizationId, months: rows.map((r) => ({ month: r.month, ...toTotals(r) })) };
  }
}
