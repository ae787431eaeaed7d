import { useLocation } from 'preact-iso';
import { productByCode, provinceByCode } from '../../api/catalog';
import { api, ok } from '../../api/client';
import { ProductSelect, ProvinceSelect } from '../../components/catalog-pickers';
import { PriceChart, type PriceWeek } from '../../components/price-chart';
import { LoadState } from '../../components/status';
import { useCatalog } from '../../components/use-catalog';
import { useData } from '../../components/use-data';
import { formatDate, formatMoney, formatNumber } from '../../i18n/format';
import { nameOf, t } from '../../i18n/i18n';
import './prices.css';

const WEEKS = ['4', '12', '26', '52'] as const;

interface PriceFilters {
  product: string;
  province: string;
  weeks: string;
  currency: 'KHR' | 'USD';
}

function filtersFrom(query: Record<string, string | undefined>): PriceFilters {
  return {
    product: query.product ?? '',
    province: query.province ?? '',
    weeks: (WEEKS as readonly string[]).includes(query.weeks ?? '') ? query.weeks! : '12',
    currency: query.currency === 'USD' ? 'USD' : 'KHR',
  };
}

function pricesUrl(f: PriceFilters): string {
  const params = new URLSearchParams();
  if (f.product) params.set('product', f.product);
  if (f.province) params.set('province', f.province);
  if (f.weeks !== '12') params.set('weeks', f.weeks);
  if (f.currency !== 'KHR') params.set('currency', f.currency);
  const query = params.toString();
  return query ? `/prices?${query}` : '/prices';
}

interface Series {
  productCode: string;
  provinceCode: string;
  weeks: PriceWeek[];
}

/** Market prices of completed deals: per product and province, week by week. */
export function PricesPage() {
  useCatalog();
  const { query, route } = useLocation();
  const filters = filtersFrom(query);
  const go = (change: Partial<PriceFilters>) => route(pricesUrl({ ...filters, ...change }));
  const prices = useData(
    () =>
      ok(
        api.GET('/api/v1/market-prices', {
          params: { query: { productCode: filters.product || undefined, province: filters.province || undefined, weeks: Number(filters.weeks), currency: filters.currency } },
        }),
      ),
    [pricesUrl(filters)],
    `prices:${pricesUrl(filters)}`,
  );

  // The API gives rows by product, province, then week (oldest first): one series per pair.
  const series: Series[] = [];
  for (const item of prices.data?.items ?? []) {
    const lastSeries = series[series.length - 1];
    if (lastSeries && lastSeries.productCode === item.productCode && lastSeries.provinceCode === item.provinceCode) lastSeries.weeks.push(item);
    else series.push({ productCode: item.productCode, provinceCode: item.provinceCode, weeks: [item] });
  }

  return (
    <section class="prices">
      <h1>{t('prices.title')}</h1>
      <p class="lead">{t('prices.lead')}</p>
      <form class="price-filters" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="prices-product">{t('prices.product')}</label>
          <ProductSelect id="prices-product" name="product" allowAny value={filters.product} onChange={(product) => go({ product })} />
        </div>
        <div class="field">
          <label for="prices-province">{t('prices.province')}</label>
          <ProvinceSelect id="prices-province" name="province" allowAny value={filters.province} onChange={(province) => go({ province })} />
        </div>
        <div class="field">
          <label for="prices-weeks">{t('prices.period')}</label>
          <select id="prices-weeks" name="weeks" value={filters.weeks} onChange={(e) => go({ weeks: (e.currentTarget as HTMLSelectElement).value })}>
            {WEEKS.map((weeks) => (
              <option key={weeks} value={weeks}>
                {t('prices.weeks', { n: formatNumber(weeks) })}
              </option>
            ))}
          </select>
        </div>
        <fieldset class="currency-switch">
          <legend>{t('prices.currency')}</legend>
          {(['KHR', 'USD'] as const).map((currency) => (
            <label key={currency} class="check">
              <input type="radio" name="currency" value={currency} checked={filters.currency === currency} onChange={() => go({ currency })} />
              {currency === 'KHR' ? t('common.khr') : t('common.usd')}
            </label>
          ))}
        </fieldset>
      </form>
      <LoadState loading={prices.loading && !prices.data} error={prices.error} />
      {prices.data && series.length === 0 && <p role="status">{t('prices.none')}</p>}
      {series.map((s, index) => (
        <PriceSeries key={`${s.productCode}-${s.provinceCode}`} id={`series-${index}`} series={s} />
      ))}
    </section>
  );
}

function PriceSeries({ id, series }: { id: string; series: Series }) {
  const product = productByCode(series.productCode);
  const heading = t('prices.seriesHeading', { product: nameOf(product) || series.productCode, province: nameOf(provinceByCode(series.provinceCode)) || series.provinceCode });
  const unit = product ? t(`unitName.${product.unit}` as 'unitName.piece') : '';
  return (
    <section class="price-series" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{heading}</h2>
      <p class="muted">{t('prices.perUnit', { unit })}</p>
      <PriceChart id={id} weeks={series.weeks} title={t('prices.chartTitle', { series: heading })} />
      <p class="legend muted" aria-hidden="true">
        <span class="key">
          <span class="key-median" /> {t('prices.median')}
        </span>
        <span class="key">
          <span class="key-band" /> {t('prices.band')}
        </span>
      </p>
      <div class="table-scroll">
        <table>
          <caption class="visually-hidden">{t('prices.tableCaption', { series: heading })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('prices.week')}</th>
              <th scope="col">{t('prices.median')}</th>
              <th scope="col">{t('prices.range')}</th>
              <th scope="col">{t('prices.deals')}</th>
            </tr>
          </thead>
          <tbody>
            {[...series.weeks].reverse().map((week) => (
              <tr key={week.week}>
                <th scope="row">{formatDate(week.weekStart)}</th>
                <td>{formatMoney(week.median)}</td>
                <td>{t('prices.rangeValue', { low: formatMoney(week.p25), high: formatMoney(week.p75) })}</td>
                <td>{formatNumber(week.deals)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
