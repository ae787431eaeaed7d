import { catalogEntities, catalogMigrations } from '@psar/catalog';
import { identityEntities, identityMigrations } from '@psar/identity';
import { platformEntities, platformMigrations, SchemaParts } from '@psar/platform';

/**
 * Every lib's entities and migrations, listed once for the app, the migration CLI and
 * the tests. Migrations run in timestamp order whatever the order here.
 */
export const schema: SchemaParts = {
  entities: [...platformEntities, ...catalogEntities, ...identityEntities],
  migrations: [...platformMigrations, ...catalogMigrations, ...identityMigrations],
};
