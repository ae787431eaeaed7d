/** A file of a photo (one width), as the storage keeps it. */
export interface StoredFile {
  key: string;
  body: Buffer;
  contentType: string;
  etag: string;
}

/** How to answer a request for a stored file. */
export type ServedFile =
  | { kind: 'bytes'; body: Buffer; contentType: string; etag: string }
  | { kind: 'not-modified'; etag: string }
  | { kind: 'redirect'; location: string; maxAgeSeconds: number }
  | { kind: 'missing' };

export type StorageBackend = 'postgres' | 's3';

/**
 * Where photo files live. Two backends: Postgres (default; every replica shares it and it
 * is in the database's backups) and any S3-compatible object store. Files are written
 * before the photo's row and removed after it, so a crash leaves at worst an unreferenced
 * file, never a photo without its files.
 */
export abstract class PhotoStorage {
  abstract readonly backend: StorageBackend;

  abstract put(files: StoredFile[]): Promise<void>;

  abstract delete(keys: string[]): Promise<void>;

  /** `ifNoneMatch`: the client's ETag; a backend that serves bytes answers not-modified when it matches. */
  abstract open(key: string, etag: string, ifNoneMatch: string | undefined): Promise<ServedFile>;

  /** A URL clients can load without the API (a public bucket or CDN), or null: the API serves it. */
  abstract directUrl(key: string): string | null;
}

/** The ETag values of an If-None-Match header, without quotes or weak markers. */
export function etagsOf(header: string | undefined): string[] {
  if (!header) return [];
  return header.split(',').map((t) => t.trim().replace(/^W\//, '').replace(/^"|"$/g, ''));
}
