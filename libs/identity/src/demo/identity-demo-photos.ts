import { addDemoPhoto, type DemoDrawing } from '@psar/media';
import type { Seeder } from '@psar/platform';
import type { EntityManager } from 'typeorm';

// Logos and a photo of the place for the demo organizations (identity-demo.ts), by name.
const PROFILES: Array<{ name: string; logo: DemoDrawing; photo?: DemoDrawing }> = [
  { name: 'Prey Veng Clay Tile Makers (demo)', logo: 'logo-kiln', photo: 'roof-tiles' },
  { name: 'Ba Phnom Brick Works (demo)', logo: 'logo-kiln', photo: 'bricks' },
  { name: 'Prey Veng Fish Farmers Working Group (demo)', logo: 'logo-water', photo: 'fish' },
  { name: 'Peam Ro Pond Farm (demo)', logo: 'logo-water' },
  { name: 'Mekong Build Co. (demo)', logo: 'logo-house' },
  { name: 'Golden Harvest Feed & Vet Supply (demo)', logo: 'logo-leaf', photo: 'feed-sacks' },
];

/** Runs after identityDemoSeeder; the pictures are drawn by libs/media (nothing downloaded). */
export const identityDemoPhotosSeeder: Seeder = async (manager: EntityManager) => {
  const rows = (await manager.query('SELECT id, name FROM organizations WHERE name = ANY($1::text[])', [PROFILES.map((p) => p.name)])) as Array<{
    id: string;
    name: string;
  }>;
  const ids = new Map(rows.map((r) => [r.name, r.id]));
  for (const profile of PROFILES) {
    const id = ids.get(profile.name);
    if (!id) continue;
    await addDemoPhoto(manager, { type: 'organization', id }, 'logo', profile.logo);
    if (profile.photo) await addDemoPhoto(manager, { type: 'organization', id }, 'photo', profile.photo);
  }
};
