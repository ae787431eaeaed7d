import { formatDate, formatDateTime, formatMoney, formatNumber, formatPercent } from './format';
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
});
