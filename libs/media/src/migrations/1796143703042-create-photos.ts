import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Photos of things other libs own (listings, organizations), and the Postgres backend's
 * file table.
 *
 * The owner is named by type and id, without a foreign key: the owning lib checks that
 * it exists and who may change it. The limits live here: positions 0..7, unique per
 * owner and kind, make "at most 8 photos" hold whatever the concurrency; one logo per
 * organization is a partial unique index. Reordering swaps positions inside one
 * statement, hence DEFERRABLE.
 */
export class CreatePhotos1796143703042 implements MigrationInterface {
  name = 'CreatePhotos1796143703042';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE photos (
        id uuid PRIMARY KEY,
        owner_type text NOT NULL CHECK (owner_type IN ('listing', 'organization')),
        owner_id uuid NOT NULL,
        kind text NOT NULL DEFAULT 'photo' CHECK (kind IN ('photo', 'logo')),
        position smallint NOT NULL CHECK (position BETWEEN 0 AND 7),
        storage text NOT NULL CHECK (storage IN ('postgres', 's3')),
        width integer NOT NULL CHECK (width > 0),
        height integer NOT NULL CHECK (height > 0),
        placeholder text NOT NULL,
        variants jsonb NOT NULL,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (kind = 'photo' OR (owner_type = 'organization' AND position = 0)),
        CONSTRAINT photos_owner_position_key UNIQUE (owner_type, owner_id, kind, position) DEFERRABLE INITIALLY IMMEDIATE
      )`);
    // The unique constraint's index also serves "the photos of these owners, in order".
    await queryRunner.query(`CREATE UNIQUE INDEX photos_one_logo_idx ON photos (owner_id) WHERE kind = 'logo'`);
    await queryRunner.query(`
      CREATE TABLE photo_files (
        key text PRIMARY KEY,
        content bytea NOT NULL,
        content_type text NOT NULL,
        etag text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Already compressed WebP: keep it out of TOAST compression, which would only cost CPU.
    await queryRunner.query(`ALTER TABLE photo_files ALTER COLUMN content SET STORAGE EXTERNAL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE photo_files');
    await queryRunner.query('DROP TABLE photos');
  }
}
