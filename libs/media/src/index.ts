import { CreatePhotos1796143703042 } from './migrations/1796143703042-create-photos';
import { EventPhotos1796310000000 } from './migrations/1796310000000-event-photos';
import { DisputePhotos1796310100000 } from './migrations/1796310100000-dispute-photos';

export { MediaModule } from './media.module';
export { PhotosService, MAX_PHOTOS_PER_OWNER, ownerPhotosSql, type OwnerPhotos, type PhotoOwner, type PhotoOwnerType } from './photos/photos.service';
export { PhotoDto, PhotoListDto, PhotoUrlsDto, PhotoUploadDto, ReorderPhotosDto, PHOTO_KINDS, type PhotoKind } from './photos/photo.dto';
export { readPhotoUpload, registerPhotoUploads, PHOTO_FIELD, type PhotoUpload } from './photos/photo-upload';
export { processPhoto, PHOTO_WIDTHS, PREVIEW_WIDTH, PhotoRejected, type PhotoWidth, type ProcessedPhoto } from './photos/photo-processing';
export { sniffImageFormat, type ImageFormat } from './photos/image-format';
export { PhotoStorage, type StoredFile, type ServedFile } from './storage/photo-storage';
export { PostgresPhotoStorage } from './storage/postgres-photo-storage';
export { S3PhotoStorage } from './storage/s3-photo-storage';
export { addDemoPhoto, DEMO_DRAWINGS, drawDemoPhoto, type DemoDrawing } from './demo/demo-photos';

export const mediaEntities = [];
export const mediaMigrations = [CreatePhotos1796143703042, EventPhotos1796310000000, DisputePhotos1796310100000];
