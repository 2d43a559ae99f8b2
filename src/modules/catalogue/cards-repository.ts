// SQL behind the cards that show prints and galleries on the public pages (home, galleries, gallery, search): the
// images a card shows (proportional versions and the tiny placeholder) and a print's availability. Only public
// prints and galleries are answered (policy.ts); callers pass ids they found through the policy already.
import { sql } from 'kysely';
import type { ImageVersionName, Localized } from '../../platform/db/schema.js';
import { AVAILABILITY } from '../search/repository.js';
import { publicGallery, publicPrint, publicPrintInGallery } from './policy.js';
import type { Db } from './prints-repository.js';

/**
 * Versions a card may show: the proportional small and medium ones (an image processed before small existed has
 * only the medium ones), the square thumbnail only when there is nothing else.
 */
export const CARD_IMAGE_VERSIONS: readonly ImageVersionName[] = ['thumbnail', 'small', 'medium', 'medium_2x'];

export interface CardImageRow {
  readonly imageId: string;
  /** data: URI of the tiny blurred preview, when the pipeline made one. */
  readonly placeholder: string | null;
  /** The alt text of the print the image belongs to. */
  readonly alt: Localized;
  /** Smallest first. */
  readonly versions: ReadonlyArray<{
    version: ImageVersionName;
    storageKey: string;
    width: number;
    height: number;
  }>;
}

/** What the availability on a print's card is derived from (catalogue/availability.ts). */
export interface AvailabilityRow {
  /** The impression ledger's verdict when it has impressions, else the print's own term (search's rule). */
  readonly key: string | null;
  /** The term's label in both languages (the artist's own term wins over the built-in one). */
  readonly label: Localized;
  readonly editionSize: number | null;
  /** Numbered impressions recorded in the ledger, and how many of them are available. */
  readonly recorded: number;
  readonly available: number;
}

export interface PrintCardRow {
  readonly printId: string;
  readonly image: CardImageRow | undefined;
  readonly availability: AvailabilityRow;
}

/**
 * The image a gallery's card shows, as SQL on a galleries row `alias`: its cover print's when visitors may see
 * that print, else the first print (in the artist's order) they may see that has an image.
 */
export function galleryCardImageId(alias: string) {
  return sql<string | null>`coalesce(
    (select cp.image_id from prints cp
      where cp.id = ${sql.ref(`${alias}.cover_print_id`)} and cp.image_id is not null and ${publicPrint('cp')}),
    (select fp.image_id from gallery_prints gp join prints fp on fp.id = gp.print_id
      where gp.gallery_id = ${sql.ref(`${alias}.id`)} and fp.image_id is not null and ${publicPrintInGallery('fp', alias)}
      order by gp.position limit 1))`;
}

async function cardImages(db: Db, imageIds: readonly string[]): Promise<Map<string, CardImageRow>> {
  const out = new Map<string, CardImageRow>();
  if (imageIds.length === 0) return out;
  const { rows } = await sql<{
    image_id: string;
    placeholder: string | null;
    alt_text: Localized | null;
    version: ImageVersionName;
    storage_key: string;
    width: number;
    height: number;
  }>`
    select i.id as image_id, i.placeholder, p.alt_text, v.version, v.storage_key, v.width, v.height
    from images i join image_versions v on v.image_id = i.id left join prints p on p.id = i.print_id
    where i.id = any(${[...new Set(imageIds)]}::uuid[]) and v.version = any(${[...CARD_IMAGE_VERSIONS]}::text[])
    order by i.id, v.width, v.version`.execute(db);
  for (const r of rows) {
    const entry = out.get(r.image_id) ?? {
      imageId: r.image_id,
      placeholder: r.placeholder,
      alt: r.alt_text ?? {},
      versions: [],
    };
    (entry.versions as CardImageRow['versions'][number][]).push({
      version: r.version,
      storageKey: r.storage_key,
      width: r.width,
      height: r.height,
    });
    out.set(r.image_id, entry);
  }
  return out;
}

/** Card data of public prints, by print id (prints visitors may not see are left out). */
export async function printCards(db: Db, printIds: readonly string[]): Promise<Map<string, PrintCardRow>> {
  const out = new Map<string, PrintCardRow>();
  if (printIds.length === 0) return out;
  const { rows } = await sql<{
    id: string;
    image_id: string | null;
    availability: string | null;
    label_da: string | null;
    label_en: string | null;
    edition_size: number | null;
    recorded: number;
    available: number;
  }>`
    select p.id, p.image_id, a.availability, p.edition_size,
      public.vocabulary_label(p.artist_id, 'availability', a.availability, 'da') as label_da,
      public.vocabulary_label(p.artist_id, 'availability', a.availability, 'en') as label_en,
      coalesce(n.recorded, 0) as recorded, coalesce(n.available, 0) as available
    from prints p
      left join print_ledger pl on pl.print_id = p.id
      cross join lateral (select ${AVAILABILITY} as availability) a
      left join lateral (
        select count(*)::int as recorded, (count(*) filter (where i.status = 'available'))::int as available
        from impressions i where i.print_id = p.id and i.kind = 'numbered') n on true
    where p.id = any(${[...new Set(printIds)]}::uuid[]) and ${publicPrint('p')}`.execute(db);
  const images = await cardImages(
    db,
    rows.flatMap((r) => (r.image_id ? [r.image_id] : [])),
  );
  for (const r of rows) {
    const label: Localized = {};
    if (r.label_da) label.da = r.label_da;
    if (r.label_en) label.en = r.label_en;
    out.set(r.id, {
      printId: r.id,
      image: r.image_id ? images.get(r.image_id) : undefined,
      availability: {
        key: r.availability,
        label,
        editionSize: r.edition_size,
        recorded: r.recorded,
        available: r.available,
      },
    });
  }
  return out;
}

/** The card image of public galleries, by gallery id (see galleryCardImageId). */
export async function galleryCards(
  db: Db,
  galleryIds: readonly string[],
): Promise<Map<string, CardImageRow>> {
  const out = new Map<string, CardImageRow>();
  if (galleryIds.length === 0) return out;
  const { rows } = await sql<{ id: string; image_id: string | null }>`
    select g.id, ${galleryCardImageId('g')} as image_id from galleries g
    where g.id = any(${[...new Set(galleryIds)]}::uuid[]) and ${publicGallery('g')}`.execute(db);
  const images = await cardImages(
    db,
    rows.flatMap((r) => (r.image_id ? [r.image_id] : [])),
  );
  for (const r of rows) {
    const image = r.image_id ? images.get(r.image_id) : undefined;
    if (image) out.set(r.id, image);
  }
  return out;
}
