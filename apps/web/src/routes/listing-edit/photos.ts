import { ApiError, toApiError } from '../../api/problem';
import type { Schemas } from '../../api/types';
import { locale } from '../../i18n/i18n';
import { accessToken } from '../../session/tokens';
import { fitWithin } from './photo-size';

export type Photo = Schemas['PhotoDto'];

/**
 * A phone photo (often 4000 px, 3-5 MB) redrawn at most 1600 px wide as WebP, or JPEG where
 * the browser cannot write WebP: a few hundred KB to send over a slow, paid link.
 */
export async function shrinkPhoto(file: Blob): Promise<Blob> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  const size = fitWithin(bitmap.width, bitmap.height);
  const canvas = document.createElement('canvas');
  canvas.width = size.width;
  canvas.height = size.height;
  const context = canvas.getContext('2d');
  if (!context) return file;
  context.drawImage(bitmap, 0, 0, size.width, size.height);
  bitmap.close();
  const encode = (type: string, quality: number) => new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, type, quality));
  // toBlob falls back to PNG (large) for a type it cannot write.
  const webp = await encode('image/webp', 0.82);
  if (webp && webp.type === 'image/webp') return webp;
  return (await encode('image/jpeg', 0.85)) ?? file;
}

/** Sends one photo of a listing (multipart, the field `file`), shrunk first. */
export function uploadListingPhoto(listingId: string, file: Blob): Promise<Photo> {
  return uploadPhoto(`/api/v1/listings/${listingId}/photos`, file);
}

/** Sends one photo of an exposure visit or forum: what it will show. */
export function uploadEventPhoto(eventId: string, file: Blob): Promise<Photo> {
  return uploadPhoto(`/api/v1/events/${eventId}/photos`, file);
}

/** Sends one photo (multipart, the field `file`), shrunk first, to `url`. */
export async function uploadPhoto(url: string, file: Blob): Promise<Photo> {
  const small = await shrinkPhoto(file);
  const body = new FormData();
  body.append('file', small, small.type === 'image/webp' ? 'photo.webp' : 'photo.jpg');
  const headers: Record<string, string> = { 'Accept-Language': locale.value, 'Idempotency-Key': crypto.randomUUID() };
  const token = await accessToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers, body });
  } catch {
    throw new ApiError(0, 'offline', '');
  }
  if (!response.ok) throw await toApiError(response);
  return (await response.json()) as Photo;
}
