// The visitor's list (issue 22), on every public page: "Save to my list" toggles on print cards and print pages,
// the header's link with the count, and the list page's own behaviour. The list lives in this browser's
// localStorage only — no cookie, no request: the server sees a list only when the visitor opens its link or sends
// an enquiry about it. Without localStorage (blocked, or no JavaScript) the controls stay hidden.
import {
  SHORTLIST_STORAGE_KEY,
  cleanShortlist,
  parseShortlist,
  shortlistPath,
} from '../modules/site/shortlist-ids.js';

function readList(): string[] | undefined {
  try {
    const raw = window.localStorage.getItem(SHORTLIST_STORAGE_KEY);
    if (raw === null) return [];
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? cleanShortlist(parsed) : [];
  } catch (error) {
    // A malformed value starts an empty list; no storage at all leaves the controls hidden.
    if (error instanceof SyntaxError) return [];
    return undefined;
  }
}

function writeList(ids: readonly string[]): boolean {
  try {
    window.localStorage.setItem(SHORTLIST_STORAGE_KEY, JSON.stringify(ids));
    return true;
  } catch {
    return false;
  }
}

const link = document.querySelector<HTMLAnchorElement>('.shortlist-link');
const status = document.querySelector<HTMLElement>('[data-shortlist-status]');
const lang = link?.dataset.lang ?? document.documentElement.lang;
let list = readList();

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id) => b.includes(id));
}

// The list page: the prints in its address, and whether they are this visitor's own list (then taking a print off
// also takes its card off the page); a list someone sent stays as it was sent.
const onListPage = window.location.pathname === `/${lang}/list`;
const listed = parseShortlist(new URLSearchParams(window.location.search).get('prints') ?? undefined);
const ownListPage = onListPage && list !== undefined && listed.length > 0 && sameIds(listed, list);

function announce(template: string | undefined, count: number): void {
  if (!status || !template) return;
  // Emptied first, so the same words said twice are announced twice.
  status.textContent = '';
  window.setTimeout(() => {
    status.textContent = template.replace('{count}', String(count));
  }, 50);
}

function syncToggles(root: ParentNode = document): void {
  if (!list) return;
  for (const button of root.querySelectorAll<HTMLButtonElement>('button[data-save]')) {
    button.hidden = false;
    button.setAttribute('aria-pressed', String(list.includes(button.dataset.save ?? '')));
  }
}

function syncLink(): void {
  if (!link || !list) return;
  link.href = shortlistPath(lang, list);
  const count = link.querySelector('.shortlist-link__count');
  if (count) count.textContent = String(list.length);
  const item = link.closest('li');
  if (item) item.hidden = list.length === 0;
}

/** On the visitor's own list page: the card leaves, focus goes to the next card's toggle, the link follows. */
function removeCard(button: HTMLButtonElement): void {
  const card = button.closest('li');
  const cards = card?.parentElement;
  if (!card || !cards) return;
  const siblings = [...cards.children];
  const index = siblings.indexOf(card);
  card.remove();
  if (!list || list.length === 0) {
    window.location.replace(shortlistPath(lang, []));
    return;
  }
  const next = cards.children[Math.min(index, cards.children.length - 1)];
  const nextToggle = next?.querySelector<HTMLButtonElement>('button[data-save]');
  (nextToggle ?? document.querySelector<HTMLElement>('h1'))?.focus();
  const path = shortlistPath(lang, list);
  window.history.replaceState(null, '', path);
  const url = document.querySelector<HTMLInputElement>('[data-shortlist-url]');
  if (url) url.value = new URL(path, window.location.origin).href;
  const field = document.querySelector<HTMLInputElement>('form input[name="prints"]');
  if (field) field.value = list.join(',');
}

function toggle(button: HTMLButtonElement): void {
  const id = button.dataset.save;
  if (!list || !id) return;
  const saved = list.includes(id);
  const next = saved ? list.filter((x) => x !== id) : cleanShortlist([...list, id]);
  if (!saved && next.length === list.length) return; // full: SHORTLIST_MAX reached
  if (!writeList(next)) return;
  list = next;
  syncToggles();
  syncLink();
  announce(saved ? link?.dataset.labelRemoved : link?.dataset.labelAdded, list.length);
  if (saved && ownListPage) removeCard(button);
}

if (list) {
  if (onListPage && listed.length === 0 && list.length > 0 && !window.location.search.includes('prints=')) {
    // The header link and bookmarks lead to /list: open it with this browser's list.
    window.location.replace(shortlistPath(lang, list));
  }
  syncToggles();
  syncLink();

  document.addEventListener('click', (event) => {
    const button = (event.target as Element | null)?.closest<HTMLButtonElement>('button[data-save]');
    if (button) toggle(button);
  });

  // Another tab changed the list.
  window.addEventListener('storage', (event) => {
    if (event.key !== SHORTLIST_STORAGE_KEY) return;
    list = readList() ?? list;
    syncToggles();
    syncLink();
  });

  // Results the search island renders later carry toggles too.
  new MutationObserver((records) => {
    for (const record of records)
      for (const node of record.addedNodes) if (node instanceof Element) syncToggles(node);
  }).observe(document.body, { childList: true, subtree: true });

  const copy = document.querySelector<HTMLButtonElement>('button[data-copy]');
  const url = copy ? document.getElementById(copy.dataset.copy ?? '') : null;
  if (copy && url instanceof HTMLInputElement && navigator.clipboard) {
    copy.hidden = false;
    copy.addEventListener('click', () => {
      navigator.clipboard.writeText(url.value).then(
        () => announce(link?.dataset.labelCopied, list?.length ?? 0),
        () => url.select(),
      );
    });
  }
}
