import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { catalog, loadCatalog } from '../../api/catalog';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/problem';
import type { Schemas } from '../../api/types';
import { ProvinceSelect } from '../../components/catalog-pickers';
import { Field, FormError } from '../../components/field';
import { useData } from '../../components/use-data';
import { LocationPicker, useMyLocation } from '../../components/use-my-location';
import { nameOf, t, type MessageKey } from '../../i18n/i18n';
import { localPhone } from '../organization-settings/local-phone';
import { chooseOrganization, currentMembership, loadMe, me } from '../../session/session';
import { useSignedIn } from '../../components/signed-in';
import './organization-new.css';

type Kind = Schemas['CreateOrganizationDto']['kind'];
type Capability = Schemas['CreateOrganizationDto']['capabilities'][number];
const KINDS: Kind[] = ['firm', 'cooperative', 'working_group', 'government'];
const CAPABILITIES: Capability[] = ['sell', 'buy', 'supply_inputs', 'organize_fairs'];

export function OrganizationNewPage() {
  const inside = useSignedIn();
  if (!inside) return null;
  return (
    <section class="narrow">
      <h1>{t('org.title')}</h1>
      <CreateOrganization />
      <JoinOrganization />
    </section>
  );
}

function CreateOrganization() {
  const { route } = useLocation();
  const [kind, setKind] = useState<Kind>('firm');
  const [capabilities, setCapabilities] = useState<Capability[]>(['sell']);
  const [province, setProvince] = useState('');
  const [valueChains, setValueChains] = useState<string[]>([]);
  const picker = useMyLocation();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => void loadCatalog().catch(() => undefined), []);

  const toggle = <T,>(list: T[], item: T, on: boolean): T[] => (on ? [...list, item] : list.filter((x) => x !== item));

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const district = String(form.get('district') ?? '').trim();
    const phone = String(form.get('phone') ?? '').trim();
    setBusy(true);
    setError(null);
    try {
      const created = await ok(
        api.POST('/api/v1/organizations', {
          body: {
            name: String(form.get('name') ?? ''),
            kind,
            capabilities,
            provinceCode: province,
            valueChains,
            ...(district ? { district } : {}),
            ...(phone ? { phone } : {}),
            ...(picker.location ? { location: picker.location } : {}),
          },
        }),
      );
      chooseOrganization(created.id);
      await loadMe();
      route('/my');
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'offline', ''));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="org-create-title">
      <h2 id="org-create-title">{t('org.createTitle')}</h2>
      <FormError error={error} />
      <Field id="org-name" name="name" label={t('org.name')} error={error}>
        {(props) => <input {...props} required maxLength={200} autoComplete="organization" />}
      </Field>
      <fieldset class="choices">
        <legend>{t('org.kind')}</legend>
        {KINDS.map((k) => (
          <label key={k} class="check">
            <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
            {t(`org.kind.${k}` as MessageKey)}
          </label>
        ))}
      </fieldset>
      <fieldset class="choices">
        <legend>{t('org.capabilities')}</legend>
        {error?.fieldMessage('capabilities') && <p class="field-error">{error.fieldMessage('capabilities')}</p>}
        {CAPABILITIES.map((c) => (
          <label key={c} class="check">
            <input type="checkbox" name="capabilities" value={c} checked={capabilities.includes(c)} onChange={(e) => setCapabilities(toggle(capabilities, c, (e.currentTarget as HTMLInputElement).checked))} />
            {t(`org.capability.${c}` as MessageKey)}
          </label>
        ))}
      </fieldset>
      <Field id="org-province" name="provinceCode" label={t('org.province')} error={error}>
        {(props) => <ProvinceSelect {...props} value={province} onChange={setProvince} required />}
      </Field>
      <Field id="org-district" name="district" label={t('org.district')} hint={t('org.optional')} error={error}>
        {(props) => <input {...props} maxLength={100} />}
      </Field>
      <fieldset class="choices">
        <legend>{t('org.valueChains')}</legend>
        {error?.fieldMessage('valueChains') && <p class="field-error">{error.fieldMessage('valueChains')}</p>}
        {catalog.value?.valueChains.map((chain) => (
          <label key={chain.code} class="check">
            <input
              type="checkbox"
              name="valueChains"
              value={chain.code}
              checked={valueChains.includes(chain.code)}
              onChange={(e) => setValueChains(toggle(valueChains, chain.code, (e.currentTarget as HTMLInputElement).checked))}
            />
            {nameOf(chain)}
          </label>
        ))}
      </fieldset>
      <LocationPicker legend={t('org.location')} picker={picker} />
      <Field id="org-phone" name="phone" label={t('org.phone')} hint={t('org.phoneHint')} error={error}>
        {(props) => <input {...props} type="tel" inputMode="tel" autoComplete="tel" />}
      </Field>
      <button type="submit" disabled={busy}>
        {t('org.create')}
      </button>
    </form>
  );
}

/**
 * Joining, as the API has it: a person cannot add themself to an organization (its managers
 * add people by their phone number), and a firm asks a cooperative or working group to take it in.
 */
function JoinOrganization() {
  const firm = currentMembership.value?.kind === 'firm' && currentMembership.value.role !== 'member' ? currentMembership.value : null;
  return (
    <section class="join" aria-labelledby="org-join-title">
      <h2 id="org-join-title">{t('org.joinTitle')}</h2>
      <p>{t('org.joinPerson')}</p>
      {me.value?.user.phone && (
        <p>
          {t('org.yourPhone')} <strong>{localPhone(me.value.user.phone)}</strong>
        </p>
      )}
      {firm && <JoinGroup firmId={firm.organizationId} firmName={firm.organizationName} />}
    </section>
  );
}

function JoinGroup({ firmId, firmName }: { firmId: string; firmName: string }) {
  const groups = useData(async () => {
    const [cooperatives, workingGroups] = await Promise.all([
      ok(api.GET('/api/v1/organizations', { params: { query: { kind: 'cooperative', limit: 100 } } })),
      ok(api.GET('/api/v1/organizations', { params: { query: { kind: 'working_group', limit: 100 } } })),
    ]);
    return [...cooperatives.items, ...workingGroups.items];
  }, []);
  const [groupId, setGroupId] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [asked, setAsked] = useState(false);

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    setError(null);
    try {
      await ok(api.POST('/api/v1/organizations/{groupId}/member-organizations', { params: { path: { groupId } }, body: { organizationId: firmId } }));
      setAsked(true);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'offline', ''));
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <p>{t('org.joinGroup', { name: firmName })}</p>
      <FormError error={error} />
      <Field id="org-group" name="organizationId" label={t('org.group')} error={error}>
        {(props) => (
          <select {...props} value={groupId} onChange={(e) => setGroupId((e.currentTarget as HTMLSelectElement).value)} required>
            <option value="">{t('common.choose')}</option>
            {groups.data?.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      {asked ? (
        <p role="status" class="badge">
          {t('org.joinAsked')}
        </p>
      ) : (
        <button type="submit" class="secondary" disabled={!groupId}>
          {t('org.askToJoin')}
        </button>
      )}
    </form>
  );
}
