import { catalogEntities, catalogMigrations } from '@psar/catalog';
import { identityEntities, identityMigrations } from '@psar/identity';
import { listingsEntities, listingsMigrations } from '@psar/listings';
import { mediaEntities, mediaMigrations } from '@psar/media';
import { messagingEntities, messagingMigrations } from '@psar/messaging';
import { platformEntities, platformMigrations, SchemaParts } from '@psar/platform';
import { smsEntities, smsMigrations } from '@psar/sms';
import { tradeEntities, tradeMigrations } from '@psar/trade';
import { tradeFairsEntities, tradeFairsMigrations } from '@psar/trade-fairs';
import { trainingEventsEntities, trainingEventsMigrations } from '@psar/training-events';

/**
 * Every lib's entities and migrations, listed once for the app, the migration CLI and
 * the tests. Migrations run in timestamp order whatever the order here.
 */
export const schema: SchemaParts = {
  entities: [...platformEntities, ...catalogEntities, ...identityEntities, ...listingsEntities, ...mediaEntities, ...messagingEntities, ...smsEntities, ...tradeEntities, ...tradeFairsEntities, ...trainingEventsEntities],
  migrations: [...platformMigrations, ...catalogMigrations, ...identityMigrations, ...listingsMigrations, ...mediaMigrations, ...messagingMigrations, ...smsMigrations, ...tradeMigrations, ...tradeFairsMigrations, ...trainingEventsMigrations],
};
