import type { Schemas } from '../../api/types';
import { formatDate, formatMoney, formatNumber } from '../../i18n/format';
import { t, type MessageKey } from '../../i18n/i18n';
import { barChart, stackedBar, type ChartBox } from './chart-geometry';

type Stats = Schemas['FairStatsDto'];

const BOX: ChartBox = { width: 340, height: 190, left: 44, right: 10, top: 22, bottom: 30 };
const dayLabel = (date: string) => `${Number(date.slice(8, 10))}/${Number(date.slice(5, 7))}`;

/** Visitors per day as bars; every figure also in the label and in the table under it. */
export function VisitorsChart({ stats }: { stats: Stats }) {
  const days = stats.visitorsPerDay;
  if (days.length === 0) return <p class="muted">{t('fairOrganizer.noVisitors')}</p>;
  const chart = barChart(
    days.map((d) => d.count),
    BOX,
  );
  const figures = days.map((d) => t('fairOrganizer.visitorsOn', { date: formatDate(d.date), count: formatNumber(d.count) })).join('; ');
  return (
    <figure class="fair-chart">
      <svg class="chart visitors-chart" viewBox={`0 0 ${BOX.width} ${BOX.height}`} role="img" aria-label={t('fairOrganizer.visitorsChartLabel', { figures })}>
        {chart.yTicks.map((tick) => (
          <g key={tick.value} class="tick">
            <line x1={BOX.left} x2={BOX.width - BOX.right} y1={tick.y} y2={tick.y} />
            <text x={BOX.left - 6} y={tick.y} dy="0.35em" text-anchor="end">
              {formatNumber(tick.value)}
            </text>
          </g>
        ))}
        {chart.bars.map((bar, i) => (
          <g key={days[i]!.date}>
            <rect class="bar" x={bar.x} y={bar.y} width={bar.width} height={bar.height} />
            <text class="value" x={bar.labelX} y={bar.valueY} text-anchor="middle">
              {formatNumber(days[i]!.count)}
            </text>
            <text class="label" x={bar.labelX} y={BOX.height - 10} text-anchor="middle">
              {dayLabel(days[i]!.date)}
            </text>
          </g>
        ))}
      </svg>
      <table class="figures">
        <caption>{t('fairOrganizer.visitorsTable', { total: formatNumber(stats.totalVisitors) })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('fairOrganizer.day')}</th>
            <th scope="col">{t('fairOrganizer.visitors')}</th>
          </tr>
        </thead>
        <tbody>
          {days.map((d) => (
            <tr key={d.date}>
              <td>{formatDate(d.date)}</td>
              <td>{formatNumber(d.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

const STACK_WIDTH = 320;

/** Stalls taken, requested and free as one bar split by share. */
export function StallsChart({ stats }: { stats: Stats }) {
  const parts = (['taken', 'requested', 'free'] as const).map((key) => ({ key, value: stats.stalls[key] }));
  const segments = stackedBar(parts, STACK_WIDTH);
  const figures = parts.map((p) => t(`fairOrganizer.stallsPart.${p.key}` as MessageKey, { count: formatNumber(p.value) })).join(', ');
  return (
    <figure class="fair-chart">
      <svg class="chart stalls-chart" viewBox={`0 0 ${STACK_WIDTH} 36`} role="img" aria-label={t('fairOrganizer.stallsChartLabel', { total: formatNumber(stats.stalls.total), figures })}>
        <rect class="track" x="0" y="4" width={STACK_WIDTH} height="28" />
        {segments.map((s) => (
          <rect key={s.key} class={`segment ${s.key}`} x={s.x} y="4" width={s.width} height="28" />
        ))}
      </svg>
      <ul class="legend">
        {parts.map((p) => (
          <li key={p.key}>
            <span class={`swatch ${p.key}`} aria-hidden="true" />
            {t(`fairOrganizer.stallsPart.${p.key}` as MessageKey, { count: formatNumber(p.value) })}
          </li>
        ))}
      </ul>
    </figure>
  );
}

/** Exhibitors' reported sales: how many reported, as a bar, and the totals per currency. */
export function SalesChart({ stats }: { stats: Stats }) {
  const reporting = stats.exhibitorsReportingSales;
  const segments = stackedBar(
    [
      { key: 'reported', value: reporting },
      { key: 'silent', value: Math.max(0, stats.exhibitors - reporting) },
    ],
    STACK_WIDTH,
  );
  const totals = stats.reportedSales.map((m) => formatMoney(m)).join(', ') || formatNumber(0);
  const figures = t('fairOrganizer.salesFigures', { reporting: formatNumber(reporting), exhibitors: formatNumber(stats.exhibitors), totals });
  return (
    <figure class="fair-chart">
      <svg class="chart sales-chart" viewBox={`0 0 ${STACK_WIDTH} 36`} role="img" aria-label={t('fairOrganizer.salesChartLabel', { figures })}>
        <rect class="track" x="0" y="4" width={STACK_WIDTH} height="28" />
        {segments.map((s) => (
          <rect key={s.key} class={`segment ${s.key}`} x={s.x} y="4" width={s.width} height="28" />
        ))}
      </svg>
      <p>{figures}</p>
    </figure>
  );
}
