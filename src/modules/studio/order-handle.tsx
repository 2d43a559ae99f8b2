// The grab handle of an item in an ordered list (a gallery's prints, a print's images): hidden until the page's
// island (client/sortable-list.ts) shows it; dragged with the pointer or grabbed with Space, described by the
// list's keyboard hint.
export function OrderHandle({ title, hint }: { title: string; hint: string }) {
  return (
    <button type="button" class="order-item__handle button--quiet" hidden aria-describedby={hint}>
      <span aria-hidden="true">⠿</span>
      <span class="visually-hidden">Reorder “{title}”</span>
    </button>
  );
}
