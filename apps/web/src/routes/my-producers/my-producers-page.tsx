import { useEffect, useState } from 'preact/hooks';
import { loadCatalog, productByCode, provinceByCode } from '../../api/catalog';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/problem';
import type { Schemas } from '../../api/types';
import { useActingOrganization } from '../../components/acting-organization';
import { ProvinceSelect } from '../../components/catalog-pickers';
import { Field, FormError } from '../../components/field';
import { formatQuantity } from '../../components/money';
import { LoadState } from '../../components/status';
import { useData } from '../../components/use-data';
import { formatDate, formatMoney } from '../../i18n/format';
import { locale, nameOf, t, type MessageKey } from '../../i18n/i18n';
import { localPhone } from '../organization-settings/local-phone';
import './my-producers.css';

type Producer = Schemas['AgentProducerTradeDto'];
type Registered = Schemas['RegisteredProducerDto'];
const asApiError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0, 'offline', ''));

/** Kinds that may act as agents for producers (the API's AGENT_KINDS). */
export const AGENT_KINDS = ['firm', 'cooperative'];

/**
 * An agent's producers: who they serve (or asked to), whether each agreed by SMS, and the
 * deals and volumes the agent brought them, for the commissions they agree outside Psar.
 */
export function MyProducersPage() {
  const acting = useActingOrganization();
  const organizationId = acting.ready ? acting.organization.organizationId : null;
  useEffect(() => void loadCatalog().catch(() => undefined), []);
  const producers = useData(
    () =>
      organizationId
        ? ok(api.GET('/api/v1/agents/{agentOrgId}/producers', { params: { path: { agentOrgId: organizationId }, query: { limit: 100 } } }))
        : Promise.resolve(null),
    [organizationId],
  );
  if (!acting.ready) return acting.view;
  const { organization } = acting;
  if (!AGENT_KINDS.includes(organization.kind) || organization.role === 'member') {
    return (
      <section class="narrow">
        <h1>{t('agents.title')}</h1>
        <p>{t('agents.notAgent')}</p>
      </section>
    );
  }
  return (
    <section class="narrow agents">
      <h1>{t('agents.title')}</h1>
      <p class="muted">{organization.organizationName}</p>
      <p>{t('agents.lead')}</p>
      <RegisterForm agentOrgId={organization.organizationId} onRegistered={producers.reload} />
      <section aria-labelledby="agents-list">
        <h2 id="agents-list">{t('agents.listTitle')}</h2>
        <LoadState loading={producers.loading && !producers.data} error={producers.error} />
        {producers.data?.items.length === 0 && <p class="muted">{t('agents.none')}</p>}
        <ul class="cards">
          {producers.data?.items.map((p) => (
            <ProducerCard key={p.mandateId} agentOrgId={organization.organizationId} producer={p} onEnded={producers.reload} />
          ))}
        </ul>
      </section>
    </section>
  );
}

function RegisterForm({ agentOrgId, onRegistered }: { agentOrgId: string; onRegistered: () => void }) {
  const [province, setProvince] = useState('');
  const [language, setLanguage] = useState<'km' | 'en'>(locale.value);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Registered | null>(null);

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    const form = new FormData(formElement);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const answer = await ok(
        api.POST('/api/v1/agents/{agentOrgId}/producers', {
          params: { path: { agentOrgId } },
          body: { phone: text('phone'), name: text('name'), provinceCode: province, locale: language },
        }),
      );
      setResult(answer);
      // Ready for the next producer; the province and language stay (an agent's producers are mostly near each other).
      for (const name of ['phone', 'name']) (formElement.elements.namedItem(name) as HTMLInputElement).value = '';
      onRegistered();
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="agents-register">
      <h2 id="agents-register">{t('agents.registerTitle')}</h2>
      <p>{t('agents.registerLead')}</p>
      <FormError error={error} />
      <Field id="agents-phone" name="phone" label={t('agents.phone')} hint={t('orgSettings.phoneHint')} error={error}>
        {(props) => <input {...props} type="tel" inputMode="tel" autoComplete="off" required />}
      </Field>
      <Field id="agents-name" name="name" label={t('agents.name')} error={error}>
        {(props) => <input {...props} required maxLength={120} autoComplete="off" />}
      </Field>
      <Field id="agents-province" name="provinceCode" label={t('agents.province')} error={error}>
        {(props) => <ProvinceSelect {...props} value={province} onChange={setProvince} required />}
      </Field>
      <Field id="agents-language" name="locale" label={t('agents.language')} error={error}>
        {(props) => (
          <select {...props} value={language} onChange={(e) => setLanguage((e.currentTarget as HTMLSelectElement).value as 'km' | 'en')}>
            <option value="km">{t('agents.language.km')}</option>
            <option value="en">{t('agents.language.en')}</option>
          </select>
        )}
      </Field>
      <button type="submit" disabled={busy}>
        {t('agents.register')}
      </button>
      {result && (
        <p role="status" class="badge agents-registered">
          {result.consentSms === 'queued'
            ? t('agents.registered', { name: result.name, code: result.consentCode })
            : t('agents.registeredNoSms', { name: result.name, code: result.consentCode })}
        </p>
      )}
    </form>
  );
}

function ProducerCard({ agentOrgId, producer: p, onEnded }: { agentOrgId: string; producer: Producer; onEnded: () => void }) {
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const live = p.status === 'pending' || p.status === 'active';
  const end = async () => {
    setBusy(true);
    setError(null);
    try {
      await ok(api.DELETE('/api/v1/agents/{agentOrgId}/producers/{producerOrgId}', { params: { path: { agentOrgId, producerOrgId: p.producerOrganizationId } } }));
      onEnded();
    } catch (e) {
      setError(asApiError(e));
      setBusy(false);
    }
  };
  return (
    <li class="card">
      <h3 class="card-title">{p.name}</h3>
      <span class={`badge agents-status-${p.status}`}>{t(`agents.status.${p.status}` as MessageKey)}</span>
      <p>
        {localPhone(p.phone)} · {nameOf(provinceByCode(p.provinceCode)) || p.provinceCode}
        <br />
        {p.consentedAt ? t('agents.consentedOn', { date: formatDate(p.consentedAt) }) : t('agents.registeredOn', { date: formatDate(p.registeredAt) })}
        {p.endedAt && (
          <>
            <br />
            {t('agents.endedOn', { date: formatDate(p.endedAt) })}
          </>
        )}
      </p>
      <p>{t('agents.deals', { n: p.deals })}</p>
      {p.volumes.length > 0 && (
        <ul class="agents-volumes">
          {p.volumes.map((v) => (
            <li key={`${v.productCode}:${v.value.currency}`}>
              {t('agents.volume', {
                product: nameOf(productByCode(v.productCode)) || v.productCode,
                quantity: formatQuantity(v.quantity, v.unit),
                value: formatMoney(v.value),
              })}
            </li>
          ))}
        </ul>
      )}
      <FormError error={error} />
      {live && (
        <button type="button" class="secondary" onClick={() => void end()} disabled={busy} aria-label={t('agents.endFor', { name: p.name })}>
          {t('agents.end')}
        </button>
      )}
    </li>
  );
}
