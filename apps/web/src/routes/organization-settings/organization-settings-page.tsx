import { useEffect, useState } from 'preact/hooks';
import { catalog, loadCatalog } from '../../api/catalog';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/problem';
import type { Schemas } from '../../api/types';
import { useActingOrganization } from '../../components/acting-organization';
import { ProvinceSelect } from '../../components/catalog-pickers';
import { Field, FormError } from '../../components/field';
import { LoadState } from '../../components/status';
import { useData } from '../../components/use-data';
import { LocationPicker, useMyLocation } from '../../components/use-my-location';
import { formatDate } from '../../i18n/format';
import { nameOf, t, type MessageKey } from '../../i18n/i18n';
import { loadMe, me } from '../../session/session';
import { localPhone } from './local-phone';
import './organization-settings.css';

type Organization = Schemas['OrganizationDto'];
type Role = Schemas['MemberDto']['role'];
const ROLES: Role[] = ['owner', 'manager', 'member'];
const roleName = (role: Role) => t(`orgSettings.role.${role}` as MessageKey);
const asApiError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0, 'offline', ''));

/** The settings of the organization the person acts for: its profile, its people and their roles. */
export function OrganizationSettingsPage() {
  const acting = useActingOrganization();
  const id = acting.ready ? acting.organization.organizationId : null;
  const org = useData(() => (id ? ok(api.GET('/api/v1/organizations/{id}', { params: { path: { id } } })) : Promise.resolve(null)), [id]);
  if (!acting.ready) return acting.view;
  const myRole = acting.organization.role;
  const manages = myRole !== 'member';
  return (
    <section class="narrow org-settings">
      <h1>{t('orgSettings.title', { name: acting.organization.organizationName })}</h1>
      <p class="muted">{t('orgSettings.yourRole', { role: roleName(myRole) })}</p>
      <LoadState loading={org.loading && !org.data} error={org.error} />
      {org.data && manages && <ProfileForm key={org.data.id} organization={org.data} onSaved={org.reload} />}
      {org.data && !manages && (
        <p>
          <a href={`/organizations/${org.data.id}`}>{t('orgSettings.publicProfile')}</a>
        </p>
      )}
      {id && <People organizationId={id} myRole={myRole} />}
    </section>
  );
}

function ProfileForm({ organization: o, onSaved }: { organization: Organization; onSaved: () => void }) {
  const [province, setProvince] = useState(o.provinceCode);
  const [valueChains, setValueChains] = useState<string[]>(o.valueChains);
  const picker = useMyLocation(o.location ? { state: 'found', ...o.location } : { state: 'province' });
  const [error, setError] = useState<ApiError | null>(null);
  const [state, setState] = useState<'idle' | 'busy' | 'saved'>('idle');
  useEffect(() => void loadCatalog().catch(() => undefined), []);

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    setState('busy');
    setError(null);
    try {
      await ok(
        api.PATCH('/api/v1/organizations/{id}', {
          params: { path: { id: o.id } },
          body: {
            name: text('name'),
            description: text('description') || null,
            provinceCode: province,
            district: text('district') || null,
            valueChains,
            phone: text('phone') || null,
            location: picker.location ?? null,
          },
        }),
      );
      setState('saved');
      onSaved();
      // The name shows in the header and on "Mine".
      void loadMe();
    } catch (e) {
      setError(asApiError(e));
      setState('idle');
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="org-settings-profile" onInput={() => state === 'saved' && setState('idle')}>
      <h2 id="org-settings-profile">{t('orgSettings.profile')}</h2>
      <FormError error={error} />
      <Field id="org-settings-name" name="name" label={t('orgSettings.name')} error={error}>
        {(props) => <input {...props} defaultValue={o.name} required maxLength={200} autoComplete="organization" />}
      </Field>
      <Field id="org-settings-description" name="description" label={t('orgSettings.description')} hint={t('orgSettings.optional')} error={error}>
        {(props) => <textarea {...props} defaultValue={o.description ?? ''} rows={4} maxLength={4000} />}
      </Field>
      <Field id="org-settings-province" name="provinceCode" label={t('orgSettings.province')} error={error}>
        {(props) => <ProvinceSelect {...props} value={province} onChange={setProvince} required />}
      </Field>
      <Field id="org-settings-district" name="district" label={t('orgSettings.district')} hint={t('orgSettings.optional')} error={error}>
        {(props) => <input {...props} defaultValue={o.district ?? ''} maxLength={100} />}
      </Field>
      <fieldset class="choices">
        <legend>{t('orgSettings.valueChains')}</legend>
        {error?.fieldMessage('valueChains') && <p class="field-error">{error.fieldMessage('valueChains')}</p>}
        {catalog.value?.valueChains.map((chain) => (
          <label key={chain.code} class="check">
            <input
              type="checkbox"
              name="valueChains"
              value={chain.code}
              checked={valueChains.includes(chain.code)}
              onChange={(e) => {
                const on = (e.currentTarget as HTMLInputElement).checked;
                setValueChains(on ? [...valueChains, chain.code] : valueChains.filter((c) => c !== chain.code));
              }}
            />
            {nameOf(chain)}
          </label>
        ))}
      </fieldset>
      <LocationPicker legend={t('orgSettings.location')} picker={picker} />
      <Field id="org-settings-phone" name="phone" label={t('orgSettings.phone')} hint={t('orgSettings.phoneHint')} error={error}>
        {(props) => <input {...props} defaultValue={o.phone ?? ''} type="tel" inputMode="tel" autoComplete="tel" />}
      </Field>
      <button type="submit" disabled={state === 'busy'}>
        {t('orgSettings.save')}
      </button>
      {state === 'saved' && (
        <p role="status" class="badge">
          {t('orgSettings.saved')}
        </p>
      )}
    </form>
  );
}

