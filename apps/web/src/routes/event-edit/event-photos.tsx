import { useState } from 'preact/hooks';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/problem';
import type { Schemas } from '../../api/types';
import { FormError } from '../../components/field';
import { t } from '../../i18n/i18n';
import { PhotoPicker } from '../listing-edit/listing-form';
import { uploadEventPhoto } from '../listing-edit/photos';
import '../listing-edit/listing-edit.css';

type EventDetail = Schemas['EventDto'];
const MAX_PHOTOS = 8;

/** What the visit will show, in photos: the kiln, the pond, the machine (issue 19). */
export function EventPhotos({ event, onChanged }: { event: EventDetail; onChanged: () => void }) {
  const [chosen, setChosen] = useState<File[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const open = event.status === 'active';
  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      for (const photo of chosen) await uploadEventPhoto(event.id, photo);
      setChosen([]);
      onChanged();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'offline', ''));
    } finally {
      setBusy(false);
    }
  };
  const remove = async (photoId: string) => {
    setError(null);
    try {
      await ok(api.DELETE('/api/v1/events/{id}/photos/{photoId}', { params: { path: { id: event.id, photoId } } }));
      onChanged();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'offline', ''));
    }
  };
  return (
    <section aria-labelledby="manage-photos-heading">
      <h2 id="manage-photos-heading">{t('eventPhotos.title')}</h2>
      <p class="hint">{t('eventPhotos.hint')}</p>
      <FormError error={error} />
      {event.photos.length === 0 ? (
        <p class="muted">{t('eventPhotos.none')}</p>
      ) : (
        <ul class="photos">
          {event.photos.map((photo, i) => (
            <li key={photo.id}>
              <img src={photo.urls['320']} width={photo.width} height={photo.height} alt={t('eventPhotos.alt', { n: i + 1, title: event.title })} loading="lazy" />
              {open && (
                <button type="button" class="secondary" onClick={() => void remove(photo.id)}>
                  {t('listing.removePhoto', { n: i + 1 })}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {open && event.photos.length < MAX_PHOTOS && (
        <>
          <PhotoPicker photos={chosen} onChange={setChosen} max={MAX_PHOTOS - event.photos.length} idPrefix="event-photo" />
          {chosen.length > 0 && (
            <button type="button" disabled={busy} onClick={() => void send()}>
              {t('listing.sendPhotos', { count: chosen.length })}
            </button>
          )}
        </>
      )}
    </section>
  );
}
