import fc from 'fast-check';
import { compareMoney, convertMoney, fromCents, MONEY_AMOUNT_PATTERN, toCents } from './money';

const amount = fc
  .tuple(fc.bigInt({ min: 0n, max: 999_999_999_999n }), fc.integer({ min: 0, max: 99 }))
  .map(([whole, cents]) => `${whole}.${String(cents).padStart(2, '0')}`);

const usdAmount = fc
  .tuple(fc.bigInt({ min: 0n, max: 99_999_999n }), fc.integer({ min: 0, max: 99 }))
  .map(([whole, cents]) => `${whole}.${String(cents).padStart(2, '0')}`);

describe('money', () => {
  it('round-trips amounts through integer cents exactly', () => {
    fc.assert(fc.property(amount, (a) => fromCents(toCents(a)) === a));
  });

  it('reads amounts with fewer decimals', () => {
    expect(toCents('12500')).toBe(1_250_000n);
    expect(toCents('0.5')).toBe(50n);
    expect(fromCents(toCents('7.1'))).toBe('7.10');
  });

  it('refuses what is not a money amount', () => {
    for (const bad of ['', '-1', '1.234', '01', '1e5', ' 1', 'NaN', '1234567890123']) {
      expect(MONEY_AMOUNT_PATTERN.test(bad)).toBe(false);
      expect(() => toCents(bad)).toThrow(RangeError);
    }
  });

  it('converts at the configured rate, rounded to the cent', () => {
    expect(convertMoney({ amount: '10.00', currency: 'USD' }, 'KHR', '4100')).toEqual({ amount: '41000.00', currency: 'KHR' });
    expect(convertMoney({ amount: '41000', currency: 'KHR' }, 'USD', '4100')).toEqual({ amount: '10.00', currency: 'USD' });
    expect(convertMoney({ amount: '1000', currency: 'KHR' }, 'USD', '4100')).toEqual({ amount: '0.24', currency: 'USD' });
    expect(convertMoney({ amount: '1.00', currency: 'USD' }, 'KHR', '4087.5')).toEqual({ amount: '4087.50', currency: 'KHR' });
  });

  it('loses at most half a cent per conversion there and back', () => {
    fc.assert(
      // USD amounts whose KHR value still fits 12 digits.
      fc.property(usdAmount, fc.integer({ min: 1000, max: 9000 }), (a, rate) => {
        const usd = { amount: a, currency: 'USD' as const };
        const back = convertMoney(convertMoney(usd, 'KHR', String(rate)), 'USD', String(rate));
        const diff = toCents(back.amount) - toCents(a);
        return diff >= -1n && diff <= 1n;
      }),
    );
  });

  it('compares across currencies', () => {
    expect(compareMoney({ amount: '1.00', currency: 'USD' }, { amount: '4000', currency: 'KHR' }, '4100')).toBe(1);
    expect(compareMoney({ amount: '1.00', currency: 'USD' }, { amount: '4100', currency: 'KHR' }, '4100')).toBe(0);
    expect(compareMoney({ amount: '1.00', currency: 'USD' }, { amount: '4200', currency: 'KHR' }, '4100')).toBe(-1);
  });
});
