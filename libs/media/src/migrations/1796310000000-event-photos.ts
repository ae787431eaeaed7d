import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Photos of an exposure visit or a forum (issue 19): what the visitors will see, the kiln or the pond. */
export class EventPhotos1796310000000 implements MigrationInterface {
  name = 'EventPhotos1796310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE photos DROP CONSTRAINT photos_owner_type_check');
    await q.query(`ALTER TABLE photos ADD CONSTRAINT photos_owner_type_check CHECK (owner_type IN ('listing', 'organization', 'event'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM photos WHERE owner_type = 'event'`);
    await q.query('ALTER TABLE photos DROP CONSTRAINT photos_owner_type_check');
    await q.query(`ALTER TABLE photos ADD CONSTRAINT photos_owner_type_check CHECK (owner_type IN ('listing', 'organization'))`);
  }
}
