import type { LatLng } from '@psar/catalog';

const NEAR = /^\s*(-?\d{1,3}(?:\.\d{1,10})?)\s*,\s*(-?\d{1,3}(?:\.\d{1,10})?)\s*$/;

/** Reads `near=lat,lng`; null when it is not a point on Earth. */
export function parseNear(text: string): LatLng | null {
  const match = NEAR.exec(text);
  if (!match) return null;
  const lat = Number(match[1]);
  const lng = Number(match[2]);
  if (lat < -90 || lat > 90 || lng < -180 || lng > 180) return null;
  return { lat, lng };
}
