// One print: the image over its generated versions (placeholder underneath while it loads), the copyright notice,
// the deep-zoom dialog (island: artwork.client.ts, viewer: zoom.client.ts), every public field in the visitor's
// language, previous/next within the gallery, schema.org VisualArtwork data for search engines, and the print's IIIF
// manifest for museum viewers (a link in the head and on the page; decision 023).
import { SaveToggle } from '../shortlist-controls.js';
import type { ComponentChildren } from 'preact';
import type { Language } from '../../../platform/i18n/index.js';
import { other } from '../../catalogue/localize.js';
import { Layout, localePath, type PageContext } from '../layout.js';
import type { ImageSource, PrintPageData } from '../artworks.js';
import { printHref } from './gallery.js';
import { srcsetOf } from '../cards.js';
import { copyrightNotice } from '../copyright.js';
import { absoluteUrl, previewSource } from '../link-preview.js';
import { dateRange } from './cv.js';
import type { ExhibitionRow } from '../../catalogue/exhibitions-repository.js';
import { PRESENTATION_CONTENT_TYPE } from '../iiif-paths.js';

/** Rendered width of the main image: full width on small screens, the wide column from 1024 px. */
export const PRINT_SIZES = '(min-width: 1536px) 58rem, (min-width: 1024px) 60vw, calc(100vw - 2rem)';

/** The print's picture on the print page and in a viewing room: the large version over its blurred placeholder. */
export function ArtworkFrame({
  ctx,
  main,
  images,
  placeholder,
  alt,
  sizes = PRINT_SIZES,
  extraClass,
  lowPriority = false,
  children,
}: {
  ctx: PageContext;
  main: ImageSource | undefined;
  images: readonly ImageSource[];
  placeholder: string | null;
  alt: string;
  /** The image's rendered width (the print page's main column unless given). */
  sizes?: string;
  extraClass?: string;
  /** Not the page's most important image (the states comparison shows two side by side). */
  lowPriority?: boolean;
  /** Drawn over the image in the same box (the states comparison's zoom viewer). */
  children?: ComponentChildren;
}) {
  if (!main) return <p class="artwork__missing">{ctx.t('print.noImage')}</p>;
  return (
    <div class={extraClass ? `artwork__frame ${extraClass}` : 'artwork__frame'}>
      {placeholder ? (
        <img
          class="artwork__placeholder"
          src={placeholder}
          width={main.width}
          height={main.height}
          alt=""
          decoding="async"
        />
      ) : null}
      <img
        class="artwork__image artwork-protect"
        src={main.url}
        srcset={srcsetOf(images)}
        sizes={sizes}
        width={main.width}
        height={main.height}
        alt={alt}
        fetchpriority={lowPriority ? undefined : 'high'}
        decoding="async"
        draggable={false}
      />
      {children}
    </div>
  );
}

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
  const manifest = data.manifestPath ? ctx.publicUrl + data.manifestPath : undefined;
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
    image: largest ? absoluteUrl(largest.url, ctx.publicUrl) : undefined,
    thumbnailUrl: p.thumbnailUrl ? absoluteUrl(p.thumbnailUrl, ctx.publicUrl) : undefined,
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
    subjectOf: manifest
      ? {
          '@type': 'CreativeWork',
          '@id': manifest,
          url: manifest,
          name: ctx.t('print.iiif.link'),
          encodingFormat: PRESENTATION_CONTENT_TYPE,
          conformsTo: 'https://iiif.io/api/presentation/3.0/',
        }
      : undefined,
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

