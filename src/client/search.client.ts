// Search page island. Without it the page is a plain GET form; with it:
// - the query field is an ARIA 1.2 combobox with a listbox of suggestions from /api/v1/search/suggest (arrow keys
//   move, Enter picks, Escape closes, the mouse works too);
// - choosing filters, submitting, following a decade, "clear" or page link fetches the same page for the new choices
//   and swaps its regions (filters with their counts, results) in place; the address bar follows (pushState), so the
//   URL stays shareable and Back/Forward work. Focus stays where it was.

const form = document.querySelector<HTMLFormElement>('form.search-form');
const input = document.querySelector<HTMLInputElement>('#search-q');
const results = document.querySelector<HTMLElement>('.search-results');
if (form && input && results) {
  liveResults(form, results);
  combobox(form, input);
}

// ---------- results in place ----------

function liveResults(form: HTMLFormElement, section: HTMLElement): void {
  const action = form.getAttribute('action') ?? location.pathname;
  const summary = document.querySelector<HTMLElement>('#search-summary');
  let controller: AbortController | undefined;

  /** The page URL for the form's current choices (empty fields left out, as a shared link would be). */
  const formUrl = (): string => {
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(form)) {
      if (typeof value === 'string' && value.trim() !== '') params.append(name, value.trim());
    }
    const query = params.toString();
    return query ? `${action}?${query}` : action;
  };

  const swap = (doc: Document, typedBefore: Map<string, string>): void => {
    const active = document.activeElement as HTMLElement | null;
    const focus =
      active instanceof HTMLInputElement && active.type === 'checkbox'
        ? `input[name="${CSS.escape(active.name)}"][value="${CSS.escape(active.value)}"]`
        : active?.id
          ? `#${CSS.escape(active.id)}`
          : null;
    const typedNow = numberValues(form);
    for (const region of document.querySelectorAll<HTMLElement>('[data-search-region]')) {
      const fresh = doc.getElementById(region.id);
      if (fresh) region.replaceWith(document.importNode(fresh, true));
    }
    // A number typed while the answer was on its way is kept.
    for (const [id, value] of typedNow) {
      if (typedBefore.get(id) === value) continue;
      const field = document.getElementById(id);
      if (field instanceof HTMLInputElement) field.value = value;
    }
    const freshSummary = doc.getElementById('search-summary');
    if (summary && freshSummary) summary.textContent = freshSummary.textContent;
    document.title = doc.title;
    const toggle = document.querySelector<HTMLAnchorElement>('a.lang-toggle');
    const freshToggle = doc.querySelector<HTMLAnchorElement>('a.lang-toggle');
    if (toggle && freshToggle) toggle.href = languageHref(freshToggle.getAttribute('href') ?? '');
    if (focus && active && !active.isConnected) document.querySelector<HTMLElement>(focus)?.focus();
  };

  /** Keeps the search when switching language: the toggle's `next` gets this page's query string. */
  const languageHref = (href: string): string => {
    const url = new URL(href, location.href);
    const next = url.searchParams.get('next');
    if (next) url.searchParams.set('next', next.split('?')[0] + location.search);
    return url.pathname + url.search;
  };

  const load = async (url: string, how: 'push' | 'replace' | 'none', focusResults = false) => {
    controller?.abort();
    const current = new AbortController();
    controller = current;
    const typedBefore = numberValues(form);
    section.setAttribute('aria-busy', 'true');
    if (summary) summary.textContent = section.dataset.updating ?? '';
    try {
      const res = await fetch(url, { headers: { accept: 'text/html' }, signal: current.signal });
      const type = res.headers.get('content-type') ?? '';
      if (!type.startsWith('text/html') || res.status >= 500) throw new Error(`status ${res.status}`);
      const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
      if (current !== controller) return;
      if (how === 'push' && url !== location.pathname + location.search) history.pushState(null, '', url);
      if (how === 'replace') history.replaceState(null, '', url);
      swap(doc, typedBefore);
      if (focusResults) {
        document.getElementById('search-results-heading')?.focus();
      }
    } catch (error) {
      if (current !== controller || (error as Error).name === 'AbortError') return;
      if (summary) summary.textContent = section.dataset.updateFailed ?? '';
    } finally {
      if (current === controller) section.removeAttribute('aria-busy');
    }
  };

  const toggle = document.querySelector<HTMLAnchorElement>('a.lang-toggle');
  if (toggle) toggle.href = languageHref(toggle.getAttribute('href') ?? '');

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void load(formUrl(), 'push');
  });
  form.addEventListener('change', (event) => {
    const target = event.target;
    if (target instanceof HTMLInputElement && (target.type === 'checkbox' || target.type === 'number')) {
      if (target.type === 'number' && !target.checkValidity()) return;
      void load(formUrl(), 'push');
    }
  });
  // Decade, "clear" and page links lead to this page with other choices: followed in place.
  document.querySelector('.search-layout')?.addEventListener('click', (event) => {
    const link = (event.target as Element).closest?.('a');
    if (!link || !(event instanceof MouseEvent) || event.button !== 0) return;
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    const url = new URL(link.href, location.href);
    if (
      url.origin !== location.origin ||
      url.pathname !== action ||
      link.getAttribute('href')?.startsWith('#')
    )
      return;
    event.preventDefault();
    const input = form.querySelector<HTMLInputElement>('#search-q');
    if (input) input.value = url.searchParams.get('q') ?? '';
    void load(url.pathname + url.search, 'push', link.hasAttribute('data-search-page'));
  });
  window.addEventListener('popstate', () => {
    const input = form.querySelector<HTMLInputElement>('#search-q');
    if (input) input.value = new URLSearchParams(location.search).get('q') ?? '';
    void load(location.pathname + location.search, 'none');
  });
}

