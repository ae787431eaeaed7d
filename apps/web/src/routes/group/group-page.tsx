import { useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { provinceByCode, valueChainByCode } from '../../api/catalog';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/problem';
import type { Schemas } from '../../api/types';
import { FormError } from '../../components/field';
import { LoadState } from '../../components/status';
import { useCatalog } from '../../components/use-catalog';
import { useData } from '../../components/use-data';
import { nameOf, t } from '../../i18n/i18n';
import { currentMembership, me, signedIn } from '../../session/session';
import './group.css';

type Organization = Schemas['OrganizationDto'];
type GroupMember = Schemas['GroupMemberDto'];

const GROUP_KINDS = ['cooperative', 'working_group'];
const asApiError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0, 'offline', ''));

/**
 * A cooperative's or working group's page: its member firms, value chains and province; a
 * firm's managers ask to join here, the group's managers decide, and members open the forum.
 */
export function GroupPage() {
  useCatalog();
  const { params } = useRoute();
  const id = params.id!;
  const org = useData(() => ok(api.GET('/api/v1/organizations/{id}', { params: { path: { id } } })), [id]);
  const members = useData(
    () => ok(api.GET('/api/v1/organizations/{groupId}/member-organizations', { params: { path: { groupId: id }, query: { limit: 100 } } })),
    [id],
  );
  const o = org.data;
  if (!o) return <LoadState loading={org.loading} error={org.error} />;
  if (!GROUP_KINDS.includes(o.kind)) {
    return (
      <section class="narrow">
        <h1>{o.name}</h1>
        <p>{t('group.notGroup')}</p>
        <a href={`/organizations/${o.id}`}>{t('group.profile')}</a>
      </section>
    );
  }
  const groupRole = me.value?.memberships.find((m) => m.organizationId === o.id)?.role ?? null;
  const manages = groupRole === 'owner' || groupRole === 'manager';
  const firms = members.data?.items ?? [];
  const acting = currentMembership.value;
  const actingIsMember = !!acting && firms.some((f) => f.organizationId === acting.organizationId);
  const canAsk = signedIn.value && !!acting && acting.kind === 'firm' && acting.role !== 'member' && !actingIsMember && !members.loading;
  const inGroup = signedIn.value && (groupRole !== null || actingIsMember || firms.some((f) => me.value?.memberships.some((m) => m.organizationId === f.organizationId)));

  return (
    <article class="group-page">
      <h1>{o.name}</h1>
      <p class="muted">{t(`directory.kind.${o.kind}`)}</p>
      <GroupFacts group={o} />
      <p>
        <a href={`/organizations/${o.id}`}>{t('group.profile')}</a>
      </p>
      {canAsk && <AskToJoin groupId={o.id} firmId={acting.organizationId} firmName={acting.organizationName} />}
      {inGroup && <GroupForum group={o} manages={manages} />}
      {manages && <JoinRequests groupId={o.id} onDecided={members.reload} />}
      <section aria-labelledby="group-members-heading">
        <h2 id="group-members-heading">{t('group.members')}</h2>
        <LoadState loading={members.loading && !members.data} error={members.error} />
        {members.data && firms.length === 0 && <p class="muted">{t('group.noMembers')}</p>}
        <ul class="group-firms">
          {firms.map((firm) => (
            <FirmRow key={firm.organizationId} firm={firm} />
          ))}
        </ul>
      </section>
    </article>
  );
}

function GroupFacts({ group }: { group: Organization }) {
  return (
    <dl class="terms">
      <dt>{t('group.province')}</dt>
      <dd>{[group.district, nameOf(provinceByCode(group.provinceCode))].filter(Boolean).join(', ')}</dd>
      <dt>{t('group.valueChains')}</dt>
      <dd>{group.valueChains.length > 0 ? group.valueChains.map((code) => nameOf(valueChainByCode(code)) || code).join(' · ') : t('group.noValueChains')}</dd>
    </dl>
  );
}

function FirmRow({ firm, children }: { firm: GroupMember; children?: preact.ComponentChildren }) {
  return (
    <li class="card group-firm">
      <a href={`/organizations/${firm.organizationId}`} class="card-title">
        {firm.name}
      </a>
      <p class="muted">
        {[nameOf(provinceByCode(firm.provinceCode)), ...firm.valueChains.map((code) => nameOf(valueChainByCode(code)) || code)].filter(Boolean).join(' · ')}
      </p>
      {children}
    </li>
  );
}

