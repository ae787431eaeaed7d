/**
 * Grid cells in the search vector, so that "this text near that point" is one GIN lookup:
 * every row's tsvector carries the cells of its point at three sizes, and a search adds
 * the cells covering its circle (ORed) to the text (ANDed). GIN intersects the two posting
 * lists, so the cost follows the rows that match both, however common the word or dense
 * the area. (The earth_box on the GiST index cannot do this: Postgres estimates every box
 * at 0.1 % of the table, and then reads every row in the box to test the text.)
 *
 * The migration's generated columns build the same tokens; keep the two in step.
 */

/** Cell sizes in degrees, smallest first, and the token prefix of each. */
export const CELL_LEVELS = [
  { prefix: 'zza', degrees: 0.25 },
  { prefix: 'zzb', degrees: 1 },
  { prefix: 'zzc', degrees: 4 },
] as const;

/** A circle is covered by at most this many cells of one size; beyond, no cell filter. */
export const MAX_CELLS = 25;

const KM_PER_DEGREE = 111.32;

export function cellToken(prefix: string, degrees: number, lat: number, lng: number): string {
  return `${prefix}${Math.floor((lat + 90) / degrees)}k${Math.floor((lng + 180) / degrees)}`;
}

/** The cells of the smallest size that covers the circle with at most MAX_CELLS; null if none does. */
export function coveringCells(lat: number, lng: number, radiusKm: number): string[] | null {
  const dLat = radiusKm / KM_PER_DEGREE;
  const cosLat = Math.cos((lat * Math.PI) / 180);
  // Near the poles a circle spans every longitude.
  const dLng = cosLat < 0.01 ? 180 : Math.min(180, radiusKm / (KM_PER_DEGREE * cosLat));
  for (const { prefix, degrees } of CELL_LEVELS) {
    const rows = range(Math.max(-90, lat - dLat), Math.min(89.999999, lat + dLat), degrees, 90);
    const cols = range(lng - dLng, lng + dLng, degrees, 180);
    if (rows.length * cols.length > MAX_CELLS) continue;
    return rows.flatMap((r) => cols.map((c) => `${prefix}${r}k${c}`));
  }
  return null;
}

/** Cell indexes from min to max degrees (offset so they are never negative), wrapping longitude. */
function range(min: number, max: number, degrees: number, offset: number): number[] {
  const first = Math.floor((min + offset) / degrees);
  const last = Math.floor((max + offset) / degrees);
  const count = Math.round(360 / degrees);
  const cells = new Set<number>();
  for (let i = first; i <= last && cells.size < count; i++) cells.add(offset === 180 ? ((i % count) + count) % count : i);
  return [...cells];
}
