import { distanceKm, type LatLng } from '@psar/catalog';

export interface PlacedSession {
  id: string;
  startsAt: Date;
  /** The session's own location, else its province's centroid. */
  place: LatLng;
}

/**
 * The session nearest to `from`; of two equally near (the same village), the earlier.
 * Null when there is none.
 */
export function nearestSession<S extends PlacedSession>(from: LatLng, sessions: readonly S[]): { session: S; distanceKm: number } | null {
  let best: { session: S; distanceKm: number } | null = null;
  for (const session of sessions) {
    const d = distanceKm(from, session.place);
    if (!best || d < best.distanceKm - 1e-9 || (Math.abs(d - best.distanceKm) <= 1e-9 && session.startsAt < best.session.startsAt)) {
      best = { session, distanceKm: d };
    }
  }
  return best;
}
