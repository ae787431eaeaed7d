import fc from 'fast-check';
import { distanceKm } from '@psar/catalog';
import { CELL_LEVELS, cellToken, coveringCells, MAX_CELLS } from './geo-cells';

describe('geo cells', () => {
  it('covers a 25 km circle in Phnom Penh with quarter-degree cells', () => {
    const cells = coveringCells(11.55, 104.92, 25)!;
    expect(cells.every((c) => c.startsWith('zza'))).toBe(true);
    expect(cells).toContain(cellToken('zza', 0.25, 11.55, 104.92));
    expect(cells.length).toBeLessThanOrEqual(MAX_CELLS);
  });

  it('uses bigger cells for bigger circles, and none for a country-wide one', () => {
    expect(coveringCells(11.55, 104.92, 150)!.every((c) => c.startsWith('zzb'))).toBe(true);
    expect(coveringCells(11.55, 104.92, 600)!.every((c) => c.startsWith('zzc'))).toBe(true);
    expect(coveringCells(11.55, 104.92, 2000)).toBeNull();
  });

  it('property: every point inside the circle lies in one of its cells', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -60, max: 60, noNaN: true }),
        fc.double({ min: -179, max: 179, noNaN: true }),
        fc.double({ min: 0.1, max: 800, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
        (lat, lng, radiusKm, share, angle) => {
          const cells = coveringCells(lat, lng, radiusKm);
          if (!cells) return true;
          // A point at `share` of the radius in direction `angle`.
          const d = (radiusKm * share) / 111.32;
          const p = { lat: lat + d * Math.cos(angle), lng: lng + (d * Math.sin(angle)) / Math.cos((lat * Math.PI) / 180) };
          if (distanceKm({ lat, lng }, p) > radiusKm * 0.999) return true;
          const level = CELL_LEVELS.find((l) => cells[0]!.startsWith(l.prefix))!;
          return cells.includes(cellToken(level.prefix, level.degrees, p.lat, ((p.lng + 540) % 360) - 180));
        },
      ),
      { numRuns: 500 },
    );
  });
});
