// The comparison of a print's plate states (decision 025), on top of a page that already shows both states' pictures
// and descriptions without it:
// - shows the controls instead of the note for visitors without JavaScript (the same box, so nothing moves);
// - turns each picture into an OpenSeadragon viewer over its IIIF tiles, in the same box as the picture;
// - keeps the two viewers together: pan or zoom one (mouse, touch, keyboard on its canvas, or the shared buttons)
//   and the other follows, in viewport coordinates (the plate's width is 1 in both);
// - the overlay mode stacks the later state over the earlier one, and the labelled range input reveals it from the
//   left (a clip on the upper picture; arrow keys, Home and End move it, as on any native slider).
import type OpenSeadragon from 'openseadragon';
import { createViewer, imageService, opened, stepKeys, zoomStep } from './zoom.client.js';

const ZOOM_STEP = 1.5;

const controls = document.querySelector<HTMLElement>('.states__controls');
const pair = document.querySelector<HTMLElement>('.states__pair');
const figures = [...document.querySelectorAll<HTMLElement>('.states__figure')];

function reveal(over: HTMLElement, slider: HTMLInputElement, valueText: string): void {
  const percent = Number(slider.value);
  over.style.clipPath = `inset(0 ${100 - percent}% 0 0)`;
  slider.setAttribute('aria-valuetext', valueText.replace('{percent}', String(percent)));
}

async function mount(figure: HTMLElement): Promise<OpenSeadragon.Viewer> {
  const element = figure.querySelector<HTMLElement>('.states__viewer');
  const tiles = figure.dataset.tiles;
  if (!element || !tiles) throw new Error('a state without a viewer element or tiles');
  const viewer = createViewer(element, await imageService(tiles));
  const canvas = viewer.canvas;
  canvas.setAttribute('role', 'application');
  canvas.setAttribute('aria-label', figure.dataset.labelViewer ?? '');
  canvas.setAttribute('aria-describedby', 'states-help');
  canvas.classList.add('zoom__canvas');
  stepKeys(viewer);
  await opened(viewer);
  element.classList.add('states__viewer--live');
  return viewer;
}

if (controls && pair && figures.length === 2) {
  const slider = controls.querySelector<HTMLInputElement>('#states-reveal');
  const status = controls.querySelector<HTMLElement>('.states__status');
  const over = figures[1]!.querySelector<HTMLElement>('.states__frame');
  const valueText = controls.dataset.valueText ?? '{percent} %';
  // The note and the controls share one grid cell: swapping which is visible moves nothing.
  document.querySelector<HTMLElement>('.states__tools')?.classList.add('states__tools--live');

  // Overlay or side by side.
  controls.addEventListener('change', (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || input.name !== 'states-mode' || !slider || !over) return;
    const overlay = input.value === 'overlay' && input.checked;
    pair.classList.toggle('states__pair--overlay', overlay);
    slider.disabled = !overlay;
    if (overlay) reveal(over, slider, valueText);
    else over.style.clipPath = '';
  });
  slider?.addEventListener('input', () => {
    if (over && !slider.disabled) reveal(over, slider, valueText);
  });

  Promise.all(figures.map(mount))
    .then((viewers) => {
      // The viewer the visitor last moved leads; the other follows it frame by frame.
      let leader = viewers[0]!;
      const record = () => {
        for (const [i, v] of viewers.entries())
          figures[i]!.dataset.zoom = v.viewport.getZoom(true).toFixed(3);
      };
      for (const viewer of viewers) {
        for (const event of [
          'canvas-press',
          'canvas-scroll',
          'canvas-drag',
          'canvas-key',
          'canvas-pinch',
        ] as const)
          viewer.addHandler(event, () => (leader = viewer));
        viewer.canvas.addEventListener('focus', () => (leader = viewer));
        viewer.addHandler('viewport-change', () => {
          if (viewer !== leader) return;
          const bounds = viewer.viewport.getBounds(true);
          for (const other of viewers) if (other !== viewer) other.viewport.fitBounds(bounds, true);
        });
        viewer.addHandler('animation-finish', record);
      }
      record();
      pair.dataset.ready = 'true';
      controls.addEventListener('click', (event) => {
        const button =
          event.target instanceof Element ? event.target.closest<HTMLElement>('[data-zoom]') : null;
        if (!button) return;
        const action = button.dataset.zoom;
        if (action === 'in') zoomStep(leader, ZOOM_STEP);
        else if (action === 'out') zoomStep(leader, 1 / ZOOM_STEP);
        else if (action === 'home') leader.viewport.goHome();
      });
    })
    .catch(() => {
      if (status) status.textContent = controls.dataset.labelError ?? '';
    });
}
