// The gallery and print pages' data, presented from the catalogue's views (catalogue/public-service.ts): the same
// print record the public API answers from, so a page says what the API says. Visibility is decided there, by the
// policy; nothing here reads the database. Images are the versions of the print's current image: while a
// replacement is processed that is still the previous image; the new one takes its place when it is ready.
import type {
  ImageRole,
  ImageVersionName,
  ImageVersionRow,
  Language,
  Localized,
} from '../../platform/db/schema.js';
import type { Storage } from '../../platform/storage/types.js';
import { publicGalleryPrint, publicPrintOf, stateImageVersions } from '../catalogue/presenters.js';
import { Picker } from '../catalogue/localize.js';
import { formatStateDate, romanNumeral } from '../catalogue/states.js';
import type { GalleryView, PrintView } from '../catalogue/public-service.js';
import type { AvailabilityRow } from '../catalogue/cards-repository.js';
import type { ZoomTiles } from '../catalogue/prints-repository.js';
import { cardPicture, type CardPicture } from './cards.js';
import { manifestPath } from './iiif-paths.js';

/** The presenters only build image URLs from storage keys (public ones, or the artist's media route). */
export type UrlStorage = Pick<Storage, 'publicUrl'>;

export interface ImageSource {
  readonly version: ImageVersionName;
  readonly url: string;
  readonly width: number;
  readonly height: number;
}

/** Versions a page may show, smallest first; never the original. */
export const DISPLAY_VERSIONS: readonly ImageVersionName[] = [
  'medium',
  'medium_2x',
  'large',
  'large_2x',
  'xlarge',
];

function sources(versions: readonly ImageVersionRow[], storage: UrlStorage): ImageSource[] {
  return versions
    .filter((v) => v.version !== 'original')
    .map((v) => ({
      version: v.version,
      url: storage.publicUrl(v.storage_key),
      width: v.width,
      height: v.height,
    }));
}

export type GalleryCardPrint = ReturnType<typeof publicGalleryPrint> & {
  readonly picture: CardPicture | undefined;
  readonly availability: AvailabilityRow | undefined;
};

export interface GalleryPageData {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly fallbackFields: readonly string[];
  readonly prints: GalleryCardPrint[];
}

export function galleryPageData(view: GalleryView, lang: Language, storage: UrlStorage): GalleryPageData {
  const p = new Picker(lang);
  return {
    id: view.gallery.id,
    title: p.text('title', view.gallery.title),
    description: p.text('description', view.gallery.description),
    fallbackFields: p.fallbackFields,
    prints: view.prints.map((r) => {
      const card = view.cards.get(r.print_id);
      return {
        ...publicGalleryPrint(r, lang, storage, view.labels),
        picture: cardPicture(card?.image, (key) => storage.publicUrl(key)),
        availability: card?.availability,
      };
    }),
  };
}

export interface Neighbour {
  readonly id: string;
  readonly title: string;
}

/** One image as the page and the IIIF manifest show it: display versions (smallest first) and zoom tiles. */
export interface PageImage {
  readonly role: ImageRole;
  readonly images: ImageSource[];
  readonly zoomUrl: string | null;
  readonly zoomSize: { readonly width: number; readonly height: number } | null;
}

/** One image of the print page's strip (decision 024): the primary first, then the others in their order. */
export interface StripImage {
  /** null: the primary image (the print page without ?image=). */
  readonly id: string | null;
  readonly role: ImageRole;
  readonly alt: string;
  readonly thumbnail: ImageSource | undefined;
  readonly current: boolean;
}

/** One plate state as the print page and the comparison view show it (decision 025). */
export interface PageState {
  readonly number: number;
  readonly numeral: string;
  readonly dated: string | null;
  readonly dateText: string | null;
  readonly description: string;
  /** Set when the description is in the other language (the element's lang). */
  readonly descriptionLang: Language | undefined;
  /** Raw descriptions, for the comparison's text alternative. */
  readonly descriptions: Localized;
  /** The state proof when processed: display versions, zoom tiles, placeholder and alt text. */
  readonly image: (PageImage & { readonly placeholder: string | null; readonly alt: string }) | null;
}

