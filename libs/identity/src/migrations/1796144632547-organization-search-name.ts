import { searchableTextOrNull } from '@psar/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The directory's name search (?q=) on the name as search prepares text (searchableText:
 * NFC, Khmer reorderings, Khmer split into words): search_name holds it where it differs
 * from the name (Khmer), else NULL. The trigram index serves each word's ILIKE.
 */
export class OrganizationSearchName1796144632547 implements MigrationInterface {
  name = 'OrganizationSearchName1796144632547';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE organizations ADD COLUMN search_name text');
    const rows = (await q.query(`SELECT id, name FROM organizations WHERE name ~ $1`, ['[\u1780-\u17FF\u19E0-\u19FF\u00AD\u200B-\u200D\u2060\uFEFF]'])) as Array<{
      id: string;
      name: string;
    }>;
    for (let i = 0; i < rows.length; i += 1000) {
      const batch = rows.slice(i, i + 1000);
      await q.query('UPDATE organizations o SET search_name = u.search_name FROM unnest($1::uuid[], $2::text[]) AS u(id, search_name) WHERE o.id = u.id', [
        batch.map((r) => r.id),
        batch.map((r) => searchableTextOrNull(r.name)),
      ]);
    }
    await q.query('DROP INDEX organizations_name_trgm_idx');
    await q.query('CREATE INDEX organizations_search_name_trgm_idx ON organizations USING gin ((coalesce(search_name, name)) gin_trgm_ops)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX organizations_search_name_trgm_idx');
    await q.query('CREATE INDEX organizations_name_trgm_idx ON organizations USING gin (name gin_trgm_ops)');
    await q.query('ALTER TABLE organizations DROP COLUMN search_name');
  }
}
