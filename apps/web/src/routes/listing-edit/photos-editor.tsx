import { useState } from 'preact/hooks';
import { ApiError } from '../../api/problem';
import { FormError } from '../../components/field';
import { t } from '../../i18n/i18n';
import { PhotoPicker } from './listing-form';
import type { Photo } from './photos';

const MAX_PHOTOS = 8;

interface PhotosEditorProps {
  headingId: string;
  title: string;
  hint?: string;
  none: string;
  photos: Photo[];
  /** Closed listings and cancelled events keep their photos but take no changes. */
  open: boolean;
  alt: (n: number) => string;
  idPrefix: string;
  upload: (photo: File) => Promise<unknown>;
  remove: (photoId: string) => Promise<unknown>;
  onChanged: () => void;
}

/** The photos of a listing or an event on its manage page: shown, removed one by one, more chosen and sent. */
export function PhotosEditor({ headingId, title, hint, none, photos, open, alt, idPrefix, upload, remove, onChanged }: PhotosEditorProps) {
  const [chosen, setChosen] = useState<File[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const attempt = async (work: () => Promise<void>) => {
    setError(null);
    try {
      await work();
      onChanged();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'offline', ''));
    }
  };
  const send = async () => {
    setBusy(true);
    await attempt(async () => {
      for (const photo of chosen) await upload(photo);
      setChosen([]);
    });
    setBusy(false);
  };
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {hint && <p class="hint">{hint}</p>}
      <FormError error={error} />
      {photos.length === 0 ? (
        <p class="muted">{none}</p>
      ) : (
        <ul class="photos">
          {photos.map((photo, i) => (
            <li key={photo.id}>
              <img src={photo.urls['320']} width={photo.width} height={photo.height} alt={alt(i + 1)} loading="lazy" />
              {open && (
                <button type="button" class="secondary" onClick={() => void attempt(async () => void (await remove(photo.id)))}>
                  {t('listing.removePhoto', { n: i + 1 })}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {open && photos.length < MAX_PHOTOS && (
        <>
          <PhotoPicker photos={chosen} onChange={setChosen} max={MAX_PHOTOS - photos.length} idPrefix={idPrefix} />
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
