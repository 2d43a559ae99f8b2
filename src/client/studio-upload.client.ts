// Studio island (prints page): bulk upload. Each picked or dropped file is checked (type, size) before anything is
// sent, gets a signed upload target from the artist API, goes straight to storage with XMLHttpRequest (real upload
// progress), becomes a draft print titled after the file, and is then followed until its thumbnail exists or its
// processing fails (with the reason and Retry). Three files travel at once. When the session has ended the queue
// stops and keeps every file; after signing in again (in another tab) "Continue uploads" carries on where each
// file was. The inventory table's rows that are processing are followed the same way, and its Retry buttons are
// sent in place. When a draft print is chosen under "Add the files to", every file becomes one more image of that
// print instead (POST /api/v1/artist/prints/{id}/images with the chosen role), followed until it is processed.
import { ApiError, announce, api, apiWithStatus, csrfToken } from './studio-api.js';
import { sendToStorage, sniffFile, type UploadTarget } from './studio-storage.js';
import { formatBytes } from '../platform/format-bytes.js';

const CONCURRENCY = 3;
const POLL_MS = 1500;
const MAX_POLL_IDS = 100;
const SESSION_ENDED =
  'Your session has ended. Sign in again (in a new tab, so nothing here is lost), then choose Continue uploads.';

interface PrintStatus {
  id: string;
  title: string;
  imageStatus: 'none' | 'processing' | 'completed' | 'failed';
  error: string | null;
  thumbnailUrl: string | null;
}

type Step = 'target' | 'upload' | 'create' | 'follow';

interface Item {
  file: File;
  contentType: string;
  title: string;
  step: Step;
  target?: UploadTarget;
  printId?: string;
  /** Added to an existing draft print as one more image, instead of becoming a print (chosen when picked). */
  addTo?: { printId: string; title: string; role: string };
  imageId?: string;
  milestones: Set<number>;
  li: HTMLLIElement;
  progress: HTMLProgressElement;
  percent: HTMLSpanElement;
  state: HTMLParagraphElement;
  error: HTMLParagraphElement;
  actions: HTMLDivElement;
}

const root = document.querySelector<HTMLElement>('[data-upload]');
if (root) setUp(root);

