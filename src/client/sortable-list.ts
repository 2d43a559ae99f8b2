// A list the artist orders by drag-and-drop (SortableJS, by the handle) or by keyboard (grab with Space, arrows,
// drop with Space, Escape cancels; Alt+Up/Down; Move up/down buttons), shared by the studio islands that order
// things: a gallery's prints (studio-gallery.client.ts) and a print's images (print-images-order.ts). Each move
// shows at once and is saved at once through the caller's `persist`, one after another; a failed save puts the
// list back to the last saved order and says why. Moves are announced in the page's status region; focus stays on
// the moved item. Items that do not match `item` (a print's primary image) stay where they are and are never
// dragged over.
import Sortable from 'sortablejs';
import { announce, ApiError } from './studio-api.js';

export interface SortableListOptions {
  list: HTMLElement;
  /** Selector of the movable items (children of the list). */
  item: string;
  /** Selector of an item's grab handle (a button, hidden until enhanced). */
  handle: string;
  idOf(item: HTMLElement): string;
  /** How announcements name an item. */
  titleOf(item: HTMLElement): string;
  /** Stores the item at its new 1-based place; `order` is every movable item's id in the new order. */
  persist(id: string, position: number, order: readonly string[]): Promise<void>;
  /** "position 2 of 5" by default. */
  describe?(position: number, count: number): string;
  /** After every rearrangement (numbers, limits, labels). */
  onRefresh?(items: HTMLElement[]): void;
}

export interface SortableList {
  items(): HTMLElement[];
  /** Puts the item at a 0-based index (shown at once, not saved). */
  place(item: HTMLElement, index: number): void;
  /** Saves a move the list already shows; queued behind earlier saves. */
  save(item: HTMLElement): void;
  cancelGrab(say: boolean): void;
  /** Stops listening (the list was replaced). */
  destroy(): void;
}

