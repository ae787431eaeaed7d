import fc from 'fast-check';
import { fromCents, toCents } from '@psar/platform';
import { isPayable, splitCost } from './cost-split';

describe('splitCost', () => {
  it('USD 40 a person, the association pays 25 %: you pay USD 30', () => {
    expect(splitCost({ amount: '40.00', currency: 'USD' }, 25)).toEqual({
      sponsored: { amount: '10.00', currency: 'USD' },
      participant: { amount: '30.00', currency: 'USD' },
    });
  });

  it('rounds the sponsor share to the cent in USD and to the riel in KHR', () => {
    expect(splitCost({ amount: '10.01', currency: 'USD' }, 33)).toEqual({
      sponsored: { amount: '3.30', currency: 'USD' },
      participant: { amount: '6.71', currency: 'USD' },
    });
    expect(splitCost({ amount: '10001', currency: 'KHR' }, 50)).toEqual({
      sponsored: { amount: '5001.00', currency: 'KHR' },
      participant: { amount: '5000.00', currency: 'KHR' },
    });
    expect(splitCost({ amount: '45000', currency: 'KHR' }, 30, 3)).toEqual({
      sponsored: { amount: '40500.00', currency: 'KHR' },
      participant: { amount: '94500.00', currency: 'KHR' },
    });
  });

  it('0 % and 100 %', () => {
    expect(splitCost({ amount: '12.34', currency: 'USD' }, 0).participant.amount).toBe('12.34');
    expect(splitCost({ amount: '12.34', currency: 'USD' }, 100).participant.amount).toBe('0.00');
  });

  it('refuses a fraction of a riel and a share outside 0..100', () => {
    expect(isPayable({ amount: '100.50', currency: 'KHR' })).toBe(false);
    expect(() => splitCost({ amount: '100.50', currency: 'KHR' }, 10)).toThrow(RangeError);
    expect(() => splitCost({ amount: '1.00', currency: 'USD' }, 101)).toThrow(RangeError);
    expect(() => splitCost({ amount: '1.00', currency: 'USD' }, 12.5)).toThrow(RangeError);
  });

  it('participant share + sponsor share = cost, never negative, whole units (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('KHR' as const, 'USD' as const),
        fc.bigInt({ min: 0n, max: 10_000_000_000n }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 1, max: 100 }),
        (currency, units, percent, seats) => {
          const cents = currency === 'KHR' ? units * 100n : units;
          const cost = { amount: fromCents(cents), currency };
          const { sponsored, participant } = splitCost(cost, percent, seats);
          const s = toCents(sponsored.amount);
          const p = toCents(participant.amount);
          expect(s + p).toBe(cents * BigInt(seats));
          expect(s >= 0n && p >= 0n).toBe(true);
          expect(isPayable(sponsored) && isPayable(participant)).toBe(true);
          expect(sponsored.currency).toBe(currency);
          // Within half a unit of the exact share.
          const unit = currency === 'KHR' ? 100n : 1n;
          const exact2 = cents * BigInt(seats) * BigInt(percent) * 2n; // 200 × exact share
          expect(s * 200n - exact2 <= unit * 100n && exact2 - s * 200n <= unit * 100n).toBe(true);
        },
      ),
    );
  });
});
