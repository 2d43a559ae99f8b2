// A print as a visitor would see it, for the signed-in artist only (the studio's preview route): the public print
// page (pages/print.tsx in the site's layout) rendered from the artist's own data — drafts included — with a
// "Preview — not published" banner. The public loaders (artworks.ts) only ever read published content, so this is
// their non-public twin: scoped by the artist instead of by publication, images through the artist's media route
// (a draft's files are private), and neighbours as visitors would see them once the print is published.
import { sql, type Kysely } from 'kysely';
import { renderToString } from 'preact-render-to-string';
import type { Database, Language } from '../../platform/db/schema.js';
import type { Storage } from '../../platform/storage/types.js';
import * as catalogue from '../catalogue/repository.js';
import { labelsFrom, publicGalleryPrint, publicPrint } from '../catalogue/presenters.js';
import { Picker, other } from '../catalogue/localize.js';
import { artistMediaUrl } from '../media/visibility.js';
import {
  DISPLAY_VERSIONS,
  isUuid,
  type ImageSource,
  type Neighbour,
  type PrintPageData,
} from './artworks.js';
import { contextLoader, type SiteDeps } from './context.js';
import { languageSwitchHref, localePath, renderPage, type PageContext } from './layout.js';
import { PrintPage } from './pages/print.js';

type Db = Kysely<Database>;

export interface PrintPreview {
  readonly data: PrintPageData;
  readonly status: 'draft' | 'published';
  /** True when visitors can see the print now: published and in a published gallery. */
  readonly visible: boolean;
}

/** Galleries of the artist holding the print: published ones first, in the order the public list shows them. */
async function galleriesOf(
  db: Db,
  artistId: string,
  printId: string,
): Promise<Array<{ id: string; published: boolean }>> {
  const { rows } = await sql<{ id: string; published: boolean }>`
    select g.id, g.status = 'published' as published
    from galleries g join gallery_prints gp on gp.gallery_id = g.id
    where gp.print_id = ${printId} and g.artist_id = ${artistId}
    order by (g.status = 'published') desc, g.featured desc, g.published_at desc nulls last,
      g.created_at desc, g.id`.execute(db);
  return rows;
}

/** The artist's print (any status) with everything its public page shows; undefined when it is not theirs. */
export async function printPreviewData(
  db: Db,
  artistId: string,
  id: string,
  lang: Language,
  ctx: Pick<PageContext, 't'>,
): Promise<PrintPreview | undefined> {
  if (!isUuid(id)) return undefined;
  const [row, galleries] = await Promise.all([
    catalogue.getPrint(db, id, { artistId, publicOnly: false }),
    galleriesOf(db, artistId, id),
  ]);
  if (!row) return undefined;
  const chosen = galleries[0];
  // The print's current image: while a replacement is processed, the old versions are still the current ones.
  const imageId = row.image_id;
  const [vocab, versions, tags, counts, image, gallery, order] = await Promise.all([
    catalogue.vocabulary(db, artistId),
    catalogue.imageVersions(db, imageId),
    catalogue.tagsOf(db, [row.id]),
    catalogue.editionCounts(db, row.id),
    imageId
      ? db
          .selectFrom('images')
          .select(['placeholder', 'dzi_key'])
          .where('id', '=', imageId)
          .executeTakeFirst()
      : undefined,
    chosen ? catalogue.getGallery(db, chosen.id, { artistId, publicOnly: false }) : undefined,
    chosen ? catalogue.listGalleryPrints(db, chosen.id, { publicOnly: false }) : undefined,
  ]);
  const urls = { publicUrl: artistMediaUrl } as unknown as Storage;
  const labels = labelsFrom(vocab);
  const thumb = versions.find((v) => v.version === 'thumbnail');
  const print = publicPrint(row, lang, {
    storage: urls,
    labels,
    versions,
    counts,
    extras: { thumbnailKey: thumb?.storage_key ?? null, tags: tags.get(row.id) ?? [] },
  });
  // Visitors see the gallery's published prints; this one is shown among them as if it were published.
  const ordered = (order?.rows ?? []).filter((r) => r.status === 'published' || r.print_id === row.id);
  const index = ordered.findIndex((r) => r.print_id === row.id);
  const neighbour = (i: number): Neighbour | null => {
    const r = ordered[i];
    return r ? { id: r.print_id, title: publicGalleryPrint(r, lang, urls, labels).title } : null;
  };
  const images: ImageSource[] = versions
    .filter((v) => DISPLAY_VERSIONS.includes(v.version))
    .sort((a, b) => a.width - b.width)
    .map((v) => ({
      version: v.version,
      url: artistMediaUrl(v.storage_key),
      width: v.width,
      height: v.height,
    }));
  return {
    status: row.status,
    visible: row.status === 'published' && galleries.some((g) => g.published),
    data: {
      print,
      plateWidthMm: row.plate_width_mm,
      plateHeightMm: row.plate_height_mm,
      images,
      placeholder: image?.placeholder?.startsWith('data:image/') ? image.placeholder : null,
      dziUrl: image?.dzi_key ? artistMediaUrl(image.dzi_key) : null,
      publishedAt: row.published_at,
      gallery: chosen
        ? {
            id: chosen.id,
            title: new Picker(lang).text('title', gallery?.title),
            previous: index > 0 ? neighbour(index - 1) : null,
            next: index >= 0 ? neighbour(index + 1) : null,
            position: index + 1,
            count: ordered.length,
          }
        : // In no gallery yet: the breadcrumb leads to the galleries page.
          { id: '', title: ctx.t('nav.galleries'), previous: null, next: null, position: 1, count: 1 },
    },
  };
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
): Promise<string | undefined> {
  const { ctx } = await contextLoader(deps)(lang, `/prints/${printId}`);
  const preview = await printPreviewData(deps.database.db, artistId, printId, lang, ctx);
  if (!preview) return undefined;
  return renderPrintPreview(ctx, preview, links, deps.assets.url('studio.css'));
}
