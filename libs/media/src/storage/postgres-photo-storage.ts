import { etagsOf, PhotoStorage, type ServedFile, type StoredFile } from './photo-storage';

/** What the storage needs of TypeORM: a DataSource or, for the demo seeder, its transaction's EntityManager. */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * Files in the photo_files table (bytea). A 320-px WebP is a few kilobytes and the
 * largest a few hundred: well within what Postgres serves fast, with nothing else to run.
 */
export class PostgresPhotoStorage extends PhotoStorage {
  readonly backend = 'postgres' as const;

  constructor(private readonly db: Queryable) {
    super();
  }

  async put(files: StoredFile[]): Promise<void> {
    if (files.length === 0) return;
    await this.db.query(
      `INSERT INTO photo_files (key, content, content_type, etag)
       SELECT * FROM unnest($1::text[], $2::bytea[], $3::text[], $4::text[])
       ON CONFLICT (key) DO NOTHING`,
      [files.map((f) => f.key), files.map((f) => f.body), files.map((f) => f.contentType), files.map((f) => f.etag)],
    );
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.db.query('DELETE FROM photo_files WHERE key = ANY($1::text[])', [keys]);
  }

  async open(key: string, etag: string, ifNoneMatch: string | undefined): Promise<ServedFile> {
    if (etagsOf(ifNoneMatch).includes(etag)) {
      const found = (await this.db.query('SELECT 1 FROM photo_files WHERE key = $1', [key])) as unknown[];
      return found.length ? { kind: 'not-modified', etag } : { kind: 'missing' };
    }
    const [row] = (await this.db.query('SELECT content, content_type, etag FROM photo_files WHERE key = $1', [key])) as Array<{
      content: Buffer;
      content_type: string;
      etag: string;
    }>;
    if (!row) return { kind: 'missing' };
    return { kind: 'bytes', body: row.content, contentType: row.content_type, etag: row.etag };
  }

  directUrl(): null {
    return null;
  }
}
