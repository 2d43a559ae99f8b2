// Gallery editor island: the ordering form becomes a list ordered by drag-and-drop or by keyboard (the shared
// sortable list: grab with Space, arrows, drop with Space, Escape cancels; Alt+Up/Down; Move up/down), plus a
// typed position and Enter. Each move shows at once and is saved at once through the artist API, one after
// another; a failed save puts the list back to the last saved order and says why. Focus stays on the moved print.
import { announce, api } from './studio-api.js';
import { sortableList } from './sortable-list.js';

const form = document.querySelector<HTMLFormElement>('form[data-gallery-order]');
const list = form?.querySelector<HTMLOListElement>('.order-list');
if (form && list && form.dataset.gallery) enhance(form, list, form.dataset.gallery);

function enhance(form: HTMLFormElement, list: HTMLOListElement, galleryId: string): void {
  const titleOf = (item: HTMLElement): string => item.dataset.title ?? '';

  // The enhanced controls replace the no-JS ones: handles and the keyboard hint appear, "Save order" goes.
  form.ownerDocument.querySelector<HTMLElement>('[data-order-hint-keys]')?.removeAttribute('hidden');
  form.ownerDocument.querySelector<HTMLElement>('[data-order-hint-form]')?.setAttribute('hidden', '');
  form.querySelector<HTMLElement>('[data-order-save]')?.setAttribute('hidden', '');

  const sortable = sortableList({
    list,
    item: '.order-item',
    handle: '.order-item__handle',
    idOf: (item) => item.dataset.printId ?? '',
    titleOf,
    persist: async (printId, position) => {
      await api('POST', `/api/v1/artist/galleries/${galleryId}/prints/${printId}/move`, { position });
    },
    // The typed positions follow the order.
    onRefresh: (all) =>
      all.forEach((item, i) => {
        const input = item.querySelector<HTMLInputElement>('input[type="number"]');
        if (input) {
          input.value = String(i + 1);
          input.max = String(all.length);
        }
      }),
  });

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
    const count = sortable.items().length;
    const from = sortable.items().indexOf(item) + 1;
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
    sortable.place(item, to - 1);
    if (keepFocus) input.focus();
    sortable.save(item);
  }

  list.addEventListener('keydown', (event) => {
    const target = event.target;
    if (event.key === 'Enter' && target instanceof HTMLInputElement && target.type === 'number') {
      event.preventDefault(); // no form submit: the move is saved at once
      moveToTyped(target, true);
    }
  });

  list.addEventListener('change', (event) => {
    if (event.target instanceof HTMLInputElement && event.target.type === 'number')
      moveToTyped(event.target, false);
  });

  // With every change saved at once there is nothing to submit, except Remove (its own form action).
  form.addEventListener('submit', (event) => {
    const submitter = event.submitter;
    if (!(submitter instanceof HTMLButtonElement) || !submitter.hasAttribute('formaction'))
      event.preventDefault();
  });
}
