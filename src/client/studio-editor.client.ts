// Studio island (print editor): adds vocabulary terms in place (artist API, then the new term is chosen in its
// select), replaces the image straight to storage with progress (signed upload target → PUT the print with the
// uploadId → follow processing; the current image stays until the new one is ready), adds further images the same
// way (→ POST the print's images with the uploadId, role and alt text → follow it, then the list again), and lets the shared
// confirmation (form[data-confirm], studio.js) stand for the server's confirmation page. Unsaved-changes warnings
// come from studio.js (form[data-guard-changes]). Without this script every form still works, except replacing
// or adding an image, which say so.
import { enhanceImageOrder } from './print-images-order.js';
import { ApiError, announce, api } from './studio-api.js';
import { sendToStorage, sniffFile, type UploadTarget } from './studio-storage.js';

const POLL_MS = 1500;

interface Term {
  kind: string;
  key: string;
  label: { da?: string; en?: string };
}

interface PrintDetail {
  imageProcessingStatus: 'processing' | 'completed' | 'failed' | null;
  imageError: string | null;
  images: Array<{ version: string; url: string; width: number; height: number }>;
}

// ---------- confirmations ----------

// studio.js asks first (its listener was added before this one); a submit it did not stop was confirmed, so the
// server need not show its own confirmation page.
for (const form of document.querySelectorAll<HTMLFormElement>('form[data-confirm]')) {
  const confirmed = form.querySelector<HTMLInputElement>('input[data-confirmed]');
  if (!confirmed) continue;
  form.addEventListener('submit', (event) => {
    if (!event.defaultPrevented) confirmed.value = '1';
  });
}

// ---------- vocabulary terms in place ----------

function fieldError(input: HTMLInputElement, message: string | null): void {
  const id = `${input.id}-live-error`;
  let error = document.getElementById(id);
  if (!message) {
    error?.remove();
    input.removeAttribute('aria-invalid');
    const rest = (input.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .filter((t) => t && t !== id)
      .join(' ');
    if (rest) input.setAttribute('aria-describedby', rest);
    else input.removeAttribute('aria-describedby');
    return;
  }
  if (!error) {
    error = document.createElement('span');
    error.id = id;
    error.className = 'field-error';
    input.insertAdjacentElement('beforebegin', error);
  }
  error.textContent = message;
  input.setAttribute('aria-invalid', 'true');
  const ids = new Set((input.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean));
  ids.add(id);
  input.setAttribute('aria-describedby', [...ids].join(' '));
}

for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-add-term]')) {
  const field = button.dataset.addTerm ?? '';
  const kind = button.dataset.kind ?? '';
  const select = document.querySelector<HTMLSelectElement>(`select[name="${field}"]`);
  const inputs = {
    da: document.querySelector<HTMLInputElement>(`input[name="newTerm.${field}.da"]`),
    en: document.querySelector<HTMLInputElement>(`input[name="newTerm.${field}.en"]`),
  };
  const { da, en } = inputs;
  if (!select || !da || !en) continue;
  const termName = button.textContent?.replace(/^\s*Add\s+/, '').trim() ?? 'term';

  const add = async () => {
    const label = { da: da.value.trim(), en: en.value.trim() };
    fieldError(da, label.da ? null : `Enter the new ${termName} in Danish`);
    fieldError(en, label.en ? null : `Enter the new ${termName} in English`);
    if (!label.da || !label.en) {
      (label.en ? da : en).focus();
      announce(`Enter the new ${termName} in both languages.`, 'error');
      return;
    }
    button.disabled = true;
    try {
      const term = await api<Term>('POST', '/api/v1/artist/vocabulary', { kind, label });
      const option = document.createElement('option');
      option.value = term.key;
      const en2 = term.label.en ?? term.key;
      const da2 = term.label.da ?? en2;
      option.textContent = en2 === da2 ? en2 : `${en2} / ${da2}`;
      select.append(option);
      select.value = term.key;
      // Counts as an unsaved change of the form (studio.js listens for input).
      select.dispatchEvent(new Event('input', { bubbles: true }));
      select.dispatchEvent(new Event('change', { bubbles: true }));
      da.value = '';
      en.value = '';
      button.closest('details')?.removeAttribute('open');
      select.focus();
      announce(`Added the ${termName} “${option.textContent}” and chose it. Save to keep the choice.`);
    } catch (error) {
      const message =
        error instanceof ApiError && error.status === 409
          ? `The list already has this ${termName}: choose it above.`
          : error instanceof Error
            ? error.message.replace(/^body\.\w+: /, '')
            : String(error);
      fieldError(en, message);
      en.focus();
      announce(message, 'error');
    } finally {
      button.disabled = false;
    }
  };

  button.addEventListener('click', (event) => {
    event.preventDefault();
    void add();
  });
  // Enter in the new term's fields adds it (without the script it would submit the whole form).
  for (const input of [da, en]) {
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        void add();
      }
    });
  }
}

