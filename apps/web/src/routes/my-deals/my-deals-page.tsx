import { useEffect } from 'preact/hooks';
import { api, ok } from '../../api/client';
import { loadCatalog, productByCode } from '../../api/catalog';
import { useActingOrganization } from '../../components/acting-organization';
import { formatQuantity } from '../../components/money';
import { organizationName } from '../../components/organization-names';
import { LoadState } from '../../components/status';
import { useData } from '../../components/use-data';
import { formatDate } from '../../i18n/format';
import { nameOf, t } from '../../i18n/i18n';
import '../trade/trade.css';

export function MyDealsPage() {
  const acting = useActingOrganization();
  const organizationId = acting.ready ? acting.organization.organizationId : null;
  useEffect(() => {
    void loadCatalog().catch(() => undefined);
  }, []);
  const deals = useData(async () => {
    if (!organizationId) return [];
    const page = await ok(api.GET('/api/v1/deals', { params: { query: { limit: 100 } } }));
    return page.items.filter((d) => d.buyerOrganizationId === organizationId || d.sellerOrganizationId === organizationId);
  }, [organizationId]);

  if (!acting.ready) return acting.view;

  return (
    <section>
      <h1>{t('deals.title')}</h1>
      <p class="muted">{acting.organization.organizationName}</p>
      <LoadState loading={deals.loading && !deals.data} error={deals.error} />
      {deals.data?.length === 0 && <p class="muted">{t('deals.none')}</p>}
      {deals.data && deals.data.length > 0 && (
        <ul class="cards">
          {deals.data.map((d) => {
            const buying = d.buyerOrganizationId === organizationId;
            return (
              <li key={d.id} class="card">
                <h2 class="card-title">
                  <a href={`/deals/${d.id}`}>
                    {nameOf(productByCode(d.productCode)) || d.productCode} · {formatQuantity(d.quantity, d.unit)}
                  </a>
                </h2>
                <span class={`badge status-${d.status}`}>{t(`deals.status.${d.status}`)}</span>
                <p>
                  {buying
                    ? t('deals.boughtFrom', { organization: organizationName(d.sellerOrganizationId) })
                    : t('deals.soldTo', { organization: organizationName(d.buyerOrganizationId) })}
                  <br />
                  {t('deals.agreedOn', { date: formatDate(d.agreedAt) })}
                </p>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
