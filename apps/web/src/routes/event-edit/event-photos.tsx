import { api, ok } from '../../api/client';
import type { Schemas } from '../../api/types';
import { t } from '../../i18n/i18n';
import { uploadEventPhoto } from '../listing-edit/photos';
import { PhotosEditor } from '../listing-edit/photos-editor';
import '../listing-edit/listing-edit.css';

type EventDetail = Schemas['EventDto'];

/** What the visit will show, in photos: the kiln, the pond, the machine (issue 19). */
export function EventPhotos({ event, onChanged }: { event: EventDetail; onChanged: () => void }) {
  return (
    <PhotosEditor
      headingId="manage-photos-heading"
      title={t('eventPhotos.title')}
      hint={t('eventPhotos.hint')}
      none={t('eventPhotos.none')}
      photos={event.photos}
      open={event.status === 'active'}
      alt={(n) => t('eventPhotos.alt', { n, title: event.title })}
      idPrefix="event-photo"
      upload={(photo) => uploadEventPhoto(event.id, photo)}
      remove={(photoId) => ok(api.DELETE('/api/v1/events/{id}/photos/{photoId}', { params: { path: { id: event.id, photoId } } }))}
      onChanged={onChanged}
    />
  );
}
