import sharp from 'sharp';
import type { EntityManager } from 'typeorm';
import type { PhotoKind } from '../photos/photo.dto';
import { type ProcessedPhoto, processPhoto } from '../photos/photo-processing';
import { type PhotoOwner, savePhoto } from '../photos/photos.service';
import { PostgresPhotoStorage } from '../storage/postgres-photo-storage';

/**
 * Demo photos, drawn here as SVG and rendered by sharp (librsvg): nothing downloaded, and
 * they go through the same checks and re-encoding as an upload (as a phone's JPEG).
 */
export const DEMO_DRAWINGS = ['roof-tiles', 'bricks', 'fish', 'pigs', 'feed-sacks', 'logo-kiln', 'logo-water', 'logo-leaf', 'logo-house'] as const;
export type DemoDrawing = (typeof DEMO_DRAWINGS)[number];

// Drawn at 1200 × 900: big enough for the 800 width, quick to render on every demo seed.
const W = 1200;
const H = 900;
// Drawings are in a 1600 × 1200 view box.
const VW = 1600;
const VH = 1200;

function scene(sky: [string, string], ground: string, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${VW} ${VH}">
  <defs>
    <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${sky[0]}"/><stop offset="1" stop-color="${sky[1]}"/></linearGradient>
    <radialGradient id="sun" cx="0.8" cy="0.15" r="0.5"><stop offset="0" stop-color="#fff7d6" stop-opacity="0.9"/><stop offset="1" stop-color="#fff7d6" stop-opacity="0"/></radialGradient>
  </defs>
  <rect width="${VW}" height="${VH}" fill="url(#sky)"/>
  <rect width="${VW}" height="${VH}" fill="url(#sun)"/>
  <path d="M0 ${VH * 0.55} Q ${VW * 0.3} ${VH * 0.5} ${VW * 0.6} ${VH * 0.56} T ${VW} ${VH * 0.54} V ${VH} H 0 Z" fill="${ground}"/>
  ${body}
</svg>`;
}

function repeat(count: number, draw: (i: number) => string): string {
  return Array.from({ length: count }, (_, i) => draw(i)).join('\n');
}

function roofTiles(): string {
  // Stacks of curved terracotta tiles drying in the yard of a kiln.
  const stacks = repeat(5, (s) => {
    const x = 120 + s * 290;
    const y = 520 + (s % 2) * 40;
    return repeat(9, (r) => {
      const ty = y + r * 58;
      const shade = ['#b5532d', '#a9492a', '#c0603a'][(r + s) % 3];
      return `<path d="M${x} ${ty} q 110 -46 220 0 v 40 q -110 -46 -220 0 z" fill="${shade}" stroke="#7d3218" stroke-width="3"/>`;
    });
  });
  const kiln = `<path d="M1080 560 h 420 v -120 q -210 -160 -420 0 z" fill="#8a6a52"/><rect x="1250" y="330" width="60" height="120" fill="#6b5140"/>
    <ellipse cx="1290" cy="300" rx="90" ry="40" fill="#cfcfcf" opacity="0.6"/>`;
  return scene(['#8fc3e8', '#e9f1f4'], '#b99a74', kiln + stacks);
}

function bricks(): string {
  const rows = repeat(12, (r) =>
    repeat(11, (c) => {
      const x = 100 + c * 130 + (r % 2) * 65;
      const y = 520 + r * 52;
      const shade = ['#a4452c', '#b25034', '#963c26', '#b85c3c'][(r * 3 + c) % 4];
      return x < 1500 ? `<rect x="${x}" y="${y}" width="122" height="44" rx="4" fill="${shade}"/>` : '';
    }),
  );
  return scene(['#9cc6e4', '#eef3f0'], '#c2a886', `<rect x="90" y="510" width="1420" height="640" fill="#d8cdbb"/>${rows}`);
}

function fish(): string {
  const fishes = repeat(14, (i) => {
    const x = 180 + ((i * 317) % 1240);
    const y = 720 + ((i * 131) % 380);
    const flip = i % 2 ? -1 : 1;
    return `<g transform="translate(${x} ${y}) scale(${flip} 1)"><ellipse rx="95" ry="34" fill="#8e9ea8"/><path d="M80 0 l 60 -34 v 68 z" fill="#7a8a94"/>
      <circle cx="-62" cy="-8" r="7" fill="#1d2428"/><path d="M-20 -30 q 30 -26 60 0" fill="#6f7f89"/></g>`;
  });
  const pond = `<ellipse cx="800" cy="900" rx="760" ry="300" fill="#2f6f73"/><ellipse cx="800" cy="880" rx="700" ry="250" fill="#3c8589" opacity="0.8"/>`;
  return scene(['#a7d3ef', '#f0f5ee'], '#6f9a4e', pond + fishes);
}

function pigs(): string {
  const pig = (x: number, y: number, s: number) => `<g transform="translate(${x} ${y}) scale(${s})">
    <ellipse rx="190" ry="115" fill="#e9a7a0"/><circle cx="-170" cy="-30" r="78" fill="#efb4ac"/><ellipse cx="-236" cy="-20" rx="30" ry="24" fill="#d98c84"/>
    <path d="M-190 -100 l -20 -60 l 50 40 z" fill="#d98c84"/><circle cx="-190" cy="-50" r="8" fill="#2b1d1b"/>
    <rect x="-120" y="80" width="34" height="90" fill="#d98c84"/><rect x="90" y="80" width="34" height="90" fill="#d98c84"/></g>`;
  const pen = repeat(9, (i) => `<rect x="${60 + i * 185}" y="560" width="22" height="420" fill="#8b6b47"/>`) + `<rect x="40" y="640" width="1520" height="24" fill="#9c7a52"/>`;
  return scene(['#98c7e6', '#f3efe2'], '#a88f67', pen + pig(520, 820, 1.1) + pig(1120, 900, 1));
}

function feedSacks(): string {
  const sack = (x: number, y: number, color: string) => `<g transform="translate(${x} ${y})"><path d="M-150 -200 q 150 -40 300 0 l 20 380 q -170 40 -340 0 z" fill="#e8dcc0"/>
    <rect x="-110" y="-60" width="220" height="120" rx="12" fill="${color}"/><circle cx="0" cy="0" r="34" fill="#f6f0dc"/></g>`;
  const floor = '<rect x="0" y="600" width="1600" height="600" fill="#9e9486"/>';
  return scene(['#d7d2c6', '#efece4'], '#b7ae9f', floor + sack(380, 820, '#2f7d4f') + sack(800, 780, '#2f7d4f') + sack(1220, 840, '#c48a1c'));
}

function logo(color: string, mark: string): string {
  // Square, on a plain ground: logos are shown small and round-cornered.
  return `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600" viewBox="0 0 800 800">
    <rect width="800" height="800" fill="#faf7f0"/><circle cx="400" cy="400" r="330" fill="${color}"/>${mark}</svg>`;
}

const DRAW: Record<DemoDrawing, () => string> = {
  'roof-tiles': roofTiles,
  bricks,
  fish,
  pigs,
  'feed-sacks': feedSacks,
  'logo-kiln': () => logo('#b5532d', '<path d="M230 520 h 340 v -80 q -170 -200 -340 0 z" fill="#faf7f0"/><rect x="440" y="250" width="50" height="120" fill="#faf7f0"/>'),
  'logo-water': () => logo('#2f6f73', '<path d="M400 200 q 150 200 150 300 a 150 150 0 0 1 -300 0 q 0 -100 150 -300 z" fill="#faf7f0"/>'),
  'logo-leaf': () => logo('#2f7d4f', '<path d="M250 560 q 0 -330 330 -330 q 0 330 -330 330 z" fill="#faf7f0"/><path d="M260 550 l 300 -300" stroke="#2f7d4f" stroke-width="16"/>'),
  'logo-house': () => logo('#3d5a80', '<path d="M220 420 l 180 -170 l 180 170 v 170 h -360 z" fill="#faf7f0"/><rect x="360" y="480" width="80" height="110" fill="#3d5a80"/>'),
};

/** The SVG as a phone would send it: a JPEG. */
async function render(svg: string): Promise<Buffer> {
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

const drawn = new Map<DemoDrawing, Promise<ProcessedPhoto>>();

/** The drawing as a phone would send it (JPEG), checked and re-encoded like an upload; cached per process. */
export function drawDemoPhoto(drawing: DemoDrawing): Promise<ProcessedPhoto> {
  let photo = drawn.get(drawing);
  if (!photo) {
    photo = render(DRAW[drawing]()).then((jpeg) => processPhoto(jpeg, { maxPixels: 60_000_000 }));
    drawn.set(drawing, photo);
  }
  return photo;
}

/** For demo seeders: adds a drawn photo to an owner, in the seed's transaction, stored in Postgres. */
export async function addDemoPhoto(manager: EntityManager, owner: PhotoOwner, kind: PhotoKind, drawing: DemoDrawing): Promise<void> {
  await savePhoto(new PostgresPhotoStorage(manager), manager, owner, kind, await drawDemoPhoto(drawing), null);
}
