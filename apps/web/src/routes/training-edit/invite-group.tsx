import { useState } from 'preact/hooks';
import { provinceByCode } from '../../api/catalog';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/problem';
import type { Schemas } from '../../api/types';
import { TrainingProblem } from './training-problem';
import { formatNumber } from '../../i18n/format';
import { nameOf, t, type MessageKey } from '../../i18n/i18n';

type Organization = Schemas['OrganizationDto'];
const GROUP_KINDS = ['cooperative', 'working_group'] as const;

/**
 * Finds a cooperative or working group by name in the directory and invites its member firms
 * (to a training, a visit or a forum: the same invitation; `hint` words it for the kind).
 */
export function InviteGroup({ trainingId, hint }: { trainingId: string; hint?: string }) {
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Organization[] | null>(null);
  const [invited, setInvited] = useState<{ name: string; count: number } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const search = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const pages = await Promise.all(
        GROUP_KINDS.map((kind) => ok(api.GET('/api/v1/organizations', { params: { query: { q: q.trim() || undefined, kind, limit: 10 } } }))),
      );
      setFound(pages.flatMap((p) => p.items).sort((a, b) => a.name.localeCompare(b.name)));
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'offline', ''));
    } finally {
      setBusy(false);
    }
  };

  const invite = async (group: Organization) => {
    setError(null);
    setBusy(true);
    try {
      const result = await ok(
        api.POST('/api/v1/trainings/{id}/invitations', {
          params: { path: { id: trainingId } },
          body: { organizationId: group.id },
          headers: { 'Idempotency-Key': crypto.randomUUID() },
        }),
      );
      setInvited({ name: group.name, count: result.invited.length });
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'offline', ''));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="invite-group">
      <p class="hint">{hint ?? t('supplierTraining.inviteHint')}</p>
      <form role="search" onSubmit={search}>
        <div class="field">
          <label for="invite-q">{t('supplierTraining.inviteSearch')}</label>
          <div class="row">
            <input id="invite-q" type="search" value={q} onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)} />
            <button type="submit" class="secondary" disabled={busy}>
              {t('supplierTraining.inviteFind')}
            </button>
          </div>
        </div>
      </form>
      <TrainingProblem error={error} />
      {invited && (
        <p role="status" class="invited">
          {t('supplierTraining.invited', { group: invited.name, count: formatNumber(invited.count) })}
        </p>
      )}
      {found && found.length === 0 && <p class="muted">{t('supplierTraining.inviteNone')}</p>}
      {found && found.length > 0 && (
        <ul class="invite-results">
          {found.map((group) => (
            <li key={group.id}>
              <span>
                <strong>{group.name}</strong>
                <span class="muted">
                  {' '}
                  · {t(`directory.kind.${group.kind}` as MessageKey)} · {nameOf(provinceByCode(group.provinceCode))}
                </span>
              </span>
              <button type="button" disabled={busy} onClick={() => void invite(group)} aria-label={t('supplierTraining.inviteGroup', { group: group.name })}>
                {t('supplierTraining.invite')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
