import { unicodeCtype } from './embedded-postgres';

describe('unicodeCtype (the embedded cluster’s LC_CTYPE)', () => {
  it('prefers C.UTF-8 whatever its spelling, then en_US.UTF-8, then any UTF-8 locale', () => {
    expect(unicodeCtype(['C', 'C.utf8', 'POSIX', 'en_US.utf8'])).toBe('C.utf8');
    expect(unicodeCtype(['C', 'POSIX', 'ca_ES.UTF-8', 'en_US.UTF-8', 'C.UTF-8'])).toBe('C.UTF-8');
    expect(unicodeCtype(['C', 'POSIX', 'ca_ES.UTF-8', 'en_US.UTF-8'])).toBe('en_US.UTF-8');
    expect(unicodeCtype(['C', 'POSIX', 'km_KH.utf8'])).toBe('km_KH.utf8');
  });

  it('is null where the machine has no UTF-8 locale (or `locale -a` could not run)', () => {
    expect(unicodeCtype(['C', 'POSIX', 'en_US.ISO-8859-1'])).toBeNull();
    expect(unicodeCtype([])).toBeNull();
  });
});
