import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { API_PREFIX, Environment, isUuid, ProblemException, ValidationProblem } from '@psar/platform';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { PhotoStorage, type StorageBackend, type StoredFile } from '../storage/photo-storage';
import { PostgresPhotoStorage, type Queryable } from '../storage/postgres-photo-storage';
import type { PhotoDto, PhotoKind } from './photo.dto';
import { PHOTO_CONTENT_TYPE, PHOTO_WIDTHS, PhotoRejected, PREVIEW_WIDTH, processPhoto, type PhotoWidth, type ProcessedPhoto } from './photo-processing';

export const MAX_PHOTOS_PER_OWNER = 8;

export type PhotoOwnerType = 'listing' | 'organization' | 'event' | 'dispute';

/** What a photo belongs to. The owning lib has checked that it exists and that the caller may change it. */
export interface PhotoOwner {
  type: PhotoOwnerType;
  id: string;
}

export interface OwnerPhotos {
  logo: PhotoDto | null;
  /** In order; the first is the cover. */
  photos: PhotoDto[];
}

export interface PhotoVariantRecord {
  width: PhotoWidth;
  actualWidth: number;
  actualHeight: number;
  bytes: number;
  etag: string;
}

interface PhotoRow {
  id: string;
  owner_id: string;
  kind: PhotoKind;
  position: number;
  storage: StorageBackend;
  width: number;
  height: number;
  placeholder: string;
  variants: PhotoVariantRecord[];
}

const PHOTO_COLUMNS = 'id, owner_id, kind, position, storage, width, height, placeholder, variants';

const PHOTO_JSON = `json_build_object('id', p.id, 'owner_id', p.owner_id, 'kind', p.kind, 'position', p.position, 'storage', p.storage,
  'width', p.width, 'height', p.height, 'placeholder', p.placeholder, 'variants', p.variants)`;

/**
 * A subquery for a list statement: the photos (not the logo) of the owner `ownerId` names, in
 * order, as a JSON array for PhotosService.photosFrom(). A page of search results then needs
 * no photos query of its own. photos_owner_position_key serves it.
 */
export function ownerPhotosSql(type: PhotoOwnerType, ownerId: string): string {
  return `(SELECT coalesce(json_agg(${PHOTO_JSON} ORDER BY p.position), '[]'::json)
    FROM photos p WHERE p.owner_type = '${type}' AND p.owner_id = ${ownerId} AND p.kind = 'photo')`;
}

export function photoFileKey(photoId: string, width: PhotoWidth): string {
  return `photos/${photoId}/${width}.webp`;
}

const REJECTION_STATUS: Record<PhotoRejected['reason'], HttpStatus> = {
  'not-an-image': HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  'unsupported-format': HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  'too-many-pixels': HttpStatus.UNPROCESSABLE_ENTITY,
  unreadable: HttpStatus.UNPROCESSABLE_ENTITY,
};

const notFound = () => new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'No such photo');

/**
 * Photos of listings and organizations: checked, re-encoded, stored, ordered. Knows
 * nothing of listings or organizations themselves; their libs authorize and call it.
 */
