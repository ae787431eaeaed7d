/** The longest side a photo is sent at: the largest size the server keeps (1600 px). */
export const MAX_PHOTO_SIDE = 1600;

/** The size to draw a photo at so its longest side is at most `max`, never enlarged. */
export function fitWithin(width: number, height: number, max = MAX_PHOTO_SIDE): { width: number; height: number } {
  const longest = Math.max(width, height);
  if (longest <= max) return { width, height };
  const scale = max / longest;
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}
