import { identityDemoSeeder } from '@psar/identity';
import type { Seeder } from '@psar/platform';

/** Each lib's demo rows, in dependency order; loaded once per database (seed_runs). */
export const demoSeeders: Seeder[] = [identityDemoSeeder];
