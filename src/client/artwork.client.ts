// Gallery and print pages. Two small jobs:
// 1. Discourage casual saving of artwork images (context menu and dragging) on those images only; everything else,
//    including keyboard use and assistive technology, is unaffected.
// 2. The deep-zoom dialog: reveal its button, open the native modal dialog (the browser keeps focus inside and closes
//    it on Escape), load the viewer module only now, and give focus back to the button on close.

interface ZoomViewer {
  zoomIn(): void;
  zoomOut(): void;
  home(): void;
}

interface ZoomModule {
  mountViewer(dialog: HTMLDialogElement): Promise<ZoomViewer>;
}

const PROTECTED = '.artwork-protect';

for (const type of ['contextmenu', 'dragstart'] as const) {
  document.addEventListener(type, (event) => {
    if (event.target instanceof Element && event.target.closest(PROTECTED)) event.preventDefault();
  });
}

const dialog = document.querySelector<HTMLDialogElement>('dialog.zoom');
const opener = document.querySelector<HTMLButtonElement>('.zoom-open');

if (dialog && opener && typeof dialog.showModal === 'function' && dialog.dataset.viewer) {
  const status = dialog.querySelector<HTMLElement>('.zoom__status');
  let viewer: Promise<ZoomViewer> | undefined;

  const load = (): Promise<ZoomViewer> => {
    viewer ??= (import(dialog.dataset.viewer!) as Promise<ZoomModule>)
      .then((module) => module.mountViewer(dialog))
      .catch((error: unknown) => {
        viewer = undefined;
        if (status) status.textContent = dialog.dataset.labelError ?? '';
        throw error;
      });
    return viewer;
  };

  opener.hidden = false;
  opener.addEventListener('click', () => {
    dialog.showModal();
    load().catch(() => undefined);
  });
  // Native dialogs return focus on close in current browsers; this makes it certain.
  dialog.addEventListener('close', () => opener.focus());

  dialog.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest<HTMLElement>('[data-zoom]') : null;
    if (!button) return;
    const action = button.dataset.zoom;
    if (action === 'close') {
      dialog.close();
      return;
    }
    load()
      .then((v) => {
        if (action === 'in') v.zoomIn();
        else if (action === 'out') v.zoomOut();
        else if (action === 'home') v.home();
      })
      .catch(() => undefined);
  });
}
