import type { MigrationInterface, QueryRunner } from 'typeorm';
import { PRODUCTS } from '../reference-data/products';
import { PROVINCES } from '../reference-data/provinces';
import { VALUE_CHAINS } from '../reference-data/value-chains';

export class CreateCatalog1764400001000 implements MigrationInterface {
  name = 'CreateCatalog1764400001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE provinces (
        code text PRIMARY KEY,
        name_en text NOT NULL,
        name_km text NOT NULL,
        lat double precision NOT NULL,
        lng double precision NOT NULL,
        CONSTRAINT provinces_code_format CHECK (code ~ '^KH-[0-9]{1,2}$'),
        CONSTRAINT provinces_lat_range CHECK (lat BETWEEN -90 AND 90),
        CONSTRAINT provinces_lng_range CHECK (lng BETWEEN -180 AND 180)
      )`);
    await q.query(`
      CREATE TABLE value_chains (
        code text PRIMARY KEY,
        name_en text NOT NULL,
        name_km text NOT NULL,
        kind text NOT NULL,
        CONSTRAINT value_chains_code_format CHECK (code ~ '^[a-z_]+$'),
        CONSTRAINT value_chains_kind CHECK (kind IN ('product', 'input'))
      )`);
    await q.query(`
      CREATE TABLE products (
        code text PRIMARY KEY,
        value_chain_code text NOT NULL
          CONSTRAINT products_value_chain_fk REFERENCES value_chains (code) ON DELETE RESTRICT,
        name_en text NOT NULL,
        name_km text NOT NULL,
        unit text NOT NULL,
        grades text[] NOT NULL DEFAULT '{}',
        CONSTRAINT products_code_format CHECK (code ~ '^[a-z_]+$'),
        CONSTRAINT products_unit CHECK (unit IN ('piece', 'kg', 'tonne', 'head', 'litre', 'm3')),
        CONSTRAINT products_grades_no_nulls CHECK (array_position(grades, NULL) IS NULL)
      )`);
    await q.query('CREATE INDEX products_value_chain_code_idx ON products (value_chain_code)');

    // Distance in km between two points, the same figure distanceKm() computes in TypeScript.
    // Qualified with public. because an inlined IMMUTABLE SQL function must not depend on
    // the caller's search_path.
    await q.query(`
      CREATE FUNCTION geo_distance_km(lat1 float8, lng1 float8, lat2 float8, lng2 float8)
      RETURNS float8
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT public.earth_distance(public.ll_to_earth(lat1, lng1), public.ll_to_earth(lat2, lng2)) / 1000.0 $$`);

    await insertRows(
      q,
      'provinces (code, name_en, name_km, lat, lng)',
      PROVINCES.map((p) => [p.code, p.nameEn, p.nameKm, p.lat, p.lng]),
    );
    await insertRows(
      q,
      'value_chains (code, name_en, name_km, kind)',
      VALUE_CHAINS.map((v) => [v.code, v.nameEn, v.nameKm, v.kind]),
    );
    await insertRows(
      q,
      'products (code, value_chain_code, name_en, name_km, unit, grades)',
      PRODUCTS.map((p) => [p.code, p.valueChainCode, p.nameEn, p.nameKm, p.unit, p.grades]),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP FUNCTION IF EXISTS geo_distance_km(float8, float8, float8, float8)');
    await q.query('DROP TABLE IF EXISTS products');
    await q.query('DROP TABLE IF EXISTS value_chains');
    await q.query('DROP TABLE IF EXISTS provinces');
  }
}

/** One parameterised multi-row INSERT; `target` is a fixed table and column list, never input. */
async function insertRows(q: QueryRunner, target: string, rows: unknown[][]): Promise<void> {
  if (rows.length === 0) return;
  const params: unknown[] = [];
  const tuples = rows.map((row) => {
    const placeholders = row.map((value) => {
      params.push(value);
      return `$${params.length}`;
    });
    return `(${placeholders.join(', ')})`;
  });
  await q.query(`INSERT INTO ${target} VALUES ${tuples.join(', ')}`, params);
}
