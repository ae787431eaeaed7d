import type { PlanSize, Rect } from './floor-plan';

export const STALL_AVAILABILITIES = ['free', 'requested', 'taken'] as const;
export type StallAvailability = (typeof STALL_AVAILABILITIES)[number];

export interface SvgStall extends Rect {
  code: string;
  zone: string | null;
  type: string;
  price: string;
  availability: StallAvailability;
}

export interface FloorPlanDrawing {
  title: string;
  plan: PlanSize;
  stalls: readonly SvgStall[];
}

// Fill and border per availability; the legend repeats the word, so colour is never the only cue.
const COLOURS: Record<StallAvailability, { fill: string; stroke: string; label: string }> = {
  free: { fill: '#c8e6c9', stroke: '#2e7d32', label: 'Free' },
  requested: { fill: '#ffe082', stroke: '#b28704', label: 'Requested' },
  taken: { fill: '#cfd8dc', stroke: '#455a64', label: 'Taken' },
};

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(text: string): string {
  // Control characters other than tab, newline and return are not allowed in XML 1.0 at all.
  const allowed = [...text].filter((c) => c >= ' ' || c === '\t' || c === '\n' || c === '\r').join('');
  return allowed.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const num = (n: number) => String(Math.round(n * 100) / 100);

/**
 * The plan as SVG: a viewBox in drawing units (the longer side of the plan is 1000 units),
 * no fixed pixel size, so it scales to a phone's width and text scales with it. One <rect
 * class="stall"> per stall, labelled with its code; a legend with counts under the plan.
 */
export function renderFloorPlanSvg(drawing: FloorPlanDrawing): string {
  const scale = 1000 / Math.max(drawing.plan.width, drawing.plan.height);
  const margin = 20;
  const planW = drawing.plan.width * scale;
  const planH = drawing.plan.height * scale;
  const legendTop = margin + planH + 24;
  const legendRow = 56;
  const totalW = planW + 2 * margin;
  const totalH = legendTop + legendRow + margin;
  const counts = { free: 0, requested: 0, taken: 0 };
  for (const s of drawing.stalls) counts[s.availability]++;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${num(totalW)} ${num(totalH)}" width="100%" preserveAspectRatio="xMidYMin meet" role="img" aria-labelledby="plan-title" font-family="system-ui, sans-serif">`,
  );
  out.push(`<title id="plan-title">${escapeXml(drawing.title)}</title>`);
  out.push(
    `<rect class="plan" x="${margin}" y="${margin}" width="${num(planW)}" height="${num(planH)}" fill="#fafafa" stroke="#9e9e9e" stroke-width="2"/>`,
  );
  for (const s of drawing.stalls) {
    const c = COLOURS[s.availability];
    const x = margin + s.x * scale;
    const y = margin + s.y * scale;
    const w = s.width * scale;
    const h = s.height * scale;
    // The code fits the stall where it can; a floor keeps tiny stalls' labels legible when zoomed.
    const fontSize = Math.max(6, Math.min(40, h * 0.45, (w * 0.9) / Math.max(1, s.code.length) / 0.6));
    const tooltip = [s.code, s.zone, s.type, s.price, c.label].filter(Boolean).join(' · ');
    out.push(`<g class="stall-group" data-availability="${s.availability}">`);
    out.push(`<title>${escapeXml(tooltip)}</title>`);
    out.push(
      `<rect class="stall" data-code="${escapeXml(s.code)}" x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}" fill="${c.fill}" stroke="${c.stroke}" stroke-width="1.5"/>`,
    );
    out.push(
      `<text x="${num(x + w / 2)}" y="${num(y + h / 2)}" font-size="${num(fontSize)}" text-anchor="middle" dominant-baseline="central" fill="#212121">${escapeXml(s.code)}</text>`,
    );
    out.push('</g>');
  }
  out.push(`<g class="legend" font-size="34">`);
  const slot = planW / 3;
  (['free', 'requested', 'taken'] as const).forEach((availability, i) => {
    const c = COLOURS[availability];
    const x = margin + i * slot;
    out.push(
      `<rect class="legend-swatch" x="${num(x)}" y="${num(legendTop)}" width="36" height="36" fill="${c.fill}" stroke="${c.stroke}" stroke-width="1.5"/>`,
    );
    out.push(`<text x="${num(x + 46)}" y="${num(legendTop + 18)}" dominant-baseline="central" fill="#212121">${c.label} (${counts[availability]})</text>`);
  });
  out.push('</g>');
  out.push('</svg>');
  return out.join('\n');
}
