import { encode as encodeBlurhash } from 'blurhash';
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { ACCEPTED_FORMATS, type ImageFormat, sniffImageFormat } from './image-format';

/**
 * The widths every photo is served at: a listing card, a preview (see PREVIEW_WIDTH), a
 * phone screen, a large screen.
 */
export const PHOTO_WIDTHS = [320, 480, 800, 1600] as const;
export type PhotoWidth = (typeof PHOTO_WIDTHS)[number];

export const PHOTO_CONTENT_TYPE = 'image/webp';

/**
 * The preview a server-drawn page carries inline (a data: URL), so on a slow link its main
 * photo shows with the HTML and the sharp one replaces it when it arrives (on Slow 3G the
 * 800 px file is one more 2-second request and a shared link away). As wide as a phone's
 * screen, so it is seen as the photo, not a thumbnail stretched (browsers count an image
 * drawn larger than its pixels at its own size), and at low quality: 5 to 10 KB.
 */
export const PREVIEW_WIDTH = 480;
const PREVIEW_WEBP_OPTIONS = { quality: 30, effort: 4 } as const;

export interface PhotoLimits {
  /** Width × height, read from the header before anything is decoded. */
  maxPixels: number;
}

export interface ProcessedVariant {
  /** The nominal width (a key of `urls`); the image is narrower when the original was. */
  width: PhotoWidth;
  actualWidth: number;
  actualHeight: number;
  bytes: number;
  etag: string;
  body: Buffer;
}

export interface ProcessedPhoto {
  format: ImageFormat;
  /** Of the largest variant, upright. */
  width: number;
  height: number;
  placeholder: string;
  variants: ProcessedVariant[];
}

export type PhotoRejection = 'not-an-image' | 'unsupported-format' | 'too-many-pixels' | 'unreadable';

export class PhotoRejected extends Error {
  constructor(
    readonly reason: PhotoRejection,
    message: string,
  ) {
    super(message);
  }
}

// Every upload is a new image: libvips' operation cache would only hold memory for nothing.
sharp.cache(false);

// The WebP format's largest width or height.
const WEBP_MAX_SIDE = 16_383;

// One photo's decode may not hold the process longer than this (a crafted file can be slow).
const PROCESSING_TIMEOUT_SECONDS = 20;
// effort 3 of 6: within a few percent of the smallest files at a third of effort 4's time on our 2 cores.
const WEBP_OPTIONS = { quality: 78, effort: 3 } as const;
const PLACEHOLDER_SIZE = 32;

function etagOf(body: Buffer): string {
  return createHash('sha256').update(body).digest('base64url').slice(0, 27);
}

/**
 * Checks an upload by its content and turns it into the WebP variants we serve.
 *
 * - The format comes from the magic bytes; the pixel count from the header, before any
 *   decoding, so a 20,000 × 20,000 PNG of a few hundred kilobytes is refused without the
 *   gigabytes its pixels would take (libvips' limitInputPixels guards the decode as well).
 * - Decoded once, shrunk to the largest width (JPEG shrink-on-load keeps a 12-megapixel
 *   decode small), turned upright by its EXIF orientation; the smaller widths and the
 *   placeholder come from that copy.
 * - Nothing of the original's metadata is written: sharp drops EXIF (a farm's GPS
 *   position), XMP and ICC unless asked to keep them; colours are converted to sRGB.
 */
export async function processPhoto(input: Buffer, limits: PhotoLimits): Promise<ProcessedPhoto> {
  const format = sniffImageFormat(input);
  if (!format) throw new PhotoRejected('not-an-image', 'The file is not a JPEG, PNG, WebP or AVIF image (whatever its name or type says)');
  if (!ACCEPTED_FORMATS.includes(format)) {
    throw new PhotoRejected('unsupported-format', 'HEIC photos cannot be read here; send JPEG (most phones can share a photo as JPEG)');
  }
  let metadata: sharp.Metadata;
  try {
    metadata = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    throw new PhotoRejected('unreadable', 'The image is damaged or cut short');
  }
  const { width, height } = metadata;
  if (!width || !height) throw new PhotoRejected('unreadable', 'The image has no size');
  if (width * height > limits.maxPixels) {
    throw new PhotoRejected(
      'too-many-pixels',
      `The image has ${width} × ${height} pixels; at most ${limits.maxPixels.toLocaleString('en')} pixels are accepted`,
    );
  }
  // WebP holds at most 16,383 pixels a side: a tall, thin image shrunk to our widest variant
  // could still be taller than that. Refused here, before its pixels are decoded.
  const [uprightWidth, uprightHeight] = (metadata.orientation ?? 1) >= 5 ? [height, width] : [width, height];
  const widest = PHOTO_WIDTHS[PHOTO_WIDTHS.length - 1]!;
  if (uprightHeight * Math.min(1, widest / uprightWidth) > WEBP_MAX_SIDE) {
    throw new PhotoRejected('too-many-pixels', `The image is ${uprightWidth} × ${uprightHeight} pixels: too tall and narrow to show`);
  }

  let upright: { data: Buffer; info: sharp.OutputInfo };
  try {
    upright = await sharp(input, { limitInputPixels: limits.maxPixels, failOn: 'error', sequentialRead: true })
      .timeout({ seconds: PROCESSING_TIMEOUT_SECONDS })
      .rotate()
      .resize({ width: PHOTO_WIDTHS[PHOTO_WIDTHS.length - 1], withoutEnlargement: true })
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch {
    throw new PhotoRejected('unreadable', 'The image is damaged or cut short');
  }
  const raw = { raw: { width: upright.info.width, height: upright.info.height, channels: upright.info.channels } };

  try {
    const variants: ProcessedVariant[] = [];
    for (const target of PHOTO_WIDTHS) {
      const { data, info } = await sharp(upright.data, raw)
        .resize({ width: target, withoutEnlargement: true })
        .webp(target === PREVIEW_WIDTH ? PREVIEW_WEBP_OPTIONS : WEBP_OPTIONS)
        .toBuffer({ resolveWithObject: true });
      variants.push({ width: target, actualWidth: info.width, actualHeight: info.height, bytes: data.length, etag: etagOf(data), body: data });
    }

    const tiny = await sharp(upright.data, raw)
      .resize({ width: PLACEHOLDER_SIZE, height: PLACEHOLDER_SIZE, fit: 'inside' })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    // 4 × 3 components: about 30 characters, enough for the colours and the light of a photo.
    const landscape = tiny.info.width >= tiny.info.height;
    const placeholder = encodeBlurhash(new Uint8ClampedArray(tiny.data), tiny.info.width, tiny.info.height, landscape ? 4 : 3, landscape ? 3 : 4);

    return { format, width: upright.info.width, height: upright.info.height, placeholder, variants };
  } catch {
    // Whatever the encoder refuses is the image's fault, never a 500.
    throw new PhotoRejected('unreadable', 'The image could not be converted');
  }
}
