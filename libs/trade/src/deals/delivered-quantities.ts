/**
 * What the seller says was delivered, per line, checked against what was agreed: pigs by
 * their real weight, tiles net of breakage. Quantities are exact decimals handled as integer
 * thousandths (bigint), never floats. No framework here.
 */
import type { FieldError } from '@psar/platform';
import { fromThousandths, toThousandths } from '@psar/listings';

export interface AgreedLine {
  lineNo: number;
  quantity: string;
}

export interface DeliveredLineInput {
  lineNo: number;
  deliveredQuantity: string;
}

export interface DeliveredLine {
  lineNo: number;
  agreed: string;
  delivered: string;
}

/** Within tolerance: |delivered − agreed| × 100 ≤ agreed × percent, in exact integers. */
export function withinTolerance(agreed: string, delivered: string, tolerancePercent: number): boolean {
  const a = toThousandths(agreed);
  const d = toThousandths(delivered);
  const diff = d > a ? d - a : a - d;
  return diff * 100n <= a * BigInt(tolerancePercent);
}

/**
 * Every line with its delivered quantity (an omitted line: as agreed), or the errors naming
 * `lines[i].lineNo` / `lines[i].deliveredQuantity`. `counted`: the unit is counted one by one
 * (head, piece), so a delivered quantity is a whole number.
 */
export function deliveredLines(
  agreed: readonly AgreedLine[],
  input: readonly DeliveredLineInput[],
  options: { tolerancePercent: number; counted: boolean; field?: string },
): { ok: true; lines: DeliveredLine[] } | { ok: false; errors: FieldError[] } {
  const field = options.field ?? 'lines';
  const errors: FieldError[] = [];
  const given = new Map<number, string>();
  input.forEach((line, i) => {
    const at = `${field}[${i}]`;
    const target = agreed.find((a) => a.lineNo === line.lineNo);
    if (!target) {
      errors.push({ field: `${at}.lineNo`, message: `${at}.lineNo must be between 1 and ${agreed.length} (the deal's lines)` });
      return;
    }
    if (given.has(line.lineNo)) {
      errors.push({ field: `${at}.lineNo`, message: `${at}.lineNo ${line.lineNo} is given twice` });
      return;
    }
    if (options.counted && toThousandths(line.deliveredQuantity) % 1000n !== 0n) {
      errors.push({ field: `${at}.deliveredQuantity`, message: `${at}.deliveredQuantity must be a whole number for this unit` });
      return;
    }
    if (!withinTolerance(target.quantity, line.deliveredQuantity, options.tolerancePercent)) {
      errors.push({
        field: `${at}.deliveredQuantity`,
        message: `${at}.deliveredQuantity must be within ${options.tolerancePercent} % of the agreed ${fromThousandths(toThousandths(target.quantity))}`,
      });
      return;
    }
    given.set(line.lineNo, fromThousandths(toThousandths(line.deliveredQuantity)));
  });
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    lines: agreed.map((a) => {
      const q = fromThousandths(toThousandths(a.quantity));
      return { lineNo: a.lineNo, agreed: q, delivered: given.get(a.lineNo) ?? q };
    }),
  };
}

/** Who lost a dispute: the seller if it ended cancelled or with less than it said it delivered, else the buyer (the delivery stood). */
export function disputeLoser(delivered: readonly DeliveredLine[], outcome: { kind: 'cancelled' } | { kind: 'completed'; lines: readonly DeliveredLine[] }): 'seller' | 'buyer' {
  if (outcome.kind === 'cancelled') return 'seller';
  const lowered = outcome.lines.some((l) => {
    const before = delivered.find((d) => d.lineNo === l.lineNo);
    return before !== undefined && toThousandths(l.delivered) < toThousandths(before.delivered);
  });
  return lowered ? 'seller' : 'buyer';
}
