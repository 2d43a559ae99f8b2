// SQL of prints: the artist's inventory, one print in a scope (the artist's, or public by the policy), its image
// versions, tags and EXIF, the print's own rows (insert, update, delete with its images) and its filters.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, ImageVersionRow, PrintRow, PrintUpdate } from '../../platform/db/schema.js';
import { publicPrint } from './policy.js';
import type { PublicationStatus } from '../../platform/db/schema.js';
import { likeLiteral } from '../../platform/db/like.js';

export type Db = Kysely<Database> | Transaction<Database>;

export interface Page {
  offset: number;
  limit: number;
}

export interface PrintFilters {
  technique?: string | undefined;
  year?: number | undefined;
  plateType?: string | undefined;
  paperType?: string | undefined;
  status?: PublicationStatus | undefined;
  galleryId?: string | undefined;
}

export const THUMB = 'thumbnail';

/** Nominal size order of versions: equal widths (a small original) never fall back to physical row order. */
export const VERSION_ORDER = sql`array_position(array['thumbnail','thumbnail_2x','small','medium','medium_2x','large','large_2x','xlarge'], version)`;

/** Matches a vocabulary key or label (either language, case-insensitive) on a prints column. */
function vocabMatch(column: 'technique_key' | 'plate_material_key', kind: string, value: string) {
  const v = value.trim().toLowerCase();
  return sql<boolean>`(p.${sql.ref(column)} = ${v} or exists (
    select 1 from vocabulary_terms vt
    where vt.kind = ${kind} and vt.key = p.${sql.ref(column)} and (vt.artist_id is null or vt.artist_id = p.artist_id)
      and (lower(vt.label ->> 'en') = ${v} or lower(vt.label ->> 'da') = ${v})))`;
}

function likeEscape(value: string): string {
  return `%${likeLiteral(value)}%`;
}

export function printFilterSql(f: PrintFilters) {
  const parts = [sql<boolean>`true`];
  if (f.technique) parts.push(vocabMatch('technique_key', 'technique', f.technique));
  if (f.plateType) parts.push(vocabMatch('plate_material_key', 'plate_material', f.plateType));
  if (f.year !== undefined) parts.push(sql<boolean>`p.year = ${f.year}`);
  if (f.paperType) {
    const like = likeEscape(f.paperType.trim());
    parts.push(sql<boolean>`(p.paper ->> 'en' ilike ${like} or p.paper ->> 'da' ilike ${like})`);
  }
  if (f.status) parts.push(sql<boolean>`p.status = ${f.status}`);
  return sql.join(parts, sql` and `);
}

/** The artist's prints (`p`) matching the filters, gallery included: the inventory's and the bulk edit's rule. */
export function artistPrintsWhere(artistId: string, filters: PrintFilters) {
  const gallery = filters.galleryId
    ? sql`and exists (select 1 from gallery_prints gp where gp.print_id = p.id and gp.gallery_id = ${filters.galleryId})`
    : sql``;
  return sql`p.artist_id = ${artistId} ${gallery} and ${printFilterSql(filters)}`;
}

export interface PrintListRow extends PrintRow {
  thumbnail_key: string | null;
  /** The print's current image has processed versions. */
  image_shown: boolean;
}

export async function listPrints(
  db: Db,
  artistId: string,
  filters: PrintFilters,
  page: Page,
): Promise<{ rows: PrintListRow[]; total: number }> {
  const where = artistPrintsWhere(artistId, filters);
  const [rows, count] = await Promise.all([
    sql<PrintListRow>`
      select p.*,
        (select iv.storage_key from image_versions iv where iv.image_id = p.image_id and iv.version = ${THUMB})
          as thumbnail_key,
        exists (select 1 from image_versions iv where iv.image_id = p.image_id) as image_shown
      from prints p where ${where}
      order by p.created_at desc, p.id limit ${page.limit} offset ${page.offset}`.execute(db),
    sql<{ n: number }>`select count(*)::int as n from prints p where ${where}`.execute(db),
  ]);
  return { rows: rows.rows, total: count.rows[0]?.n ?? 0 };
}

