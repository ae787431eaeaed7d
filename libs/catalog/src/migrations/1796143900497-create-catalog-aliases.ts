import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ALIASES } from '../reference-data/aliases';

/**
 * Other names of products and value chains (English synonyms, Khmer variants, romanised
 * Khmer), for search and the SMS parser. Data, not code: more are added by later migrations
 * (README: "Product aliases").
 */
export class CreateCatalogAliases1796143900497 implements MigrationInterface {
  name = 'CreateCatalogAliases1796143900497';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE catalog_aliases (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        alias text NOT NULL,
        product_code text REFERENCES products (code) ON DELETE CASCADE,
        value_chain_code text REFERENCES value_chains (code) ON DELETE CASCADE,
        kind text NOT NULL,
        CONSTRAINT catalog_aliases_one_target CHECK ((product_code IS NULL) <> (value_chain_code IS NULL)),
        CONSTRAINT catalog_aliases_length CHECK (length(btrim(alias)) BETWEEN 1 AND 100),
        CONSTRAINT catalog_aliases_kind CHECK (kind IN ('en', 'km', 'romanised'))
      )`);
    // One alias names a target once, whatever its case.
    await q.query(`
      CREATE UNIQUE INDEX catalog_aliases_unique ON catalog_aliases
        (lower(alias), coalesce(product_code, ''), coalesce(value_chain_code, ''))`);
    const params: unknown[] = [];
    const tuples = ALIASES.map((a) => {
      params.push(a.alias, a.productCode ?? null, a.valueChainCode ?? null, a.kind);
      const n = params.length;
      return `($${n - 3}, $${n - 2}, $${n - 1}, $${n})`;
    });
    await q.query(
      `INSERT INTO catalog_aliases (alias, product_code, value_chain_code, kind) VALUES ${tuples.join(', ')} ON CONFLICT DO NOTHING`,
      params,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS catalog_aliases');
  }
}