// ---------- uploads: replacing the primary image, adding another ----------

interface PrintImage {
  id: string;
  status: 'processing' | 'completed' | 'failed';
  error: string | null;
}

/**
 * What differs between replacing the primary image and adding another one: how the finished upload is attached to the print, and how processing is followed (resolves with the status line's
 * final text, or rejects with the failure).
 */
interface UploadFlow {
  attach: (uploadId: string) => Promise<void>;
  processing: string;
  follow: () => Promise<string>;
  notDone: string;
}

const pause = () => new Promise((r) => setTimeout(r, POLL_MS));

const panel = document.querySelector<HTMLElement>('[data-image-panel]');
const replace = panel?.querySelector<HTMLElement>('[data-image-replace]');
if (panel && replace) setUpReplace(panel, replace);

const imagesSection = document.querySelector<HTMLElement>('[data-images-section]');
const addBox = imagesSection?.querySelector<HTMLElement>('[data-image-add]');
if (imagesSection && addBox) setUpAdd(imagesSection, addBox);
if (imagesSection) enhanceImageOrder(imagesSection);

function setUpReplace(section: HTMLElement, box: HTMLElement): void {
  const printId = section.dataset.printId ?? '';
  const statusLine = section.querySelector<HTMLElement>('[data-image-status]');
  if (!statusLine) return;

  /** Replaces the shown image with the print's current medium version (or thumbnail), resolved once it is drawn. */
  const showImage = async (detail: PrintDetail) => {
    const version =
      detail.images.find((i) => i.version === 'medium') ??
      detail.images.find((i) => i.version === 'thumbnail') ??
      detail.images[0];
    if (!version) return;
    let img = section.querySelector<HTMLImageElement>('img[data-image-current]');
    if (!img) {
      img = document.createElement('img');
      img.dataset.imageCurrent = '';
      img.alt = 'Current image of the print';
      const none = section.querySelector('[data-image-none]');
      if (none) none.replaceWith(img);
      else statusLine.before(img);
    }
    const width = Math.min(480, version.width);
    img.width = width;
    img.height = Math.round((version.height * width) / version.width);
    img.src = version.url;
    // "Processed and shown" is said once the picture is there (a failed load is the browser's to show).
    await img.decode().catch(() => undefined);
  };

  setUpUpload(section, box, statusLine, {
    // A published print stays published: visitors see the current image until the new one is processed.
    attach: async (uploadId) => {
      await api('PUT', `/api/v1/artist/prints/${printId}`, { uploadId });
      announce('Uploaded. The new image is being processed; the current one stays until it is ready.');
    },
    processing: 'Processing the new image… The current image stays until it is ready.',
    follow: async () => {
      for (;;) {
        await pause();
        const detail = await api<PrintDetail>('GET', `/api/v1/artist/prints/${printId}`);
        if (detail.imageProcessingStatus === 'completed') {
          await showImage(detail);
          announce('The new image is processed and shown.');
          return 'Processed.';
        }
        if (detail.imageProcessingStatus === 'failed')
          throw new Error(`Processing the new image failed: ${detail.imageError ?? 'no reason given'}`);
      }
    },
    notDone: 'Not replaced.',
  });
}