export interface PrintPageData {
  readonly print: ReturnType<typeof publicPrintOf>;
  /** The plate's states, I first (empty when the print has none). */
  readonly states: readonly PageState[];
  /** Alt text of the image in the main figure (the print's, or the chosen additional image's). */
  readonly alt: string;
  /** Every image of the print when it has more than one, else empty. */
  readonly strip: readonly StripImage[];
  /** Every processed image of the print, the primary first (the IIIF manifest's canvases). */
  readonly allImages: readonly PageImage[];
  readonly plateWidthMm: number | null;
  readonly plateHeightMm: number | null;
  readonly images: ImageSource[];
  /** data: URI of the tiny blurred preview shown while the image loads. */
  readonly placeholder: string | null;
  /** URL of the zoom tiles' IIIF info.json, when tiles exist (the tiles are in the same folder). */
  readonly zoomUrl: string | null;
  /** Size of the picture the zoom tiles are cut from (the largest public size), when tiles exist. */
  readonly zoomSize: { readonly width: number; readonly height: number } | null;
  /** Root-relative path of the print's IIIF manifest while visitors may see it and it has an image; else null. */
  readonly manifestPath: string | null;
  readonly publishedAt: Date | null;
  readonly gallery: {
    readonly id: string;
    readonly title: string;
    readonly previous: Neighbour | null;
    readonly next: Neighbour | null;
    readonly position: number;
    readonly count: number;
  };
}

/**
 * The print page's data. `noGallery` is the breadcrumb when the print is in no gallery (only the studio's preview
 * of a print not yet in one; a public print always is).
 */
