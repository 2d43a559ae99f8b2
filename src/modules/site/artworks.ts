// Data behind the gallery and print pages. Visibility follows the public API and the sitemap: a gallery shows when
// it is published; a print shows when it is published and sits in at least one published gallery. Texts, labels,
// dimensions and the edition summary come from the catalogue's own presenters, so a page says what the API says.
// Nothing here is cached across requests: publishing or unpublishing shows on the next page view. Images are the
// versions of the print's current image (prints.image_id): while a replacement is processed that is still the
// previous image, whose files are public; the new one takes its place when the worker completes it.
import { sql, type Kysely } from 'kysely';
import type { Database, ImageVersionName, Language } from '../../platform/db/schema.js';
import type { Storage } from '../../platform/storage/types.js';
import * as catalogue from '../catalogue/repository.js';
import { labelsFrom, publicGalleryPrint, publicPrint } from '../catalogue/presenters.js';
import { Picker } from '../catalogue/localize.js';

type Db = Kysely<Database>;

/** The presenters only build public URLs from storage keys. */
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
export const CARD_VERSIONS: readonly ImageVersionName[] = ['thumbnail', 'medium', 'medium_2x'];

async function versionsOf(
  db: Db,
  printIds: readonly string[],
  versions: readonly ImageVersionName[],
  storage: UrlStorage,
): Promise<Map<string, ImageSource[]>> {
  const out = new Map<string, ImageSource[]>();
  if (printIds.length === 0) return out;
  const rows = await db
    .selectFrom('prints as p')
    .innerJoin('image_versions as iv', 'iv.image_id', 'p.image_id')
    .select(['p.id as print_id', 'iv.version', 'iv.storage_key', 'iv.width', 'iv.height'])
    .where('p.id', 'in', printIds)
    .where('iv.version', 'in', versions)
    .orderBy('iv.width')
    // Versions capped at a small original's size share a width: nominal size order, never physical row order.
    .orderBy(
      sql`array_position(array['thumbnail','thumbnail_2x','medium','medium_2x','large','large_2x','xlarge'], iv.version)`,
    )
    .execute();
  for (const r of rows) {
    if (r.version === 'original') continue; // never, whatever the caller asked for
    const list = out.get(r.print_id) ?? [];
    list.push({
      version: r.version,
      url: storage.publicUrl(r.storage_key),
      width: r.width,
      height: r.height,
    });
    out.set(r.print_id, list);
  }
  return out;
}

export type GalleryCardPrint = ReturnType<typeof publicGalleryPrint> & { images: ImageSource[] };

export interface GalleryPageData {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly fallbackFields: readonly string[];
  readonly prints: GalleryCardPrint[];
}

/** A published gallery with its published prints in the artist's order; undefined when not public. */
export async function galleryPage(
  db: Db,
  id: string,
  lang: Language,
  storage: UrlStorage,
): Promise<GalleryPageData | undefined> {
  if (!isUuid(id)) return undefined;
  const gallery = await catalogue.getGallery(db, id, { publicOnly: true });
  if (!gallery) return undefined;
  const [{ rows }, vocab] = await Promise.all([
    catalogue.listGalleryPrints(db, id, { publicOnly: true }),
    catalogue.vocabulary(db, gallery.artist_id),
  ]);
  const labels = labelsFrom(vocab);
  const images = await versionsOf(
    db,
    rows.map((r) => r.print_id),
    CARD_VERSIONS,
    storage,
  );
  const p = new Picker(lang);
  return {
    id: gallery.id,
    title: p.text('title', gallery.title),
    description: p.text('description', gallery.description),
    fallbackFields: p.fallbackFields,
    prints: rows.map((r) => ({
      ...publicGalleryPrint(r, lang, storage as Storage, labels),
      images: images.get(r.print_id) ?? [],
    })),
  };
}

export interface Neighbour {
  readonly id: string;
  readonly title: string;
}

export interface PrintPageData {
  readonly print: ReturnType<typeof publicPrint>;
  readonly plateWidthMm: number | null;
  readonly plateHeightMm: number | null;
  readonly images: ImageSource[];
  /** data: URI of the tiny blurred preview shown while the image loads. */
  readonly placeholder: string | null;
  /** Public URL of the deep-zoom descriptor, when tiles exist. */
  readonly dziUrl: string | null;
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

/** Published galleries holding the print, in the order the galleries page lists them. */
async function publicGalleriesOf(db: Db, printId: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    select g.id from galleries g join gallery_prints gp on gp.gallery_id = g.id
    where gp.print_id = ${printId} and g.status = 'published'
    order by g.featured desc, g.published_at desc nulls last, g.created_at desc, g.id`.execute(db);
  return rows.map((r) => r.id);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/**
 * A public print with everything its page shows; `galleryId` picks the gallery for previous/next when it is a
 * published gallery holding the print, else the first such gallery is used. Undefined when not public.
 */
export async function printPage(
  db: Db,
  id: string,
  lang: Language,
  storage: UrlStorage,
  galleryId?: string,
): Promise<PrintPageData | undefined> {
  if (!isUuid(id)) return undefined;
  const [row, galleries] = await Promise.all([
    catalogue.getPrint(db, id, { publicOnly: true }),
    publicGalleriesOf(db, id),
  ]);
  if (!row || galleries.length === 0) return undefined;
  const chosen = galleryId && galleries.includes(galleryId) ? galleryId : galleries[0]!;
  const imageId = row.image_id;
  const [vocab, versions, tags, counts, image, gallery, order] = await Promise.all([
    catalogue.vocabulary(db, row.artist_id),
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
    catalogue.getGallery(db, chosen, { publicOnly: true }),
    catalogue.listGalleryPrints(db, chosen, { publicOnly: true }),
  ]);
  const labels = labelsFrom(vocab);
  const thumb = versions.find((v) => v.version === 'thumbnail');
  const print = publicPrint(row, lang, {
    storage: storage as Storage,
    labels,
    versions,
    counts,
    extras: { thumbnailKey: thumb?.storage_key ?? null, tags: tags.get(row.id) ?? [] },
  });
  const ordered = order.rows;
  const index = ordered.findIndex((r) => r.print_id === row.id);
  const neighbour = (i: number): Neighbour | null => {
    const r = ordered[i];
    return r
      ? { id: r.print_id, title: publicGalleryPrint(r, lang, storage as Storage, labels).title }
      : null;
  };
  const images = versions
    .filter((v) => DISPLAY_VERSIONS.includes(v.version))
    .sort((a, b) => a.width - b.width)
    .map((v) => ({
      version: v.version,
      url: storage.publicUrl(v.storage_key),
      width: v.width,
      height: v.height,
    }));
  return {
    print,
    plateWidthMm: row.plate_width_mm,
    plateHeightMm: row.plate_height_mm,
    images,
    placeholder: image?.placeholder?.startsWith('data:image/') ? image.placeholder : null,
    dziUrl: image?.dzi_key ? storage.publicUrl(image.dzi_key) : null,
    publishedAt: row.published_at,
    gallery: {
      id: chosen,
      title: new Picker(lang).text('title', gallery?.title),
      previous: index > 0 ? neighbour(index - 1) : null,
      next: index >= 0 ? neighbour(index + 1) : null,
      position: index + 1,
      count: ordered.length,
    },
  };
}
