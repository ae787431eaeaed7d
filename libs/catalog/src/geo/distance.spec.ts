import fc from 'fast-check';
import { distanceKm, EARTH_RADIUS_KM, type LatLng } from './distance';

const point = fc.record({
  lat: fc.double({ min: -90, max: 90, noNaN: true }),
  lng: fc.double({ min: -180, max: 180, noNaN: true }),
});

const PHNOM_PENH: LatLng = { lat: 11.5564, lng: 104.9282 };
const SIEM_REAP: LatLng = { lat: 13.3633, lng: 103.856 };
const SIHANOUKVILLE: LatLng = { lat: 10.627, lng: 103.522 };
const BATTAMBANG: LatLng = { lat: 13.0957, lng: 103.2022 };

// Ten metres of slack: near antipodal points asin() loses precision (about 0.2 m).
const EPSILON_KM = 1e-2;

describe('distanceKm', () => {
  it('is symmetric', () => {
    fc.assert(
      fc.property(point, point, (a, b) => {
        expect(Math.abs(distanceKm(a, b) - distanceKm(b, a))).toBeLessThan(EPSILON_KM);
      }),
    );
  });

  it('is zero between a point and itself', () => {
    fc.assert(
      fc.property(point, (a) => {
        expect(distanceKm(a, { ...a })).toBe(0);
      }),
    );
  });

  it('is never negative nor more than half the circumference', () => {
    fc.assert(
      fc.property(point, point, (a, b) => {
        const d = distanceKm(a, b);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(Math.PI * EARTH_RADIUS_KM + EPSILON_KM);
      }),
    );
  });

  it('satisfies the triangle inequality', () => {
    fc.assert(
      fc.property(point, point, point, (a, b, c) => {
        expect(distanceKm(a, c)).toBeLessThanOrEqual(distanceKm(a, b) + distanceKm(b, c) + EPSILON_KM);
      }),
    );
  });

  it('does not depend on which of the equivalent longitudes is used', () => {
    fc.assert(
      fc.property(point, point, (a, b) => {
        const shifted = { lat: a.lat, lng: a.lng + 360 };
        expect(Math.abs(distanceKm(shifted, b) - distanceKm(a, b))).toBeLessThan(EPSILON_KM);
      }),
    );
  });

  it.each([
    { from: 'Phnom Penh', a: PHNOM_PENH, to: 'Siem Reap', b: SIEM_REAP, min: 230, max: 250 },
    { from: 'Phnom Penh', a: PHNOM_PENH, to: 'Sihanoukville', b: SIHANOUKVILLE, min: 175, max: 195 },
    { from: 'Siem Reap', a: SIEM_REAP, to: 'Battambang', b: BATTAMBANG, min: 70, max: 80 },
  ])('$from to $to is between $min and $max km', ({ a, b, min, max }) => {
    const d = distanceKm(a, b);
    expect(d).toBeGreaterThanOrEqual(min);
    expect(d).toBeLessThanOrEqual(max);
  });

  it('gives one degree of latitude as about 111.3 km', () => {
    expect(distanceKm({ lat: 0, lng: 0 }, { lat: 1, lng: 0 })).toBeCloseTo((Math.PI * EARTH_RADIUS_KM) / 180, 6);
  });

  it('gives antipodal points half the circumference', () => {
    expect(distanceKm({ lat: 10, lng: 20 }, { lat: -10, lng: -160 })).toBeCloseTo(Math.PI * EARTH_RADIUS_KM, 2);
  });
});
