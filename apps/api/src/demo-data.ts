import { identityDemoPhotosSeeder, identityDemoSeeder } from '@psar/identity';
import { listingsDemoPhotosSeeder, listingsDemoSeeder } from '@psar/listings';
import { messagingDemoSeeder } from '@psar/messaging';
import type { Seeder } from '@psar/platform';
import { tradeDemoSeeder } from '@psar/trade';
import { tradeFairsDemoSeeder } from '@psar/trade-fairs';
import { trainingEventsDemoSeeder } from '@psar/training-events';

/** Each lib's demo rows, in dependency order; loaded once per database (seed_runs). */
export const demoSeeders: Seeder[] = [
  identityDemoSeeder,
  identityDemoPhotosSeeder,
  listingsDemoSeeder,
  listingsDemoPhotosSeeder,
  tradeDemoSeeder,
  messagingDemoSeeder,
  tradeFairsDemoSeeder,
  trainingEventsDemoSeeder,
];