export async function getPrint(
  db: Db,
  id: string,
  scope: { artistId?: string; publicOnly: boolean },
  forUpdate = false,
): Promise<PrintRow | undefined> {
  let q = db.selectFrom('prints').selectAll().where('id', '=', id);
  if (scope.artistId) q = q.where('artist_id', '=', scope.artistId);
  if (scope.publicOnly) q = q.where(publicPrint('prints'));
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

/**
 * Whether an image has processed versions. A replacement becomes the print's image_id only once it is processed
 * (media/repository.ts completeImage), so the versions of prints.image_id are what visitors see, also while a
 * replacement (prints.image_status 'processing') or a regeneration is under way. A new print's first image is its
 * image_id from the start, without versions until it is processed.
 */
export async function hasImageVersions(db: Db, imageId: string | null): Promise<boolean> {
  if (!imageId) return false;
  const row = await db
    .selectFrom('image_versions')
    .select('image_id')
    .where('image_id', '=', imageId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function imageVersions(db: Db, imageId: string | null): Promise<ImageVersionRow[]> {
  if (!imageId) return [];
  return (
    db
      .selectFrom('image_versions')
      .selectAll()
      .where('image_id', '=', imageId)
      .orderBy('width')
      // Equal widths (a small original): nominal size order, never physical row order.
      .orderBy(VERSION_ORDER)
      .execute()
  );
}

export async function tagsOf(
  db: Db,
  printIds: readonly string[],
): Promise<Map<string, Array<{ id: string; slug: string; label: { da?: string; en?: string } }>>> {
  const out = new Map<string, Array<{ id: string; slug: string; label: { da?: string; en?: string } }>>();
  if (printIds.length === 0) return out;
  const rows = await db
    .selectFrom('print_tags as pt')
    .innerJoin('tags as t', 't.id', 'pt.tag_id')
    .select(['pt.print_id', 't.id', 't.slug', 't.label'])
    .where('pt.print_id', 'in', printIds)
    .orderBy('t.slug')
    .execute();
  for (const r of rows) {
    const list = out.get(r.print_id) ?? [];
    list.push({ id: r.id, slug: r.slug, label: r.label });
    out.set(r.print_id, list);
  }
  return out;
}

export async function exifOf(db: Db, imageId: string | null) {
  if (!imageId) return undefined;
  return db.selectFrom('image_exif').selectAll().where('image_id', '=', imageId).executeTakeFirst();
}

/** Replaces a print's tags with the given ones, creating missing tags (by slug). */
export async function setPrintTags(
  db: Db,
  artistId: string,
  printId: string,
  tags: ReadonlyArray<{ slug: string; label: { da?: string; en?: string } }>,
): Promise<void> {
  await db.deleteFrom('print_tags').where('print_id', '=', printId).execute();
  for (const tag of tags) {
    const row = await db
      .insertInto('tags')
      .values({ artist_id: artistId, slug: tag.slug, label: JSON.stringify(tag.label) })
      .onConflict((oc) => oc.constraint('tags_artist_slug_key').doUpdateSet({ slug: tag.slug }))
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('print_tags')
      .values({ print_id: printId, tag_id: row.id })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

/** Whether visitors may see the print now (the policy), as the caller's transaction sees the data. */
export async function printIsPublic(db: Db, printId: string): Promise<boolean> {
  const { rows } = await sql<{ visible: boolean }>`
    select ${publicPrint('p')} as visible from prints p where p.id = ${printId}`.execute(db);
  return rows[0]?.visible ?? false;
}

export async function insertPrint(db: Db, artistId: string, values: PrintUpdate): Promise<string> {
  const row = await db
    .insertInto('prints')
    .values({ ...values, artist_id: artistId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updatePrint(db: Db, printId: string, values: PrintUpdate): Promise<void> {
  if (Object.keys(values).length === 0) return;
  await db.updateTable('prints').set(values).where('id', '=', printId).execute();
}

/** A newly stored original becomes the print's image at once (a first image, or the multipart API's). */
/**
 * The print's images whose tiles a new zoom limit must cut again: the processed ones and those being processed (a
 * running job may have read the old limit; a second send waits behind it).
 */
export async function imagesToRetile(db: Db, printId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('images')
    .select('id')
    .where('print_id', '=', printId)
    .where('status', 'in', ['completed', 'processing'])
    .orderBy('position')
    .orderBy('created_at')
    .execute();
  return rows.map((r) => r.id);
}

export async function attachImage(
  db: Db,
  image: {
    imageId: string;
    artistId: string;
    printId: string;
    originalKey: string;
    filename: string | undefined;
    contentType: string;
    bytes: number;
  },
): Promise<void> {
  await db
    .insertInto('images')
    .values({
      id: image.imageId,
      artist_id: image.artistId,
      print_id: image.printId,
      status: 'processing',
      original_key: image.originalKey,
      original_filename: image.filename ?? null,
      original_content_type: image.contentType,
      original_bytes: image.bytes,
    })
    .execute();
  await db
    .updateTable('prints')
    .set({ image_id: image.imageId, image_status: 'processing', image_error: null })
    .where('id', '=', image.printId)
    .execute();
}

/** The print's newest image is being processed (its current image stays shown meanwhile). */
export async function markImageProcessing(db: Db, printId: string): Promise<void> {
  await db
    .updateTable('prints')
    .set({ image_status: 'processing', image_error: null })
    .where('id', '=', printId)
    .execute();
}

/** Deletes the print and its image rows; returns the images whose files are to be deleted after commit. */
export async function deletePrint(
  db: Db,
  artistId: string,
  printId: string,
): Promise<Array<{ id: string; originalKey: string }>> {
  const images = await db
    .selectFrom('images')
    .select(['id', 'original_key'])
    .where('print_id', '=', printId)
    .execute();
  await db.deleteFrom('prints').where('id', '=', printId).where('artist_id', '=', artistId).execute();
  if (images.length) {
    await db
      .deleteFrom('images')
      .where(
        'id',
        'in',
        images.map((i) => i.id),
      )
      .execute();
  }
  return images.map((i) => ({ id: i.id, originalKey: i.original_key }));
}

/** The IIIF zoom tiles of an image: the key of their info.json and the size of the picture they are cut from. */
export interface ZoomTiles {
  readonly infoKey: string;
  readonly width: number;
  readonly height: number;
}

/** What the print page shows of an image besides its versions: the blurred placeholder, the zoom tiles. */
export async function displayImage(
  db: Db,
  imageId: string | null,
): Promise<{ placeholder: string | null; tiles: ZoomTiles | null } | undefined> {
  if (!imageId) return undefined;
  const row = await db
    .selectFrom('images')
    .select(['placeholder', 'iiif_key', 'iiif_width', 'iiif_height'])
    .where('id', '=', imageId)
    .executeTakeFirst();
  if (!row) return undefined;
  const tiles =
    row.iiif_key && row.iiif_width && row.iiif_height
      ? { infoKey: row.iiif_key, width: row.iiif_width, height: row.iiif_height }
      : null;
  return { placeholder: row.placeholder, tiles };
}

/** The print's newest image: the one whose processing state the print shows. */
export async function newestImage(
  db: Db,
  artistId: string,
  printId: string,
): Promise<{ id: string; error: string | null } | undefined> {
  return db
    .selectFrom('images')
    .select(['id', 'error'])
    .where('print_id', '=', printId)
    .where('artist_id', '=', artistId)
    .where('role', '=', 'primary')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The image goes back to processing, and the print shows it. */
export async function setImageProcessing(db: Db, printId: string, imageId: string): Promise<void> {
  await db
    .updateTable('images')
    .set({ status: 'processing', error: null })
    .where('id', '=', imageId)
    .execute();
  await markImageProcessing(db, printId);
}

/** The image failed for the reason given; the print shows it unless another run has taken over meanwhile. */
export async function setImageFailed(
  db: Db,
  printId: string,
  imageId: string,
  reason: string,
): Promise<void> {
  await db.updateTable('images').set({ status: 'failed', error: reason }).where('id', '=', imageId).execute();
  await db
    .updateTable('prints')
    .set({ image_status: 'failed', image_error: reason })
    .where('id', '=', printId)
    .where('image_status', '=', 'processing')
    .execute();
}

/** Deletes every gallery, print, image and tag of the artist; returns the images removed (their files go next). */
export async function deleteArtistCatalogue(
  db: Db,
  artistId: string,
): Promise<Array<{ id: string; originalKey: string }>> {
  await db.deleteFrom('galleries').where('artist_id', '=', artistId).execute();
  await db.deleteFrom('prints').where('artist_id', '=', artistId).execute();
  const removed = await db
    .deleteFrom('images')
    .where('artist_id', '=', artistId)
    .returning(['id', 'original_key'])
    .execute();
  await db.deleteFrom('tags').where('artist_id', '=', artistId).execute();
  return removed.map((r) => ({ id: r.id, originalKey: r.original_key }));
}

/**
 * The one print of the artist without an image that waits for an image of this upload's file name (case-insensitive;
 * a spreadsheet import's image_file_name); undefined when none — or several — wait for it.
 */
export async function printAwaitingUpload(
  db: Db,
  artistId: string,
  uploadId: string,
): Promise<string | undefined> {
  const { rows } = await sql<{ id: string }>`
    select p.id from prints p
    join uploads u on u.id = ${uploadId} and u.artist_id = ${artistId}
    where p.artist_id = ${artistId} and p.image_id is null and p.image_status = 'none'
      and p.awaited_image_name is not null and lower(p.awaited_image_name) = lower(u.original_filename)
    limit 2`.execute(db);
  return rows.length === 1 ? rows[0]!.id : undefined;
}