@Injectable()
export class PhotosService {
  private readonly logger = new Logger(PhotosService.name);
  private readonly postgresFiles: PostgresPhotoStorage;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly env: Environment,
    private readonly storage: PhotoStorage,
  ) {
    this.postgresFiles = storage instanceof PostgresPhotoStorage ? storage : new PostgresPhotoStorage(dataSource);
  }

  /** Checks and re-encodes an upload; 415 for what is not an image, 422 for too many pixels or a damaged file. */
  async process(file: Buffer): Promise<ProcessedPhoto> {
    try {
      return await processPhoto(file, { maxPixels: this.env.PHOTO_MAX_PIXELS });
    } catch (error) {
      if (error instanceof PhotoRejected) {
        throw new ProblemException(REJECTION_STATUS[error.reason], error.reason, error.message, [{ field: 'file', message: error.message }]);
      }
      throw error;
    }
  }

  /**
   * Adds a photo at the end (or the logo, replacing the previous one). At most 8 photos:
   * 409 past that. Files are stored first and removed again if the row is not written.
   */
  async upload(owner: PhotoOwner, kind: PhotoKind, file: Buffer, userId: string | null): Promise<PhotoDto> {
    if (kind === 'logo' && owner.type !== 'organization') {
      throw new ValidationProblem([{ field: 'kind', message: 'only an organization has a logo' }]);
    }
    const processed = await this.process(file);
    return this.store(owner, kind, processed, userId);
  }

  private async store(owner: PhotoOwner, kind: PhotoKind, processed: ProcessedPhoto, userId: string | null): Promise<PhotoDto> {
    const { row, replaced } = await savePhoto(this.storage, this.dataSource.manager, owner, kind, processed, userId);
    if (replaced) await this.deleteFiles(replaced);
    return this.toDto(row);
  }

  /** Removes a photo; the rest close up so positions stay 0..n-1. 404 if it is not this owner's. */
  async remove(owner: PhotoOwner, photoId: string): Promise<void> {
    if (!isUuid(photoId)) throw notFound();
    const removed = await this.dataSource.transaction(async (tx) => {
      await lockOwner(tx, owner);
      const [rows] = (await tx.query(`DELETE FROM photos WHERE id = $1 AND owner_type = $2 AND owner_id = $3 RETURNING ${PHOTO_COLUMNS}`, [
        photoId,
        owner.type,
        owner.id,
      ])) as [PhotoRow[], number];
      const row = rows[0];
      if (!row) throw notFound();
      if (row.kind === 'photo') {
        await tx.query(`UPDATE photos SET position = position - 1 WHERE owner_type = $1 AND owner_id = $2 AND kind = 'photo' AND position > $3`, [
          owner.type,
          owner.id,
          row.position,
        ]);
      }
      return row;
    });
    await this.deleteFiles(removed);
  }

  /** `photoIds` must name every photo of the owner once (the logo is not among them); the first becomes the cover. */
  async reorder(owner: PhotoOwner, photoIds: string[]): Promise<PhotoDto[]> {
    return this.dataSource.transaction(async (tx) => {
      await lockOwner(tx, owner);
      const current = (await tx.query(`SELECT id FROM photos WHERE owner_type = $1 AND owner_id = $2 AND kind = 'photo'`, [owner.type, owner.id])) as Array<{
        id: string;
      }>;
      const known = new Set(current.map((r) => r.id));
      const unknown = photoIds.filter((id) => !known.has(id));
      if (unknown.length || photoIds.length !== known.size) {
        throw new ValidationProblem([
          { field: 'photoIds', message: `photoIds must list each of the ${known.size} photos exactly once${unknown.length ? ` (not its photos: ${unknown.join(', ')})` : ''}` },
        ]);
      }
      // One statement: the (owner, position) unique check runs at its end (DEFERRABLE), after every swap.
      await tx.query(
        `UPDATE photos p SET position = o.ord - 1 FROM unnest($1::uuid[]) WITH ORDINALITY AS o (id, ord) WHERE p.id = o.id`,
        [photoIds],
      );
      return (await this.ofOwners(owner.type, [owner.id], tx)).get(owner.id)!.photos;
    });
  }

  /** The logo and photos of each owner, for list responses: one query for a whole page. */
  async ofOwners(type: PhotoOwnerType, ownerIds: string[], manager?: Queryable): Promise<Map<string, OwnerPhotos>> {
    const ids = [...new Set(ownerIds.filter((id) => isUuid(id)))];
    const result = new Map<string, OwnerPhotos>(ids.map((id) => [id, { logo: null, photos: [] }]));
    if (ids.length === 0) return result;
    // photos_owner_position_key (owner_type, owner_id, kind, position) serves it.
    const rows = (await (manager ?? this.dataSource).query(
      `SELECT ${PHOTO_COLUMNS} FROM photos WHERE owner_type = $1 AND owner_id = ANY($2::uuid[]) ORDER BY owner_id, kind, position`,
      [type, ids],
    )) as PhotoRow[];
    for (const row of rows) {
      const entry = result.get(row.owner_id)!;
      if (row.kind === 'logo') entry.logo = this.toDto(row);
      else entry.photos.push(this.toDto(row));
    }
    return result;
  }

  /** The photos an ownerPhotosSql() column returned. */
  photosFrom(rows: unknown): PhotoDto[] {
    return (rows as PhotoRow[]).map((row) => this.toDto(row));
  }

  /** The stored file of one width, for GET /photos/:id/:width.webp. */
  async file(photoId: string, width: PhotoWidth, ifNoneMatch: string | undefined) {
    const [row] = (await this.dataSource.query('SELECT storage, variants FROM photos WHERE id = $1', [photoId])) as Array<
      Pick<PhotoRow, 'storage' | 'variants'>
    >;
    const variant = row?.variants.find((v) => v.width === width);
    if (!row || !variant) return { kind: 'missing' as const };
    const storage = this.storageFor(row.storage);
    if (!storage) return { kind: 'missing' as const };
    return storage.open(photoFileKey(photoId, width), variant.etag, ifNoneMatch);
  }

  private storageFor(backend: StorageBackend): PhotoStorage | null {
    if (backend === this.storage.backend) return this.storage;
    // Photos written before a switch to S3 (or the demo's) stay in Postgres and are served from there.
    return backend === 'postgres' ? this.postgresFiles : null;
  }

  private async deleteFiles(row: PhotoRow): Promise<void> {
    const storage = this.storageFor(row.storage);
    const keys = PHOTO_WIDTHS.map((w) => photoFileKey(row.id, w));
    // The row is gone, so nothing points at the files any more; a failure here leaves only unreferenced bytes.
    await storage?.delete(keys).catch((e: unknown) => this.logger.warn(`could not remove files of photo ${row.id}: ${String(e)}`));
  }

  private toDto(row: PhotoRow): PhotoDto {
    const storage = this.storageFor(row.storage);
    const url = (width: PhotoWidth) => storage?.directUrl(photoFileKey(row.id, width)) ?? `/${API_PREFIX}/photos/${row.id}/${width}.webp`;
    return {
      id: row.id,
      kind: row.kind,
      placeholder: row.placeholder,
      width: row.width,
      height: row.height,
      urls: {
        '320': url(320),
        ...(row.variants.some((v) => v.width === PREVIEW_WIDTH) ? { '480': url(PREVIEW_WIDTH) } : {}),
        '800': url(800),
        '1600': url(1600),
      },
    };
  }
}

