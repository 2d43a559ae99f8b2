// The deep-zoom viewer: OpenSeadragon over the print's IIIF level 0 tiles, loaded by artwork.client.ts only when the
// visitor opens the dialog. info.json names the tiles' public address (PUBLIC_URL or the CDN, for museum viewers);
// the tiles always sit beside it, so the viewer reads them from the folder it fetched info.json from — the page's
// own host name for local media, a viewing room's media route, the CDN (decision 023). OpenSeadragon's own image buttons are off (the dialog has accessible ones); its canvas is the
// keyboard target (+ and - zoom a step, arrows pan, Shift+arrows zoom, 0 resets) with a label and instructions.
// A scale bar from the plate's real width in mm follows every zoom step. Reduced motion: no animation.
import OpenSeadragon from 'openseadragon';

const ZOOM_STEP = 1.5;
/** Bar lengths offered, in mm; the one closest to TARGET_PX on screen is shown. */
const NICE_MM = [0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];
const TARGET_PX = 120;

export interface ZoomViewer {
  zoomIn(): void;
  zoomOut(): void;
  home(): void;
}

/** Picks a bar length for the current magnification (screen px per mm of the plate). */
export function scaleFor(pxPerMm: number): { mm: number; px: number } {
  let best = { mm: NICE_MM[0]!, px: NICE_MM[0]! * pxPerMm };
  for (const mm of NICE_MM) {
    const px = mm * pxPerMm;
    if (Math.abs(Math.log(px / TARGET_PX)) < Math.abs(Math.log(best.px / TARGET_PX))) best = { mm, px };
  }
  return best;
}

function scaleLabel(mm: number, lang: string): string {
  const format = (n: number) => new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(n);
  return mm >= 10 ? `${format(mm / 10)} cm` : `${format(mm)} mm`;
}

/** The image service of an info.json, its `id` the folder the info.json was fetched from. */
export async function imageService(infoUrl: string): Promise<Record<string, unknown>> {
  const response = await fetch(infoUrl, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`info.json: HTTP ${response.status}`);
  const info = (await response.json()) as Record<string, unknown>;
  const url = new URL(response.url || infoUrl, document.baseURI);
  return { ...info, id: url.href.slice(0, url.href.lastIndexOf('/')) };
}

/**
 * An OpenSeadragon viewer over an IIIF image service in `element`, without OpenSeadragon's own buttons (pages offer
 * accessible ones). Reduced motion: no animation. Shared by the zoom dialog and the states comparison.
 */
export function createViewer(
  element: HTMLElement,
  tileSource: Record<string, unknown>,
): OpenSeadragon.Viewer {
  const reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  // OpenSeadragon appends a <style> hiding the viewer's focus outline on touch screens. The site's CSP refuses inline
  // styles (and we want the outline), so that one element is not appended while the viewer is built.
  const head = document.head;
  const append = head.appendChild;
  head.appendChild = function <T extends Node>(this: HTMLHeadElement, node: T): T {
    if (node instanceof HTMLStyleElement && node.hasAttribute('data-openseadragon-mobile-css')) return node;
    return append.call(this, node) as T;
  };
  let viewer: OpenSeadragon.Viewer;
  try {
    viewer = OpenSeadragon({
      element,
      tileSources: tileSource,
      prefixUrl: '',
      showNavigationControl: false,
      showZoomControl: false,
      showHomeControl: false,
      showFullPageControl: false,
      showRotationControl: false,
      drawer: 'canvas',
      crossOriginPolicy: false,
      visibilityRatio: 1,
      minZoomImageRatio: 0.9,
      maxZoomPixelRatio: 2,
      animationTime: reduced ? 0 : 0.6,
      blendTime: reduced ? 0 : 0.1,
      springStiffness: reduced ? 100 : 6.5,
      immediateRender: reduced,
      gestureSettingsMouse: { clickToZoom: false },
    });
  } finally {
    Reflect.deleteProperty(head, 'appendChild');
  }

  return viewer;
}

/** Zooms by a factor within the viewer's limits. */
export function zoomStep(viewer: OpenSeadragon.Viewer, factor: number): void {
  viewer.viewport.zoomBy(factor);
  viewer.viewport.applyConstraints();
}

/** OpenSeadragon zooms 1 % per frame while + or - is held: a step per key press (and per repeat) is easier. */
export function stepKeys(viewer: OpenSeadragon.Viewer): void {
  viewer.addHandler('canvas-key', (event) => {
    const key = (event.originalEvent as KeyboardEvent).key;
    const factor = key === '+' || key === '=' ? ZOOM_STEP : key === '-' || key === '_' ? 1 / ZOOM_STEP : 0;
    if (!factor) return;
    event.preventDefaultAction = true;
    (event.originalEvent as KeyboardEvent).preventDefault();
    zoomStep(viewer, factor);
  });
}

/** Resolves when the viewer has opened its image, rejects when it cannot. */
export function opened(viewer: OpenSeadragon.Viewer): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    viewer.addOnceHandler('open', () => resolve());
    viewer.addOnceHandler('open-failed', () => reject(new Error('tiles could not be opened')));
  });
}

export async function mountViewer(dialog: HTMLDialogElement): Promise<ZoomViewer> {
  const element = dialog.querySelector<HTMLElement>('.zoom__viewer');
  const infoUrl = dialog.dataset.tiles;
  if (!element || !infoUrl) throw new Error('zoom dialog without a viewer element or tiles');
  const tileSource = await imageService(infoUrl);

  const viewer = createViewer(element, tileSource);

  const canvas = viewer.canvas;
  canvas.setAttribute('role', 'application');
  canvas.setAttribute('aria-label', dialog.dataset.labelViewer ?? '');
  canvas.setAttribute('aria-describedby', 'zoom-help');
  canvas.classList.add('zoom__canvas');

  const status = dialog.querySelector<HTMLElement>('.zoom__status');
  const scale = dialog.querySelector<HTMLElement>('.zoom__scale');
  const bar = dialog.querySelector<HTMLElement>('.zoom__scale-bar');
  const label = dialog.querySelector<HTMLElement>('.zoom__scale-label');
  const plateWidthMm = Number(dialog.dataset.plateWidthMm);
  const lang = document.documentElement.lang || 'en';

  const updateScale = (): void => {
    const item = viewer.world.getItemAt(0);
    if (!item || !scale || !bar || !label || !(plateWidthMm > 0)) return;
    const imageWidthPx = item.source.dimensions.x;
    // Screen px per image px, times image px per mm of the plate.
    const pxPerMm = item.viewportToImageZoom(viewer.viewport.getZoom(true)) * (imageWidthPx / plateWidthMm);
    const { mm, px } = scaleFor(pxPerMm);
    bar.style.width = `${Math.round(px)}px`;
    label.textContent = scaleLabel(mm, lang);
    scale.dataset.mm = String(mm);
    scale.hidden = false;
  };

  const zoomBy = (factor: number): void => zoomStep(viewer, factor);
  stepKeys(viewer);

  await opened(viewer);
  viewer.addHandler('animation', updateScale);
  viewer.addHandler('animation-finish', updateScale);
  viewer.addHandler('resize', updateScale);
  viewer.addHandler('zoom', updateScale);
  updateScale();
  if (status) status.textContent = '';
  dialog.dataset.ready = 'true';
  canvas.focus();

  return {
    zoomIn: () => zoomBy(ZOOM_STEP),
    zoomOut: () => zoomBy(1 / ZOOM_STEP),
    home: () => viewer.viewport.goHome(),
  };
}
