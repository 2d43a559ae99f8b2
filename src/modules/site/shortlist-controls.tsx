// The shortlist's controls on every public page (issue 22): a "Save to my list" toggle on print cards and print
// pages, and the header's link to the list. Both are hidden in the HTML and shown by the island
// (src/client/shortlist.ts), which keeps the list in the visitor's browser: without JavaScript they could not work,
// and each print page's enquiry form is there instead. Nothing here differs per visitor, so cached pages stay shared.
import type { PageContext } from './layout.js';
import { shortlistPath } from './shortlist-ids.js';

/**
 * A toggle button for one print. Its name stays the same when pressed (aria-pressed says the state); the print's
 * title, visually hidden, makes each card's button distinct for screen readers.
 */
export function SaveToggle({ ctx, printId, title }: { ctx: PageContext; printId: string; title: string }) {
  return (
    <button type="button" class="save-toggle" data-save={printId} aria-pressed="false" hidden>
      {ctx.t('shortlist.save')}
      {title ? <span class="visually-hidden">: {title}</span> : null}
    </button>
  );
}

/**
 * The navigation's last item: the link to the list with the count the island keeps current. Hidden until the list
 * has a print; at the end of the navigation (inside the menu on phones) its appearing moves nothing else.
 */
export function ShortlistLink({ ctx }: { ctx: PageContext }) {
  const { t, lang } = ctx;
  return (
    <li class="shortlist-item" hidden>
      <a
        class="shortlist-link"
        href={shortlistPath(lang, [])}
        data-lang={lang}
        data-label-added={t('shortlist.added')}
        data-label-removed={t('shortlist.removed')}
        data-label-copied={t('shortlist.copied')}
      >
        {t('shortlist.link')} <span class="shortlist-link__count">0</span>
      </a>
    </li>
  );
}

/** Where the island announces what a toggle did (read by screen readers, not shown). */
export function ShortlistStatus() {
  return <p class="visually-hidden" role="status" data-shortlist-status />;
}
