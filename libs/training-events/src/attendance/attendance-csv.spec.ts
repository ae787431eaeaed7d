import fc from 'fast-check';
import { csvCell } from '@psar/platform';
import { attendanceCsv } from './attendance-csv';

/** RFC 4180 fields of one line (no line breaks inside quotes in these tests). */
function parseLine(line: string): string[] {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        if (line[i] === '"' && line[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else {
          value += line[i++];
        }
      }
      cells.push(value);
    } else {
      const end = line.indexOf(',', i);
      cells.push(line.slice(i, end === -1 ? line.length : end));
      i = end === -1 ? line.length : end;
    }
    if (i >= line.length) return cells;
    i++; // the comma
  }
}

describe('attendance CSV', () => {
  it('a cell reads back as written (with a quote mark before what a spreadsheet would run)', () => {
    fc.assert(
      fc.property(fc.string().filter((s) => !/[\r\n]/.test(s)), (value) => {
        const expected = /^[=+\-@\t]/.test(value) ? `'${value}` : value;
        expect(parseLine(csvCell(value))).toEqual([expected]);
      }),
    );
  });

  it('starts with the byte order mark, ends lines with CRLF, and carries the totals', () => {
    const csv = attendanceCsv(
      [{ name: 'សុខ ដារា', organization: null, seats: 2, status: 'confirmed', checkedInAt: new Date('2026-12-05T01:03:00Z'), walkIn: true }],
      { registered: 2, attended: 2, noShows: 0, waitlisted: 0, walkIns: 2 },
    );
    expect(csv.startsWith('\uFEFFName,Organization,')).toBe(true);
    expect(csv.split('\r\n')).toEqual([
      '\uFEFFName,Organization,Seats,Status,Checked in at (Cambodia time),Walk-in',
      'សុខ ដារា,,2,confirmed,2026-12-05 08:03:00,yes',
      '',
      'Registered,2',
      'Attended,2',
      'No-shows,0',
      'Walk-ins,2',
      'Waitlisted,0',
      '',
    ]);
  });
});
