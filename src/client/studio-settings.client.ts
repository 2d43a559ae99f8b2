// Studio island of the settings page: a live preview of the watermark on one of the artist's images, redrawn as the
// artist types. It is drawn with the geometry of src/platform/images/watermark.ts (size from the image width,
// margins, text anchor, sharp's gravity offsets, the rotated tile), scaled with the image, so what the artist sees
// is what the worker will draw on an image of that size.
import { announce } from './studio-api.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

// ---------------------------------------------------------------- watermark preview

type Placement = 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left' | 'center' | 'tiled';

/** Same constants as watermark.ts: rough glyph advance per em, font, colours. */
const EM_PER_CHAR = 0.62;
const FONT = 'DejaVu Sans, Liberation Sans, Arial, sans-serif';

function svg<K extends keyof SVGElementTagNameMap>(
  name: K,
  attrs: Record<string, string | number>,
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  return node;
}

function textNode(content: string, fontSize: number, attrs: Record<string, string | number>): SVGTextElement {
  const node = svg('text', {
    ...attrs,
    'font-family': FONT,
    'font-size': fontSize,
    fill: '#ffffff',
    'fill-opacity': 0.55,
    stroke: '#000000',
    'stroke-opacity': 0.35,
    'stroke-width': Math.max(1, fontSize * 0.06).toFixed(2),
    'paint-order': 'stroke',
  });
  node.textContent = content;
  return node;
}

/** The watermark layer for an image of width × height, in that image's pixels (watermarkOverlay's geometry). */
export function watermarkLayer(
  rawText: string,
  placement: Placement,
  width: number,
  height: number,
): SVGSVGElement {
  const text = rawText.trim().slice(0, 120);
  let fontSize = Math.max(10, Math.round(width * 0.024));
  const maxTextWidth = width * 0.9;
  if (text.length * EM_PER_CHAR * fontSize > maxTextWidth) {
    fontSize = Math.max(6, Math.floor(maxTextWidth / (text.length * EM_PER_CHAR)));
  }
  const textWidth = Math.ceil(text.length * EM_PER_CHAR * fontSize);
  const margin = Math.round(fontSize * 0.8);
  const layer = svg('svg', {
    viewBox: `0 0 ${width} ${height}`,
    preserveAspectRatio: 'none',
    class: 'wm-preview__overlay',
    'aria-hidden': 'true',
    focusable: 'false',
    'data-placement': placement,
  });

  if (placement === 'tiled') {
    const cell = Math.min(Math.max(textWidth + fontSize * 4, fontSize * 8), Math.max(width, height));
    const side = Math.max(1, Math.round(cell));
    // sharp repeats the cell from the top-left corner (tile with gravity northwest); a pattern does the same.
    const pattern = svg('pattern', {
      id: 'wm-preview-tile',
      x: 0,
      y: 0,
      width: side,
      height: side,
      patternUnits: 'userSpaceOnUse',
    });
    pattern.append(
      textNode(text, fontSize, {
        x: side / 2,
        y: side / 2,
        'text-anchor': 'middle',
        'dominant-baseline': 'middle',
        transform: `rotate(-30 ${side / 2} ${side / 2})`,
      }),
    );
    const defs = svg('defs', {});
    defs.append(pattern);
    layer.append(defs, svg('rect', { x: 0, y: 0, width, height, fill: 'url(#wm-preview-tile)' }));
    return layer;
  }

  const boxWidth = Math.min(width, textWidth + margin * 2);
  const boxHeight = Math.min(height, Math.round(fontSize * 1.6 + margin));
  const anchor = placement.endsWith('right') ? 'end' : placement === 'center' ? 'middle' : 'start';
  const x = anchor === 'end' ? boxWidth - margin : anchor === 'middle' ? boxWidth / 2 : margin;
  const y = placement.startsWith('top') ? margin + fontSize * 0.9 : boxHeight - margin * 0.9;
  // Where sharp puts a layer composited with gravity (its CalculateCrop, integer arithmetic).
  const right = width - boxWidth;
  const bottom = height - boxHeight;
  const [left, top] =
    placement === 'bottom-right'
      ? [right, bottom]
      : placement === 'bottom-left'
        ? [0, bottom]
        : placement === 'top-right'
          ? [right, 0]
          : placement === 'top-left'
            ? [0, 0]
            : [Math.floor((right + 1) / 2), Math.floor((bottom + 1) / 2)];
  const box = svg('svg', { x: left, y: top, width: boxWidth, height: boxHeight, class: 'wm-preview__box' });
  box.append(textNode(text, fontSize, { x, y: y.toFixed(1), 'text-anchor': anchor }));
  layer.append(box);
  return layer;
}

const PLACEMENTS: readonly string[] = [
  'bottom-right',
  'bottom-left',
  'top-right',
  'top-left',
  'center',
  'tiled',
];

function setUpPreview(frame: HTMLElement): void {
  const form = frame.closest('form');
  const width = Number(frame.dataset.width);
  const height = Number(frame.dataset.height);
  if (!form || !(width > 0) || !(height > 0)) return;
  const field = (name: string) =>
    form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
  const caption = document.querySelector<HTMLElement>('[data-watermark-caption]');
  const displayName = frame.dataset.displayName ?? '';

  const draw = () => {
    // The text the worker uses: the watermark text, else the copyright line, else "© name" (empty means unset).
    const value = (name: string) => field(name)?.value.trim() ?? '';
    const text =
      value('watermarkText') ||
      value('copyrightLine') ||
      `© ${value('profileName') || displayName || 'The artist'}`;
    const chosen = value('watermarkPlacement');
    const placement = (PLACEMENTS.includes(chosen) ? chosen : 'bottom-right') as Placement;
    frame.querySelector('.wm-preview__overlay')?.remove();
    frame.append(watermarkLayer(text, placement, width, height));
    frame.dataset.previewText = text;
    if (caption) {
      const select = field('watermarkPlacement');
      const label = select instanceof HTMLSelectElement ? select.selectedOptions[0]?.textContent : placement;
      caption.textContent = `“${text}”, ${(label ?? placement).toLowerCase()}`;
    }
  };

  for (const name of ['watermarkText', 'watermarkPlacement', 'copyrightLine', 'profileName']) {
    const control = field(name);
    control?.addEventListener('input', draw);
    control?.addEventListener('change', draw);
  }
  // Typing is heard as it is typed; a new placement is said once, as it only shows in the picture.
  field('watermarkPlacement')?.addEventListener('change', () => {
    if (caption?.textContent) announce(`Preview: ${caption.textContent}.`);
  });
  for (const note of document.querySelectorAll('[data-preview-needs-script]')) note.remove();
  draw();
}

const previewFrame = document.querySelector<HTMLElement>('[data-watermark-preview]');
if (previewFrame) setUpPreview(previewFrame);
