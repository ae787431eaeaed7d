import sharp from 'sharp';
import { PhotoRejected, processPhoto } from './photo-processing';

const rejection = async (input: Buffer, maxPixels = 1_000_000) => {
  try {
    await processPhoto(input, { maxPixels });
  } catch (error) {
    if (error instanceof PhotoRejected) return error.reason;
    throw error;
  }
  return null;
};

describe('processPhoto', () => {
  it('makes four WebP widths, never wider than the original, and a BlurHash', async () => {
    const png = await sharp({ create: { width: 1000, height: 500, channels: 3, background: '#b5532d' } }).png().toBuffer();
    const photo = await processPhoto(png, { maxPixels: 1_000_000 });
    expect(photo.variants.map((v) => [v.width, v.actualWidth, v.actualHeight])).toEqual([
      [320, 320, 160],
      [480, 480, 240],
      [800, 800, 400],
      [1600, 1000, 500],
    ]);
    for (const v of photo.variants) expect((await sharp(v.body).metadata()).format).toBe('webp');
    expect(photo.placeholder).toHaveLength(28);
    // The preview, at low quality so a page can carry it inline: smaller than the phone's photo.
    expect(photo.variants[1]!.bytes).toBeLessThan(photo.variants[2]!.bytes);
  });

  it('refuses too many pixels from the header alone, what is not an image, HEIC and cut files', async () => {
    const big = await sharp({ create: { width: 1200, height: 1000, channels: 3, background: '#000' } }).png().toBuffer();
    expect(await rejection(big)).toBe('too-many-pixels');
    expect(await rejection(Buffer.from('<html></html>'))).toBe('not-an-image');
    const heic = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic'), Buffer.alloc(4), Buffer.from('mif1heic'), Buffer.alloc(64)]);
    expect(await rejection(heic)).toBe('unsupported-format');
    const jpeg = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#2f6f73' } }).jpeg().toBuffer();
    expect(await rejection(jpeg.subarray(0, 100))).toBe('unreadable');
  });

  it('refuses an image too tall and narrow for WebP, before decoding it, and takes a tall one that fits', async () => {
    const thin = await sharp({ create: { width: 200, height: 20_000, channels: 3, background: '#b5532d' } }).png().toBuffer();
    expect(await rejection(thin, 60_000_000)).toBe('too-many-pixels');
    const tall = await sharp({ create: { width: 1200, height: 12_000, channels: 3, background: '#b5532d' } }).png().toBuffer();
    const photo = await processPhoto(tall, { maxPixels: 60_000_000 });
    expect(photo.variants.map((v) => v.actualHeight)).toEqual([3200, 4800, 8000, 12000]);
  });
});
