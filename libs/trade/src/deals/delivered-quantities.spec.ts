import fc from 'fast-check';
import { fromThousandths } from '@psar/listings';
import { deliveredLines, disputeLoser, withinTolerance } from './delivered-quantities';

describe('delivered quantities', () => {
  const pigs = [{ lineNo: 1, quantity: '100.000' }];

  it('takes 96 head of 100 within 20 %, refuses 79 and 121, and keeps omitted lines as agreed', () => {
    expect(deliveredLines(pigs, [{ lineNo: 1, deliveredQuantity: '96' }], { tolerancePercent: 20, counted: true })).toEqual({
      ok: true,
      lines: [{ lineNo: 1, agreed: '100', delivered: '96' }],
    });
    expect(deliveredLines(pigs, [], { tolerancePercent: 20, counted: true })).toEqual({ ok: true, lines: [{ lineNo: 1, agreed: '100', delivered: '100' }] });
    for (const q of ['79', '121']) {
      const result = deliveredLines(pigs, [{ lineNo: 1, deliveredQuantity: q }], { tolerancePercent: 20, counted: true });
      expect(result).toMatchObject({ ok: false, errors: [{ field: 'lines[0].deliveredQuantity' }] });
    }
    expect(withinTolerance('100', '80', 20)).toBe(true);
    expect(withinTolerance('100', '120', 20)).toBe(true);
    expect(withinTolerance('0.005', '0.006', 20)).toBe(true);
    expect(withinTolerance('0.005', '0.007', 20)).toBe(false);
  });

  it('names the line that does not exist, is given twice, or is not whole for a counted unit', () => {
    const two = [...pigs, { lineNo: 2, quantity: '50' }];
    const result = deliveredLines(
      two,
      [
        { lineNo: 3, deliveredQuantity: '10' },
        { lineNo: 2, deliveredQuantity: '50' },
        { lineNo: 2, deliveredQuantity: '49' },
        { lineNo: 1, deliveredQuantity: '99.5' },
      ],
      { tolerancePercent: 20, counted: true },
    );
    expect(result).toMatchObject({
      ok: false,
      errors: [{ field: 'lines[0].lineNo' }, { field: 'lines[2].lineNo' }, { field: 'lines[3].deliveredQuantity' }],
    });
    // By weight, decimals are fine.
    expect(deliveredLines([{ lineNo: 1, quantity: '9850' }], [{ lineNo: 1, deliveredQuantity: '9612.4' }], { tolerancePercent: 20, counted: false })).toMatchObject({
      ok: true,
      lines: [{ delivered: '9612.4' }],
    });
  });

  it('accepts exactly the quantities within the tolerance (checked against exact rationals)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 14n - 1n }), fc.bigInt({ min: 1n, max: 10n ** 14n - 1n }), fc.integer({ min: 0, max: 100 }), (a, d, p) => {
        const agreed = fromThousandths(a);
        const delivered = fromThousandths(d);
        const expected = (d > a ? d - a : a - d) * 100n <= a * BigInt(p);
        expect(withinTolerance(agreed, delivered, p)).toBe(expected);
        const result = deliveredLines([{ lineNo: 1, quantity: agreed }], [{ lineNo: 1, deliveredQuantity: delivered }], { tolerancePercent: p, counted: false });
        expect(result.ok).toBe(expected);
      }),
    );
  });

  it('counts a dispute lost by the seller when it ends cancelled or lowered, by the buyer when the delivery stood', () => {
    const delivered = [{ lineNo: 1, agreed: '100', delivered: '96' }];
    expect(disputeLoser(delivered, { kind: 'cancelled' })).toBe('seller');
    expect(disputeLoser(delivered, { kind: 'completed', lines: [{ lineNo: 1, agreed: '100', delivered: '90' }] })).toBe('seller');
    expect(disputeLoser(delivered, { kind: 'completed', lines: delivered })).toBe('buyer');
  });
});
