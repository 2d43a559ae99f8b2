// One print: the image over its generated versions (placeholder underneath while it loads), the copyright notice,
// the deep-zoom dialog (island: artwork.client.ts, viewer: zoom.client.ts), every public field in the visitor's
// language, previous/next within the gallery, and schema.org VisualArtwork data for search engines.
import type { ComponentChildren } from 'preact';
import type { Language } from '../../../platform/i18n/index.js';
import { other } from '../../catalogue/localize.js';
import { Layout, localePath, type PageContext } from '../layout.js';
import type { PrintPageData } from '../artworks.js';
import { printHref, srcsetOf } from './gallery.js';

/** Rendered width of the main image: full width on small screens, the wide column from 1024 px. */
export const PRINT_SIZES = '(min-width: 1536px) 58rem, (min-width: 1024px) 60vw, calc(100vw - 2rem)';

const LOCALES: Record<Language, string> = { da: 'da-DK', en: 'en-GB' };

export function formatPrice(amount: number, currency: string, lang: Language): string {
  return new Intl.NumberFormat(LOCALES[lang], { style: 'currency', currency }).format(amount);
}

/** JSON for a <script type="application/ld+json">: `<` escaped so no text can close the element. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export function visualArtwork(data: PrintPageData, ctx: PageContext, url: string) {
  const p = data.print;
  const largest = data.images[data.images.length - 1];
  const mm = (value: number | null) =>
    value ? { '@type': 'QuantitativeValue', value: value / 10, unitCode: 'CMT', unitText: 'cm' } : undefined;
  const artist = p.artistName || ctx.artistName;
  return {
    '@context': 'https://schema.org',
    '@type': 'VisualArtwork',
    '@id': url,
    url,
    name: p.title,
    description: p.description || undefined,
    inLanguage: ctx.lang,
    image: largest ? largest.url : undefined,
    thumbnailUrl: p.thumbnailUrl ?? undefined,
    creator: artist ? { '@type': 'Person', name: artist } : undefined,
    dateCreated: p.year === null ? undefined : String(p.year),
    datePublished: data.publishedAt ? data.publishedAt.toISOString() : undefined,
    artform: ctx.t('print.artform'),
    artMedium: p.technique ?? undefined,
    artworkSurface: p.paperType || undefined,
    artEdition: p.editionSize ?? undefined,
    height: mm(data.plateHeightMm),
    width: mm(data.plateWidthMm),
    copyrightHolder: artist ? { '@type': 'Person', name: artist } : undefined,
    copyrightYear: p.year ?? undefined,
    keywords: p.tags.length > 0 ? p.tags.join(', ') : undefined,
  };
}

function Fact({
  label,
  lang,
  children,
}: {
  label: string;
  lang?: Language | undefined;
  children: ComponentChildren;
}) {
  return (
    <div class="facts__row">
      <dt>{label}</dt>
      <dd lang={lang}>{children}</dd>
    </div>
  );
}

export function PrintPage({ ctx, data }: { ctx: PageContext; data: PrintPageData }) {
  const { t, lang } = ctx;
  const p = data.print;
  const fallback = (field: string) => (p.fallbackFields.includes(field) ? other(lang) : undefined);
  const title = p.title || t('galleries.untitled');
  const artist = p.artistName || ctx.artistName || t('site.name');
  const main = data.images.find((i) => i.version === 'large') ?? data.images[data.images.length - 1];
  const first = data.images[0];
  const year = p.year ?? new Date().getFullYear();
  const canonical = ctx.publicUrl + localePath(lang, ctx.path);
  const facts: Array<[string, string | null | undefined, string?]> = [
    ['technique', p.technique],
    ['plateType', p.plateType],
    ['dimensions', p.plateDimensions?.text],
    ['sheetDimensions', p.sheetDimensions?.text],
    ['year', p.year === null ? null : String(p.year)],
    ['edition', p.edition.text],
    ['editionState', p.edition.state, 'editionState'],
    ['artistProofs', p.edition.artistProofs ? String(p.edition.artistProofs) : null],
    ['paperType', p.paperType, 'paperType'],
    ['inkType', p.inkType, 'inkType'],
    ['printingPress', p.printingPress, 'printingPress'],
    ['medium', p.medium, 'medium'],
    ['subject', p.subject, 'subject'],
    ['styleMovement', p.styleMovement, 'styleMovement'],
    ['tags', p.tags.join(', ')],
    ['availability', p.availability],
    ['price', p.price ? formatPrice(p.price.amount, p.price.currency, lang) : null],
    ['purchaseInfo', p.purchaseInfo, 'purchaseInfo'],
    ['location', p.location, 'location'],
    ['provenance', p.provenance, 'provenance'],
    ['exhibitionHistory', p.exhibitionHistory, 'exhibitionHistory'],
  ];
  const description = p.description ? p.description.slice(0, 160) : t('print.description', { title, artist });
  return (
    <Layout
      ctx={ctx}
      title={title}
      description={description}
      scripts={['artwork.js']}
      head={
        <script
          type="application/ld+json"
          dangerouslySetInnerHTML={{ __html: jsonForScript(visualArtwork(data, ctx, canonical)) }}
        />
      }
    >
      <article class="artwork" aria-labelledby="print-title">
        <p class="breadcrumb">
          <a href={localePath(lang, `/galleries/${data.gallery.id}`)}>{data.gallery.title}</a>
        </p>
        <div class="artwork__layout">
          <div class="artwork__media">
            <figure class="artwork__figure">
              {main && first ? (
                <div class="artwork__frame">
                  {data.placeholder ? (
                    <img
                      class="artwork__placeholder"
                      src={data.placeholder}
                      width={main.width}
                      height={main.height}
                      alt=""
                      decoding="async"
                    />
                  ) : null}
                  <img
                    class="artwork__image artwork-protect"
                    src={main.url}
                    srcset={srcsetOf(data.images)}
                    sizes={PRINT_SIZES}
                    width={main.width}
                    height={main.height}
                    alt={p.altText}
                    fetchpriority="high"
                    decoding="async"
                    draggable={false}
                  />
                </div>
              ) : (
                <p class="artwork__missing">{t('print.noImage')}</p>
              )}
              <figcaption class="artwork__copyright">
                {t('print.copyright', { year, artist })}
                {p.copyrightTerms ? (
                  <>
                    {' '}
                    <span lang={fallback('copyrightTerms')}>{p.copyrightTerms}</span>
                  </>
                ) : null}
              </figcaption>
            </figure>
            {data.dziUrl && main ? <ZoomDialog ctx={ctx} data={data} title={title} /> : null}
          </div>
          <div class="artwork__details">
            <h1 id="print-title" lang={fallback('title')}>
              {title}
            </h1>
            {p.description ? (
              <div class="prose" lang={fallback('description')}>
                {p.description
                  .split(/\n\s*\n/)
                  .map((para) => para.trim())
                  .filter(Boolean)
                  .map((para) => (
                    <p>{para}</p>
                  ))}
              </div>
            ) : null}
            <h2 class="facts__heading">{t('print.details')}</h2>
            <dl class="facts">
              {facts
                .filter(([, value]) => Boolean(value))
                .map(([key, value, field]) => (
                  <Fact label={t(`print.field.${key}`)} lang={field ? fallback(field) : undefined}>
                    {value}
                  </Fact>
                ))}
            </dl>
            {p.artistStatement ? (
              <>
                <h2 class="facts__heading">{t('print.field.artistStatement')}</h2>
                <blockquote class="prose" lang={fallback('artistStatement')}>
                  <p>{p.artistStatement}</p>
                </blockquote>
              </>
            ) : null}
          </div>
        </div>
        <nav class="pager" aria-label={t('print.pagerLabel', { gallery: data.gallery.title })}>
          {data.gallery.previous ? (
            <a
              class="pager__prev"
              rel="prev"
              href={printHref(lang, data.gallery.previous.id, data.gallery.id)}
            >
              <span class="pager__dir">{t('print.previous')}</span> {data.gallery.previous.title}
            </a>
          ) : (
            <span class="pager__prev" />
          )}
          <span class="pager__pos">
            {t('print.position', { position: data.gallery.position, count: data.gallery.count })}
          </span>
          {data.gallery.next ? (
            <a class="pager__next" rel="next" href={printHref(lang, data.gallery.next.id, data.gallery.id)}>
              <span class="pager__dir">{t('print.next')}</span> {data.gallery.next.title}
            </a>
          ) : (
            <span class="pager__next" />
          )}
        </nav>
      </article>
    </Layout>
  );
}

/**
 * The deep-zoom dialog. Without JavaScript the button stays hidden (the viewer needs it). The island opens the
 * native modal dialog (focus stays inside, Escape closes, focus returns to the button) and loads the viewer.
 */
