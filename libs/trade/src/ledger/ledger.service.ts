import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { MarketCatalog } from '@psar/listings';
import { OrganizationAccessService } from '@psar/identity';
import { csvDocument, Environment, type Currency, type FieldError, ProblemException, ValidationProblem } from '@psar/platform';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import type {
  CreateLedgerEntryDto,
  LedgerCustomerDto,
  LedgerDto,
  LedgerLineDto,
  LedgerLineKind,
  LedgerMonthDto,
  LedgerProductDto,
  LedgerQuery,
} from './dto/ledger.dto';

const ZONE = 'Asia/Phnom_Penh';
/** A period longer than this is refused: a ledger is read by the month and the year. */
const MAX_DAYS = 3 * 366;
const BEST_CUSTOMERS = 10;

interface LineRow {
  id: string;
  source: 'deal' | 'own';
  kind: LedgerLineKind;
  day: string;
  counterpart_id: string | null;
  counterpart_name: string | null;
  product_code: string | null;
  description: string | null;
  quantity: string | null;
  unit: string | null;
  amount: string;
  currency: Currency;
  amount_khr: string;
}

/**
 * Every line of an organization's ledger in a period: its sales and purchases on Psar (each
 * deal delivered or completed in the period, on the day it was delivered, at the quantities
 * delivered, summed over the deal's lines that are the organization's: a member firm's own lines of a cooperative's
 * deal are its sales), and its own entries. Amounts in their currency and in whole riel.
 * $1 organization, $2 first day, $3 last day, $4 KHR per USD.
 */
const LEDGER_LINES_SQL = `
  WITH period AS (
    SELECT ($2::date)::timestamp AT TIME ZONE '${ZONE}' AS starts, ($3::date + 1)::timestamp AT TIME ZONE '${ZONE}' AS ends
  ),
  traded AS (
    SELECT d.id, 'deal' AS source, 'sale' AS kind, d.delivered_at, d.buyer_organization_id AS counterpart_id,
           d.product_code, sum(coalesce(l.delivered_quantity, l.quantity)) AS quantity, d.unit, sum(coalesce(l.delivered_quantity, l.quantity) * l.unit_price_amount) AS amount, l.unit_price_currency AS currency
    FROM deals d JOIN deal_lines l ON l.deal_id = d.id, period p
    WHERE l.organization_id = $1 AND d.buyer_organization_id <> $1 AND d.status IN ('delivered', 'completed')
      AND d.delivered_at >= p.starts AND d.delivered_at < p.ends
    GROUP BY d.id, l.unit_price_currency
    UNION ALL
    SELECT d.id, 'deal', 'purchase', d.delivered_at, d.seller_organization_id,
           d.product_code, sum(coalesce(l.delivered_quantity, l.quantity)), d.unit, sum(coalesce(l.delivered_quantity, l.quantity) * l.unit_price_amount), l.unit_price_currency
    FROM deals d JOIN deal_lines l ON l.deal_id = d.id, period p
    WHERE d.buyer_organization_id = $1 AND d.status IN ('delivered', 'completed')
      AND d.delivered_at >= p.starts AND d.delivered_at < p.ends
    GROUP BY d.id, l.unit_price_currency
  ),
  lines AS (
    SELECT t.id, t.source, t.kind, to_char(t.delivered_at AT TIME ZONE '${ZONE}', 'YYYY-MM-DD') AS day, t.delivered_at AS at,
           t.counterpart_id, o.name AS counterpart_name, t.product_code, NULL::text AS description,
           t.quantity, t.unit, round(t.amount, CASE t.currency WHEN 'KHR' THEN 0 ELSE 2 END) AS amount, t.currency
    FROM traded t JOIN organizations o ON o.id = t.counterpart_id
    UNION ALL
    SELECT e.id, 'own', e.kind, to_char(e.entry_date, 'YYYY-MM-DD'), e.created_at,
           NULL, e.counterpart, e.product_code, e.description, NULL, NULL, e.amount, e.currency
    FROM ledger_entries e
    WHERE e.organization_id = $1 AND e.entry_date BETWEEN $2::date AND $3::date
  )
  SELECT id, source, kind, day, counterpart_id, counterpart_name, product_code, description,
         CASE WHEN quantity IS NULL THEN NULL ELSE trim_scale(quantity)::text END AS quantity, unit,
         to_char(amount, CASE currency WHEN 'KHR' THEN 'FM9999999999990' ELSE 'FM9999999999990.00' END) AS amount, currency,
         (CASE currency WHEN 'USD' THEN round(amount * $4::numeric) ELSE amount END)::bigint::text AS amount_khr
  FROM lines
  ORDER BY day DESC, at DESC, id`;

