// The print editor's "Images" list ordered by drag-and-drop or by keyboard (the shared sortable list, as gallery
// ordering: grab with Space, arrows, drop with Space, Escape cancels; Alt+Up/Down; the Move up/down buttons saved
// in place instead of posting their forms). Only the additional images move; the primary stays first. Each move
// is saved at once through PUT /api/v1/artist/prints/{id}/images/order; a failure puts the list back and says so.
// When the editor replaces the list (after adding an image) the new list is enhanced in turn.
import { api } from './studio-api.js';
import { sortableList, type SortableList } from './sortable-list.js';

const NUMBERED = /\b([Ii]mage) \d+\b/g;

/** The images' numbers ("Image 3: Detail", "Move up (image 3)") follow their places after a move. */
function renumber(list: HTMLElement): void {
  [...list.children].forEach((item, index) => {
    const walker = document.createTreeWalker(item, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      // The artist's own words (the primary's alt text) are left as they are.
      if (node.parentElement?.closest('[data-image-alt]')) continue;
      const text = node.nodeValue ?? '';
      if (NUMBERED.test(text)) node.nodeValue = text.replace(NUMBERED, `$1 ${index + 1}`);
      NUMBERED.lastIndex = 0;
    }
  });
}

export function enhanceImageOrder(section: HTMLElement): void {
  const printId = section.dataset.printId ?? '';
  let current: SortableList | undefined;
  const enhance = () => {
    current?.destroy();
    current = undefined;
    const list = section.querySelector<HTMLOListElement>('.print-images__list');
    if (!list) return;
    const movable = list.querySelectorAll('[data-image-movable]').length;
    section.querySelector<HTMLElement>('[data-images-order-keys]')?.toggleAttribute('hidden', movable < 2);
    if (movable < 2) return;
    current = sortableList({
      list,
      item: '.print-images__item[data-image-movable]',
      handle: '.order-item__handle',
      idOf: (item) => item.dataset.imageId ?? '',
      titleOf: (item) => item.dataset.title ?? '',
      describe: (position, count) => `place ${position} of ${count} after the primary image`,
      persist: async (_id, _position, order) => {
        await api('PUT', `/api/v1/artist/prints/${printId}/images/order`, { imageIds: order });
      },
      onRefresh: () => renumber(list),
    });
  };
  enhance();
  // "Add an image" fetches the list again from the server and puts it in place of this one.
  new MutationObserver((mutations) => {
    if (mutations.some((m) => [...m.addedNodes].some((n) => n instanceof HTMLOListElement))) enhance();
  }).observe(section, { childList: true });
}
