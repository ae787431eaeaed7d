import { useEffect } from 'preact/hooks';
import { api, ok } from '../../api/client';
import { loadCatalog, productByCode, provinceByCode } from '../../api/catalog';
import { useActingOrganization } from '../../components/acting-organization';
import { formatQuantity } from '../../components/money';
import { LoadState } from '../../components/status';
import { useData } from '../../components/use-data';
import { formatDate, formatMoney } from '../../i18n/format';
import { nameOf, t } from '../../i18n/i18n';
import type { Schemas } from '../../api/types';
import { delivered, listed, pending, sentOf } from '../../offline/outbox';
import { withSent } from '../../offline/with-sent';
import '../trade/trade.css';

export function MyDemandsPage() {
  const acting = useActingOrganization();
  const organizationId = acting.ready ? acting.organization.organizationId : null;
  useEffect(() => {
    void loadCatalog().catch(() => undefined);
  }, []);
  // Reloaded when the outbox delivers a write; what it sent is shown from its answer until the
  // list holds it (that reload may fail, or be the service worker's copy from before).
  const demands = useData(async () => {
    if (!organizationId) return [];
    const page = await ok(api.GET('/api/v1/demands', { params: { query: { mine: true, sort: 'newest', limit: 100 } } }));
    listed('demand', page.items.map((d) => d.id));
    return page.items;
  }, [organizationId, delivered.value]);

  if (!acting.ready) return acting.view;
  const waiting = pending.value.filter((w) => w.kind === 'demand');
  const shown = withSent(demands.data ?? [], sentOf<Schemas['DemandDto']>('demand')).filter((d) => d.organizationId === organizationId);

  return (
    <section>
      <h1>{t('demand.myTitle')}</h1>
      <p class="muted">{acting.organization.organizationName}</p>
      <p>
        <a class="button" href="/my/demands/new">
          {t('demand.new')}
        </a>
      </p>
      <LoadState loading={demands.loading && !demands.data} error={demands.error} />
      {(waiting.length > 0 || shown.length > 0) && (
        <ul class="cards">
          {waiting.map((w) => (
            <li key={w.id} class="card">
              <h2 class="card-title">{w.label}</h2>
              <span class="badge waiting">{t('demand.waitingToSend')}</span>
            </li>
          ))}
          {shown.map((d) => {
            const product = productByCode(d.productCode);
            return (
              <li key={d.id} class="card">
                <h2 class="card-title">
                  <a href={`/my/demands/${d.id}`}>
                    {nameOf(product) || d.productCode} · {formatQuantity(d.quantity, d.unit)}
                  </a>
                </h2>
                <span class={`badge status-${d.status}`}>{t(`demand.status.${d.status}`)}</span>
                <dl class="facts">
                  {d.qualityGrade && (
                    <>
                      <dt>{t('demand.grade')}</dt>
                      <dd>{t('common.grade', { grade: d.qualityGrade })}</dd>
                    </>
                  )}
                  {d.maxPrice && (
                    <>
                      <dt>{t('demand.maxPrice')}</dt>
                      <dd>{formatMoney(d.maxPrice)}</dd>
                    </>
                  )}
                  <dt>{t('demand.deliverTo')}</dt>
                  <dd>{nameOf(provinceByCode(d.deliveryProvinceCode)) || d.deliveryProvinceCode}</dd>
                  <dt>{t('demand.neededBy')}</dt>
                  <dd>{formatDate(d.neededBy)}</dd>
                </dl>
              </li>
            );
          })}
        </ul>
      )}
      {demands.data && shown.length === 0 && waiting.length === 0 && <p class="muted">{t('demand.none')}</p>}
    </section>
  );
}