/** The people, their roles and (for owners and managers) adding by phone and pending invitations. */
function People({ organizationId, myRole }: { organizationId: string; myRole: Role }) {
  const manages = myRole !== 'member';
  const members = useData(() => ok(api.GET('/api/v1/organizations/{id}/members', { params: { path: { id: organizationId } } })), [organizationId]);
  const invitations = useData(
    () => (manages ? ok(api.GET('/api/v1/organizations/{id}/invitations', { params: { path: { id: organizationId }, query: { limit: 100 } } })) : Promise.resolve(null)),
    [organizationId, manages],
  );
  const changed = () => {
    members.reload();
    invitations.reload();
  };
  // Only owners make owners (the API says so too).
  const grantable = myRole === 'owner' ? ROLES : ROLES.filter((r) => r !== 'owner');
  return (
    <>
      <section aria-labelledby="org-settings-members">
        <h2 id="org-settings-members">{t('orgSettings.members')}</h2>
        <LoadState loading={members.loading && !members.data} error={members.error} />
        <ul class="org-members">
          {members.data?.items.map((member) => (
            <MemberRow key={`${member.userId}:${member.role}`} organizationId={organizationId} member={member} grantable={grantable} manages={manages} onChanged={changed} />
          ))}
        </ul>
      </section>
      {manages && <AddByPhone organizationId={organizationId} grantable={grantable} onAdded={changed} />}
      {manages && (
        <section aria-labelledby="org-settings-invitations">
          <h2 id="org-settings-invitations">{t('orgSettings.invitations')}</h2>
          <LoadState loading={invitations.loading && !invitations.data} error={invitations.error} />
          {invitations.data && invitations.data.items.length === 0 && <p class="muted">{t('orgSettings.noInvitations')}</p>}
          <ul class="org-members">
            {invitations.data?.items.map((invitation) => (
              <InvitationRow key={invitation.id} organizationId={organizationId} invitation={invitation} onChanged={changed} />
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

function MemberRow({
  organizationId,
  member,
  grantable,
  manages,
  onChanged,
}: {
  organizationId: string;
  member: Schemas['MemberDto'];
  grantable: Role[];
  manages: boolean;
  onChanged: () => void;
}) {
  const [role, setRole] = useState<Role>(member.role);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const isMe = member.userId === me.value?.user.id;
  // A manager cannot touch an owner's role; nobody changes their own here.
  const editable = manages && !isMe && grantable.includes(member.role);
  const act = async (call: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await call();
      onChanged();
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };
  const saveRole = () =>
    act(() => ok(api.POST('/api/v1/organizations/{id}/members', { params: { path: { id: organizationId } }, body: { userId: member.userId, role } })));
  const remove = () => act(() => ok(api.DELETE('/api/v1/organizations/{id}/members/{userId}', { params: { path: { id: organizationId, userId: member.userId } } })));
  const selectId = `org-member-role-${member.userId}`;
  return (
    <li class="card org-member">
      <p class="card-title">
        {member.name} {isMe && <span class="muted">{t('orgSettings.you')}</span>}
      </p>
      <p class="muted">
        {roleName(member.role)} · {t('orgSettings.since', { date: formatDate(member.joinedAt) })}
      </p>
      <FormError error={error} />
      {editable && (
        <div class="org-member-actions">
          <label for={selectId}>{t('orgSettings.roleOf', { name: member.name })}</label>
          <div class="row wrap">
            <select id={selectId} value={role} onChange={(e) => setRole((e.currentTarget as HTMLSelectElement).value as Role)}>
              {grantable.map((r) => (
                <option key={r} value={r}>
                  {roleName(r)}
                </option>
              ))}
            </select>
            <button type="button" onClick={() => void saveRole()} disabled={busy || role === member.role}>
              {t('orgSettings.changeRole')}
            </button>
            <button type="button" class="secondary" onClick={() => void remove()} disabled={busy} aria-label={t('orgSettings.removeMember', { name: member.name })}>
              {t('orgSettings.remove')}
            </button>
          </div>
        </div>
      )}
    </li>
  );
}

type Added = { status: 'added'; name: string; role: Role } | { status: 'invited'; phone: string; role: Role };

function AddByPhone({ organizationId, grantable, onAdded }: { organizationId: string; grantable: Role[]; onAdded: () => void }) {
  const [phone, setPhone] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Added | null>(null);

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const answer = await ok(api.POST('/api/v1/organizations/{id}/members', { params: { path: { id: organizationId } }, body: { phone: phone.trim(), role } }));
      setResult(
        answer.status === 'added'
          ? { status: 'added', name: answer.member.name, role: answer.member.role }
          : { status: 'invited', phone: localPhone(answer.invitation.phone), role: answer.invitation.role },
      );
      setPhone('');
      onAdded();
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="org-settings-add">
      <h2 id="org-settings-add">{t('orgSettings.addTitle')}</h2>
      <p>{t('orgSettings.addLead')}</p>
      <FormError error={error} />
      <Field id="org-settings-add-phone" name="phone" label={t('orgSettings.addPhone')} hint={t('orgSettings.phoneHint')} error={error}>
        {(props) => (
          <input {...props} value={phone} onInput={(e) => setPhone((e.currentTarget as HTMLInputElement).value)} type="tel" inputMode="tel" autoComplete="off" required />
        )}
      </Field>
      <Field id="org-settings-add-role" name="role" label={t('orgSettings.addRole')} error={error}>
        {(props) => (
          <select {...props} value={role} onChange={(e) => setRole((e.currentTarget as HTMLSelectElement).value as Role)}>
            {grantable.map((r) => (
              <option key={r} value={r}>
                {roleName(r)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <button type="submit" disabled={busy || phone.trim() === ''}>
        {t('orgSettings.add')}
      </button>
      {result && (
        <p role="status" class="badge org-added">
          {result.status === 'added'
            ? t('orgSettings.added', { name: result.name, role: roleName(result.role) })
            : t('orgSettings.invited', { phone: result.phone, role: roleName(result.role) })}
        </p>
      )}
    </form>
  );
}

function InvitationRow({ organizationId, invitation, onChanged }: { organizationId: string; invitation: Schemas['MemberInvitationDto']; onChanged: () => void }) {
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const phone = localPhone(invitation.phone);
  const cancel = async () => {
    setBusy(true);
    setError(null);
    try {
      await ok(api.DELETE('/api/v1/organizations/{id}/invitations/{invitationId}', { params: { path: { id: organizationId, invitationId: invitation.id } } }));
      onChanged();
    } catch (e) {
      setError(asApiError(e));
      setBusy(false);
    }
  };
  return (
    <li class="card org-member">
      <p class="card-title">{phone}</p>
      <p class="muted">
        {roleName(invitation.role)} · {t('orgSettings.invitedUntil', { date: formatDate(invitation.expiresAt) })}
      </p>
      <FormError error={error} />
      <button type="button" class="secondary" onClick={() => void cancel()} disabled={busy} aria-label={t('orgSettings.cancelInvitationOf', { phone })}>
        {t('orgSettings.cancelInvitation')}
      </button>
    </li>
  );
}
