import { localPhone } from './local-phone';

describe('localPhone', () => {
  it('writes Cambodian numbers as people type them', () => {
    expect(localPhone('+85512345678')).toBe('012 345 678');
    expect(localPhone('+855978123456')).toBe('097 812 3456');
  });
  it('leaves other numbers alone', () => {
    expect(localPhone('+66812345678')).toBe('+66812345678');
  });
});
