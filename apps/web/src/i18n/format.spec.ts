import fc from 'fast-check';
import { formatDate, formatDateTime, formatMoney, formatNumber, formatPercent } from './format';
import en from './en.json';
import { applyLocale } from './i18n';

// i18n.ts touches the page's <html lang> and localStorage; a bare stand-in is enough here.
beforeAll(() => {
  Object.assign(globalThis, { document: { documentElement: { lang: 'km' } }, localStorage: { getItem: () => null, setItem: () => undefined } });
});

describe('formatting for people', () => {
  it('writes riel without decimals and dollars with two, in both languages', async () => {
    await applyLocale('km');
    expect(formatMoney({ amount: '1200.00', currency: 'KHR' })).toBe('1,200៛');
    expect(formatMoney({ amount: '1234567.49', currency: 'KHR' })).toBe('1,234,567៛');
    expect(formatMoney({ amount: '12.5', currency: 'USD' })).toBe('12.50$');
    await applyLocale('en');
    expect(formatMoney({ amount: '1200', currency: 'KHR' })).toBe('1,200៛');
    expect(formatMoney({ amount: '12.5', currency: 'USD' })).toBe('$12.50');
    expect(formatNumber('20000')).toBe('20,000');
    expect(formatPercent(0.5)).toBe('50%');
  });

  it('writes dates in Cambodia time with Khmer month names, whatever the runtime knows of Khmer', async () => {
    await applyLocale('km');
    // 20:30 UTC on 30 November is already 1 December in Phnom Penh (UTC+7).
    expect(formatDate('2026-11-30T20:30:00Z')).toBe('1 ធ្នូ 2026');
    expect(formatDateTime('2026-11-30T20:30:00Z')).toBe('1 ធ្នូ 03:30');
    await applyLocale('en');
    expect(formatDate('2026-11-30T20:30:00Z')).toBe('1 Dec 2026');
  });

  // The figures and dates are written without Intl (its data loads in a long task at the
  // takeover of a server-drawn page): they must be exactly what Intl writes.
  it('writes every number as Intl.NumberFormat("en-US") does', () => {
    const intl = (digits: number) => new Intl.NumberFormat('en-US', { maximumFractionDigits: digits });
    const figures = fc.oneof(
      fc.double({ noNaN: false }),
      fc.double({ min: -1e7, max: 1e7 }),
      fc.integer({ min: -2e9, max: 2e9 }),
      // Amounts as the API sends them, half-way cases included (`0.125`, `2.5`).
      fc.tuple(fc.integer({ min: 0, max: 99_999_999 }), fc.integer({ min: 0, max: 999 })).map(([whole, cents]) => `${whole}.${String(cents).padStart(3, '0')}`),
      fc.constantFrom(0, -0, 0.5, 1.5, 2.5, -2.5, 0.125, 1.005, 1.255, 8.345, 999.995, 9.995, 99.9999, 1e21, 123456789012345680000, 2 ** 53 + 2, Number.EPSILON, 5e-7, -1e-7, 1.5e-300),
      fc.double({ min: -1, max: 1 }),
    );
    fc.assert(
      fc.property(figures, fc.integer({ min: 0, max: 6 }), (value, digits) => {
        expect(formatNumber(value, digits)).toBe(intl(digits).format(Number(value)));
      }),
      { numRuns: 5000 },
    );
  });

  it('writes money as Intl does, riel rounded and dollars with two decimals', () => {
    const riel = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
    const dollars = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const amounts = fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 9_999_999_999 }), fc.integer({ min: 0, max: 99 })).map(([whole, cents]) => `${whole}.${String(cents).padStart(2, '0')}`),
      fc.double({ min: -1e9, max: 1e9 }).map(String),
    );
    fc.assert(
      fc.property(amounts, (amount) => {
        expect(formatMoney({ amount, currency: 'KHR' })).toBe(`${riel.format(Math.round(Number(amount)))}៛`);
        expect(formatMoney({ amount, currency: 'EUR' })).toBe(`${dollars.format(Number(amount))} EUR`);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads the day and time in Phnom Penh as Intl does with its time zone', async () => {
    await applyLocale('en');
    const intl = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Phnom_Penh', day: 'numeric', month: 'numeric', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    const month = (n: number) => en[`month.${n}` as keyof typeof en];
    fc.assert(
      fc.property(fc.date({ min: new Date('1931-06-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true }), (date) => {
        const p = Object.fromEntries(intl.formatToParts(date).map((part) => [part.type, part.value]));
        expect(formatDate(date)).toBe(`${Number(p.day)} ${month(Number(p.month))} ${p.year}`);
        expect(formatDateTime(date.toISOString())).toBe(`${Number(p.day)} ${month(Number(p.month))} ${p.hour}:${p.minute}`);
      }),
      { numRuns: 3000 },
    );
    expect(() => formatDate('not a date')).toThrow(RangeError);
  });
});
