import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { catalog, provinceByCode, valueChainByCode } from '../../api/catalog';
import { api, ok } from '../../api/client';
import type { Schemas } from '../../api/types';
import { ProvinceSelect } from '../../components/catalog-pickers';
import { VerifiedBadge } from '../../components/reputation';
import { LoadState } from '../../components/status';
import { useCatalog } from '../../components/use-catalog';
import { usePaged } from '../../components/use-paged';
import { nameOf, t } from '../../i18n/i18n';
import './directory.css';

type Organization = Schemas['OrganizationDto'];
const KINDS = ['firm', 'cooperative', 'working_group', 'government'] as const;
const CAPABILITIES = ['sell', 'buy', 'supply_inputs', 'organize_fairs'] as const;

interface DirectoryFilters {
  q: string;
  kind: '' | (typeof KINDS)[number];
  capability: '' | (typeof CAPABILITIES)[number];
  province: string;
  valueChain: string;
}

function filtersFrom(query: Record<string, string | undefined>): DirectoryFilters {
  const kind = (KINDS as readonly string[]).includes(query.kind ?? '') ? (query.kind as DirectoryFilters['kind']) : '';
  const capability = (CAPABILITIES as readonly string[]).includes(query.capability ?? '') ? (query.capability as DirectoryFilters['capability']) : '';
  return { q: (query.q ?? '').trim(), kind, capability, province: query.province ?? '', valueChain: query.valueChain ?? '' };
}

function directoryUrl(f: DirectoryFilters): string {
  const params = new URLSearchParams(Object.entries(f).filter(([, value]) => value) as Array<[string, string]>);
  const query = params.toString();
  return query ? `/organizations?${query}` : '/organizations';
}

/** The directory of organizations: firms, cooperatives, working groups and agencies. */
export function DirectoryPage() {
  useCatalog();
  const { query, route } = useLocation();
  const filters = filtersFrom(query);
  const key = directoryUrl(filters);
  const organizations = usePaged(
    (cursor) =>
      ok(
        api.GET('/api/v1/organizations', {
          params: {
            query: {
              q: filters.q || undefined,
              kind: filters.kind || undefined,
              capability: filters.capability || undefined,
              province: filters.province || undefined,
              valueChain: filters.valueChain || undefined,
              limit: 20,
              cursor,
            },
          },
        }),
      ),
    [key],
    `directory:${key}`,
  );
  return (
    <section class="directory">
      <h1>{t('directory.title')}</h1>
      <DirectoryForm key={key} initial={filters} onSearch={(next) => route(directoryUrl(next))} />
      <h2 class="visually-hidden" id="directory-results">
        {t('directory.results')}
      </h2>
      <LoadState loading={organizations.loading && organizations.items.length === 0} error={organizations.error} />
      {!organizations.loading && !organizations.error && organizations.items.length === 0 && <p role="status">{t('directory.none')}</p>}
      <ul class="cards" aria-labelledby="directory-results">
        {organizations.items.map((org) => (
          <OrganizationCard key={org.id} org={org} />
        ))}
      </ul>
      {organizations.hasMore && (
        <button type="button" class="secondary more" onClick={organizations.more}>
          {t('directory.more')}
        </button>
      )}
    </section>
  );
}

function OrganizationCard({ org }: { org: Organization }) {
  return (
    <li class="card org-card">
      <h3>
        <a href={`/organizations/${org.id}`}>{org.name}</a>
      </h3>
      {org.verified && <VerifiedBadge />}
      <p class="muted">
        {t(`directory.kind.${org.kind}`)} · {nameOf(provinceByCode(org.provinceCode))}
      </p>
      {org.valueChains.length > 0 && <p>{org.valueChains.map((code) => nameOf(valueChainByCode(code)) || code).join(' · ')}</p>}
      <p class="muted">{org.capabilities.map((c) => t(`directory.capability.${c}`)).join(' · ')}</p>
    </li>
  );
}

function DirectoryForm({ initial, onSearch }: { initial: DirectoryFilters; onSearch: (filters: DirectoryFilters) => void }) {
  const [filters, setFilters] = useState(initial);
  const set = (change: Partial<DirectoryFilters>) => setFilters((f) => ({ ...f, ...change }));
  return (
    <form
      role="search"
      class="directory-form"
      onSubmit={(event) => {
        event.preventDefault();
        onSearch(filters);
      }}
    >
      <div class="field">
        <label for="directory-q">{t('directory.name')}</label>
        <div class="row">
          <input id="directory-q" name="q" type="search" value={filters.q} onInput={(e) => set({ q: (e.currentTarget as HTMLInputElement).value })} />
          <button type="submit">{t('directory.submit')}</button>
        </div>
      </div>
      <div class="filter-grid">
        <div class="field">
          <label for="directory-kind">{t('directory.kindLabel')}</label>
          <select id="directory-kind" name="kind" value={filters.kind} onChange={(e) => onSearch({ ...filters, kind: (e.currentTarget as HTMLSelectElement).value as DirectoryFilters['kind'] })}>
            <option value="">{t('common.any')}</option>
            {KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`directory.kind.${kind}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="directory-capability">{t('directory.capabilityLabel')}</label>
          <select
            id="directory-capability"
            name="capability"
            value={filters.capability}
            onChange={(e) => onSearch({ ...filters, capability: (e.currentTarget as HTMLSelectElement).value as DirectoryFilters['capability'] })}
          >
            <option value="">{t('common.any')}</option>
            {CAPABILITIES.map((capability) => (
              <option key={capability} value={capability}>
                {t(`directory.capability.${capability}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="directory-province">{t('directory.province')}</label>
          <ProvinceSelect id="directory-province" name="province" allowAny value={filters.province} onChange={(province) => onSearch({ ...filters, province })} />
        </div>
        <div class="field">
          <label for="directory-value-chain">{t('directory.valueChain')}</label>
          <select
            id="directory-value-chain"
            name="valueChain"
            value={filters.valueChain}
            onChange={(e) => onSearch({ ...filters, valueChain: (e.currentTarget as HTMLSelectElement).value })}
          >
            <option value="">{t('common.any')}</option>
            {catalog.value?.valueChains.map((chain) => (
              <option key={chain.code} value={chain.code}>
                {nameOf(chain)}
              </option>
            ))}
          </select>
        </div>
      </div>
    </form>
  );
}
