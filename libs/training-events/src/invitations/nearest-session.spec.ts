import { distanceKm } from '@psar/catalog';
import fc from 'fast-check';
import { nearestSession, PlacedSession } from './nearest-session';

const point = fc.record({ lat: fc.double({ min: 10, max: 15, noNaN: true }), lng: fc.double({ min: 102, max: 108, noNaN: true }) });

describe('nearestSession', () => {
  it('no session is nearer than the one chosen', () => {
    const sessions = fc.array(
      fc.record({ place: point, day: fc.integer({ min: 0, max: 60 }) }),
      { minLength: 1, maxLength: 10 },
    );
    fc.assert(
      fc.property(point, sessions, (from, list) => {
        const placed: PlacedSession[] = list.map((s, i) => ({ id: `s${i}`, place: s.place, startsAt: new Date(s.day * 86_400_000) }));
        const found = nearestSession(from, placed)!;
        expect(found.distanceKm).toBeCloseTo(distanceKm(from, found.session.place), 9);
        for (const s of placed) expect(distanceKm(from, s.place)).toBeGreaterThanOrEqual(found.distanceKm - 1e-6);
      }),
    );
  });

  it('prefers the earlier of two stops at the same place, and gives null without sessions', () => {
    const place = { lat: 11.5, lng: 105.3 };
    const later = { id: 'later', place, startsAt: new Date('2026-02-01T01:00:00Z') };
    const earlier = { id: 'earlier', place, startsAt: new Date('2026-01-01T01:00:00Z') };
    expect(nearestSession({ lat: 11, lng: 105 }, [later, earlier])!.session.id).toBe('earlier');
    expect(nearestSession({ lat: 11, lng: 105 }, [])).toBeNull();
  });
});
