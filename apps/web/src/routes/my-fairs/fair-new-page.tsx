import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/problem';
import { useActingOrganization } from '../../components/acting-organization';
import { ProvinceSelect } from '../../components/catalog-pickers';
import { Field, FormError } from '../../components/field';
import { t } from '../../i18n/i18n';
import { closingInstant } from './fair-dates';
import './my-fairs.css';

/** A new fair, as a draft: its name, days, place and the size of its floor plan. */
export function FairNewPage() {
  const acting = useActingOrganization();
  const { route } = useLocation();
  const [province, setProvince] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  if (!acting.ready) return acting.view;
  const organizationId = acting.organization.organizationId;

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const description = text('description');
    setBusy(true);
    setError(null);
    try {
      const fair = await ok(
        api.POST('/api/v1/trade-fairs', {
          body: {
            organizationId,
            name: text('name'),
            provinceCode: province,
            venue: text('venue'),
            startsOn: text('startsOn'),
            endsOn: text('endsOn'),
            applicationsCloseAt: closingInstant(text('applicationsCloseAt')),
            floorPlan: { width: Number(text('floorPlan.width')), height: Number(text('floorPlan.height')) },
            bookingHoldHours: 72,
            ...(description ? { description } : {}),
          },
        }),
      );
      route(`/my/fairs/${fair.id}`);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'offline', ''));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="narrow fair-new">
      <h1>{t('fairOrganizer.newFair')}</h1>
      <p class="lead">{t('fairOrganizer.newLead', { name: acting.organization.organizationName })}</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <FormError error={error} />
        <Field id="fair-name" name="name" label={t('fairOrganizer.name')} error={error}>
          {(props) => <input {...props} maxLength={200} required />}
        </Field>
        <Field id="fair-province" name="provinceCode" label={t('fairOrganizer.province')} error={error}>
          {(props) => <ProvinceSelect {...props} value={province} onChange={setProvince} required />}
        </Field>
        <Field id="fair-venue" name="venue" label={t('fairOrganizer.venue')} error={error}>
          {(props) => <input {...props} maxLength={200} required />}
        </Field>
        <div class="row wrap dates">
          <Field id="fair-starts" name="startsOn" label={t('fairOrganizer.startsOn')} error={error}>
            {(props) => <input {...props} type="date" required />}
          </Field>
          <Field id="fair-ends" name="endsOn" label={t('fairOrganizer.endsOn')} error={error}>
            {(props) => <input {...props} type="date" required />}
          </Field>
        </div>
        <Field id="fair-closes" name="applicationsCloseAt" label={t('fairOrganizer.applicationsClose')} hint={t('fairOrganizer.applicationsCloseHint')} error={error}>
          {(props) => <input {...props} type="date" required />}
        </Field>
        <fieldset>
          <legend>{t('fairOrganizer.planSize')}</legend>
          <p class="hint">{t('fairOrganizer.planSizeHint')}</p>
          <div class="row wrap dates">
            <Field id="fair-plan-width" name="floorPlan.width" label={t('fairOrganizer.planWidth')} error={error}>
              {(props) => <input {...props} inputMode="numeric" defaultValue="20" required />}
            </Field>
            <Field id="fair-plan-height" name="floorPlan.height" label={t('fairOrganizer.planHeight')} error={error}>
              {(props) => <input {...props} inputMode="numeric" defaultValue="12" required />}
            </Field>
          </div>
        </fieldset>
        <Field id="fair-description" name="description" label={t('fairOrganizer.description')} hint={t('fairOrganizer.optional')} error={error}>
          {(props) => <textarea {...props} rows={3} maxLength={4000} />}
        </Field>
        <button type="submit" disabled={busy}>
          {t('fairOrganizer.createDraft')}
        </button>
      </form>
    </section>
  );
}
