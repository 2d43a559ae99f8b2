// Gallery editor island: the ordering form becomes a list ordered by drag-and-drop (SortableJS, by the handle) or
// by keyboard (grab with Space, arrows, drop with Space, Escape cancels; Alt+Up/Down; Move up/down; a typed
// position and Enter). Each move shows at once and is saved at once through the artist API, one after another;
// a failed save puts the list back to the last saved order and says why. Focus stays on the moved print.
import Sortable from 'sortablejs';
import { announce, api, ApiError } from './studio-api.js';

const form = document.querySelector<HTMLFormElement>('form[data-gallery-order]');
const list = form?.querySelector<HTMLOListElement>('.order-list');
if (form && list && form.dataset.gallery) enhance(form, list, form.dataset.gallery);

function enhance(form: HTMLFormElement, list: HTMLOListElement, galleryId: string): void {
  const items = (): HTMLLIElement[] =>
    [...list.children].filter(
      (el): el is HTMLLIElement =>
        el instanceof HTMLLIElement && el.matches('.order-item:not(.sortable-fallback)'),
    );
  const idOf = (item: HTMLElement): string => item.dataset.printId ?? '';
  const titleOf = (item: HTMLElement): string => item.dataset.title ?? '';
  const part = <T extends HTMLElement>(item: HTMLElement, selector: string): T | null =>
    item.querySelector<T>(selector);

  /** The order the server has confirmed; the list goes back to it when a save fails. */
  let saved = items().map(idOf);
  /** Saves run one at a time, in the order the moves were made. */
  let queue: Promise<void> = Promise.resolve();
  let outstanding = 0;
  /** Bumped by a failure: saves queued behind it belong to an order that no longer exists. */
  let generation = 0;
  /** Set while the list's DOM is rearranged, so the focus that briefly leaves does not count. */
  let rearranging = false;
  let grabbed: { item: HTMLLIElement; from: number } | null = null;

  // The enhanced controls replace the no-JS ones: handles and the keyboard hint appear, "Save order" goes.
  for (const handle of form.querySelectorAll<HTMLButtonElement>('.order-item__handle')) {
    handle.hidden = false;
    handle.setAttribute('aria-pressed', 'false');
  }
  form.ownerDocument.querySelector<HTMLElement>('[data-order-hint-keys]')?.removeAttribute('hidden');
  form.ownerDocument.querySelector<HTMLElement>('[data-order-hint-form]')?.setAttribute('hidden', '');
  form.querySelector<HTMLElement>('[data-order-save]')?.setAttribute('hidden', '');

  /** Numbers, limits and the first/last buttons after the order changed. */
  function refresh(): void {
    const all = items();
    all.forEach((item, i) => {
      const input = part<HTMLInputElement>(item, 'input[type="number"]');
      if (input) {
        input.value = String(i + 1);
        input.max = String(all.length);
      }
      // Buttons at either end stay focusable (aria-disabled), so focus never drops to the page.
      for (const button of item.querySelectorAll<HTMLButtonElement>('button[data-move]')) {
        button.disabled = false;
        const edge = button.dataset.move === 'up' ? i === 0 : i === all.length - 1;
        button.setAttribute('aria-disabled', edge ? 'true' : 'false');
      }
    });
  }

  /** Puts the item at a 0-based index; moves its neighbour instead where it can, so focus is never disturbed. */
  function place(item: HTMLLIElement, index: number): void {
    const all = items();
    const from = all.indexOf(item);
    const to = Math.max(0, Math.min(all.length - 1, index));
    if (from < 0 || from === to) return;
    const focused = document.activeElement;
    rearranging = true;
    try {
      const neighbour = all[to];
      if (to === from - 1 && neighbour) list.insertBefore(neighbour, item.nextSibling);
      else if (to === from + 1 && neighbour) list.insertBefore(neighbour, item);
      else if (neighbour) list.insertBefore(item, to > from ? neighbour.nextSibling : neighbour);
    } finally {
      rearranging = false;
    }
    if (focused instanceof HTMLElement && document.activeElement !== focused) focused.focus();
    refresh();
  }

  /** Back to the last saved order (after a failure). */
  function rollback(): void {
    const byId = new Map(items().map((item) => [idOf(item), item]));
    const focused = document.activeElement;
    rearranging = true;
    try {
      for (const id of saved) {
        const item = byId.get(id);
        if (item) list.append(item);
      }
    } finally {
      rearranging = false;
    }
    if (focused instanceof HTMLElement && document.activeElement !== focused) focused.focus();
    refresh();
  }

  const where = (item: HTMLLIElement): string => `position ${items().indexOf(item) + 1} of ${items().length}`;

  /** Saves a move the list already shows; queued behind earlier saves. */
  function save(item: HTMLLIElement): void {
    const printId = idOf(item);
    const position = items().indexOf(item) + 1;
    const count = items().length;
    const title = titleOf(item);
    const mine = generation;
    outstanding += 1;
    item.classList.add('is-saving');
    list.setAttribute('aria-busy', 'true');
    queue = queue.then(async () => {
      try {
        if (mine !== generation) return; // an earlier save failed: this move was undone with it
        await api('POST', `/api/v1/artist/galleries/${galleryId}/prints/${printId}/move`, { position });
        const next = saved.filter((id) => id !== printId);
        next.splice(position - 1, 0, printId);
        saved = next;
        announce(`Moved “${title}” to position ${position} of ${count}. Order saved.`);
      } catch (error) {
        generation += 1;
        cancelGrab(false);
        rollback();
        const reason = error instanceof ApiError ? error.message : 'Something went wrong.';
        announce(
          `The order could not be saved: ${reason} The list is back as it was; “${title}” is at ${where(item)}.`,
          'error',
        );
      } finally {
        outstanding -= 1;
        item.classList.remove('is-saving');
        if (outstanding === 0) list.removeAttribute('aria-busy');
      }
    });
  }

  /** Moves one step (Move up/down, Alt+arrows) and saves. */
  function step(item: HTMLLIElement, by: -1 | 1): void {
    const index = items().indexOf(item);
    const to = index + by;
    if (to < 0 || to >= items().length) {
      announce(`“${titleOf(item)}” is already ${by < 0 ? 'first' : 'last'}.`);
      return;
    }
    place(item, to);
    save(item);
  }

  // ---- keyboard grab: Space/Enter on the handle grabs and drops, arrows move, Escape cancels ----

  function grab(item: HTMLLIElement): void {
    grabbed = { item, from: items().indexOf(item) };
    item.classList.add('is-grabbed');
    part(item, '.order-item__handle')?.setAttribute('aria-pressed', 'true');
    announce(
      `Grabbed “${titleOf(item)}”, ${where(item)}. Up and Down arrows move it, Space drops it, Escape cancels.`,
    );
  }

  function release(): HTMLLIElement | null {
    if (!grabbed) return null;
    const { item } = grabbed;
    item.classList.remove('is-grabbed');
    part(item, '.order-item__handle')?.setAttribute('aria-pressed', 'false');
    grabbed = null;
    return item;
  }

  function drop(): void {
    if (!grabbed) return;
    const { from } = grabbed;
    const item = release();
    if (!item) return;
    if (items().indexOf(item) === from) {
      announce(`Dropped “${titleOf(item)}” where it was, ${where(item)}.`);
      return;
    }
    save(item);
  }

  function cancelGrab(say: boolean): void {
    if (!grabbed) return;
    const { from } = grabbed;
    const item = release();
    if (!item) return;
    place(item, from);
    if (say) announce(`Move cancelled. “${titleOf(item)}” is back at ${where(item)}.`);
  }

  // ---- typed positions: Enter (or leaving the field) moves the print there ----

  function showPositionError(input: HTMLInputElement, message: string | null): void {
    const errorId = `${input.id}-error`;
    let error = document.getElementById(errorId);
    if (message === null) {
      error?.remove();
      input.removeAttribute('aria-invalid');
      input.removeAttribute('aria-describedby');
      input.parentElement?.classList.remove('field--error');
      return;
    }
    if (!error) {
      error = document.createElement('span');
      error.id = errorId;
      error.className = 'field-error';
      input.after(error);
    }
    error.textContent = message;
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', errorId);
    input.parentElement?.classList.add('field--error');
  }

  /** `keepFocus`: Enter was pressed in the field (after a blur, focus goes where the artist sent it). */
  function moveToTyped(input: HTMLInputElement, keepFocus: boolean): void {
    const item = input.closest<HTMLLIElement>('.order-item');
    if (!item) return;
    const count = items().length;
    const from = items().indexOf(item) + 1;
    const raw = input.value.trim();
    const to = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isInteger(to) || to < 1 || to > count) {
      const message = `Enter a whole number from 1 to ${count}`;
      showPositionError(input, message);
      announce(`${message} for “${titleOf(item)}”.`, 'error');
      return;
    }
    showPositionError(input, null);
    if (to === from) return;
    place(item, to - 1);
    if (keepFocus) input.focus();
    save(item);
  }

  // ---- events ----

  list.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target : null;
    const handle = target?.closest<HTMLButtonElement>('.order-item__handle');
    const move = target?.closest<HTMLButtonElement>('button[data-move]');
    const item = target?.closest<HTMLLIElement>('.order-item');
    if (!item) return;
    if (handle) {
      event.preventDefault();
      if (grabbed?.item === item) drop();
      else {
        if (grabbed) drop();
        grab(item);
      }
    } else if (move) {
      event.preventDefault(); // saved at once instead of posting the form
      cancelGrab(false);
      step(item, move.dataset.move === 'up' ? -1 : 1);
    }
  });

  list.addEventListener('keydown', (event) => {
    const target = event.target instanceof HTMLElement ? event.target : null;
    const item = target?.closest<HTMLLIElement>('.order-item');
    if (!target || !item) return;
    const vertical = event.key === 'ArrowUp' || event.key === 'ArrowDown';
    if (grabbed?.item === item && target.matches('.order-item__handle')) {
      if (vertical || event.key === 'Home' || event.key === 'End') {
        event.preventDefault();
        const index = items().indexOf(item);
        const to =
          event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? items().length - 1
              : index + (event.key === 'ArrowUp' ? -1 : 1);
        place(item, to);
        announce(`“${titleOf(item)}”, ${where(item)}. Space drops it here, Escape cancels.`);
      } else if (event.key === 'Escape') {
        event.preventDefault();
        cancelGrab(true);
      } else if (event.key === 'Tab') {
        cancelGrab(true);
      }
      return;
    }
    if (event.altKey && vertical) {
      event.preventDefault();
      cancelGrab(false);
      step(item, event.key === 'ArrowUp' ? -1 : 1);
      return;
    }
    if (event.key === 'Enter' && target instanceof HTMLInputElement && target.type === 'number') {
      event.preventDefault(); // no form submit: the move is saved at once
      moveToTyped(target, true);
    }
  });

  list.addEventListener('change', (event) => {
    if (event.target instanceof HTMLInputElement && event.target.type === 'number')
      moveToTyped(event.target, false);
  });

  // Focus leaving a grabbed print's handle (a click elsewhere) cancels the grab.
  list.addEventListener('focusout', (event) => {
    if (rearranging || !grabbed) return;
    if (event.target === part(grabbed.item, '.order-item__handle')) cancelGrab(true);
  });

  // With every change saved at once there is nothing to submit, except Remove (its own form action).
  form.addEventListener('submit', (event) => {
    const submitter = event.submitter;
    if (!(submitter instanceof HTMLButtonElement) || !submitter.hasAttribute('formaction'))
      event.preventDefault();
  });

  // ---- drag-and-drop ----

  const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');
  const sortable = Sortable.create(list, {
    handle: '.order-item__handle',
    draggable: '.order-item',
    // Pointer events rather than native drag: the same on mouse, pen and touch, and on every browser.
    forceFallback: true,
    fallbackTolerance: 4,
    animation: reducedMotion.matches ? 0 : 150,
    ghostClass: 'is-drop-target',
    chosenClass: 'is-chosen',
    dragClass: 'is-dragged',
    onStart: () => cancelGrab(false),
    onEnd: (event) => {
      const item = event.item as HTMLLIElement;
      refresh();
      part<HTMLButtonElement>(item, '.order-item__handle')?.focus();
      if (event.oldDraggableIndex !== event.newDraggableIndex) save(item);
    },
  });
  reducedMotion.addEventListener('change', () => {
    sortable.option('animation', reducedMotion.matches ? 0 : 150);
  });

  // The copy that follows the pointer while dragging is a picture, not a second set of controls.
  new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      for (const node of mutation.addedNodes) {
        if (!(node instanceof HTMLElement) || !node.classList.contains('sortable-fallback')) continue;
        node.setAttribute('aria-hidden', 'true');
        node.inert = true;
        for (const el of [node, ...node.querySelectorAll('[id]')]) el.removeAttribute('id');
        for (const el of node.querySelectorAll('[name]')) el.removeAttribute('name');
        for (const el of node.querySelectorAll('[aria-describedby]')) el.removeAttribute('aria-describedby');
      }
    }
  }).observe(list, { childList: true });

  refresh();
}