function ZoomDialog({ ctx, data, title }: { ctx: PageContext; data: PrintPageData; title: string }) {
  const { t } = ctx;
  return (
    <>
      <button type="button" class="zoom-open" aria-haspopup="dialog" aria-controls="zoom" hidden>
        {t('zoom.open')}
      </button>
      <dialog
        id="zoom"
        class="zoom"
        aria-labelledby="zoom-title"
        aria-describedby="zoom-help"
        data-dzi={data.dziUrl ?? ''}
        data-viewer={ctx.assets.url('zoom.js')}
        data-plate-width-mm={data.plateWidthMm ?? undefined}
        data-label-viewer={t('zoom.viewerLabel', { title })}
        data-label-error={t('zoom.error')}
      >
        <div class="zoom__bar">
          <h2 id="zoom-title" class="zoom__title">
            {t('zoom.title', { title })}
          </h2>
          <div class="zoom__controls">
            <button type="button" data-zoom="in">
              {t('zoom.in')}
            </button>
            <button type="button" data-zoom="out">
              {t('zoom.out')}
            </button>
            <button type="button" data-zoom="home">
              {t('zoom.reset')}
            </button>
            <button type="button" data-zoom="close">
              {t('zoom.close')}
            </button>
          </div>
        </div>
        <div class="zoom__viewer" id="zoom-viewer" />
        <p class="zoom__status" role="status" />
        <div class="zoom__scale" hidden>
          <span class="zoom__scale-bar" />
          <span class="zoom__scale-label" />
        </div>
        <p id="zoom-help" class="zoom__help">
          {t('zoom.help')}
        </p>
      </dialog>
    </>
  );
}
