import { priceLines } from './match-pricing';

describe('match pricing', () => {
  it('totals exactly in one currency', () => {
    expect(
      priceLines(
        [
          { unitPrice: { amount: '650', currency: 'KHR' }, quantity: 15_000_000n },
          { unitPrice: { amount: '700', currency: 'KHR' }, quantity: 25_000_000n },
        ],
        'KHR',
        '4100',
      ),
    ).toEqual({ total: { amount: '27250000.00', currency: 'KHR' }, perUnit: { amount: '681.25', currency: 'KHR' } });
  });

  it('converts mixed currencies to the fallback', () => {
    expect(
      priceLines(
        [
          { unitPrice: { amount: '1.00', currency: 'USD' }, quantity: 1000n },
          { unitPrice: { amount: '4100', currency: 'KHR' }, quantity: 1000n },
        ],
        'USD',
        '4100',
      ),
    ).toEqual({ total: { amount: '2.00', currency: 'USD' }, perUnit: { amount: '1.00', currency: 'USD' } });
  });

  it('keeps fractional quantities exact', () => {
    expect(priceLines([{ unitPrice: { amount: '1.60', currency: 'USD' }, quantity: 12_500n }], 'KHR', '4100').total).toEqual({
      amount: '20.00',
      currency: 'USD',
    });
  });
});
