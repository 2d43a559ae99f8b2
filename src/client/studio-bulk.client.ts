// Prints list island for the bulk edit: a "select all on this page" checkbox in the table's first header cell
// (mixed while some are ticked), and how many prints are ticked, next to the choice it applies to. Ticking a print
// chooses "the prints ticked in the table". Without JavaScript the form offers "all prints on this page" instead.
const form = document.querySelector<HTMLFormElement>('form[data-bulk-select]');
const head = document.querySelector<HTMLTableCellElement>('th[data-bulk-head]');
const picks = [...document.querySelectorAll<HTMLInputElement>('input[data-bulk-pick]')];

if (form && head && picks.length > 0) {
  const all = document.createElement('input');
  all.type = 'checkbox';
  all.id = 'bulk-select-all';
  const label = document.createElement('label');
  label.htmlFor = all.id;
  label.className = 'visually-hidden';
  label.textContent = 'Select all prints on this page';
  head.replaceChildren(all, label);

  const count = form.querySelector<HTMLElement>('[data-bulk-count]');
  const selected = form.querySelector<HTMLInputElement>('#bulk-scope-selected');

  const refresh = (): void => {
    const ticked = picks.filter((p) => p.checked).length;
    all.checked = ticked === picks.length;
    all.indeterminate = ticked > 0 && ticked < picks.length;
    if (count) count.textContent = ` (${ticked} ticked)`;
  };

  all.addEventListener('change', () => {
    for (const p of picks) p.checked = all.checked;
    if (selected) selected.checked = true;
    refresh();
  });
  for (const p of picks) {
    p.addEventListener('change', () => {
      if (p.checked && selected) selected.checked = true;
      refresh();
    });
  }
  refresh();
}
