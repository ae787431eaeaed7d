import { decode } from 'blurhash';
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { Schemas } from '../api/types';
import './photo.css';

export type PhotoData = Schemas['PhotoDto'];

// The placeholder is decoded this small and stretched by CSS: a blur of 4×3 components
// needs no more pixels, and decoding costs by the pixel (on a slow phone 32×24 took a
// tenth of a second for a page of cards).
const PLACEHOLDER_WIDTH = 16;
const PLACEHOLDER_HEIGHT = 12;

interface PhotoProps {
  photo: PhotoData | null | undefined;
  alt: string;
  /** The `sizes` attribute: how wide the photo is drawn, so the browser picks the variant. */
  sizes: string;
  /** The page's main photo (its LCP): load it at once instead of lazily. */
  eager?: boolean;
}

/**
 * A photo in a 4:3 frame (fixed, so nothing shifts when it arrives): its BlurHash drawn
 * first, the image lazy-loaded on top at the width the screen needs.
 */
export function Photo({ photo, alt, sizes, eager }: PhotoProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const image = useRef<HTMLImageElement>(null);
  useLayoutEffect(() => {
    // A photo already shown (a server-drawn page taken over, a cached photo) needs none.
    if (!photo || (image.current?.complete && image.current.naturalWidth > 0)) return;
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    try {
      const pixels = decode(photo.placeholder, PLACEHOLDER_WIDTH, PLACEHOLDER_HEIGHT);
      context.putImageData(new ImageData(pixels, PLACEHOLDER_WIDTH, PLACEHOLDER_HEIGHT), 0, 0);
    } catch {
      // A malformed placeholder leaves the plain background.
    }
  }, [photo?.placeholder]);

  if (!photo) return <div class="photo empty" aria-hidden="true" />;
  const { urls } = photo;
  return (
    <div class="photo">
      <canvas ref={canvas} width={PLACEHOLDER_WIDTH} height={PLACEHOLDER_HEIGHT} aria-hidden="true" />
      <img
        ref={image}
        src={urls['800']}
        srcset={`${urls['320']} 320w, ${urls['800']} 800w, ${urls['1600']} 1600w`}
        sizes={sizes}
        alt={alt}
        width={photo.width}
        height={photo.height}
        loading={eager ? 'eager' : 'lazy'}
        fetchpriority={eager ? 'high' : 'auto'}
        decoding="async"
      />
    </div>
  );
}
