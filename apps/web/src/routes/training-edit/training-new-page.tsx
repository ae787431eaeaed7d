import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { catalog, loadCatalog } from '../../api/catalog';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/problem';
import { useActingOrganization } from '../../components/acting-organization';
import { Field } from '../../components/field';
import { TrainingProblem } from './training-problem';
import { nameOf, t } from '../../i18n/i18n';
import './training-edit.css';

export function TrainingNewPage() {
  const acting = useActingOrganization();
  const { route } = useLocation();
  const [valueChains, setValueChains] = useState<string[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  // One key for this form: sending it again after a lost answer creates nothing twice.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  useEffect(() => void loadCatalog().catch(() => undefined), []);
  if (!acting.ready) return acting.view;

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    setBusy(true);
    setError(null);
    try {
      const created = await ok(
        api.POST('/api/v1/trainings', {
          body: {
            organizationId: acting.organization.organizationId,
            title: text('title'),
            topic: text('topic'),
            valueChains,
            description: text('description') || undefined,
            embeddedOffer: text('embeddedOffer') || undefined,
            // Freed seats go to the waitlist strictly in order, the API's default.
            waitlistRule: 'strict_order',
            sessions: [],
          },
          headers: { 'Idempotency-Key': idempotencyKey },
        }),
      );
      route(`/my/trainings/${created.id}`);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'offline', ''));
      setBusy(false);
    }
  };

  const chainsError = error?.fieldMessage('valueChains');
  return (
    <section class="narrow training-edit">
      <h1>{t('supplierTraining.newTitle')}</h1>
      <p class="muted">{t('supplierTraining.for', { organization: acting.organization.organizationName })}</p>
      <form onSubmit={onSubmit} noValidate>
        <TrainingProblem error={error} />
        <Field id="training-title" name="title" label={t('supplierTraining.title')} hint={t('supplierTraining.titleHint')} error={error}>
          {(props) => <input {...props} maxLength={200} required />}
        </Field>
        <Field id="training-topic" name="topic" label={t('supplierTraining.topic')} hint={t('supplierTraining.topicHint')} error={error}>
          {(props) => <input {...props} maxLength={200} required />}
        </Field>
        <fieldset class="choices" aria-describedby={chainsError ? 'training-chains-error' : undefined}>
          <legend>{t('supplierTraining.valueChains')}</legend>
          {chainsError && (
            <p class="field-error" id="training-chains-error">
              {chainsError}
            </p>
          )}
          {catalog.value?.valueChains.map((chain) => (
            <label key={chain.code} class="check">
              <input
                type="checkbox"
                name="valueChains"
                value={chain.code}
                checked={valueChains.includes(chain.code)}
                onChange={(e) =>
                  setValueChains((e.currentTarget as HTMLInputElement).checked ? [...valueChains, chain.code] : valueChains.filter((c) => c !== chain.code))
                }
              />
              {nameOf(chain)}
            </label>
          ))}
        </fieldset>
        <Field id="training-description" name="description" label={t('supplierTraining.description')} error={error}>
          {(props) => <textarea {...props} rows={4} maxLength={4000} />}
        </Field>
        <Field id="training-offer" name="embeddedOffer" label={t('supplierTraining.offer')} hint={t('supplierTraining.offerHint')} error={error}>
          {(props) => <textarea {...props} rows={2} maxLength={1000} />}
        </Field>
        <p class="hint">{t('supplierTraining.stopsAfter')}</p>
        <button type="submit" disabled={busy}>
          {t('supplierTraining.create')}
        </button>
      </form>
    </section>
  );
}
