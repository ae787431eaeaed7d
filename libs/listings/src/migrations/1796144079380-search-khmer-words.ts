import { searchableTextOrNull } from '@psar/platform';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { productSearchTerms } from '../market/market-catalog.service';

/**
 * Khmer is written without spaces between words; Postgres's parser splits on spaces. So the
 * text is indexed as the app prepares it (searchableText: NFC, Khmer reorderings, ICU word
 * breaks): search_title and search_description hold that text where it differs from the
 * original (Khmer), else NULL and the index reads the original. search_terms (the product's
 * names) is rewritten the same way. The vector gains the product and value chain as words of
 * weight A (zzp<code>, zzv<code>, underscores dropped) so a query naming a product by an
 * alias finds its rows, ranked as a title hit. Existing rows are migrated here, in batches.
 */
const CELLS = `array_to_tsvector(ARRAY[
  'zza' || floor((least(lat, 89.999999) + 90) / 0.25)::int::text || 'k' || (floor((lng + 180) / 0.25)::int % 1440)::text,
  'zzb' || floor((least(lat, 89.999999) + 90) / 1)::int::text || 'k' || (floor((lng + 180) / 1)::int % 360)::text,
  'zzc' || floor((least(lat, 89.999999) + 90) / 4)::int::text || 'k' || (floor((lng + 180) / 4)::int % 90)::text])`;
const CODES = `setweight(to_tsvector('simple', 'zzp' || replace(product_code, '_', '') || ' zzv' || replace(value_chain_code, '_', '')), 'A')`;

const LISTING_VECTOR = `setweight(to_tsvector('simple', coalesce(search_title, title)), 'A')
  || setweight(to_tsvector('simple', search_terms), 'A')
  || setweight(to_tsvector('simple', coalesce(search_description, description, '')), 'C')
  || ${CODES} || ${CELLS}`;
const DEMAND_VECTOR = `setweight(to_tsvector('simple', search_terms), 'A')
  || setweight(to_tsvector('simple', coalesce(search_description, description, '')), 'B')
  || ${CODES} || ${CELLS}`;

/** Rows whose text searchableText changes: Khmer, zero-width characters, the soft hyphen. */
const NEEDS_WORK = '[\u1780-\u17FF\u19E0-\u19FF\u00AD\u200B-\u200D\u2060\uFEFF]';
const BATCH = 2000;

export class SearchKhmerWords1796144079380 implements MigrationInterface {
  name = 'SearchKhmerWords1796144079380';

