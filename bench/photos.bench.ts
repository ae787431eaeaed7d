import { DEMO_DRAWINGS, drawDemoPhoto, PREVIEW_WIDTH, processPhoto } from '@psar/media';
import sharp from 'sharp';
import { appendSection, describeMachine, loadAverage, machine } from './support/report';
import { envInteger, say } from './support/settings';

/**
 * What a photo upload costs the server and what a listing card costs a phone:
 * time and peak memory to check and re-encode a 12-megapixel phone photo (4000 × 3000
 * JPEG with sensor-like noise, so it compresses like a real one), and the bytes of the
 * 320 px WebP a card loads. In-process, no HTTP: the upload's own cost.
 */
const RUNS = envInteger('BENCH_RUNS', 5, 1);
const APPEND = process.env.BENCH_APPEND !== 'false';

async function twelveMegapixelPhoto(): Promise<Buffer> {
  const width = 4000;
  const height = 3000;
  const scene = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#8fc3e8"/><stop offset="1" stop-color="#e9f1f4"/></linearGradient></defs>
    <rect width="${width}" height="${height}" fill="url(#sky)"/>
    <path d="M0 1650 Q 1200 1500 2400 1680 T 4000 1620 V 3000 H 0 Z" fill="#b99a74"/>
    ${Array.from({ length: 60 }, (_, i) => `<path d="M${200 + (i % 10) * 360} ${1500 + Math.floor(i / 10) * 230} q 170 -70 340 0 v 60 q -170 -70 -340 0 z" fill="#b5532d" stroke="#7d3218" stroke-width="6"/>`).join('')}
  </svg>`;
  const noise = await sharp({ create: { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 30 } } }).png().toBuffer();
  return sharp(Buffer.from(scene)).composite([{ input: noise, blend: 'soft-light' }]).jpeg({ quality: 90 }).toBuffer();
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
const kb = (bytes: number) => (bytes / 1000).toFixed(1);

async function main(): Promise<void> {
  const m = machine();
  const loadBefore = loadAverage();
  say(`photos benchmark: ${RUNS} runs; ${describeMachine(m)}`);
  const input = await twelveMegapixelPhoto();
  const meta = await sharp(input).metadata();
  say(`input: ${meta.width} × ${meta.height} JPEG, ${mib(input.length)} MiB`);
  await processPhoto(input, { maxPixels: 60_000_000 }); // warm-up: loads libvips' codecs

  const times: number[] = [];
  let peakDelta = 0;
  let result = await processPhoto(input, { maxPixels: 60_000_000 });
  for (let run = 0; run < RUNS; run++) {
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2);
    const started = process.hrtime.bigint();
    result = await processPhoto(input, { maxPixels: 60_000_000 });
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    clearInterval(sampler);
    peakDelta = Math.max(peakDelta, Math.max(peak, process.memoryUsage().rss) - before);
  }
  times.sort((a, b) => a - b);
  const card = result.variants.find((v) => v.width === 320)!;
  const preview = result.variants.find((v) => v.width === PREVIEW_WIDTH)!;
  const demoCards: number[] = [];
  const demoPreviews: number[] = [];
  for (const drawing of DEMO_DRAWINGS.filter((d) => !d.startsWith('logo'))) {
    const { variants } = await drawDemoPhoto(drawing);
    demoCards.push(variants.find((v) => v.width === 320)!.bytes);
    demoPreviews.push(variants.find((v) => v.width === PREVIEW_WIDTH)!.bytes);
  }
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const demoMean = mean(demoCards);

  const rows = [
    `| 12 MP JPEG (${mib(input.length)} MiB) → WebP 320/480/800/1600 + placeholder | ${percentile(times, 50).toFixed(0)} ms | ${times[times.length - 1]!.toFixed(0)} ms | ${mib(peakDelta)} MiB |`,
  ];
  const sizes = result.variants.map((v) => `${v.width} px: ${kb(v.bytes)} kB (${v.actualWidth} × ${v.actualHeight})`).join('; ');
  const markdown = [
    `## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — Photos: processing a 12-megapixel phone photo, bytes of a listing card`,
    '',
    `- Machine: ${describeMachine(m)}; sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips}`,
    `- ${RUNS} runs after one warm-up, in one process (\`processPhoto\`: magic-byte and header checks, decode with shrink-on-load, auto-rotate, four WebP encodes (quality 78; the 480 px preview at 30), BlurHash); load average before ${loadBefore}, after ${loadAverage()}`,
    "- peak RSS above start: the highest resident memory sampled every 2 ms during a run, less the process's just before it (what one upload adds); timings are wall time on a shared machine",
    '',
    '| work | p50 | max | peak RSS above start |',
    '| --- | ---: | ---: | ---: |',
    ...rows,
    '',
    `- Variants: ${sizes}; placeholder \`${result.placeholder}\` (${result.placeholder.length} characters, carried in list responses).`,
    `- **A listing card at 320 px loads ${kb(card.bytes)} kB** for this noisy 12 MP photo (${((card.bytes / input.length) * 100).toFixed(2)}% of the upload); the demo's drawn photos: ${kb(demoMean)} kB on average. Served with \`Cache-Control: public, max-age=31536000, immutable\` and an ETag, so a card costs its bytes once.`,
    `- **The preview a listing page carries inline (${PREVIEW_WIDTH} px) is ${kb(preview.bytes)} kB** for this photo (${kb(Math.ceil(preview.bytes / 3) * 4)} kB as base64, before the page is compressed); the demo's: ${kb(mean(demoPreviews))} kB on average.`,
  ].join('\n');
  say(markdown);
  if (APPEND) await appendSection(markdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
