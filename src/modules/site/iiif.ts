// IIIF Presentation API 3.0 documents (decision 023), presented from what the print and gallery pages show — the
// same views, so the visibility policy and the read model decide here too: a manifest per public print (labels,
// summary and metadata in Danish and English, the copyright line, the licence when the artist chose one, one canvas
// per image — the primary first, then the print's other images (decision 024) — each with its IIIF level 0 image
// service) and a collection per public gallery listing its prints' manifests in the artist's order. Every URL in
// them is absolute (PUBLIC_URL, or the CDN for media).
import { LANGUAGES, type Language } from '../../platform/i18n/index.js';
import { other } from '../catalogue/localize.js';
import type { GalleryPageData, ImageSource, PrintPageData } from './artworks.js';
import type { CardPicture } from './cards.js';
import { copyrightNotice } from './copyright.js';
import { collectionPath, manifestPath, PRESENTATION_CONTEXT } from './iiif-paths.js';
import { localePath, type PageContext } from './layout.js';
import { absoluteUrl, contentTypeOf } from './link-preview.js';

/** Text by language, as IIIF writes it: `{ "da": ["…"], "en": ["…"] }`. */
export type LanguageMap = Partial<Record<Language | 'none', string[]>>;

interface IiifImage {
  id: string;
  type: 'Image';
  format: string;
  width: number;
  height: number;
}

/** One page's view in each language: the page context and what the page shows. */
export type Bilingual<T> = Readonly<Record<Language, { readonly ctx: PageContext; readonly data: T }>>;

/**
 * The same text in each language, each under the language it is written in: a field that fell back to the other
 * language (the Danish page showing English text) counts for that language, once.
 */
function languageMap(values: ReadonlyArray<{ lang: Language; text: string }>): LanguageMap | undefined {
  const map: LanguageMap = {};
  for (const { lang, text } of values) {
    const value = text.trim();
    if (value && !map[lang]) map[lang] = [value];
  }
  return Object.keys(map).length > 0 ? map : undefined;
}

function printText(
  views: Bilingual<PrintPageData>,
  field: string,
  text: (data: PrintPageData, lang: Language) => string | null | undefined,
): LanguageMap | undefined {
  return languageMap(
    LANGUAGES.map((lang) => {
      const { data } = views[lang];
      return {
        lang: data.print.fallbackFields.includes(field) ? other(lang) : lang,
        text: text(data, lang) ?? '',
      };
    }),
  );
}

/** A label from the site's messages in both languages. */
function message(views: Bilingual<unknown>, key: string): LanguageMap {
  return { da: [views.da.ctx.t(key)], en: [views.en.ctx.t(key)] };
}

function image(source: ImageSource, publicUrl: string): IiifImage {
  const url = absoluteUrl(source.url, publicUrl);
  return {
    id: url,
    type: 'Image',
    format: contentTypeOf(url) ?? 'image/webp',
    width: source.width,
    height: source.height,
  };
}

function homepages(views: Bilingual<unknown>, path: string, label: (lang: Language) => string) {
  return LANGUAGES.map((lang) => ({
    id: views[lang].ctx.publicUrl + localePath(lang, path),
    type: 'Text',
    label: { [lang]: [label(lang)] },
    format: 'text/html',
    language: [lang],
  }));
}

/** The artist, with the site's home page in each language. */
function provider(views: Bilingual<unknown>) {
  const { publicUrl } = views.en.ctx;
  const name = (lang: Language) => views[lang].ctx.artistName || views[lang].ctx.t('site.name');
  return [
    {
      id: `${publicUrl}/`,
      type: 'Agent',
      label: languageMap(LANGUAGES.map((lang) => ({ lang, text: name(lang) }))) ?? {},
      homepage: homepages(views, '/', (lang) => views[lang].ctx.t('site.name')),
    },
  ];
}

