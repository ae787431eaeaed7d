import type { Schemas } from '../../api/types';
import { formatNumber } from '../../i18n/format';
import { t } from '../../i18n/i18n';

type Counts = Schemas['AttendanceCountsDto'];

/** Registered, attended, no-shows (once the stop has ended) and walk-ins, in people. */
export function AttendanceCounts({ counts, label }: { counts: Counts; label: string }) {
  const rows: Array<[string, string]> = [
    [t('supplierTraining.registered'), formatNumber(counts.registered)],
    [t('supplierTraining.attended'), formatNumber(counts.attended)],
    [t('supplierTraining.noShows'), counts.noShows === null ? t('supplierTraining.noShowsLater') : formatNumber(counts.noShows)],
    [t('supplierTraining.walkIns'), formatNumber(counts.walkIns)],
    [t('supplierTraining.waitlisted'), formatNumber(counts.waitlisted)],
  ];
  return (
    <table class="attendance">
      <caption class="visually-hidden">{label}</caption>
      <tbody>
        {rows.map(([name, value]) => (
          <tr key={name}>
            <th scope="row">{name}</th>
            <td>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
