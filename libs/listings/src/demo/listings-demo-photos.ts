import { addDemoPhoto, type DemoDrawing } from '@psar/media';
import type { Seeder } from '@psar/platform';
import type { EntityManager } from 'typeorm';

// A drawing per product family; the demo's tile and pig listings get a second photo to show the order.
const DRAWINGS: Record<string, DemoDrawing[]> = {
  clay_roof_tile: ['roof-tiles', 'bricks'],
  clay_brick: ['bricks'],
  tilapia: ['fish'],
  pangasius: ['fish'],
  snakehead: ['fish'],
  live_pig: ['pigs', 'feed-sacks'],
  swine_feed: ['feed-sacks'],
  fish_feed: ['feed-sacks'],
};

/** Runs after listingsDemoSeeder: photos for the demo organizations' listings. */
export const listingsDemoPhotosSeeder: Seeder = async (manager: EntityManager) => {
  const listings = (await manager.query(
    `SELECT l.id, l.product_code FROM listings l JOIN organizations o ON o.id = l.organization_id
     WHERE o.name LIKE '%(demo)' ORDER BY l.created_at, l.id`,
  )) as Array<{ id: string; product_code: string }>;
  const seen = new Set<string>();
  for (const listing of listings) {
    const drawings = DRAWINGS[listing.product_code] ?? [];
    // The first listing of a product shows every drawing, the others the first only.
    for (const drawing of seen.has(listing.product_code) ? drawings.slice(0, 1) : drawings) {
      await addDemoPhoto(manager, { type: 'listing', id: listing.id }, 'photo', drawing);
    }
    seen.add(listing.product_code);
  }
};
