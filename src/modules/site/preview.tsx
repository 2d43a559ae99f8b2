// A print as a visitor would see it, for the signed-in artist only (the studio's preview route): the public print
// page (pages/print.tsx in the site's layout) presented from the same read model as the public page, read in the
// artist's scope instead of the public one — drafts included — with a "Preview — not published" banner, images
// through the artist's media route (a draft's files are private), and neighbours as visitors would see them once
// the print is public.
import { renderToString } from 'preact-render-to-string';
import type { Language } from '../../platform/db/schema.js';
import { isUuid } from '../../platform/ids.js';
import type { Catalogue } from '../catalogue/index.js';
import { other } from '../catalogue/localize.js';
import { artistMediaUrl } from '../media/visibility.js';
import { printPageData, type PrintPageData } from './artworks.js';
import { contextLoader, type SiteDeps } from './context.js';
import { languageSwitchHref, localePath, renderPage, type PageContext } from './layout.js';
import { PrintPage } from './pages/print.js';
import type { PublicationStatus } from '../../platform/db/schema.js';

export interface PrintPreview {
  readonly data: PrintPageData;
  readonly status: PublicationStatus;
  /** True when visitors can see the print now (the visibility policy: published and in a published gallery). */
  readonly visible: boolean;
}

/** The artist's print (any status) with everything its public page shows; undefined when it is not theirs. */
export async function printPreviewData(
  catalogue: Catalogue,
  artistId: string,
  id: string,
  lang: Language,
  ctx: Pick<PageContext, 't'>,
  /** The additional image chosen in the strip (?image=), as on the public page. */
  imageId?: string,
): Promise<PrintPreview | undefined> {
  if (!isUuid(id)) return undefined;
  const view = await catalogue.public.printView(id, { kind: 'artist', artistId });
  if (!view) return undefined;
  // A draft's files are private: the preview loads every image through the artist's media route.
  const data = printPageData(
    view,
    lang,
    { publicUrl: artistMediaUrl },
    {
      // In no gallery yet: the breadcrumb leads to the galleries page.
      id: '',
      title: ctx.t('nav.galleries'),
      previous: null,
      next: null,
      position: 1,
      count: 1,
    },
    imageId,
  );
  return { data, status: view.record.row.status, visible: view.record.isPublic };
}

const escapeAttribute = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** Where the banner's links lead: the editor and this preview in the other language. */
export interface PreviewLinks {
  editor: string;
  preview(lang: Language): string;
}

function Banner({ preview, lang, links }: { preview: PrintPreview; lang: Language; links: PreviewLinks }) {
  const language = lang === 'da' ? 'Danish' : 'English';
  const otherLang = other(lang);
  return (
    <div class="notice preview-banner" lang="en" id="preview-banner">
      <p>
        <strong>
          {preview.status === 'draft'
            ? 'Preview — not published.'
            : preview.visible
              ? 'Preview — published.'
              : 'Preview — published, but in no published gallery, so visitors cannot see it yet.'}
        </strong>{' '}
        This is the print page in {language} as a visitor {preview.visible ? 'sees' : 'would see'} it.
      </p>
      <p>
        <a href={links.editor}>Back to the editor</a> ·{' '}
        <a href={links.preview(otherLang)}>Preview in {otherLang === 'da' ? 'Danish' : 'English'}</a>
      </p>
    </div>
  );
}

/**
 * The public print page for the preview: noindex, the banner at the top of <main>, the language toggle leading to
 * the other language's preview (the public page of a draft does not exist), and the studio styles for the banner.
 */
export function renderPrintPreview(
  ctx: PageContext,
  preview: PrintPreview,
  links: PreviewLinks,
  studioCss: string,
): string {
  let html = renderPage(<PrintPage ctx={ctx} data={preview.data} />);
  html = html.replace(
    '</head>',
    `<meta name="robots" content="noindex"/><link rel="stylesheet" href="${escapeAttribute(studioCss)}"/></head>`,
  );
  const main = /<main\b[^>]*>/.exec(html);
  if (main) {
    const at = main.index + main[0].length;
    const banner = renderToString(<Banner preview={preview} lang={ctx.lang} links={links} />);
    html = html.slice(0, at) + banner + html.slice(at);
  }
  const toggle = escapeAttribute(languageSwitchHref(other(ctx.lang), ctx.path));
  html = html.replace(`href="${toggle}"`, `href="${escapeAttribute(links.preview(other(ctx.lang)))}"`);
  if (!preview.data.gallery.id) {
    const galleries = localePath(ctx.lang, '/galleries');
    html = html.replace(`href="${galleries}/"`, `href="${galleries}"`);
  }
  return html;
}

/** Loads and renders the preview of the artist's print; undefined when there is no such print of theirs. */
export async function printPreviewPage(
  deps: SiteDeps,
  artistId: string,
  printId: string,
  lang: Language,
  links: PreviewLinks,
  imageId?: string,
): Promise<string | undefined> {
  const { ctx } = await contextLoader(deps)(lang, `/prints/${printId}`);
  const preview = await printPreviewData(deps.catalogue, artistId, printId, lang, ctx, imageId);
  if (!preview) return undefined;
  return renderPrintPreview(ctx, preview, links, deps.assets.url('studio.css'));
}