/** Serializes changes to one owner's photos (count, positions) across replicas. */
async function lockOwner(tx: EntityManager, owner: PhotoOwner): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('photos:' || $1 || ':' || $2, 0))`, [owner.type, owner.id]);
}

/**
 * Writes a processed photo: its files through `storage`, then its row through `manager`
 * (in the caller's transaction if one is open, as the demo seeder's is). A logo replaces
 * the previous one, returned as `replaced` for its files to be removed after commit.
 * If the row is not written, the files are removed again.
 */
export async function savePhoto(
  storage: PhotoStorage,
  manager: EntityManager,
  owner: PhotoOwner,
  kind: PhotoKind,
  processed: ProcessedPhoto,
  userId: string | null,
): Promise<{ row: PhotoRow; replaced?: PhotoRow }> {
  const id = randomUUID();
  const files: StoredFile[] = processed.variants.map((v) => ({ key: photoFileKey(id, v.width), body: v.body, contentType: PHOTO_CONTENT_TYPE, etag: v.etag }));
  const variants: PhotoVariantRecord[] = processed.variants.map(({ body: _body, ...record }) => record);
  try {
    // Inside the try: when one of the files fails to store, the others are removed too.
    await storage.put(files);
    const write = async (tx: EntityManager) => {
      await lockOwner(tx, owner);
      let position = 0;
      let replaced: PhotoRow | undefined;
      if (kind === 'logo') {
        const [deleted] = (await tx.query(
          `DELETE FROM photos WHERE owner_type = 'organization' AND owner_id = $1 AND kind = 'logo' RETURNING ${PHOTO_COLUMNS}`,
          [owner.id],
        )) as [PhotoRow[], number];
        replaced = deleted[0];
      } else {
        const [{ count }] = (await tx.query(`SELECT count(*)::int AS count FROM photos WHERE owner_type = $1 AND owner_id = $2 AND kind = 'photo'`, [
          owner.type,
          owner.id,
        ])) as [{ count: number }];
        if (count >= MAX_PHOTOS_PER_OWNER) {
          throw new ProblemException(HttpStatus.CONFLICT, 'too-many-photos', `At most ${MAX_PHOTOS_PER_OWNER} photos; delete one first`);
        }
        position = count;
      }
      const [row] = (await tx.query(
        `INSERT INTO photos (id, owner_type, owner_id, kind, position, storage, width, height, placeholder, variants, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${PHOTO_COLUMNS}`,
        [id, owner.type, owner.id, kind, position, storage.backend, processed.width, processed.height, processed.placeholder, JSON.stringify(variants), userId],
      )) as PhotoRow[];
      return { row: row!, replaced };
    };
    return manager.queryRunner?.isTransactionActive ? await write(manager) : await manager.transaction(write);
  } catch (error) {
    await storage.delete(files.map((f) => f.key)).catch(() => undefined);
    throw error;
  }
}