function setUpAdd(section: HTMLElement, box: HTMLElement): void {
  const printId = section.dataset.printId ?? '';
  const statusLine = box.querySelector<HTMLElement>('[data-image-status]');
  const role = box.querySelector<HTMLSelectElement>('select[name="newImage.role"]');
  const da = box.querySelector<HTMLInputElement>('[name="newImage.altText.da"]');
  const en = box.querySelector<HTMLInputElement>('[name="newImage.altText.en"]');
  if (!statusLine || !role || !da || !en) return;
  let added = '';

  /** The section's list again from the server (its forms work without this script too). */
  const reloadList = async () => {
    const response = await fetch(window.location.pathname, { credentials: 'same-origin' });
    const page = new DOMParser().parseFromString(await response.text(), 'text/html');
    const fresh = page.querySelector('[data-images-section] .print-images__list');
    const list = section.querySelector('.print-images__list');
    if (fresh && list) list.replaceWith(document.importNode(fresh, true));
  };

  setUpUpload(section, box, statusLine, {
    attach: async (uploadId) => {
      const { image } = await api<{ image: PrintImage }>('POST', `/api/v1/artist/prints/${printId}/images`, {
        uploadId,
        role: role.value,
        altText: { da: da.value.trim(), en: en.value.trim() },
      });
      added = image.id;
      da.value = '';
      en.value = '';
      announce('Uploaded. The new image is being processed.');
    },
    processing: 'Processing the new image…',
    follow: async () => {
      for (;;) {
        await pause();
        const { images } = await api<{ images: PrintImage[] }>(
          'GET',
          `/api/v1/artist/prints/${printId}/images`,
        );
        const image = images.find((i) => i.id === added);
        if (image?.status === 'failed')
          throw new Error(`Processing the new image failed: ${image.error ?? 'no reason given'}`);
        if (!image || image.status === 'completed') {
          await reloadList();
          announce('The new image is processed and added to the list.');
          return 'Processed and added.';
        }
      }
    },
    notDone: 'Not added.',
  });
}

/** The direct upload shared by both: checks, the file straight to storage with progress, attach, follow. */
function setUpUpload(
  section: HTMLElement,
  box: HTMLElement,
  statusLine: HTMLElement,
  flow: UploadFlow,
): void {
  const maxBytes = Number(box.dataset.maxBytes ?? '0');
  const types = (box.dataset.types ?? '').split(',').filter(Boolean);
  const fileInput = box.querySelector<HTMLInputElement>('[data-image-file]');
  const button = box.querySelector<HTMLButtonElement>('[data-image-upload]');
  const progressBox = box.querySelector<HTMLElement>('[data-image-progress]');
  const progress = progressBox?.querySelector('progress');
  const percent = box.querySelector<HTMLElement>('[data-image-percent]');
  const errorBox = box.querySelector<HTMLElement>('[data-image-error]');
  if (!fileInput || !button || !progressBox || !progress || !percent || !errorBox) return;
  section.querySelector<HTMLElement>('[data-image-nojs]')?.setAttribute('hidden', '');
  box.hidden = false;

  const showError = (message: string | null) => {
    errorBox.textContent = message ?? '';
    errorBox.hidden = !message;
    if (message) announce(message, 'error');
  };
  const setStatus = (text: string, state: string) => {
    statusLine.dataset.status = state;
    const badge = document.createElement('span');
    badge.className = `badge badge--${state === 'failed' ? 'failed' : 'draft'}`;
    badge.textContent = text;
    statusLine.replaceChildren(badge);
  };
  let milestone = 0;
  const setProgress = (fraction: number) => {
    const pct = Math.min(100, Math.max(0, Math.round(fraction * 100)));
    progress.value = pct;
    percent.textContent = `${pct}%`;
    const reached = pct >= 100 ? 100 : pct >= 50 ? 50 : 0;
    if (reached > milestone) {
      milestone = reached;
      announce(reached === 100 ? 'The image is uploaded.' : 'The image is half uploaded.');
    }
  };

  button.addEventListener('click', () => {
    void (async () => {
      showError(null);
      const file = fileInput.files?.[0];
      if (!file) {
        showError('Choose an image file first.');
        fileInput.focus();
        return;
      }
      if (file.size === 0 || file.size > maxBytes) {
        showError(
          file.size === 0 ? `${file.name} is empty.` : `${file.name} is larger than the upload limit.`,
        );
        return;
      }
      // The type from the file's first bytes: its name and the browser's type may say anything (or nothing).
      const sniffed = await sniffFile(file, types);
      if ('refusal' in sniffed) {
        showError(`${file.name} was not uploaded: ${sniffed.refusal}`);
        return;
      }
      const { contentType } = sniffed;
      button.disabled = true;
      fileInput.disabled = true;
      milestone = 0;
      progressBox.hidden = false;
      setProgress(0);
      try {
        setStatus('Uploading…', 'processing');
        const target = await api<UploadTarget>('POST', '/api/v1/artist/uploads', {
          filename: file.name.slice(0, 255),
          contentType,
          size: file.size,
        });
        await sendToStorage(file, target, setProgress);
        await flow.attach(target.uploadId);
        setStatus(flow.processing, 'processing');
        fileInput.value = '';
        setStatus(await flow.follow(), 'completed');
      } catch (error) {
        setStatus(flow.notDone, 'failed');
        showError(error instanceof Error ? error.message : String(error));
      } finally {
        button.disabled = false;
        fileInput.disabled = false;
      }
    })();
  });
}
