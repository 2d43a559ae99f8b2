// One published gallery: its title, description and published prints in the artist's order as cards.
import { other } from '../../catalogue/localize.js';
import { Layout, localePath, type PageContext } from '../layout.js';
import type { GalleryCardPrint, GalleryPageData, ImageSource } from '../artworks.js';

/**
 * The first card loads at once and first (the largest paint on a phone, where it is the only card in view); the
 * rest lazily, so they do not share the phone's bandwidth with it. On a wide screen the lazy cards of the first
 * row are in view and load as soon as the layout is known.
 */
export const EAGER_CARDS = 1;

/** Rendered width of a card image at each breakpoint of the grid (see .grid in site.css). */
export const CARD_SIZES =
  '(min-width: 1600px) 23rem, (min-width: 1440px) 22vw, (min-width: 1024px) 30vw, (min-width: 768px) 46vw, 92vw';

/** One candidate per width: versions of a small original can share a width, and a repeated width is invalid. */
export function srcsetOf(images: readonly ImageSource[]): string {
  const seen = new Set<number>();
  return images
    .filter((i) => !seen.has(i.width) && seen.add(i.width))
    .map((i) => `${i.url} ${i.width}w`)
    .join(', ');
}

/** Card versions that share the print's proportions: the medium ones, else the (square) thumbnail alone. */
function cardImages(print: GalleryCardPrint): ImageSource[] {
  const proportional = print.images.filter((i) => i.version !== 'thumbnail');
  return proportional.length > 0 ? proportional : print.images.filter((i) => i.version === 'thumbnail');
}

export function printHref(lang: PageContext['lang'], printId: string, galleryId: string): string {
  return `${localePath(lang, `/prints/${printId}`)}?gallery=${encodeURIComponent(galleryId)}`;
}

export function GalleryPage({ ctx, gallery }: { ctx: PageContext; gallery: GalleryPageData }) {
  const { t, lang } = ctx;
  const fallback = (field: string) => (gallery.fallbackFields.includes(field) ? other(lang) : undefined);
  const title = gallery.title || t('galleries.untitled');
  return (
    <Layout
      ctx={ctx}
      title={title}
      description={gallery.description || t('gallery.description', { title })}
      scripts={['artwork.js']}
    >
      <div class="intro">
        <p class="breadcrumb">
          <a href={localePath(lang, '/galleries')}>{t('nav.galleries')}</a>
        </p>
        <h1 lang={fallback('title')}>{title}</h1>
        {gallery.description ? (
          <p class="lede" lang={fallback('description')}>
            {gallery.description}
          </p>
        ) : null}
      </div>
      {gallery.prints.length === 0 ? (
        <p>{t('gallery.empty')}</p>
      ) : (
        <ol class="grid grid--cards">
          {gallery.prints.map((print, index) => {
            const images = cardImages(print);
            const largest = images[images.length - 1];
            const smallest = images[0];
            return (
              <li class="card">
                {largest && smallest ? (
                  <img
                    class="card__image artwork-protect"
                    src={
                      smallest.version === 'thumbnail'
                        ? smallest.url
                        : (images.find((i) => i.version === 'medium') ?? smallest).url
                    }
                    srcset={images.length > 1 ? srcsetOf(images) : undefined}
                    sizes={images.length > 1 ? CARD_SIZES : undefined}
                    width={smallest.width}
                    height={smallest.height}
                    alt={print.altText}
                    loading={index < EAGER_CARDS ? undefined : 'lazy'}
                    fetchpriority={index === 0 ? 'high' : undefined}
                    decoding="async"
                    draggable={false}
                  />
                ) : null}
                <h2 class="card__title">
                  <a href={printHref(lang, print.id, gallery.id)}>{print.title || t('galleries.untitled')}</a>
                </h2>
                <p class="card__meta">
                  {[print.year === null ? null : String(print.year), print.technique]
                    .filter(Boolean)
                    .join(' · ')}
                </p>
              </li>
            );
          })}
        </ol>
      )}
    </Layout>
  );
}
