import { api, ok } from '../../api/client';
import type { Schemas } from '../../api/types';
import { useActingOrganization } from '../../components/acting-organization';
import { LoadState } from '../../components/status';
import { usePaged } from '../../components/use-paged';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { t, type MessageKey } from '../../i18n/i18n';
import './my-trainings.css';

type Training = Schemas['TrainingDto'];

/** The stop still to come first, else the last one held. */
function nextStop(training: Training) {
  const live = (training.sessions ?? []).filter((s) => s.status === 'scheduled');
  const now = Date.now();
  return live.find((s) => new Date(s.startsAt).getTime() > now) ?? live[live.length - 1];
}

export function MyTrainingsPage() {
  const acting = useActingOrganization();
  if (!acting.ready) return acting.view;
  return <MyTrainings organizationId={acting.organization.organizationId} organizationName={acting.organization.organizationName} />;
}

function MyTrainings({ organizationId, organizationName }: { organizationId: string; organizationName: string }) {
  const trainings = usePaged(
    (cursor) => ok(api.GET('/api/v1/trainings/mine', { params: { query: { organizationId, limit: 20, cursor } } })),
    [organizationId],
  );
  return (
    <section class="my-trainings">
      <h1>{t('supplierTraining.listTitle')}</h1>
      <p class="lead">{organizationName}</p>
      <p>
        <a class="button" href="/my/trainings/new">
          {t('supplierTraining.new')}
        </a>
      </p>
      <LoadState loading={trainings.loading && trainings.items.length === 0} error={trainings.error} />
      {!trainings.loading && !trainings.error && trainings.items.length === 0 && <p class="muted">{t('supplierTraining.none')}</p>}
      <ul class="cards">
        {trainings.items.map((training) => {
          const next = nextStop(training);
          const live = (training.sessions ?? []).filter((s) => s.status === 'scheduled').length;
          return (
            <li key={training.id} class="card">
              <h2 class="card-title">
                <a href={`/my/trainings/${training.id}`}>{training.title}</a>
              </h2>
              <p>
                <span class={`badge training-${training.status}`}>{t(`supplierTraining.status.${training.status}` as MessageKey)}</span>
              </p>
              <p>{training.topic}</p>
              <p>{t('supplierTraining.stopCount', { count: formatNumber(live) })}</p>
              {next && <p class="muted">{t('supplierTraining.nextStop', { when: formatDateTime(next.startsAt), venue: next.venue })}</p>}
            </li>
          );
        })}
      </ul>
      {trainings.hasMore && (
        <button type="button" class="secondary" onClick={trainings.more}>
          {t('supplierTraining.more')}
        </button>
      )}
    </section>
  );
}