/** Sums of whole riel: exact, whatever the number of lines. */
const riel = (values: Iterable<string>) => {
  let sum = 0n;
  for (const v of values) sum += BigInt(v);
  return sum;
};

/**
 * A producer's sales and purchases ledger (issue: the seed's business-skills courses teach
 * producers to keep one): built from its deals, with its own costs and off-platform sales,
 * by month, by product and by customer; private to the organization's members.
 */
@Injectable()
export class LedgerService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: OrganizationAccessService,
    private readonly catalog: MarketCatalog,
    private readonly env: Environment,
  ) {}

  async ledger(userId: string, organizationId: string, query: LedgerQuery): Promise<LedgerDto> {
    await this.access.assertCanAct(userId, organizationId, { private: true, field: 'id' });
    const { from, to } = this.period(query);
    const rows = (await this.dataSource.query(LEDGER_LINES_SQL, [organizationId, from, to, this.env.KHR_PER_USD])) as LineRow[];
    const lines = rows.map(toLineDto);
    const sum = (kind: LedgerLineKind, of: LineRow[] = rows) => riel(of.filter((r) => r.kind === kind).map((r) => r.amount_khr));
    const margin = (of: LineRow[]) => sum('sale', of) - sum('purchase', of) - sum('cost', of);
    return {
      organizationId,
      from,
      to,
      khrPerUsd: this.env.KHR_PER_USD,
      lines,
      months: months(from, to).map((month): LedgerMonthDto => {
        const of = rows.filter((r) => r.day.startsWith(month));
        return { month, sales: String(sum('sale', of)), purchases: String(sum('purchase', of)), costs: String(sum('cost', of)), margin: String(margin(of)) };
      }),
      products: products(rows),
      bestCustomers: bestCustomers(rows),
      totals: { sales: String(sum('sale')), purchases: String(sum('purchase')), costs: String(sum('cost')), margin: String(margin(rows)) },
    };
  }

  async csv(userId: string, organizationId: string, query: LedgerQuery): Promise<{ filename: string; body: string }> {
    const ledger = await this.ledger(userId, organizationId, query);
    const body = csvDocument([
      ['Date', 'Kind', 'Source', 'Counterpart', 'Product', 'Description', 'Quantity', 'Unit', 'Amount', 'Currency', 'Amount (KHR)'],
      ...ledger.lines.map((l) => [
        l.date,
        l.kind,
        l.source,
        l.counterpart.name ?? '',
        l.productCode ?? '',
        l.description ?? '',
        l.quantity ?? '',
        l.unit ?? '',
        l.amount.amount,
        l.amount.currency,
        l.amountKhr,
      ]),
      [],
      ['Month', 'Sales (KHR)', 'Purchases (KHR)', 'Costs (KHR)', 'Margin (KHR)'],
      ...ledger.months.map((m) => [m.month, m.sales, m.purchases, m.costs, m.margin]),
      ['Total', ledger.totals.sales, ledger.totals.purchases, ledger.totals.costs, ledger.totals.margin],
    ]);
    return { filename: `ledger-${ledger.from}-${ledger.to}.csv`, body };
  }

  async addEntry(userId: string, organizationId: string, dto: CreateLedgerEntryDto): Promise<LedgerLineDto> {
    await this.access.assertCanAct(userId, organizationId, { private: true, field: 'id' });
    const errors: FieldError[] = [];
    if (dto.productCode && !(await this.catalog.product(dto.productCode))) errors.push({ field: 'productCode', message: `no product has the code ${dto.productCode}` });
    if (dto.amount.currency === 'KHR' && !/^\d+(\.0+)?$/.test(dto.amount.amount)) errors.push({ field: 'amount.amount', message: 'riel amounts are whole numbers' });
    if (!/[1-9]/.test(dto.amount.amount)) errors.push({ field: 'amount.amount', message: 'amount must be more than 0' });
    if (errors.length) throw new ValidationProblem(errors);
    const [row] = (await this.dataSource.query(
      `INSERT INTO ledger_entries (organization_id, kind, entry_date, description, product_code, counterpart, amount, currency, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [organizationId, dto.kind, dto.date, dto.description.trim(), dto.productCode ?? null, dto.counterpart?.trim() || null, dto.amount.amount, dto.amount.currency, userId],
    )) as Array<{ id: string }>;
    const ledger = await this.ledger(userId, organizationId, { from: dto.date, to: dto.date });
    return ledger.lines.find((l) => l.id === row!.id)!;
  }

  /** An own entry entered by mistake; deals' lines are not the ledger's to remove. */
  async removeEntry(userId: string, organizationId: string, entryId: string): Promise<void> {
    await this.access.assertCanAct(userId, organizationId, { private: true, field: 'id' });
    // TypeORM answers a DELETE with [rows, count].
    const [removed] = (await this.dataSource.query('DELETE FROM ledger_entries WHERE id = $1 AND organization_id = $2 RETURNING id', [entryId, organizationId])) as [
      unknown[],
      number,
    ];
    if (removed.length === 0) throw new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'No such ledger entry');
  }

  /** The period asked for, or the last twelve months; in Cambodia's calendar. */
  private period(query: LedgerQuery): { from: string; to: string } {
    const today = DateTime.now().setZone(ZONE);
    const to = query.to ?? today.toISODate()!;
    const from = query.from ?? today.minus({ months: 11 }).startOf('month').toISODate()!;
    const days = DateTime.fromISO(to).diff(DateTime.fromISO(from), 'days').days;
    if (days < 0) throw new ValidationProblem([{ field: 'from', message: 'from must be on or before to' }]);
    if (days > MAX_DAYS) throw new ValidationProblem([{ field: 'from', message: 'the period must be at most three years' }]);
    return { from, to };
  }
}

function toLineDto(r: LineRow): LedgerLineDto {
  return {
    id: r.id,
    source: r.source,
    kind: r.kind,
    date: r.day,
    counterpart: { organizationId: r.counterpart_id, name: r.counterpart_name },
    productCode: r.product_code,
    description: r.description,
    quantity: r.quantity,
    unit: r.unit,
    amount: { amount: r.amount, currency: r.currency },
    amountKhr: r.amount_khr,
  };
}

/** The months from `from` to `to` (YYYY-MM), oldest first. */
function months(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = DateTime.fromISO(from).startOf('month'); m <= DateTime.fromISO(to); m = m.plus({ months: 1 })) out.push(m.toFormat('yyyy-MM'));
  return out;
}

/** Sales against the costs entered for each product; purchases are inputs, not a product's sales. */
function products(rows: LineRow[]): LedgerProductDto[] {
  const by = new Map<string | null, { sales: bigint; costs: bigint }>();
  for (const r of rows) {
    if (r.kind === 'purchase') continue;
    const entry = by.get(r.product_code) ?? { sales: 0n, costs: 0n };
    if (r.kind === 'sale') entry.sales += BigInt(r.amount_khr);
    else entry.costs += BigInt(r.amount_khr);
    by.set(r.product_code, entry);
  }
  return [...by]
    .map(([productCode, { sales, costs }]) => ({ productCode, sales, costs, margin: sales - costs }))
    .sort((a, b) => (b.margin > a.margin ? 1 : b.margin < a.margin ? -1 : String(a.productCode).localeCompare(String(b.productCode))))
    .map((p) => ({ productCode: p.productCode, sales: String(p.sales), costs: String(p.costs), margin: String(p.margin) }));
}

/** Buyers on Psar by organization; buyers off it by the name entered (none: left out). */
function bestCustomers(rows: LineRow[]): LedgerCustomerDto[] {
  const by = new Map<string, { organizationId: string | null; name: string | null; sales: bigint; lines: number }>();
  for (const r of rows) {
    if (r.kind !== 'sale' || (!r.counterpart_id && !r.counterpart_name)) continue;
    const key = r.counterpart_id ?? `name:${r.counterpart_name!.toLowerCase()}`;
    const entry = by.get(key) ?? { organizationId: r.counterpart_id, name: r.counterpart_name, sales: 0n, lines: 0 };
    entry.sales += BigInt(r.amount_khr);
    entry.lines += 1;
    by.set(key, entry);
  }
  return [...by.values()]
    .sort((a, b) => (b.sales > a.sales ? 1 : b.sales < a.sales ? -1 : b.lines - a.lines))
    .slice(0, BEST_CUSTOMERS)
    .map((c) => ({ ...c, sales: String(c.sales) }));
}
