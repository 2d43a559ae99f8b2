// The visible watermark: the artist's signature/copyright text as a small SVG overlay, composited with
// gravity (or tiled) so its size follows the image width and never needs a full-size overlay buffer.
import type { OverlayOptions } from 'sharp';

export type WatermarkPlacement =
  'bottom-right' | 'bottom-left' | 'top-right' | 'top-left' | 'center' | 'tiled';

export interface WatermarkSpec {
  text: string;
  placement: WatermarkPlacement;
}

const GRAVITY: Readonly<Record<Exclude<WatermarkPlacement, 'tiled'>, string>> = {
  'bottom-right': 'southeast',
  'bottom-left': 'southwest',
  'top-right': 'northeast',
  'top-left': 'northwest',
  center: 'centre',
};

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Rough advance width of DejaVu/Liberation Sans glyphs, per em. */
const EM_PER_CHAR = 0.62;

/** Where the layer of watermarkOverlay() lands (sharp's gravity arithmetic); null when it covers the picture. */
export function watermarkBox(
  spec: WatermarkSpec,
  width: number,
  height: number,
): { left: number; top: number; width: number; height: number } | null {
  if (spec.placement === 'tiled') return null;
  const { boxWidth, boxHeight } = layout(spec, width, height);
  const right = width - boxWidth;
  const bottom = height - boxHeight;
  const middle = (n: number): number => Math.floor((n + 1) / 2);
  const left = spec.placement.endsWith('right') ? right : spec.placement === 'center' ? middle(right) : 0;
  const top = spec.placement.startsWith('bottom') ? bottom : spec.placement === 'center' ? middle(bottom) : 0;
  return { left, top, width: boxWidth, height: boxHeight };
}

function layout(spec: WatermarkSpec, width: number, height: number) {
  const text = spec.text.trim().slice(0, 120);
  let fontSize = Math.max(10, Math.round(width * 0.024));
  const maxTextWidth = width * 0.9;
  if (text.length * EM_PER_CHAR * fontSize > maxTextWidth) {
    fontSize = Math.max(6, Math.floor(maxTextWidth / (text.length * EM_PER_CHAR)));
  }
  const textWidth = Math.ceil(text.length * EM_PER_CHAR * fontSize);
  const margin = Math.round(fontSize * 0.8);
  const boxWidth = Math.min(width, textWidth + margin * 2);
  const boxHeight = Math.min(height, Math.round(fontSize * 1.6 + margin));
  return { text, fontSize, textWidth, margin, boxWidth, boxHeight };
}

/**
 * The composite layer for an image of the given size: white text at 55 % with a soft dark outline (legible on
 * light paper and dark ink alike), about 2.4 % of the image width tall, never wider than 90 % of the image.
 */
export function watermarkOverlay(spec: WatermarkSpec, width: number, height: number): OverlayOptions {
  const { text, fontSize, textWidth, margin, boxWidth, boxHeight } = layout(spec, width, height);
  const stroke = Math.max(1, fontSize * 0.06).toFixed(2);
  const style =
    `font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif" font-size="${fontSize}" ` +
    `fill="#ffffff" fill-opacity="0.55" stroke="#000000" stroke-opacity="0.35" stroke-width="${stroke}" ` +
    `paint-order="stroke"`;
  const escaped = xmlEscape(text);

  if (spec.placement === 'tiled') {
    const cell = Math.min(Math.max(textWidth + fontSize * 4, fontSize * 8), Math.max(width, height));
    const side = Math.max(1, Math.round(cell));
    const svg =
      `<svg xmlns="http://www.w3.org/2000/svg" width="${side}" height="${side}">` +
      `<text x="${side / 2}" y="${side / 2}" text-anchor="middle" dominant-baseline="middle" ` +
      `transform="rotate(-30 ${side / 2} ${side / 2})" ${style}>${escaped}</text></svg>`;
    return { input: Buffer.from(svg), tile: true, gravity: 'northwest' };
  }
  const anchor = spec.placement.endsWith('right') ? 'end' : spec.placement === 'center' ? 'middle' : 'start';
  const x = anchor === 'end' ? boxWidth - margin : anchor === 'middle' ? boxWidth / 2 : margin;
  const y = spec.placement.startsWith('top') ? margin + fontSize * 0.9 : boxHeight - margin * 0.9;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${boxWidth}" height="${boxHeight}">` +
    `<text x="${x}" y="${y.toFixed(1)}" text-anchor="${anchor}" ${style}>${escaped}</text></svg>`;
  return { input: Buffer.from(svg), gravity: GRAVITY[spec.placement] };
}
