import { DataSource, EntityManager } from 'typeorm';

export type Seeder = (manager: EntityManager) => Promise<void>;

/**
 * Runs the seeders in one transaction, once per database: the row in seed_runs is
 * written in the same transaction, so a crash half-way leaves nothing behind and a
 * second run finds the marker and does nothing. Returns whether it loaded anything.
 */
export async function seedOnce(dataSource: DataSource, name: string, seeders: Seeder[]): Promise<boolean> {
  return dataSource.transaction(async (manager) => {
    const inserted = (await manager.query(
      'INSERT INTO seed_runs (name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING name',
      [name],
    )) as unknown[];
    if (inserted.length === 0) return false;
    for (const seed of seeders) await seed(manager);
    return true;
  });
}