  async up(q: QueryRunner): Promise<void> {
    // The lexicon triggers read search_vector: off while it is rebuilt.
    await q.query('DROP TRIGGER listings_collect_terms ON listings');
    await q.query('DROP TRIGGER demands_collect_terms ON demands');
    await q.query('ALTER TABLE listings DROP COLUMN search_vector, ADD COLUMN search_title text, ADD COLUMN search_description text');
    await q.query('ALTER TABLE demands DROP COLUMN search_vector, ADD COLUMN search_description text');

    await migrateText(q, 'listings', true);
    await migrateText(q, 'demands', false);
    const products = (await q.query('SELECT code, name_en AS "nameEn", name_km AS "nameKm" FROM products')) as Array<{ code: string; nameEn: string; nameKm: string }>;
    for (const product of products) {
      const terms = productSearchTerms(product);
      for (const table of ['listings', 'demands']) {
        await q.query(`UPDATE ${table} SET search_terms = $2 WHERE product_code = $1 AND search_terms <> $2`, [product.code, terms]);
      }
    }

    await q.query(`ALTER TABLE listings ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (${LISTING_VECTOR}) STORED`);
    await q.query(`ALTER TABLE demands ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (${DEMAND_VECTOR}) STORED`);
    await q.query(`CREATE INDEX listings_search_idx ON listings USING gin (search_vector) WHERE status = 'active'`);
    await q.query(`CREATE INDEX demands_search_idx ON demands USING gin (search_vector) WHERE status = 'open'`);

    // The lexicon (misspellings' look-alikes) holds words, not the product and value chain codes.
    await q.query(`
      CREATE OR REPLACE FUNCTION listings_collect_terms() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO search_lexicon (term)
        SELECT lexeme FROM unnest(NEW.search_vector) AS v(lexeme, positions, weights)
        WHERE length(lexeme) BETWEEN 3 AND 64 AND lexeme !~ '^[0-9.,-]+$' AND lexeme !~ '^zz[abc][0-9]+k[0-9]+$' AND lexeme !~ '^zz[pv][a-z]+$'
        ON CONFLICT (term) DO NOTHING;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER listings_collect_terms AFTER INSERT OR UPDATE OF title, description, search_terms, search_title, search_description ON listings
      FOR EACH ROW EXECUTE FUNCTION listings_collect_terms()`);
    await q.query(`
      CREATE TRIGGER demands_collect_terms AFTER INSERT OR UPDATE OF description, search_terms, search_description ON demands
      FOR EACH ROW EXECUTE FUNCTION listings_collect_terms()`);
    // Khmer phrases indexed whole before are no words now: the lexicon's Khmer is collected again.
    await q.query(`DELETE FROM search_lexicon WHERE term ~ '[\u1780-\u17FF]'`);
    for (const table of ['listings', 'demands']) {
      await q.query(`
        INSERT INTO search_lexicon (term)
        SELECT DISTINCT v.lexeme FROM ${table} t, unnest(t.search_vector) AS v(lexeme, positions, weights)
        WHERE v.lexeme ~ '[\u1780-\u17FF]' AND length(v.lexeme) BETWEEN 3 AND 64
        ON CONFLICT (term) DO NOTHING`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    // The vectors go back to the original text, unsegmented.
    await q.query('DROP TRIGGER listings_collect_terms ON listings');
    await q.query('DROP TRIGGER demands_collect_terms ON demands');
    await q.query('ALTER TABLE listings DROP COLUMN search_vector, DROP COLUMN search_title, DROP COLUMN search_description');
    await q.query('ALTER TABLE demands DROP COLUMN search_vector, DROP COLUMN search_description');
    await q.query(`ALTER TABLE listings ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
      setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', search_terms), 'B')
      || setweight(to_tsvector('simple', coalesce(description, '')), 'C') || ${CELLS}) STORED`);
    await q.query(`ALTER TABLE demands ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
      setweight(to_tsvector('simple', search_terms), 'A') || setweight(to_tsvector('simple', coalesce(description, '')), 'B')
      || ${CELLS}) STORED`);
    await q.query(`CREATE INDEX listings_search_idx ON listings USING gin (search_vector) WHERE status = 'active'`);
    await q.query(`CREATE INDEX demands_search_idx ON demands USING gin (search_vector) WHERE status = 'open'`);
    await q.query(`
      CREATE TRIGGER listings_collect_terms AFTER INSERT OR UPDATE OF title, description, search_terms ON listings
      FOR EACH ROW EXECUTE FUNCTION listings_collect_terms()`);
    await q.query(`
      CREATE TRIGGER demands_collect_terms AFTER INSERT OR UPDATE OF description, search_terms ON demands
      FOR EACH ROW EXECUTE FUNCTION listings_collect_terms()`);
  }
}

/** search_title / search_description for the rows with Khmer, keyset batches by id. */
async function migrateText(q: QueryRunner, table: 'listings' | 'demands', withTitle: boolean): Promise<void> {
  const title = withTitle ? 'title' : 'NULL::text AS title';
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = (await q.query(
      `SELECT id, ${title}, description FROM ${table}
       WHERE id > $1 AND (${withTitle ? 'title ~ $3 OR ' : ''}description ~ $3) ORDER BY id LIMIT $2`,
      [after, BATCH, NEEDS_WORK],
    )) as Array<{ id: string; title: string | null; description: string | null }>;
    if (!rows.length) return;
    after = rows[rows.length - 1]!.id;
    const set = withTitle ? 'search_title = u.title, search_description = u.description' : 'search_description = u.description';
    await q.query(
      `UPDATE ${table} t SET ${set} FROM unnest($1::uuid[], $2::text[], $3::text[]) AS u(id, title, description) WHERE t.id = u.id`,
      [rows.map((r) => r.id), rows.map((r) => searchableTextOrNull(r.title)), rows.map((r) => searchableTextOrNull(r.description))],
    );
  }
}
