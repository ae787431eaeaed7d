import type { Money } from '../api/types';
import { formatDate, formatMoney } from '../i18n/format';
import { t } from '../i18n/i18n';
import { chartGeometry, type Box } from './price-chart-geometry';
import './price-chart.css';

export interface PriceWeek {
  week: string;
  weekStart: string;
  median: Money;
  p25: Money;
  p75: Money;
  deals: number;
}

const BOX: Box = { width: 340, height: 200, left: 76, right: 16, top: 28, bottom: 28 };

/**
 * The weekly median price as a line over its p25–p75 band, hand-drawn SVG. Screen readers
 * get its title and description; the table beside it holds every figure.
 */
export function PriceChart({ id, weeks, title }: { id: string; weeks: PriceWeek[]; title: string }) {
  if (weeks.length === 0) return null;
  const currency = weeks[0]!.median.currency;
  const money = (amount: number) => formatMoney({ amount: String(amount), currency });
  const geometry = chartGeometry(
    weeks.map((w) => ({ weekStart: w.weekStart, median: Number(w.median.amount), p25: Number(w.p25.amount), p75: Number(w.p75.amount) })),
    BOX,
  );
  const latest = weeks[weeks.length - 1]!;
  const last = geometry.points[geometry.points.length - 1]!;
  const description = t('prices.chartDescription', {
    week: formatDate(latest.weekStart),
    median: formatMoney(latest.median),
    p25: formatMoney(latest.p25),
    p75: formatMoney(latest.p75),
    count: weeks.length,
  });
  return (
    <svg class="price-chart" viewBox={`0 0 ${BOX.width} ${BOX.height}`} role="img" aria-labelledby={`${id}-title`} aria-describedby={`${id}-desc`}>
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {geometry.yTicks.map((tick) => (
        <g key={tick.value} class="tick">
          <line x1={BOX.left} x2={BOX.width - BOX.right} y1={tick.y} y2={tick.y} />
          <text x={BOX.left - 6} y={tick.y} dy="0.35em" text-anchor="end">
            {money(tick.value)}
          </text>
        </g>
      ))}
      {geometry.xTicks.map((tick, i) => (
        <text key={tick.weekStart} class="week" x={tick.x} y={BOX.height - 6} text-anchor={geometry.xTicks.length === 1 ? 'middle' : i === 0 ? 'start' : 'end'}>
          {formatDate(tick.weekStart)}
        </text>
      ))}
      <path class="band" d={geometry.band} />
      <path class="median" d={geometry.median} />
      {geometry.points.map((point) => (
        <circle key={point.week.weekStart} class="point" cx={point.x} cy={point.y} r="4" />
      ))}
      <text class="latest" x={last.x} y={last.y - 10} text-anchor={geometry.points.length === 1 ? 'middle' : 'end'}>
        {formatMoney(latest.median)}
      </text>
    </svg>
  );
}