export function printPageData(
  view: PrintView,
  lang: Language,
  storage: UrlStorage,
  noGallery: PrintPageData['gallery'] = {
    id: '',
    title: '',
    previous: null,
    next: null,
    position: 1,
    count: 1,
  },
  /** The additional image chosen with ?image=<id>; the primary when absent or unknown. */
  imageId?: string,
): PrintPageData {
  const { record } = view;
  const { row, labels } = record;
  const chosen = record.additionalImages.find((i) => i.id === imageId);
  const image = chosen ?? record.image;
  const print = publicPrintOf(record, lang, storage);
  const thumbnail = (versions: readonly ImageVersionRow[]) =>
    sources(
      versions.filter((v) => v.version === 'thumbnail'),
      storage,
    )[0];
  const strip: StripImage[] =
    record.additionalImages.length === 0
      ? []
      : [
          {
            id: null,
            role: 'primary',
            alt: print.altText,
            thumbnail: thumbnail(record.versions),
            current: !chosen,
          },
          ...record.additionalImages.map((i, n) => ({
            id: i.id,
            role: i.role,
            alt: print.additionalImages[n]?.altText ?? '',
            thumbnail: thumbnail(i.versions),
            current: i === chosen,
          })),
        ];
  const ordered = view.gallery?.prints ?? [];
  const index = ordered.findIndex((r) => r.print_id === row.id);
  const neighbour = (i: number): Neighbour | null => {
    const r = ordered[i];
    return r ? { id: r.print_id, title: publicGalleryPrint(r, lang, storage, labels).title } : null;
  };
  const displayOf = (versions: readonly ImageVersionRow[]) =>
    sources(
      versions.filter((v) => DISPLAY_VERSIONS.includes(v.version)).sort((a, b) => a.width - b.width),
      storage,
    );
  const pageImage = (
    role: ImageRole,
    versions: readonly ImageVersionRow[],
    tiles: ZoomTiles | null | undefined,
  ): PageImage => ({
    role,
    images: displayOf(versions),
    zoomUrl: tiles ? storage.publicUrl(tiles.infoKey) : null,
    zoomSize: tiles ? { width: tiles.width, height: tiles.height } : null,
  });
  const allImages = [
    pageImage('primary', record.versions, record.image?.tiles),
    ...record.additionalImages.map((i) => pageImage(i.role, i.versions, i.tiles)),
  ].filter((i) => i.images.length > 0);
  const display = displayOf(chosen?.versions ?? record.versions);
  const states: PageState[] = record.states.map((state) => {
    const p = new Picker(lang);
    const description = p.text('description', state.description);
    const versions = stateImageVersions(record, state.imageId);
    const extra = record.additionalImages.find((i) => i.id === state.imageId);
    const tiles = extra ? extra.tiles : record.image?.tiles;
    const placeholder = extra ? extra.placeholder : (record.image?.placeholder ?? null);
    const alt = extra ? new Picker(lang).text('altText', extra.alt) : print.altText;
    const image = versions ? pageImage(extra?.role ?? 'primary', versions, tiles) : null;
    return {
      number: state.number,
      numeral: romanNumeral(state.number),
      dated: state.dated,
      dateText: state.dated ? formatStateDate(state.dated, lang) : null,
      description,
      descriptionLang: p.fallbackFields.length > 0 ? (lang === 'da' ? 'en' : 'da') : undefined,
      descriptions: state.description,
      image:
        image && image.images.length > 0
          ? { ...image, placeholder: placeholder?.startsWith('data:image/') ? placeholder : null, alt }
          : null,
    };
  });
  return {
    print,
    states,
    alt: chosen ? (strip.find((i) => i.current)?.alt ?? '') : print.altText,
    strip,
    allImages,
    plateWidthMm: row.plate_width_mm,
    plateHeightMm: row.plate_height_mm,
    images: display,
    placeholder: image?.placeholder?.startsWith('data:image/') ? image.placeholder : null,
    zoomUrl: image?.tiles ? storage.publicUrl(image.tiles.infoKey) : null,
    zoomSize: image?.tiles ? { width: image.tiles.width, height: image.tiles.height } : null,
    manifestPath: record.isPublic && display.length > 0 ? manifestPath(row.id) : null,
    publishedAt: row.published_at,
    gallery: view.gallery
      ? {
          id: view.gallery.row?.id ?? '',
          title: new Picker(lang).text('title', view.gallery.row?.title),
          previous: index > 0 ? neighbour(index - 1) : null,
          next: index >= 0 ? neighbour(index + 1) : null,
          position: index + 1,
          count: ordered.length,
        }
      : noGallery,
  };
}

/** The comparison view's data (decision 025): the states with a processed proof, and the two shown. */
export interface StatesPageData {
  readonly page: PrintPageData;
  /** Every state that can be compared (its proof is processed), I first. */
  readonly states: ReadonlyArray<PageState & { readonly image: NonNullable<PageState['image']> }>;
  /** The earlier and the later of the two shown (the chosen order is kept: `a` under, `b` over). */
  readonly a: PageState & { readonly image: NonNullable<PageState['image']> };
  readonly b: PageState & { readonly image: NonNullable<PageState['image']> };
  /** True when the asked pair was not two different comparable states and another was shown. */
  readonly adjusted: boolean;
}

/**
 * Chooses the two states to compare: `a` and `b` by number when both are comparable and different, else the
 * last two. Undefined when fewer than two states have a processed proof (there is nothing to compare).
 */
export function statesPageData(page: PrintPageData, a?: number, b?: number): StatesPageData | undefined {
  const states = page.states.filter(
    (s): s is PageState & { image: NonNullable<PageState['image']> } => s.image !== null,
  );
  if (states.length < 2) return undefined;
  const find = (n: number | undefined) => states.find((s) => s.number === n);
  const asked = { a: find(a), b: find(b) };
  const fits = asked.a && asked.b && asked.a !== asked.b;
  const pair = fits
    ? { a: asked.a!, b: asked.b! }
    : { a: states[states.length - 2]!, b: states[states.length - 1]! };
  return { page, states, ...pair, adjusted: !fits && (a !== undefined || b !== undefined) };
}
