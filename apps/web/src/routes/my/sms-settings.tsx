import { useState } from 'preact/hooks';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/problem';
import type { Schemas } from '../../api/types';
import { FormError } from '../../components/field';
import { LoadState } from '../../components/status';
import { useData } from '../../components/use-data';
import { t, type MessageKey } from '../../i18n/i18n';

type Kinds = Schemas['SmsPushKindsDto'];
type Kind = keyof Kinds;
const KINDS: Kind[] = ['offerReceived', 'offerAccepted', 'dealDelivered', 'matchFound', 'trainingReminder', 'waitlistPromotion'];

/**
 * "SMS messages": which notifications also come by SMS, one switch per kind, each saved as it
 * is flipped. Off until chosen; an account opened by SMS starts with all on.
 */
export function SmsSettings() {
  const settings = useData(() => ok(api.GET('/api/v1/me/sms-notifications')), []);
  const [kinds, setKinds] = useState<Kinds | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const shown = kinds ?? settings.data?.kinds ?? null;
  const noPhone = settings.data !== null && settings.data.phone === null;

  const flip = async (kind: Kind, on: boolean) => {
    if (!shown) return;
    const before = shown;
    setKinds({ ...shown, [kind]: on });
    setError(null);
    setSaved(false);
    try {
      const answer = await ok(api.PUT('/api/v1/me/sms-notifications', { body: { kinds: { [kind]: on } } }));
      setKinds(answer.kinds);
      setSaved(true);
    } catch (e) {
      setKinds(before);
      setError(e instanceof ApiError ? e : new ApiError(0, 'offline', ''));
    }
  };

  return (
    <section aria-labelledby="sms-settings-title" class="sms-settings">
      <h2 id="sms-settings-title">{t('smsSettings.title')}</h2>
      <p class="muted">{t('smsSettings.lead')}</p>
      <LoadState loading={settings.loading && !settings.data} error={settings.error} />
      {noPhone && <p>{t('smsSettings.noPhone')}</p>}
      {settings.data && !settings.data.smsAvailable && <p class="muted">{t('smsSettings.unavailable')}</p>}
      <FormError error={error} />
      {shown && (
        <fieldset class="choices">
          <legend>{t('smsSettings.legend')}</legend>
          {KINDS.map((kind) => (
            <label key={kind} class="check">
              <input
                type="checkbox"
                role="switch"
                checked={shown[kind]}
                disabled={noPhone}
                onChange={(e) => void flip(kind, (e.currentTarget as HTMLInputElement).checked)}
              />
              {t(`smsSettings.kind.${kind}` as MessageKey)}
            </label>
          ))}
        </fieldset>
      )}
      <p role="status" class="muted">
        {saved ? t('smsSettings.saved') : ''}
      </p>
    </section>
  );
}
