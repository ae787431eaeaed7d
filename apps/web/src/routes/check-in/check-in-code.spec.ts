import { codeFromQr, judge, normalizeCode } from './check-in-code';

describe('check-in codes on the phone', () => {
  it('reads a code as the server stores it: Khmer digits, case, spaces, dashes, O/I/L', () => {
    expect(normalizeCode('k7q4mz')).toBe('K7Q4MZ');
    expect(normalizeCode('K7Q-4MZ')).toBe('K7Q4MZ');
    expect(normalizeCode(' ៣៤៥ ៦៧៨ ')).toBe('345678');
    expect(normalizeCode('k៧q៤mz')).toBe('K7Q4MZ');
    expect(normalizeCode('OIL234')).toBe('011234');
    expect(normalizeCode('K7Q4M')).toBeNull();
    expect(normalizeCode('K7Q4MZZ')).toBeNull();
    expect(normalizeCode('K7Q4MU')).toBeNull();
    expect(normalizeCode('')).toBeNull();
  });

  it('takes the code from a QR code holding it bare or at the end of a link', () => {
    expect(codeFromQr('K7Q4MZ')).toBe('K7Q4MZ');
    expect(codeFromQr('https://psar.example/check-in/K7Q4MZ')).toBe('K7Q4MZ');
    expect(codeFromQr('https://psar.example/c?code=k7q4mz')).toBe('K7Q4MZ');
    expect(codeFromQr('hello world')).toBeNull();
  });

  it('judges a scan against the kept list and the scans made before on this phone', () => {
    const list = {
      registrations: [
        { code: 'AAAAAA', status: 'confirmed', checkedInAt: null },
        { code: 'BBBBBB', status: 'confirmed', checkedInAt: '2026-12-01T01:00:00.000Z' },
        { code: 'CCCCCC', status: 'cancelled', checkedInAt: null },
        { code: null, status: 'waitlisted', checkedInAt: null },
      ],
    };
    expect(judge('AAAAAA', list, []).mark).toBe('waiting');
    expect(judge('AAAAAA', list, []).entry).toBe(list.registrations[0]);
    expect(judge('AAAAAA', list, ['AAAAAA']).mark).toBe('already');
    expect(judge('BBBBBB', list, []).mark).toBe('already');
    expect(judge('CCCCCC', list, []).mark).toBe('unknown');
    expect(judge('DDDDDD', list, []).mark).toBe('unknown');
    expect(judge('AAAAAA', undefined, []).mark).toBe('unknown');
  });
});