function AskToJoin({ groupId, firmId, firmName }: { groupId: string; firmId: string; firmName: string }) {
  const [state, setState] = useState<'idle' | 'busy' | 'asked'>('idle');
  const [error, setError] = useState<ApiError | null>(null);
  const ask = async () => {
    setState('busy');
    setError(null);
    try {
      await ok(api.POST('/api/v1/organizations/{groupId}/member-organizations', { params: { path: { groupId } }, body: { organizationId: firmId } }));
      setState('asked');
    } catch (e) {
      const problem = asApiError(e);
      // Asked before: the request is already waiting for the group's managers.
      if (problem.status === 409) setState('asked');
      else {
        setError(problem);
        setState('idle');
      }
    }
  };
  return (
    <section class="group-box" aria-labelledby="group-join-heading">
      <h2 id="group-join-heading">{t('group.joinTitle')}</h2>
      <FormError error={error} />
      {state === 'asked' ? (
        <p role="status" class="badge">
          {t('group.asked')}
        </p>
      ) : (
        <>
          <p>{t('group.joinLead', { firm: firmName })}</p>
          <button type="button" onClick={() => void ask()} disabled={state === 'busy'}>
            {t('group.askToJoin')}
          </button>
        </>
      )}
    </section>
  );
}

function GroupForum({ group, manages }: { group: Organization; manages: boolean }) {
  const forums = useData(() => ok(api.GET('/api/v1/conversations', { params: { query: { groupId: group.id, limit: 1 } } })), [group.id]);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const forum = forums.data?.items[0];
  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      const created = await ok(
        api.POST('/api/v1/conversations', { body: { participants: [{ organizationId: group.id, everyone: true }], subject: t('group.forumSubject', { name: group.name }) } }),
      );
      window.location.assign(`/messages/${created.id}`);
    } catch (e) {
      setError(asApiError(e));
      setBusy(false);
    }
  };
  return (
    <section class="group-box" aria-labelledby="group-forum-heading">
      <h2 id="group-forum-heading">{t('group.forum')}</h2>
      <LoadState loading={forums.loading && !forums.data} error={forums.error} />
      <FormError error={error} />
      {forum && (
        <>
          <p>{t('group.forumLead')}</p>
          <a class="button" href={`/messages/${forum.id}`}>
            {t('group.openForum')}
          </a>
        </>
      )}
      {forums.data && !forum && !manages && <p class="muted">{t('group.noForum')}</p>}
      {forums.data && !forum && manages && (
        <>
          <p>{t('group.startForumLead')}</p>
          <button type="button" onClick={() => void start()} disabled={busy}>
            {t('group.startForum')}
          </button>
        </>
      )}
    </section>
  );
}

function JoinRequests({ groupId, onDecided }: { groupId: string; onDecided: () => void }) {
  const requests = useData(
    () => ok(api.GET('/api/v1/organizations/{groupId}/member-organizations', { params: { path: { groupId }, query: { status: 'requested', limit: 100 } } })),
    [groupId],
  );
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const decide = async (organizationId: string, decision: 'approve' | 'refuse') => {
    setBusy(organizationId);
    setError(null);
    try {
      const params = { params: { path: { groupId, organizationId } } };
      await ok(
        decision === 'approve'
          ? api.POST('/api/v1/organizations/{groupId}/member-organizations/{organizationId}/approve', params)
          : api.POST('/api/v1/organizations/{groupId}/member-organizations/{organizationId}/refuse', params),
      );
      requests.reload();
      onDecided();
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(null);
    }
  };
  const items = requests.data?.items ?? [];
  return (
    <section class="group-box" aria-labelledby="group-requests-heading">
      <h2 id="group-requests-heading">{t('group.requests')}</h2>
      <LoadState loading={requests.loading && !requests.data} error={requests.error} />
      <FormError error={error} />
      {requests.data && items.length === 0 && <p class="muted">{t('group.noRequests')}</p>}
      <ul class="group-firms">
        {items.map((firm) => (
          <FirmRow key={firm.organizationId} firm={firm}>
            <div class="row wrap">
              <button type="button" onClick={() => void decide(firm.organizationId, 'approve')} disabled={busy !== null} aria-label={t('group.approveFirm', { firm: firm.name })}>
                {t('group.approve')}
              </button>
              <button type="button" class="secondary" onClick={() => void decide(firm.organizationId, 'refuse')} disabled={busy !== null} aria-label={t('group.refuseFirm', { firm: firm.name })}>
                {t('group.refuse')}
              </button>
            </div>
          </FirmRow>
        ))}
      </ul>
    </section>
  );
}
