import { useState } from 'preact/hooks';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/problem';
import { ProvinceSelect } from '../../components/catalog-pickers';
import { Field } from '../../components/field';
import { TrainingProblem } from './training-problem';
import { LocationPicker, useMyLocation } from '../../components/use-my-location';
import { t } from '../../i18n/i18n';
import { asciiDigits } from '../check-in/check-in-code';
import { cambodiaDate } from '../trade/dates';
import { cambodiaDateTime } from './stop-time';

/** A stop of the roving training: when, where and how many seats. */
export function AddStopForm({ trainingId, onAdded }: { trainingId: string; onAdded: () => void }) {
  const [province, setProvince] = useState('');
  const picker = useMyLocation();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState(false);

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    const form = new FormData(formElement);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const seats = asciiDigits(text('capacity'));
    setBusy(true);
    setError(null);
    setAdded(false);
    try {
      await ok(
        api.POST('/api/v1/trainings/{id}/sessions', {
          params: { path: { id: trainingId } },
          body: {
            startsAt: cambodiaDateTime(text('date'), asciiDigits(text('startTime'))),
            endsAt: cambodiaDateTime(text('date'), asciiDigits(text('endTime'))),
            provinceCode: province,
            venue: text('venue'),
            ...(picker.location ? { location: picker.location } : {}),
            // Not a number: the API names the field.
            capacity: /^\d+$/.test(seats) ? Number(seats) : (seats as unknown as number),
          },
          headers: { 'Idempotency-Key': crypto.randomUUID() },
        }),
      );
      formElement.reset();
      setProvince('');
      picker.clear();
      setAdded(true);
      onAdded();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'offline', ''));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="add-stop" onSubmit={onSubmit} noValidate>
      <TrainingProblem error={error} />
      <Field id="stop-date" name="startsAt" label={t('supplierTraining.stopDate')} hint={t('supplierTraining.stopDateHint')} error={error}>
        {(props) => <input {...props} name="date" type="date" min={cambodiaDate(0)} required />}
      </Field>
      <div class="stop-times">
        <Field id="stop-start" name="startTime" label={t('supplierTraining.stopStart')} error={error}>
          {(props) => <input {...props} type="time" required />}
        </Field>
        <Field id="stop-end" name="endsAt" label={t('supplierTraining.stopEnd')} error={error}>
          {(props) => <input {...props} name="endTime" type="time" required />}
        </Field>
      </div>
      <Field id="stop-province" name="provinceCode" label={t('supplierTraining.stopProvince')} error={error}>
        {(props) => <ProvinceSelect {...props} value={province} onChange={setProvince} required />}
      </Field>
      <Field id="stop-venue" name="venue" label={t('supplierTraining.stopVenue')} hint={t('supplierTraining.stopVenueHint')} error={error}>
        {(props) => <input {...props} maxLength={200} required />}
      </Field>
      <LocationPicker legend={t('supplierTraining.stopPlace')} picker={picker} />
      <Field id="stop-capacity" name="capacity" label={t('supplierTraining.stopSeats')} error={error}>
        {(props) => <input {...props} inputMode="numeric" required />}
      </Field>
      <button type="submit" disabled={busy}>
        {t('supplierTraining.addStop')}
      </button>
      {added && (
        <p class="hint" role="status">
          {t('supplierTraining.stopAdded')}
        </p>
      )}
    </form>
  );
}
