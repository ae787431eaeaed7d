import fc from 'fast-check';
import { CheckInListEntry, listVersion } from './check-in-list-version';

const entry = fc.record({
  id: fc.uuid(),
  code: fc.option(fc.stringMatching(/^[0-9A-HJKMNP-TV-Z]{6}$/)),
  name: fc.option(fc.string()),
  seats: fc.integer({ min: 1, max: 100 }),
  status: fc.constantFrom('confirmed', 'waitlisted', 'cancelled'),
  checkedInAt: fc.option(fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
});
const list = fc.uniqueArray(entry, { selector: (e) => e.id, minLength: 1, maxLength: 30 });

describe('check-in list version', () => {
  it('does not depend on the order of the rows', () => {
    fc.assert(fc.property(list, (entries) => expect(listVersion([...entries].reverse())).toBe(listVersion(entries))));
  });

  it('changes when any field of any registration changes', () => {
    const fields: Array<(e: CheckInListEntry) => CheckInListEntry> = [
      (e) => ({ ...e, status: e.status === 'confirmed' ? 'cancelled' : 'confirmed' }),
      (e) => ({ ...e, seats: e.seats + 1 }),
      (e) => ({ ...e, checkedInAt: e.checkedInAt ? null : '2026-12-05T01:03:00.000Z' }),
      (e) => ({ ...e, name: `${e.name ?? ''}x` }),
      (e) => ({ ...e, code: e.code === 'K7Q4MZ' ? null : 'K7Q4MZ' }),
    ];
    fc.assert(
      fc.property(list, fc.nat(), fc.constantFrom(...fields), (entries, at, change) => {
        const i = at % entries.length;
        const changed = entries.map((e, j) => (j === i ? change(e) : e));
        expect(listVersion(changed)).not.toBe(listVersion(entries));
      }),
    );
  });

  it('changes when a registration is added', () => {
    fc.assert(fc.property(list, entry, (entries, extra) => {
      fc.pre(!entries.some((e) => e.id === extra.id));
      expect(listVersion([...entries, extra])).not.toBe(listVersion(entries));
    }));
  });
});