function numberValues(form: HTMLFormElement): Map<string, string> {
  const values = new Map<string, string>();
  for (const field of form.querySelectorAll<HTMLInputElement>('input[type=number]'))
    values.set(field.id, field.value);
  return values;
}

// ---------- autocomplete combobox ----------

interface Suggestion {
  text: string;
  type: 'print' | 'gallery' | 'tag' | 'technique';
}

function combobox(form: HTMLFormElement, input: HTMLInputElement): void {
  const box = input.closest<HTMLElement>('.search-combobox');
  if (!box) return;
  const url = box.dataset.suggestUrl ?? '/api/v1/search/suggest';
  const language = box.dataset.language ?? document.documentElement.lang;
  const listbox = document.createElement('ul');
  listbox.id = 'search-suggestions';
  listbox.className = 'search-suggestions';
  listbox.setAttribute('role', 'listbox');
  listbox.setAttribute('aria-label', box.dataset.labelSuggestions ?? '');
  listbox.hidden = true;
  box.append(listbox);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-controls', listbox.id);
  input.setAttribute('aria-expanded', 'false');
  const hint = document.querySelector<HTMLElement>('[data-search-hint]');
  if (hint) {
    hint.hidden = false;
    input.setAttribute('aria-describedby', hint.id);
  }

  let options: HTMLLIElement[] = [];
  let active = -1;
  let timer: number | undefined;
  let controller: AbortController | undefined;
  let shownFor = '';

  const open = () => {
    listbox.hidden = options.length === 0;
    input.setAttribute('aria-expanded', String(options.length > 0));
  };
  const close = () => {
    listbox.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    setActive(-1);
  };
  const setActive = (index: number) => {
    options[active]?.setAttribute('aria-selected', 'false');
    active = index;
    const option = options[active];
    if (option) {
      option.setAttribute('aria-selected', 'true');
      input.setAttribute('aria-activedescendant', option.id);
      option.scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  };
  const render = (suggestions: Suggestion[]) => {
    listbox.replaceChildren();
    options = suggestions.map((s, i) => {
      const li = document.createElement('li');
      li.id = `search-suggestion-${i}`;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      li.dataset.value = s.text;
      const text = document.createElement('span');
      text.className = 'search-suggestion__text';
      text.textContent = s.text;
      const kind = document.createElement('span');
      kind.className = 'search-suggestion__type';
      kind.textContent = box.dataset[`label${s.type[0]!.toUpperCase()}${s.type.slice(1)}`] ?? s.type;
      li.append(text, ' ', kind);
      return li;
    });
    listbox.append(...options);
    active = -1;
    input.removeAttribute('aria-activedescendant');
  };
  const fetchSuggestions = async (typed: string): Promise<void> => {
    controller?.abort();
    if (typed.trim() === '') {
      render([]);
      close();
      shownFor = typed;
      return;
    }
    const current = new AbortController();
    controller = current;
    try {
      const params = new URLSearchParams({ q: typed, language });
      const res = await fetch(`${url}?${params.toString()}`, { signal: current.signal });
      if (!res.ok) return;
      const body = (await res.json()) as { suggestions: Suggestion[] };
      if (current !== controller || input.value !== typed) return;
      render(body.suggestions);
      shownFor = typed;
      if (document.activeElement === input) open();
    } catch {
      // Aborted or offline: the field keeps working as a plain search field.
    }
  };
  const choose = (index: number) => {
    const option = options[index];
    if (!option) return;
    input.value = option.dataset.value ?? '';
    shownFor = input.value;
    close();
    form.requestSubmit();
  };

  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    const typed = input.value;
    timer = window.setTimeout(() => void fetchSuggestions(typed), 150);
  });
  input.addEventListener('keydown', (event) => {
    const expanded = !listbox.hidden;
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!expanded) {
          if (shownFor !== input.value) void fetchSuggestions(input.value).then(() => setActive(0));
          else if (options.length > 0) {
            open();
            setActive(0);
          }
        } else setActive(active + 1 >= options.length ? 0 : active + 1);
        break;
      case 'ArrowUp':
        if (!expanded) return;
        event.preventDefault();
        setActive(active <= 0 ? options.length - 1 : active - 1);
        break;
      case 'Enter':
        if (expanded && active >= 0) {
          event.preventDefault();
          choose(active);
        } else close();
        break;
      case 'Escape':
        if (expanded) {
          event.preventDefault();
          close();
        } else if (input.value !== '') {
          event.preventDefault();
          input.value = '';
          render([]);
          shownFor = '';
        }
        break;
      case 'Tab':
        close();
        break;
    }
  });
  input.addEventListener('blur', () => close());
  // Picking with the pointer: mousedown would move focus away (and close) before the click.
  listbox.addEventListener('mousedown', (event) => event.preventDefault());
  listbox.addEventListener('click', (event) => {
    const option = (event.target as Element).closest('[role=option]');
    if (option) choose(options.indexOf(option as HTMLLIElement));
  });
}
