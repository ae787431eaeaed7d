import { normalizePhone, parseLogin } from './phone-number';

describe('normalizePhone', () => {
  it.each([
    ['012 345 678', '+85512345678'],
    ['+855 12 345 678', '+85512345678'],
    ['012345678', '+85512345678'],
    ['(012) 345-678', '+85512345678'],
    ['+85512345678', '+85512345678'],
    ['097 1234 567', '+855971234567'],
    ['+66 81 234 5678', '+66812345678'],
  ])('reads %s as %s', (input, e164) => {
    expect(normalizePhone(input)).toBe(e164);
  });

  it('gives one number for the local and the international spelling', () => {
    expect(normalizePhone('012 345 678')).toBe(normalizePhone('+855 12 345 678'));
  });

  it.each(['', '   ', '0123', 'abc', '012 ABC 678', '+855 00 000 000', '1'.repeat(40)])('refuses %p', (input) => {
    expect(normalizePhone(input)).toBeNull();
  });
});

describe('parseLogin', () => {
  it('treats anything with an @ as a lower-cased email', () => {
    expect(parseLogin('  Sokha@Example.COM ')).toEqual({ kind: 'email', email: 'sokha@example.com' });
  });

  it('treats the rest as a phone number', () => {
    expect(parseLogin('012 345 678')).toEqual({ kind: 'phone', phone: '+85512345678' });
    expect(parseLogin('nonsense')).toEqual({ kind: 'invalid' });
  });
});
