import { decode } from 'blurhash';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { apiBytes } from '../api/client';
import type { Schemas } from '../api/types';
import { initialData } from '../ssr/initial-data';
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
  /**
   * On a page the server draws: carry the photo's preview (480 px, low quality, 5 to 10 KB)
   * in the page itself, shown until the real image arrives. On Slow 3G the page's main photo
   * is then seen with the HTML, not one more 2-second request and a shared link later.
   */
  inlinePreview?: boolean;
}

/** The preview as a data: URL, loaded only while the server draws the page (and handed to the browser with it). */
function usePreview(photo: PhotoData | null | undefined, wanted: boolean): string | null {
  // Given once, to the first render: the same Photo later showing another photo shows none.
  const [given] = useState(() => {
    const url = photo?.urls['480'];
    // A photo stored elsewhere (S3) is not the API's to read here; one from before previews has none.
    if (!wanted || !photo || !url?.startsWith('/api/')) return null;
    const preview = initialData<string | null>(`photoPreview:${photo.id}`, async () => {
      const bytes = await apiBytes(url).catch(() => null);
      return bytes ? `data:image/webp;base64,${btoa(String.fromCharCode(...bytes))}` : null;
    });
    return preview ? { id: photo.id, preview } : null;
  });
  return given && given.id === photo?.id ? given.preview : null;
}

/**
 * A photo in a 4:3 frame (fixed, so nothing shifts when it arrives): its BlurHash drawn
 * first, the image lazy-loaded on top at the width the screen needs.
 */
export function Photo({ photo, alt, sizes, eager, inlinePreview = false }: PhotoProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const image = useRef<HTMLImageElement>(null);
  const preview = usePreview(photo, inlinePreview);
  // A photo that failed to load: its frame keeps the description, and the preview or the
  // placeholder stays in sight instead of the browser's broken-image box.
  const [broken, setBroken] = useState(false);
  useLayoutEffect(() => {
    // It may have failed before the script took over a server-drawn page.
    const element = image.current;
    if (element?.complete && element.naturalWidth === 0 && element.currentSrc) setBroken(true);
  }, [photo?.id]);
  useLayoutEffect(() => {
    // A photo already shown (a server-drawn page taken over, a cached photo, a preview) needs none.
    if (!photo || preview || (image.current?.complete && image.current.naturalWidth > 0)) return;
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    try {
      const pixels = decode(photo.placeholder, PLACEHOLDER_WIDTH, PLACEHOLDER_HEIGHT);
      context.putImageData(new ImageData(pixels, PLACEHOLDER_WIDTH, PLACEHOLDER_HEIGHT), 0, 0);
    } catch {
      // A malformed placeholder leaves the plain background.
    }
  }, [photo?.placeholder, preview]);

  if (!photo) return <div class="photo empty" aria-hidden="true" />;
  const { urls } = photo;
  return (
    <div class="photo" role={broken ? 'img' : undefined} aria-label={broken ? alt : undefined}>
      <canvas ref={canvas} width={PLACEHOLDER_WIDTH} height={PLACEHOLDER_HEIGHT} aria-hidden="true" />
      {preview && <img class="photo-preview" src={preview} alt="" aria-hidden="true" />}
      <img
        ref={image}
        src={urls['800']}
        srcset={`${urls['320']} 320w, ${urls['800']} 800w, ${urls['1600']} 1600w`}
        sizes={sizes}
        alt={broken ? '' : alt}
        class={broken ? 'broken' : undefined}
        onError={() => setBroken(true)}
        onLoad={() => setBroken(false)}
        width={photo.width}
        height={photo.height}
        loading={eager ? 'eager' : 'lazy'}
        fetchpriority={eager ? 'high' : 'auto'}
        decoding="async"
      />
    </div>
  );
}