export function sortableList(options: SortableListOptions): SortableList {
  const { list, idOf, titleOf } = options;
  const describe =
    options.describe ?? ((position: number, count: number) => `position ${position} of ${count}`);
  const items = (): HTMLElement[] =>
    [...list.children].filter(
      (el): el is HTMLElement =>
        el instanceof HTMLElement && el.matches(options.item) && !el.matches('.sortable-fallback'),
    );
  const handleOf = (item: HTMLElement) => item.querySelector<HTMLButtonElement>(options.handle);

  /** The order the server has confirmed; the list goes back to it when a save fails. */
  let saved = items().map(idOf);
  /** Saves run one at a time, in the order the moves were made. */
  let queue: Promise<void> = Promise.resolve();
  let outstanding = 0;
  /** Bumped by a failure: saves queued behind it belong to an order that no longer exists. */
  let generation = 0;
  /** Set while the list's DOM is rearranged, so the focus that briefly leaves does not count. */
  let rearranging = false;
  let grabbed: { item: HTMLElement; from: number } | null = null;

  for (const item of items()) {
    const handle = handleOf(item);
    if (!handle) continue;
    handle.hidden = false;
    handle.setAttribute('aria-pressed', 'false');
  }

  /** Limits and the first/last buttons after the order changed. */
  function refresh(): void {
    const all = items();
    all.forEach((item, i) => {
      // Buttons at either end stay focusable (aria-disabled), so focus never drops to the page.
      for (const button of item.querySelectorAll<HTMLButtonElement>('button[data-move]')) {
        button.disabled = false;
        const edge = button.dataset.move === 'up' ? i === 0 : i === all.length - 1;
        button.setAttribute('aria-disabled', edge ? 'true' : 'false');
      }
    });
    options.onRefresh?.(all);
  }

  /** Rearranges the DOM without losing focus. */
  function rearrange(change: () => void): void {
    const focused = document.activeElement;
    rearranging = true;
    try {
      change();
    } finally {
      rearranging = false;
    }
    if (focused instanceof HTMLElement && document.activeElement !== focused) focused.focus();
    refresh();
  }

  /** Moves the neighbour instead of the item where it can, so focus is never disturbed. */
  function place(item: HTMLElement, index: number): void {
    const all = items();
    const from = all.indexOf(item);
    const to = Math.max(0, Math.min(all.length - 1, index));
    if (from < 0 || from === to) return;
    rearrange(() => {
      const neighbour = all[to];
      if (to === from - 1 && neighbour) list.insertBefore(neighbour, item.nextSibling);
      else if (to === from + 1 && neighbour) list.insertBefore(neighbour, item);
      else if (neighbour) list.insertBefore(item, to > from ? neighbour.nextSibling : neighbour);
    });
  }

  /** Back to the last saved order (after a failure); items that do not move stay before them. */
  function rollback(): void {
    const byId = new Map(items().map((item) => [idOf(item), item]));
    rearrange(() => {
      for (const id of saved) {
        const item = byId.get(id);
        if (item) list.append(item);
      }
    });
  }

  const where = (item: HTMLElement): string => describe(items().indexOf(item) + 1, items().length);

  function save(item: HTMLElement): void {
    const id = idOf(item);
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
        const next = saved.filter((other) => other !== id);
        next.splice(position - 1, 0, id);
        await options.persist(id, position, next);
        saved = next;
        announce(`Moved “${title}” to ${describe(position, count)}. Order saved.`);
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
  function step(item: HTMLElement, by: -1 | 1): void {
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

  function grab(item: HTMLElement): void {
    grabbed = { item, from: items().indexOf(item) };
    item.classList.add('is-grabbed');
    handleOf(item)?.setAttribute('aria-pressed', 'true');
    announce(
      `Grabbed “${titleOf(item)}”, ${where(item)}. Up and Down arrows move it, Space drops it, Escape cancels.`,
    );
  }

  function release(): HTMLElement | null {
    if (!grabbed) return null;
    const { item } = grabbed;
    item.classList.remove('is-grabbed');
    handleOf(item)?.setAttribute('aria-pressed', 'false');
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

  // ---- events ----

  const itemOf = (target: EventTarget | null): HTMLElement | null => {
    const item = target instanceof Element ? target.closest<HTMLElement>(options.item) : null;
    return item && item.parentElement === list ? item : null;
  };

  const onClick = (event: MouseEvent) => {
    const target = event.target instanceof Element ? event.target : null;
    const item = itemOf(target);
    if (!target || !item) return;
    const handle = target.closest<HTMLButtonElement>(options.handle);
    const move = target.closest<HTMLButtonElement>('button[data-move]');
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
  };

  const onKeydown = (event: KeyboardEvent) => {
    const target = event.target instanceof HTMLElement ? event.target : null;
    const item = itemOf(target);
    if (!target || !item) return;
    const vertical = event.key === 'ArrowUp' || event.key === 'ArrowDown';
    if (grabbed?.item === item && target.matches(options.handle)) {
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
    }
  };

  // Focus leaving a grabbed item's handle (a click elsewhere) cancels the grab.
  const onFocusout = (event: FocusEvent) => {
    if (rearranging || !grabbed) return;
    if (event.target === handleOf(grabbed.item)) cancelGrab(true);
  };

  list.addEventListener('click', onClick);
  list.addEventListener('keydown', onKeydown);
  list.addEventListener('focusout', onFocusout);

  // ---- drag-and-drop ----

  const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');
  const sortable = Sortable.create(list, {
    handle: options.handle,
    draggable: options.item,
    // Pointer events rather than native drag: the same on mouse, pen and touch, and on every browser.
    forceFallback: true,
    fallbackTolerance: 4,
    animation: reducedMotion.matches ? 0 : 150,
    ghostClass: 'is-drop-target',
    chosenClass: 'is-chosen',
    dragClass: 'is-dragged',
    // Only among the movable items: nothing goes before an item that stays (a print's primary image).
    onMove: (event) => (event.related as HTMLElement).matches(options.item),
    onStart: () => cancelGrab(false),
    onEnd: (event) => {
      const item = event.item;
      refresh();
      handleOf(item)?.focus();
      if (event.oldDraggableIndex !== event.newDraggableIndex) save(item);
    },
  });
  const onMotion = () => sortable.option('animation', reducedMotion.matches ? 0 : 150);
  reducedMotion.addEventListener('change', onMotion);

  // The copy that follows the pointer while dragging is a picture, not a second set of controls.
  const observer = new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      for (const node of mutation.addedNodes) {
        if (!(node instanceof HTMLElement) || !node.classList.contains('sortable-fallback')) continue;
        node.setAttribute('aria-hidden', 'true');
        node.inert = true;
        for (const el of [node, ...node.querySelectorAll('[id]')]) el.removeAttribute('id');
        for (const el of node.querySelectorAll('[name]')) el.removeAttribute('name');
        for (const el of node.querySelectorAll('[aria-describedby]')) el.removeAttribute('aria-describedby');
        for (const el of node.querySelectorAll('[for]')) el.removeAttribute('for');
      }
    }
  });
  observer.observe(list, { childList: true });

  refresh();

  return {
    items,
    place,
    save,
    cancelGrab,
    destroy() {
      list.removeEventListener('click', onClick);
      list.removeEventListener('keydown', onKeydown);
      list.removeEventListener('focusout', onFocusout);
      reducedMotion.removeEventListener('change', onMotion);
      observer.disconnect();
      sortable.destroy();
    },
  };
}
