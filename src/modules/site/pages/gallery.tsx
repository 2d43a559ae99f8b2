// One published gallery: its title, description and published prints in the artist's order as cards.
import { other } from '../../catalogue/localize.js';
import { Layout, localePath, type PageContext } from '../layout.js';
import type { GalleryPageData } from '../artworks.js';
import { cardLoading, PrintCard, type CardPicture } from '../cards.js';
import { absoluteUrl, previewSource } from '../link-preview.js';
import { localized } from '../repository.js';
import { collectionPath, PRESENTATION_CONTENT_TYPE } from '../iiif-paths.js';

export function printHref(lang: PageContext['lang'], printId: string, galleryId: string): string {
  return `${localePath(lang, `/prints/${printId}`)}?gallery=${encodeURIComponent(galleryId)}`;
}

export function GalleryPage({
  ctx,
  gallery,
  cover,
}: {
  ctx: PageContext;
  gallery: GalleryPageData;
  /** The gallery's card image (its cover): the picture of its link preview. */
  cover: CardPicture | undefined;
}) {
  const { t, lang } = ctx;
  const coverSource = cover ? previewSource(cover.sources) : undefined;
  const fallback = (field: string) => (gallery.fallbackFields.includes(field) ? other(lang) : undefined);
  const title = gallery.title || t('galleries.untitled');
  return (
    <Layout
      ctx={ctx}
      title={title}
      description={gallery.description || t('gallery.description', { title })}
      scripts={['artwork.js']}
      preview={{
        image:
          cover && coverSource
            ? {
                url: absoluteUrl(coverSource.url, ctx.publicUrl),
                width: coverSource.width,
                height: coverSource.height,
                alt: localized(cover.alt, lang).text,
              }
            : undefined,
      }}
      head={
        // The gallery's IIIF collection (decision 023): its public prints' manifests, in this order.
        <link
          rel="alternate"
          type={PRESENTATION_CONTENT_TYPE}
          href={ctx.publicUrl + collectionPath(gallery.id)}
        />
      }
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
          {gallery.prints.map((print, index) => (
            <PrintCard
              ctx={ctx}
              printId={print.id}
              href={printHref(lang, print.id, gallery.id)}
              title={print.title}
              alt={print.altText}
              year={print.year}
              technique={print.technique}
              picture={print.picture}
              availability={print.availability}
              {...cardLoading(index)}
            />
          ))}
        </ol>
      )}
    </Layout>
  );
}
