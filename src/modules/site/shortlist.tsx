// The visitor's list page (issue 22). "Save to my list" on print cards and print pages (shortlist-controls.tsx)
// keeps print ids in the visitor's own browser (localStorage, by the island src/client/shortlist.ts): no account,
// no cookie, no request to the server. The list page `/{lang}/list?prints=<id>,<id>…` is the list as a link: the
// island opens it with the saved ids, and the same address can be sent to someone else. The server reads the ids
// from the address only, shows the prints a visitor may see (catalogue/policy.ts) in the given order, stores
// nothing, and offers one enquiry about all of them. Without JavaScript the toggles stay hidden, and each print
// page's enquiry form still works.
import type { ComponentChildren } from 'preact';
import { cardLoading, PublicPrintCard, type PublicPrintCardData } from './cards.js';
import { Layout, type PageContext } from './layout.js';
import { shortlistPath } from './shortlist-ids.js';

export type ShortlistItem = PublicPrintCardData;

export function ShortlistPage({
  ctx,
  ids,
  items,
  enquiry,
}: {
  ctx: PageContext;
  /** The ids asked for (the address). */
  ids: readonly string[];
  /** Those the visitor may see, in the same order. */
  items: readonly ShortlistItem[];
  /** The enquiry form about the listed prints. */
  enquiry?: ComponentChildren;
}) {
  const { t, lang } = ctx;
  const shown = items.map((i) => i.print.id);
  const link = ctx.publicUrl + shortlistPath(lang, shown);
  return (
    <Layout ctx={ctx} title={t('shortlist.title')} description={t('shortlist.intro')} noindex>
      <h1>{t('shortlist.title')}</h1>
      <p class="lede">{t('shortlist.intro')}</p>
      {items.length === 0 ? (
        <div class="shortlist-empty">
          <p>{ids.length === 0 ? t('shortlist.empty') : t('shortlist.noneAvailable')}</p>
          {/* Shown where scripting is off (site.css): the list needs JavaScript, the print pages' forms do not. */}
          <p class="shortlist-noscript">{t('shortlist.noScript')}</p>
        </div>
      ) : (
        <>
          {items.length < ids.length ? (
            <p>
              {t(
                ids.length - items.length === 1 ? 'shortlist.unavailable.one' : 'shortlist.unavailable.other',
                { count: ids.length - items.length },
              )}
            </p>
          ) : null}
          <ul class="grid grid--cards" data-shortlist-items>
            {items.map((item, index) => (
              <PublicPrintCard ctx={ctx} item={item} {...cardLoading(index)} />
            ))}
          </ul>
          <section class="shortlist-share" aria-labelledby="shortlist-share-h">
            <h2 id="shortlist-share-h">{t('shortlist.share')}</h2>
            <p id="shortlist-share-hint" class="hint">
              {t('shortlist.shareHint')}
            </p>
            <div class="shortlist-share__row">
              <label for="shortlist-url">{t('shortlist.shareLabel')}</label>
              <input
                id="shortlist-url"
                type="url"
                readOnly
                value={link}
                data-shortlist-url
                aria-describedby="shortlist-share-hint"
              />
              <button type="button" class="button" data-copy="shortlist-url" hidden>
                {t('shortlist.copy')}
              </button>
            </div>
          </section>
          {enquiry}
        </>
      )}
    </Layout>
  );
}