export function PrintPage({
  ctx,
  data,
  exhibitions = [],
  enquiry,
}: {
  ctx: PageContext;
  data: PrintPageData;
  /** The exhibitions the print was shown at (records; the free-text history is a fact above). */
  exhibitions?: readonly ExhibitionRow[];
  /** The "Enquire about this print" form (absent in the studio's preview). */
  enquiry?: ComponentChildren;
}) {
  const { t, lang } = ctx;
  const p = data.print;
  const fallback = (field: string) => (p.fallbackFields.includes(field) ? other(lang) : undefined);
  const title = p.title || t('galleries.untitled');
  const artist = p.artistName || ctx.artistName || t('site.name');
  const main = data.images.find((i) => i.version === 'large') ?? data.images[data.images.length - 1];
  const first = data.images[0];
  const year = p.year ?? new Date().getFullYear();
  const notice = copyrightNotice(t, {
    year,
    artist,
    copyrightLine: ctx.copyrightLine,
    terms: p.copyrightTerms,
  });
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
  const shared = previewSource(data.images);
  return (
    <Layout
      ctx={ctx}
      title={title}
      description={description}
      scripts={['artwork.js']}
      preview={{
        type: 'article',
        image: shared
          ? {
              url: absoluteUrl(shared.url, ctx.publicUrl),
              width: shared.width,
              height: shared.height,
              alt: p.altText || title,
            }
          : undefined,
      }}
      head={
        <>
          <script
            type="application/ld+json"
            dangerouslySetInnerHTML={{ __html: jsonForScript(visualArtwork(data, ctx, canonical)) }}
          />
          {data.manifestPath ? (
            <link rel="alternate" type={PRESENTATION_CONTENT_TYPE} href={ctx.publicUrl + data.manifestPath} />
          ) : null}
        </>
      }
    >
      <article class="artwork" aria-labelledby="print-title">
        <p class="breadcrumb">
          <a href={localePath(lang, `/galleries/${data.gallery.id}`)}>{data.gallery.title}</a>
        </p>
        <div class="artwork__layout">
          <div class="artwork__media">
            <figure class="artwork__figure">
              <ArtworkFrame
                ctx={ctx}
                main={main && first ? main : undefined}
                images={data.images}
                placeholder={data.placeholder}
                alt={data.alt}
              />
              <figcaption class="artwork__copyright">
                {notice.notice}
                {notice.terms ? (
                  <>
                    {' '}
                    <span lang={fallback('copyrightTerms')}>{notice.terms}</span>
                  </>
                ) : null}
              </figcaption>
            </figure>
            {data.strip.length > 0 ? <ImageStrip ctx={ctx} data={data} /> : null}
            {data.zoomUrl && main ? <ZoomDialog ctx={ctx} data={data} title={title} /> : null}
          </div>
          <div class="artwork__details">
            <h1 id="print-title" lang={fallback('title')}>
              {title}
            </h1>
            <SaveToggle ctx={ctx} printId={p.id} title="" />
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
            {data.states.length > 0 ? <PlateStates ctx={ctx} data={data} /> : null}
            {exhibitions.length > 0 ? (
              <>
                <h2 class="facts__heading">{t('print.exhibitions')}</h2>
                <ul class="print-exhibitions">
                  {exhibitions.map((e) => (
                    <li>
                      <a href={`${localePath(lang, '/cv')}#cv-kind-${e.kind}`}>{e.title}</a>
                      {[e.venue, e.city].filter(Boolean).length > 0
                        ? `, ${[e.venue, e.city].filter(Boolean).join(', ')}`
                        : ''}{' '}
                      ({dateRange(String(e.starts_on), e.ends_on === null ? null : String(e.ends_on), lang)})
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            {p.artistStatement ? (
              <>
                <h2 class="facts__heading">{t('print.field.artistStatement')}</h2>
                <blockquote class="prose" lang={fallback('artistStatement')}>
                  <p>{p.artistStatement}</p>
                </blockquote>
              </>
            ) : null}
            {/* For museum viewers, after the facts: on a phone it stood between the picture and the title. */}
            {data.manifestPath ? (
              <p class="artwork__iiif">
                <a href={data.manifestPath} type={PRESENTATION_CONTENT_TYPE} aria-describedby="iiif-hint">
                  {t('print.iiif.link')}
                </a>{' '}
                <span id="iiif-hint">{t('print.iiif.hint')}</span>
              </p>
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
        {enquiry}
      </article>
    </Layout>
  );
}

/** Where the comparison of a print's states is (`a`, `b`: the state numbers shown). */
export function statesHref(lang: Language, printId: string, pair?: { a: number; b: number }): string {
  const path = localePath(lang, `/prints/${printId}/states`);
  return pair ? `${path}?a=${pair.a}&b=${pair.b}` : path;
}

/**
 * The plate's states (decision 025), I first: numeral, date and description; with two or more state proofs shown,
 * a link to the comparison view.
 */
export function PlateStates({ ctx, data }: { ctx: PageContext; data: PrintPageData }) {
  const { t, lang } = ctx;
  const comparable = data.states.filter((s) => s.image).length >= 2;
  return (
    <section class="print-states" aria-labelledby="print-states-title">
      <h2 id="print-states-title" class="facts__heading">
        {t('print.states.title')}
      </h2>
      <ol class="print-states__list">
        {data.states.map((state) => (
          <li class="print-states__item">
            <span class="print-states__name">{t('print.states.name', { numeral: state.numeral })}</span>
            {state.dated ? (
              <>
                {' '}
                <time class="print-states__date" dateTime={state.dated}>
                  {state.dateText}
                </time>
              </>
            ) : null}
            {state.description ? (
              <p class="print-states__description" lang={state.descriptionLang}>
                {state.description}
              </p>
            ) : null}
          </li>
        ))}
      </ol>
      {comparable ? (
        <p class="print-states__compare">
          <a href={statesHref(lang, data.print.id)}>{t('print.states.compare')}</a>
        </p>
      ) : null}
    </section>
  );
}

/**
 * The print's images (decision 024) as a list of links, each named by its role and alt text: following one shows
 * that image in the main figure and its tiles in the zoom viewer (a page of its own, ?image=<id>, so it works
 * without JavaScript and can be shared). The thumbnails keep a fixed box, so nothing moves while they load.
 */
export function ImageStrip({ ctx, data }: { ctx: PageContext; data: PrintPageData }) {
  const { t } = ctx;
  const href = (imageId: string | null) => {
    const query = new URLSearchParams();
    if (data.gallery.id) query.set('gallery', data.gallery.id);
    if (imageId) query.set('image', imageId);
    return `?${query.toString()}`;
  };
  return (
    <nav class="image-strip" aria-labelledby="image-strip-title">
      <h2 id="image-strip-title" class="image-strip__title">
        {t('print.images.title')}
      </h2>
      <ul class="image-strip__list">
        {data.strip.map((image) => {
          const role = t(`print.images.role.${image.role}`);
          return (
            <li>
              <a
                class="image-strip__link"
                href={href(image.id)}
                aria-current={image.current ? 'true' : undefined}
              >
                {image.thumbnail ? (
                  <img
                    class="image-strip__thumb"
                    src={image.thumbnail.url}
                    width={image.thumbnail.width}
                    height={image.thumbnail.height}
                    alt=""
                    loading="lazy"
                    decoding="async"
                  />
                ) : (
                  <span class="image-strip__thumb" />
                )}
                {/* The visible role starts the link's name (label in name); the name goes on with the alt text. */}
                <span class="image-strip__role" aria-hidden="true">
                  {role}
                </span>
                <span class="visually-hidden">{image.alt ? `${role}: ${image.alt}` : role}</span>
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

/** Zoom in, out and reset (the zoom dialog and the states comparison; the islands act on `data-zoom`). */
export function ZoomButtons({ ctx }: { ctx: PageContext }) {
  const { t } = ctx;
  return (
    <>
      <button type="button" data-zoom="in">
        {t('zoom.in')}
      </button>
      <button type="button" data-zoom="out">
        {t('zoom.out')}
      </button>
      <button type="button" data-zoom="home">
        {t('zoom.reset')}
      </button>
    </>
  );
}

/**
 * The deep-zoom dialog. Without JavaScript the button stays hidden (the viewer needs it). The island opens the
 * native modal dialog (focus stays inside, Escape closes, focus returns to the button) and loads the viewer.
 */
export function ZoomDialog({
  ctx,
  data,
  title,
}: {
  ctx: PageContext;
  data: Pick<PrintPageData, 'zoomUrl' | 'plateWidthMm' | 'plateHeightMm'>;
  title: string;
}) {
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
        data-tiles={data.zoomUrl ?? ''}
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
            <ZoomButtons ctx={ctx} />
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
