import { deflateSync } from 'node:zlib';
import sharp from 'sharp';

/** A JPEG as a phone would send it: a gradient, optionally with EXIF GPS and an orientation tag. */
export async function phoneJpeg(width: number, height: number, options: { gps?: boolean; orientation?: number } = {}): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#b5532d"/><stop offset="1" stop-color="#2f6f73"/></linearGradient></defs>
    <rect width="${width}" height="${height}" fill="url(#g)"/><rect width="${Math.round(width / 4)}" height="${Math.round(height / 4)}" fill="#ffffff"/></svg>`;
  let image = sharp(Buffer.from(svg)).jpeg({ quality: 85 });
  if (options.gps) {
    // IFD3 is the GPS directory: 11°29'N 105°19'E, a kiln yard in Prey Veng.
    image = image.withExif({
      IFD0: { Make: 'TestPhone', Model: 'Psar 1' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '11/1 29/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '105/1 19/1 0/1' },
    });
  }
  if (options.orientation) image = image.withMetadata({ orientation: options.orientation });
  return image.toBuffer();
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A valid PNG of width × height black pixels (1 bit each), tiny once deflated: a
 * decompression bomb. 20,000 × 20,000 is about 50 KB on disk and 400 MB or more decoded.
 */
export function pngBomb(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(1, 8); // bit depth
  header.writeUInt8(0, 9); // greyscale
  const rowBytes = 1 + Math.ceil(width / 8); // filter byte + pixels
  const pixels = deflateSync(Buffer.alloc(rowBytes * height), { level: 9 });
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}