/** The print's manifest; undefined when it has no picture to show (visitors see "not available yet"). */
export function printManifest(views: Bilingual<PrintPageData>, licenceUrl: string | null) {
  const { ctx, data } = views.en;
  const { publicUrl } = ctx;
  const largest = data.images[data.images.length - 1];
  const smallest = data.images[0];
  if (!data.manifestPath || !largest || !smallest) return undefined;
  const id = publicUrl + data.manifestPath;
  const title = printText(
    views,
    'title',
    (d, lang) => d.print.title || views[lang].ctx.t('galleries.untitled'),
  );
  const fact = (key: string, field: string | null, text: (d: PrintPageData) => string | null | undefined) => {
    const value = printText(views, field ?? key, text);
    return value ? [{ label: message(views, `print.field.${key}`), value }] : [];
  };
  const notice = (lang: Language) => {
    const { ctx: c, data: d } = views[lang];
    const n = copyrightNotice(c.t, {
      year: d.print.year ?? new Date().getFullYear(),
      artist: d.print.artistName || c.artistName || c.t('site.name'),
      copyrightLine: c.copyrightLine,
      terms: d.print.copyrightTerms,
    });
    return n.terms ? `${n.notice} ${n.terms}` : n.notice;
  };
  return {
    '@context': PRESENTATION_CONTEXT,
    id,
    type: 'Manifest',
    label: title ?? {},
    ...optional(
      'summary',
      printText(views, 'description', (d) => d.print.description),
    ),
    metadata: [
      ...fact('artist', 'artistName', (d) => d.print.artistName || views.en.ctx.artistName),
      ...fact('technique', null, (d) => d.print.technique),
      ...fact('plateType', null, (d) => d.print.plateType),
      ...fact('dimensions', null, (d) => d.print.plateDimensions?.text),
      ...fact('sheetDimensions', null, (d) => d.print.sheetDimensions?.text),
      ...fact('year', null, (d) => (d.print.year === null ? null : String(d.print.year))),
      ...fact('edition', null, (d) => d.print.edition.text),
      ...fact('paperType', 'paperType', (d) => d.print.paperType),
    ],
    ...optional('rights', licenceUrl ?? undefined),
    requiredStatement: {
      label: message(views, 'iiif.copyright'),
      value: { da: [notice('da')], en: [notice('en')] },
    },
    provider: provider(views),
    homepage: homepages(
      views,
      `/prints/${data.print.id}`,
      (lang) => views[lang].data.print.title || views[lang].ctx.t('galleries.untitled'),
    ),
    thumbnail: [image(smallest, publicUrl)],
    ...(data.gallery.id
      ? { partOf: [{ id: publicUrl + collectionPath(data.gallery.id), type: 'Collection' }] }
      : {}),
    // One canvas per image, the primary first (decision 024): a museum's viewer pages through them.
    items: data.allImages.flatMap((picture, n) => {
      const shown = picture.images[picture.images.length - 1];
      if (!shown) return [];
      const canvasId = `${id}/canvas/${n + 1}`;
      const serviceId = picture.zoomUrl
        ? absoluteUrl(picture.zoomUrl, publicUrl).replace(/\/info\.json$/, '')
        : null;
      const size = picture.zoomSize ?? { width: shown.width, height: shown.height };
      const label = picture.role === 'primary' ? title : message(views, `print.images.role.${picture.role}`);
      return [
        {
          id: canvasId,
          type: 'Canvas',
          ...(label ? { label } : {}),
          width: size.width,
          height: size.height,
          items: [
            {
              id: `${canvasId}/page`,
              type: 'AnnotationPage',
              items: [
                {
                  id: `${canvasId}/page/image`,
                  type: 'Annotation',
                  motivation: 'painting',
                  target: canvasId,
                  body: {
                    ...image(shown, publicUrl),
                    ...(serviceId
                      ? { service: [{ id: serviceId, type: 'ImageService3', profile: 'level0' }] }
                      : {}),
                  },
                },
              ],
            },
          ],
        },
      ];
    }),
  };
}

/** A print as a collection lists it: its manifest, title in both languages and its card picture. */
export interface CollectionPrint {
  readonly id: string;
  readonly title: { da?: string; en?: string };
  readonly picture: CardPicture | undefined;
}

/** The gallery's collection: its prints' manifests in the artist's order (prints with a picture only). */
export function galleryCollection(
  views: Bilingual<GalleryPageData>,
  prints: readonly CollectionPrint[],
  cover: CardPicture | undefined,
) {
  const { ctx, data } = views.en;
  const { publicUrl } = ctx;
  const galleryText = (field: string, text: (d: GalleryPageData) => string) =>
    languageMap(
      LANGUAGES.map((lang) => ({
        lang: views[lang].data.fallbackFields.includes(field) ? other(lang) : lang,
        text: text(views[lang].data),
      })),
    );
  const thumbnail = (picture: CardPicture | undefined) => {
    const source = picture?.sources.find((s) => s.version === 'medium') ?? picture?.sources[0];
    return source ? { thumbnail: [image(source, publicUrl)] } : {};
  };
  const untitled = (lang: Language) => views[lang].ctx.t('galleries.untitled');
  return {
    '@context': PRESENTATION_CONTEXT,
    id: publicUrl + collectionPath(data.id),
    type: 'Collection',
    label: galleryText('title', (d) => d.title) ?? { en: [untitled('en')], da: [untitled('da')] },
    ...optional(
      'summary',
      galleryText('description', (d) => d.description),
    ),
    provider: provider(views),
    homepage: homepages(views, `/galleries/${data.id}`, (lang) => views[lang].data.title || untitled(lang)),
    ...thumbnail(cover),
    items: prints
      .filter((p) => p.picture)
      .map((p) => ({
        id: publicUrl + manifestPath(p.id),
        type: 'Manifest',
        label: languageMap(LANGUAGES.map((lang) => ({ lang, text: p.title[lang] ?? '' }))) ?? {
          en: [untitled('en')],
          da: [untitled('da')],
        },
        ...thumbnail(p.picture),
      })),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}
