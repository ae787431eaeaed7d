import fc from 'fast-check';
import { fromThousandths, isQuantity, isWholeQuantity, normalizeQuantity, toThousandths } from './quantity';

describe('quantity', () => {
  it('round-trips through thousandths exactly', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 99_999_999_999_999n }), (n) => toThousandths(fromThousandths(n)) === n),
    );
  });

  it('normalizes what Postgres returns', () => {
    expect(normalizeQuantity('40000.000')).toBe('40000');
    expect(normalizeQuantity('12.500')).toBe('12.5');
    expect(normalizeQuantity('0.125')).toBe('0.125');
    expect(normalizeQuantity('0.000')).toBe('0');
    expect(normalizeQuantity('40000')).toBe('40000');
  });

  it('normalizes the stored form as the exact conversion does', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 99_999_999_999_999n }), (n) => {
        const stored = `${n / 1000n}.${(n % 1000n).toString().padStart(3, '0')}`;
        return normalizeQuantity(stored) === fromThousandths(n);
      }),
    );
  });

  it('refuses what is not a quantity', () => {
    for (const bad of ['', '-1', '1.2345', '01', '1e5', ' 1', 'NaN', '123456789012', '1,000']) {
      expect(isQuantity(bad)).toBe(false);
    }
    expect(isQuantity('99999999999.999')).toBe(true);
  });

  it('knows whole quantities', () => {
    expect(isWholeQuantity('40000')).toBe(true);
    expect(isWholeQuantity('40000.000')).toBe(true);
    expect(isWholeQuantity('1.5')).toBe(false);
  });
});
