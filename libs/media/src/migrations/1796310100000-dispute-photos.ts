import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Photos a buyer adds to a dispute (broken tiles, an underweight pig), owned by the deal (issue 18). */
export class DisputePhotos1796310100000 implements MigrationInterface {
  name = 'DisputePhotos1796310100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE photos DROP CONSTRAINT photos_owner_type_check');
    await q.query(`ALTER TABLE photos ADD CONSTRAINT photos_owner_type_check CHECK (owner_type IN ('listing', 'organization', 'event', 'dispute'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM photos WHERE owner_type = 'dispute'`);
    await q.query('ALTER TABLE photos DROP CONSTRAINT photos_owner_type_check');
    await q.query(`ALTER TABLE photos ADD CONSTRAINT photos_owner_type_check CHECK (owner_type IN ('listing', 'organization', 'event'))`);
  }
}