function setUp(section: HTMLElement): void {
  const maxBytes = Number(section.dataset.maxBytes ?? '0');
  const maxLabel = section.dataset.maxLabel ?? `${maxBytes} bytes`;
  const types = (section.dataset.types ?? '').split(',').filter(Boolean);
  const statusUrl = section.dataset.statusUrl ?? '/studio/prints/status';

  const ui = section.querySelector<HTMLElement>('[data-upload-ui]');
  const input = section.querySelector<HTMLInputElement>('[data-upload-input]');
  const zone = section.querySelector<HTMLElement>('[data-dropzone]');
  const list = section.querySelector<HTMLUListElement>('[data-upload-list]');
  const listHeading = section.querySelector<HTMLElement>('[data-upload-list-heading]');
  const pausedBox = section.querySelector<HTMLElement>('[data-upload-paused]');
  const pausedMessage = section.querySelector<HTMLElement>('[data-upload-paused-message]');
  const resumeButton = section.querySelector<HTMLButtonElement>('[data-upload-resume]');
  const targetSelect = section.querySelector<HTMLSelectElement>('select[name="upload.target"]');
  const roleSelect = section.querySelector<HTMLSelectElement>('select[name="upload.role"]');
  if (!ui || !input || !zone || !list || !listHeading || !pausedBox || !pausedMessage || !resumeButton)
    return;
  section.querySelector<HTMLElement>('[data-upload-nojs]')?.setAttribute('hidden', '');
  ui.hidden = false;

  const waiting: Item[] = [];
  const followed = new Set<Item>();
  let running = 0;
  let paused = false;
  let pollTimer: number | undefined;

  // ---------- checks before anything is sent ----------

  /** The file's type from its first bytes (its name and the browser's type may say anything), or why it is refused. */
  async function check(file: File): Promise<{ contentType: string } | { refusal: string }> {
    if (file.size === 0) return { refusal: `${file.name} was not uploaded: the file is empty.` };
    if (file.size > maxBytes) {
      return {
        refusal: `${file.name} was not uploaded: it is ${formatBytes(file.size)}, and the largest accepted file is ${maxLabel}.`,
      };
    }
    const sniffed = await sniffFile(file, types);
    return 'refusal' in sniffed ? { refusal: `${file.name} was not uploaded: ${sniffed.refusal}` } : sniffed;
  }

  // ---------- the list of files ----------

  function element<K extends keyof HTMLElementTagNameMap>(
    tag: K,
    props: Partial<HTMLElementTagNameMap[K]> = {},
    ...children: (Node | string)[]
  ): HTMLElementTagNameMap[K] {
    const el = Object.assign(document.createElement(tag), props);
    el.append(...children);
    return el;
  }

  function addItem(file: File, contentType: string | undefined): Item {
    const progress = element('progress', { max: 100 });
    progress.value = 0;
    progress.setAttribute('aria-label', `Upload of ${file.name}`);
    const percent = element('span', { className: 'upload-item__percent' }, '0%');
    percent.setAttribute('aria-hidden', 'true');
    const state = element('p', { className: 'upload-item__state' }, 'Waiting to upload…');
    const error = element('p', { className: 'field-error', hidden: true });
    const actions = element('div', { className: 'upload-item__actions' });
    const li = element(
      'li',
      { className: 'upload-item' },
      element(
        'div',
        { className: 'upload-item__body' },
        element(
          'p',
          { className: 'upload-item__name' },
          element('strong', {}, file.name),
          ' ',
          element('span', { className: 'hint' }, `(${formatBytes(file.size)})`),
        ),
        element('div', { className: 'upload-item__progress' }, progress, ' ', percent),
        state,
        error,
        actions,
      ),
    );
    list!.append(li);
    list!.hidden = false;
    listHeading!.hidden = false;
    li.dataset.state = 'queued';
    return {
      file,
      contentType: contentType ?? '',
      title: titleFrom(file.name),
      step: 'target',
      milestones: new Set(),
      li,
      progress,
      percent,
      state,
      error,
      actions,
    };
  }

  function setState(item: Item, state: string, text: string): void {
    item.li.dataset.state = state;
    item.state.textContent = text;
  }

  function showError(item: Item, message: string | null): void {
    item.error.textContent = message ?? '';
    item.error.hidden = !message;
  }

  function setProgress(item: Item, fraction: number): void {
    const pct = Math.min(100, Math.max(0, Math.round(fraction * 100)));
    item.progress.value = pct;
    item.percent.textContent = `${pct}%`;
    for (const milestone of [50, 100]) {
      if (pct >= milestone && !item.milestones.has(milestone)) {
        item.milestones.add(milestone);
        announce(
          milestone === 100 ? `${item.file.name} is uploaded.` : `${item.file.name}: ${milestone}% uploaded.`,
        );
      }
    }
  }

  function setActions(item: Item, ...nodes: Node[]): void {
    item.actions.replaceChildren(...nodes);
  }

  function editLink(item: Item): HTMLAnchorElement {
    if (item.addTo)
      return element(
        'a',
        { href: `/studio/prints/${item.addTo.printId}#images` },
        `Add its alt text in “${item.addTo.title}”`,
      );
    return element('a', { href: `/studio/prints/${item.printId ?? ''}` }, `Edit “${item.title}”`);
  }

  /** Where newly picked files go: a chosen draft print (as further images), or undefined for new prints. */
  function chosenTarget(): Item['addTo'] {
    const option = targetSelect?.selectedOptions[0];
    if (!targetSelect?.value || !option) return undefined;
    return { printId: targetSelect.value, title: option.text, role: roleSelect?.value || 'other' };
  }

  // ---------- the queue ----------

  async function enqueue(files: readonly File[]): Promise<void> {
    let accepted = 0;
    const refused: string[] = [];
    const addTo = chosenTarget();
    const checked = await Promise.all(files.map(check));
    for (const [i, file] of files.entries()) {
      const result = checked[i]!;
      const item = addItem(file, 'contentType' in result ? result.contentType : undefined);
      if (addTo) item.addTo = addTo;
      if ('refusal' in result) {
        item.progress.hidden = true;
        item.percent.hidden = true;
        setState(item, 'refused', 'Not uploaded.');
        showError(item, result.refusal);
        refused.push(result.refusal);
        continue;
      }
      accepted += 1;
      waiting.push(item);
    }
    const parts: string[] = [];
    if (accepted > 0)
      parts.push(
        `Uploading ${accepted} ${accepted === 1 ? 'file' : 'files'}${addTo ? ` to add to “${addTo.title}”` : ''}.`,
      );
    parts.push(...refused);
    if (parts.length > 0) announce(parts.join(' '), refused.length > 0 ? 'error' : 'notice');
    pump();
  }

  function pump(): void {
    while (!paused && running < CONCURRENCY && waiting.length > 0) {
      const item = waiting.shift()!;
      running += 1;
      void run(item).finally(() => {
        running -= 1;
        pump();
      });
    }
  }

  async function run(item: Item): Promise<void> {
    showError(item, null);
    setActions(item);
    try {
      if (item.step === 'target') {
        setState(item, 'uploading', 'Preparing the upload…');
        item.target = await api<UploadTarget>('POST', '/api/v1/artist/uploads', {
          filename: item.file.name.slice(0, 255),
          contentType: item.contentType,
          size: item.file.size,
        });
        item.step = 'upload';
      }
      if (item.step === 'upload') {
        setState(item, 'uploading', 'Uploading…');
        await sendFile(item, item.target!);
        item.step = 'create';
      }
      if (item.step === 'create' && item.addTo) {
        const { printId, title, role } = item.addTo;
        setState(item, 'creating', `Uploaded. Adding it to “${title}”…`);
        const { image } = await api<{ image: { id: string } }>(
          'POST',
          `/api/v1/artist/prints/${printId}/images`,
          { uploadId: item.target!.uploadId, role },
        );
        item.printId = printId;
        item.imageId = image.id;
        item.step = 'follow';
        setState(item, 'processing', `Added to “${title}”. Processing the image…`);
        setActions(item, editLink(item));
        announce(`${item.file.name}: added to “${title}” as one more image; it is being processed.`);
        followImage(item);
      } else if (item.step === 'create') {
        setState(item, 'creating', 'Uploaded. Creating the draft print…');
        // A print from a spreadsheet import may be waiting for this very file name: then it gets the image (200).
        const { status, data: print } = await apiWithStatus<{ id: string; title: string }>(
          'POST',
          '/api/v1/artist/prints?attachByFileName=true',
          { uploadId: item.target!.uploadId, title: { da: item.title, en: item.title } },
        );
        const attached = status === 200;
        if (attached) item.title = print.title || item.title;
        item.printId = print.id;
        item.step = 'follow';
        // The table below was made before this print existed: offer to show it again.
        document.querySelector<HTMLElement>('[data-upload-refresh]')?.removeAttribute('hidden');
        setState(item, 'processing', 'Processing the image…');
        setActions(item, editLink(item));
        announce(
          attached
            ? `${item.file.name}: added to “${item.title}”, which was waiting for it; the image is being processed.`
            : `${item.file.name}: draft print created; the image is being processed.`,
        );
        follow(item);
      }
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        pauseForSignIn();
        // Keep the file, at the step it reached, at the front of the queue.
        setState(item, 'paused', 'Waiting for you to sign in again.');
        waiting.unshift(item);
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      // After a failed send, a new target next time: the signed one may have expired or been refused.
      if (item.step === 'upload') item.step = 'target';
      setState(item, 'failed', 'Not uploaded.');
      showError(item, message);
      const again = element('button', { type: 'button', className: 'button--small' }, 'Try again');
      again.append(element('span', { className: 'visually-hidden' }, ` to upload ${item.file.name}`));
      again.addEventListener('click', () => {
        setState(item, 'queued', 'Waiting to upload…');
        showError(item, null);
        setActions(item);
        waiting.push(item);
        pump();
      });
      setActions(item, again);
      announce(`${item.file.name} was not uploaded: ${message}`, 'error');
    }
  }

  /** Sends the file to the signed target; resolves at 100%, rejects with the storage's reason. */
  function sendFile(item: Item, target: UploadTarget): Promise<void> {
    return sendToStorage(item.file, target, (fraction) => setProgress(item, fraction));
  }

  /** An image added to an existing print: its own status, from the print's list of images. */
  function followImage(item: Item): void {
    const { printId, title } = item.addTo!;
    const check = async (): Promise<void> => {
      let images: Array<{ id: string; status: string; error: string | null; thumbnailUrl: string | null }>;
      try {
        ({ images } = await api<{ images: typeof images }>('GET', `/api/v1/artist/prints/${printId}/images`));
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) {
          pauseForSignIn();
          setState(item, 'paused', 'Waiting for you to sign in again.');
          // Followed again once uploads continue.
          resumeButton!.addEventListener('click', () => followImage(item), { once: true });
          return;
        }
        window.setTimeout(() => void check(), POLL_MS * 2);
        return;
      }
      const image = images.find((i) => i.id === item.imageId);
      if (!image) {
        setState(item, 'failed', 'This image is no longer on the print.');
        setActions(item);
        return;
      }
      if (image.status === 'completed') {
        if (image.thumbnailUrl)
          item.li.prepend(
            element('img', {
              className: 'upload-item__thumb',
              src: image.thumbnailUrl,
              alt: '',
              width: 64,
              height: 64,
            }),
          );
        setState(item, 'ready', `Ready: one more image of “${title}”. Add its alt text in the print editor.`);
        announce(`${item.file.name} is processed and added to “${title}”.`);
        return;
      }
      if (image.status === 'failed') {
        setState(item, 'failed', 'Processing failed.');
        showError(item, image.error ?? 'Processing failed.');
        announce(`${item.file.name}: processing failed. ${image.error ?? ''}`, 'error');
        return;
      }
      window.setTimeout(() => void check(), POLL_MS);
    };
    window.setTimeout(() => void check(), POLL_MS);
  }

  // ---------- the session ----------

  function pauseForSignIn(): void {
    if (!paused) announce(SESSION_ENDED, 'error');
    paused = true;
    stopPolling();
    pausedMessage!.textContent = SESSION_ENDED;
    pausedBox!.hidden = false;
  }

  resumeButton.addEventListener('click', () => {
    void (async () => {
      try {
        // Also takes the new session's CSRF token, which the next calls need.
        await fetchStatus([]);
      } catch (error) {
        announce(
          error instanceof ApiError && error.status === 401
            ? 'You are still signed out. Sign in again in another tab, then choose Continue uploads.'
            : error instanceof Error
              ? error.message
              : String(error),
          'error',
        );
        return;
      }
      paused = false;
      pausedBox!.hidden = true;
      announce('Continuing uploads.');
      pump();
      schedulePoll(0);
    })();
  });

  /** The current CSRF token everywhere the page keeps it (the meta tag the API calls read, and every form). */
  function useCsrf(token: string): void {
    if (!token || token === csrfToken()) return;
    document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.setAttribute('content', token);
    for (const field of document.querySelectorAll<HTMLInputElement>('input[name="_csrf"]'))
      field.value = token;
  }

  /** Studio JSON: a redirect means the session ended (studio pages send a signed-out browser to sign in). */
  async function studioJson<T>(url: string, init: RequestInit = {}): Promise<T> {
    let response: Response;
    try {
      response = await fetch(url, {
        credentials: 'same-origin',
        redirect: 'manual',
        ...init,
        headers: { accept: 'application/json', ...(init.headers as Record<string, string> | undefined) },
      });
    } catch {
      throw new ApiError(
        0,
        'NETWORK',
        'The studio could not be reached. Check the connection and try again.',
      );
    }
    if (response.type === 'opaqueredirect' || response.status === 401 || response.status === 0) {
      throw new ApiError(401, 'UNAUTHORIZED', SESSION_ENDED);
    }
    const data: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const error = (data as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new ApiError(
        response.status,
        error?.code ?? 'ERROR',
        error?.message ?? `The request failed (${response.status}).`,
      );
    }
    return data as T;
  }

  async function fetchStatus(ids: readonly string[]): Promise<PrintStatus[]> {
    const data = await studioJson<{ csrfToken: string; prints: PrintStatus[] }>(
      `${statusUrl}?ids=${encodeURIComponent(ids.join(','))}`,
    );
    useCsrf(data.csrfToken);
    return data.prints;
  }

  // ---------- following processing ----------

  const rows = () => [...document.querySelectorAll<HTMLTableRowElement>('tr[data-print-id]')];

  function follow(item: Item): void {
    followed.add(item);
    schedulePoll(POLL_MS);
  }

  function stopPolling(): void {
    if (pollTimer !== undefined) window.clearTimeout(pollTimer);
    pollTimer = undefined;
  }

  function schedulePoll(delay: number): void {
    if (paused || pollTimer !== undefined) return;
    pollTimer = window.setTimeout(() => {
      pollTimer = undefined;
      void poll();
    }, delay);
  }

  async function poll(): Promise<void> {
    const processingRows = rows().filter((r) => r.dataset.imageStatus === 'processing');
    const ids = [
      ...new Set([
        ...[...followed].map((i) => i.printId!).filter(Boolean),
        ...processingRows.map((r) => r.dataset.printId!),
      ]),
    ].slice(0, MAX_POLL_IDS);
    if (ids.length === 0) return;
    let prints: PrintStatus[];
    try {
      prints = await fetchStatus(ids);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        pauseForSignIn();
        return;
      }
      // A hiccup: try again a little later.
      schedulePoll(POLL_MS * 2);
      return;
    }
    const byId = new Map(prints.map((p) => [p.id, p]));
    for (const item of [...followed]) {
      const status = byId.get(item.printId!);
      if (!status) {
        followed.delete(item);
        setState(item, 'failed', 'This print no longer exists.');
        setActions(item);
        continue;
      }
      showItemStatus(item, status);
    }
    for (const row of processingRows) {
      const status = byId.get(row.dataset.printId!);
      if (status) showRowStatus(row, status);
    }
    if (followed.size > 0 || rows().some((r) => r.dataset.imageStatus === 'processing'))
      schedulePoll(POLL_MS);
  }

  function showItemStatus(item: Item, status: PrintStatus): void {
    if (status.imageStatus === 'processing') return;
    followed.delete(item);
    if (status.imageStatus === 'completed') {
      if (status.thumbnailUrl) {
        item.li.prepend(
          element('img', {
            className: 'upload-item__thumb',
            src: status.thumbnailUrl,
            alt: '',
            width: 64,
            height: 64,
          }),
        );
      }
      setState(item, 'ready', 'Ready: the image is processed.');
      setActions(item, editLink(item));
      announce(`${item.file.name} is processed and ready.`);
      return;
    }
    const reason = status.error ?? 'Processing failed.';
    setState(item, 'failed', 'Processing failed.');
    showError(item, reason);
    const retry = element('button', { type: 'button', className: 'button--small' }, 'Retry processing');
    retry.append(element('span', { className: 'visually-hidden' }, ` of ${item.file.name}`));
    retry.addEventListener('click', () => {
      void retryProcessing(item.printId!, () => {
        showError(item, null);
        setState(item, 'processing', 'Processing the image again…');
        setActions(item, editLink(item));
        follow(item);
      });
    });
    setActions(item, retry, document.createTextNode(' '), editLink(item));
    announce(`${item.file.name}: processing failed. ${reason}`, 'error');
  }

  function showRowStatus(row: HTMLTableRowElement, status: PrintStatus): void {
    if (status.imageStatus === row.dataset.imageStatus) return;
    row.dataset.imageStatus = status.imageStatus;
    const thumbCell = row.querySelector<HTMLElement>('[data-thumb-cell]');
    if (thumbCell && status.thumbnailUrl) {
      thumbCell.replaceChildren(
        element('img', { src: status.thumbnailUrl, alt: '', width: 64, height: 64, loading: 'lazy' }),
      );
    }
    const cell = row.querySelector<HTMLElement>('[data-image-cell]');
    if (!cell) return;
    const failed = status.imageStatus === 'failed';
    const text = { none: 'No image', processing: 'Processing…', completed: 'Ready', failed: 'Failed' }[
      status.imageStatus
    ];
    const state = element('div', { className: 'image-state' });
    state.dataset.imageState = status.imageStatus;
    state.append(element('span', { className: failed ? 'badge badge--failed' : 'badge' }, text));
    if (failed) {
      state.append(element('p', { className: 'field-error' }, status.error ?? 'Processing failed.'));
      state.append(retryForm(status.id, status.title || 'Untitled print'));
    }
    cell.replaceChildren(state);
    const title = status.title || 'this print';
    if (status.imageStatus === 'completed') announce(`The image of ${title} is processed.`);
    if (failed) announce(`Processing the image of ${title} failed: ${status.error ?? ''}`, 'error');
  }

  /** The same form the server renders, so it also works if the island is gone by the time it is used. */
  function retryForm(printId: string, title: string): HTMLFormElement {
    const form = element('form', { method: 'post', action: `/studio/prints/${printId}/retry-processing` });
    form.className = 'retry-form';
    form.dataset.retry = '';
    form.append(
      element('input', { type: 'hidden', name: '_csrf', value: csrfToken() }),
      element('input', { type: 'hidden', name: 'returnTo', value: location.pathname + location.search }),
      element(
        'button',
        { type: 'submit', className: 'button--small' },
        'Retry processing',
        element('span', { className: 'visually-hidden' }, ` of ${title}`),
      ),
    );
    return form;
  }

  async function retryProcessing(printId: string, started: () => void): Promise<void> {
    try {
      await studioJson<PrintStatus>(`/studio/prints/${printId}/retry-processing`, {
        method: 'POST',
        headers: { 'x-csrf-token': csrfToken() },
      });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        pauseForSignIn();
        return;
      }
      announce(error instanceof Error ? error.message : String(error), 'error');
      return;
    }
    started();
    announce('Processing was started again.');
    schedulePoll(POLL_MS);
  }

  // Retry buttons the server rendered (the table and elsewhere): sent in place, the row then followed.
  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.matches('form[data-retry]')) return;
    const printId = /\/studio\/prints\/([^/]+)\/retry-processing$/.exec(new URL(form.action).pathname)?.[1];
    if (!printId) return;
    event.preventDefault();
    void retryProcessing(printId, () => {
      const row = form.closest<HTMLTableRowElement>('tr[data-print-id]');
      const holder = form.closest<HTMLElement>('[data-image-state]');
      if (holder) {
        holder.dataset.imageState = 'processing';
        holder.replaceChildren(element('span', { className: 'badge' }, 'Processing…'));
      }
      if (row) row.dataset.imageStatus = 'processing';
    });
  });

  // ---------- picking and dropping ----------

  input.addEventListener('change', () => {
    const files = [...(input.files ?? [])];
    if (files.length > 0) void enqueue(files);
    // The same files can be picked again (after a refusal, say).
    input.value = '';
  });

  const hasFiles = (event: DragEvent) => [...(event.dataTransfer?.types ?? [])].includes('Files');
  zone.addEventListener('dragover', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    zone.classList.add('is-dragover');
  });
  zone.addEventListener('dragleave', (event) => {
    if (!zone.contains(event.relatedTarget as Node | null)) zone.classList.remove('is-dragover');
  });
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('is-dragover');
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length > 0) void enqueue(files);
  });
  // A file dropped just beside the zone must not make the browser leave the page (and lose the queue).
  window.addEventListener('dragover', (event) => {
    if (hasFiles(event)) event.preventDefault();
  });
  window.addEventListener('drop', (event) => {
    if (hasFiles(event)) event.preventDefault();
  });

  // Rows that were processing when the page was made are followed from the start.
  if (rows().some((r) => r.dataset.imageStatus === 'processing')) schedulePoll(POLL_MS);
}

/** "etching_harbour-1998.final.jpg" → "etching harbour-1998.final". */
function titleFrom(filename: string): string {
  const base = filename.replace(/\.[A-Za-z0-9]{1,5}$/, '');
  const title = base.replace(/_+/g, ' ').replace(/\s+/g, ' ').trim();
  return (title || filename).slice(0, 200);
}
