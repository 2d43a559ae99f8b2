// SQL of the media module: images, their versions and EXIF, the print's image status, uploads.
import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type {
  Database,
  ImageRole,
  ImageRow,
  ImageVersionName,
  Localized,
  WatermarkPlacement,
} from '../../platform/db/schema.js';
import { DEFAULT_ZOOM_MAX_PIXELS } from '../catalogue/iiif-settings.js';
import { publicPrint } from '../catalogue/policy.js';
import { printIsPublic } from '../catalogue/prints-repository.js';
import type { PublicationStatus } from '../../platform/db/schema.js';

export type Db = Kysely<Database> | Transaction<Database>;

export interface ImageContext {
  image: ImageRow;
  artistName: string;
  copyrightLine: string | null;
  watermarkText: string | null;
  watermarkPlacement: WatermarkPlacement;
  /** Long edge of the largest zoom tiles: the print's own limit, else the site-wide setting. */
  zoomMaxPixels: number;
}

export async function findImageContext(db: Db, imageId: string): Promise<ImageContext | undefined> {
  const image = await db.selectFrom('images').selectAll().where('id', '=', imageId).executeTakeFirst();
  if (!image) return undefined;
  const row = await db
    .selectFrom('artists')
    .leftJoin('settings', 'settings.artist_id', 'artists.id')
    .select([
      'artists.display_name',
      'settings.profile_name',
      'settings.copyright_line',
      'settings.watermark_text',
      'settings.watermark_placement',
      'settings.zoom_max_pixels',
    ])
    .where('artists.id', '=', image.artist_id)
    .executeTakeFirst();
  // Every image of a print is cut to the print's limit when it has one (0027).
  const print = image.print_id
    ? await db
        .selectFrom('prints')
        .select('zoom_max_pixels')
        .where('id', '=', image.print_id)
        .executeTakeFirst()
    : undefined;
  return {
    image,
    artistName: row?.profile_name ?? row?.display_name ?? 'The artist',
    copyrightLine: row?.copyright_line ?? null,
    watermarkText: row?.watermark_text ?? null,
    watermarkPlacement: row?.watermark_placement ?? 'bottom-right',
    zoomMaxPixels: print?.zoom_max_pixels ?? row?.zoom_max_pixels ?? DEFAULT_ZOOM_MAX_PIXELS,
  };
}

export async function markImageProcessing(db: Db, imageId: string): Promise<void> {
  await db
    .updateTable('images')
    .set({ status: 'processing', error: null, attempts: sql<number>`attempts + 1` })
    .where('id', '=', imageId)
    .execute();
}

/** Storage keys of the versions and the tile descriptors (IIIF, or DZI from before 0023) recorded for an image. */
export async function liveKeys(db: Db, imageId: string): Promise<{ versions: string[]; tiles: string[] }> {
  const versions = await db
    .selectFrom('image_versions')
    .select('storage_key')
    .where('image_id', '=', imageId)
    .execute();
  const image = await db
    .selectFrom('images')
    .select(['dzi_key', 'iiif_key'])
    .where('id', '=', imageId)
    .executeTakeFirst();
  return {
    versions: versions.map((v) => v.storage_key),
    tiles: [image?.iiif_key, image?.dzi_key].filter((k): k is string => typeof k === 'string'),
  };
}

export interface NewVersion {
  version: ImageVersionName;
  storageKey: string;
  width: number;
  height: number;
  bytes: number;
  format: string;
}

export interface ExifRow {
  data: Record<string, unknown>;
  camera: string | null;
  lens: string | null;
  exposureTime: string | null;
  fNumber: number | null;
  iso: number | null;
  focalLengthMm: number | null;
  takenAt: Date | null;
}

export interface CompletedImage {
  imageId: string;
  width: number;
  height: number;
  sha256: string;
  placeholder: string;
  /** The IIIF tiles' info.json and the size they are cut from; null when none were made. */
  tiles: { infoKey: string; width: number; height: number } | null;
  versions: NewVersion[];
  exif: ExifRow | null;
}

/** A superseded image of the same print: its files go once the transaction has committed. */
export interface ReplacedImage {
  id: string;
  originalKey: string;
}

export interface CompletionOutcome {
  /** false: the image row disappeared meanwhile (print deleted); nothing was written. */
  stored: boolean;
  /** Version and tile keys of this image's previous run, now unreferenced. */
  previousKeys: { versions: string[]; tiles: string[] };
  replaced: ReplacedImage[];
}

/**
 * In one transaction: replaces the image's versions and EXIF, marks it completed, makes it the print's image
 * (unless a newer image of the print already completed) and removes the rows of older images it replaces.
 * `place(isPublic)` runs inside it while the print row is locked: it puts the image's files in the area that
 * matches (public only when the print is public and this image becomes its image).
 */
export async function completeImage(
  db: Kysely<Database>,
  done: CompletedImage,
  place?: (isPublic: boolean) => Promise<void>,
): Promise<CompletionOutcome> {
  return db.transaction().execute(async (trx) => {
    const image = await trx
      .selectFrom('images')
      .selectAll()
      .where('id', '=', done.imageId)
      .forUpdate()
      .executeTakeFirst();
    if (!image) return { stored: false, previousKeys: { versions: [], tiles: [] }, replaced: [] };
    const previousKeys = await liveKeys(trx, done.imageId);

    await trx.deleteFrom('image_versions').where('image_id', '=', done.imageId).execute();
    if (done.versions.length > 0) {
      await trx
        .insertInto('image_versions')
        .values(
          done.versions.map((v) => ({
            image_id: done.imageId,
            version: v.version,
            storage_key: v.storageKey,
            width: v.width,
            height: v.height,
            bytes: v.bytes,
            format: v.format,
          })),
        )
        .execute();
    }
    await trx.deleteFrom('image_exif').where('image_id', '=', done.imageId).execute();
    if (done.exif) {
      await trx
        .insertInto('image_exif')
        .values({
          image_id: done.imageId,
          data: JSON.stringify(done.exif.data),
          camera: done.exif.camera,
          lens: done.exif.lens,
          exposure_time: done.exif.exposureTime,
          f_number: done.exif.fNumber,
          iso: done.exif.iso,
          focal_length_mm: done.exif.focalLengthMm,
          taken_at: done.exif.takenAt,
        })
        .execute();
    }
    await trx
      .updateTable('images')
      .set({
        status: 'completed',
        error: null,
        width: done.width,
        height: done.height,
        sha256: done.sha256,
        placeholder: done.placeholder,
        // DZI tiles from before 0023 are superseded: their generation goes with the previous keys.
        dzi_key: null,
        iiif_key: done.tiles?.infoKey ?? null,
        iiif_width: done.tiles?.width ?? null,
        iiif_height: done.tiles?.height ?? null,
        processed_at: new Date(),
      })
      .where('id', '=', done.imageId)
      .execute();

    const replaced: ReplacedImage[] = [];
    // An additional image of a print (role other than primary, decision 024) supersedes nothing: its files are
    // placed where the print's are.
    if (image.print_id && image.role !== 'primary') {
      await lockPrint(trx, image.print_id);
      await place?.(await printIsPublic(trx, image.print_id));
      return { stored: true, previousKeys, replaced };
    }
    if (image.print_id) {
      const print = await trx
        .selectFrom('prints')
        .select(['id', 'image_id', 'status'])
        .where('id', '=', image.print_id)
        .forUpdate()
        .executeTakeFirst();
      if (print) {
        const current = print.image_id
          ? await trx
              .selectFrom('images')
              .select(['id', 'created_at', 'status'])
              .where('id', '=', print.image_id)
              .executeTakeFirst()
          : undefined;
        const supersedesCurrent =
          !current ||
          current.id === image.id ||
          current.status !== 'completed' ||
          current.created_at.getTime() <= image.created_at.getTime();
        const newest = await trx
          .selectFrom('images')
          .select('id')
          .where('print_id', '=', print.id)
          .where('role', '=', 'primary')
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .limit(1)
          .executeTakeFirst();
        const isNewest = newest?.id === image.id;
        if (supersedesCurrent) {
          await trx
            .updateTable('prints')
            .set({
              image_id: image.id,
              ...(isNewest ? { image_status: 'completed' as const, image_error: null } : {}),
            })
            .where('id', '=', print.id)
            .execute();
          // Older images of this print are replaced: their rows go now, their files after commit.
          const older = await trx
            .selectFrom('images')
            .select(['id', 'original_key'])
            .where('print_id', '=', print.id)
            .where('role', '=', 'primary')
            .where('id', '!=', image.id)
            .where('created_at', '<=', image.created_at)
            .execute();
          if (older.length > 0) {
            await trx
              .deleteFrom('images')
              .where(
                'id',
                'in',
                older.map((o) => o.id),
              )
              .execute();
            replaced.push(...older.map((o) => ({ id: o.id, originalKey: o.original_key })));
          }
        }
        await place?.(supersedesCurrent && (await printIsPublic(trx, print.id)));
        return { stored: true, previousKeys, replaced };
      }
    }
    await place?.(false);
    return { stored: true, previousKeys, replaced };
  });
}

/** Marks the image failed; the print shows the reason when this image is its newest. */
export async function markImageFailed(db: Kysely<Database>, imageId: string, reason: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const image = await trx
      .updateTable('images')
      .set({ status: 'failed', error: reason })
      .where('id', '=', imageId)
      .returning(['print_id', 'role'])
      .executeTakeFirst();
    // An additional image shows its failure on its own row only (the print's image state is its primary's).
    if (!image?.print_id || image.role !== 'primary') return;
    const newest = await trx
      .selectFrom('images')
      .select('id')
      .where('print_id', '=', image.print_id)
      .where('role', '=', 'primary')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (newest?.id !== imageId) return;
    await trx
      .updateTable('prints')
      .set({ image_status: 'failed', image_error: reason })
      .where('id', '=', image.print_id)
      .execute();
  });
}

export async function completedImageIds(db: Db, artistId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('images')
    .select('id')
    .where('artist_id', '=', artistId)
    .where('status', '=', 'completed')
    .orderBy('created_at')
    .execute();
  return rows.map((r) => r.id);
}

/** Completed images whose zoom tiles are still DZI (processed before 0023): they are processed again. */
export async function imagesWithDziTiles(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('images')
    .select('id')
    .where('status', '=', 'completed')
    .where('dzi_key', 'is not', null)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => r.id);
}

/** Locks the print row until the transaction ends; undefined when the print does not exist. */
export async function lockPrint(
  trx: Db,
  printId: string,
): Promise<{ status: PublicationStatus; image_id: string | null } | undefined> {
  return trx
    .selectFrom('prints')
    .select(['status', 'image_id'])
    .where('id', '=', printId)
    .forUpdate()
    .executeTakeFirst();
}

export async function imageIdsOfPrint(db: Db, printId: string): Promise<string[]> {
  const rows = await db.selectFrom('images').select('id').where('print_id', '=', printId).execute();
  return rows.map((r) => r.id);
}

/** Every processed image with its print, and whether visitors may see that print (the policy). */
export async function processedImagesWithVisibility(
  db: Db,
): Promise<Array<{ id: string; print_id: string | null; visible: boolean }>> {
  const { rows } = await sql<{ id: string; print_id: string | null; visible: boolean }>`
    select i.id, i.print_id, coalesce(${publicPrint('p')}, false) as visible
    from images i left join prints p on p.id = i.print_id
    where i.status = 'completed'
    order by i.created_at, i.id`.execute(db);
  return rows;
}

/** True while some image's original still sits at a temporary upload key (not yet moved to its permanent one). */
export async function hasOriginalsUnder(db: Db, prefix: string): Promise<boolean> {
  const row = await db
    .selectFrom('images')
    .select('id')
    .where('original_key', 'like', `${prefix}%`)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

// ---- originals ----

export async function originalOf(
  db: Db,
  imageId: string,
): Promise<{ original_key: string; original_content_type: string | null } | undefined> {
  return db
    .selectFrom('images')
    .select(['original_key', 'original_content_type'])
    .where('id', '=', imageId)
    .executeTakeFirst();
}

/** Points the image at its permanent original key, if it still names `from`; false when it does not. */
export async function switchOriginalKey(db: Db, imageId: string, from: string, to: string): Promise<boolean> {
  const row = await db
    .updateTable('images')
    .set({ original_key: to })
    .where('id', '=', imageId)
    .where('original_key', '=', from)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Images whose original still sits under the prefix, oldest first. */
export async function imagesWithOriginalsUnder(db: Db, prefix: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('images')
    .select('id')
    .where('original_key', 'like', `${prefix}%`)
    .orderBy('created_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** Whether the artist owns the image (the artist media route serves only their own files). */
export async function artistOwnsImage(db: Db, artistId: string, imageId: string): Promise<boolean> {
  const row = await db
    .selectFrom('images')
    .select('id')
    .where('id', '=', imageId)
    .where('artist_id', '=', artistId)
    .executeTakeFirst();
  return row !== undefined;
}

// ---- direct uploads ----

export async function insertUpload(
  db: Db,
  upload: {
    id: string;
    artistId: string;
    key: string;
    contentType: string;
    filename: string;
    maxBytes: number;
    expiresAt: Date;
  },
): Promise<void> {
  await db
    .insertInto('uploads')
    .values({
      id: upload.id,
      artist_id: upload.artistId,
      storage_key: upload.key,
      content_type: upload.contentType,
      original_filename: upload.filename,
      max_bytes: upload.maxBytes,
      expires_at: upload.expiresAt,
    })
    .execute();
}

/** The artist's upload, locked until the transaction ends. */
export async function lockUpload(db: Db, artistId: string, uploadId: string) {
  return db
    .selectFrom('uploads')
    .selectAll()
    .where('id', '=', uploadId)
    .where('artist_id', '=', artistId)
    .forUpdate()
    .executeTakeFirst();
}

/** The image row of an arrived upload (status processing; its original is the uploaded object). */
export async function insertUploadedImage(
  db: Db,
  image: {
    artistId: string;
    printId: string | null;
    originalKey: string;
    filename: string | null;
    contentType: string;
    bytes: number;
    additional?: { role: ImageRole; position: number; altText: Localized };
  },
): Promise<string> {
  const row = await db
    .insertInto('images')
    .values({
      ...(image.additional
        ? {
            role: image.additional.role,
            position: image.additional.position,
            alt_text: JSON.stringify(image.additional.altText),
          }
        : {}),
      artist_id: image.artistId,
      print_id: image.printId,
      status: 'processing',
      original_key: image.originalKey,
      original_filename: image.filename,
      original_content_type: image.contentType,
      original_bytes: image.bytes,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function markUploadConsumed(db: Db, uploadId: string): Promise<void> {
  await db.updateTable('uploads').set({ status: 'consumed' }).where('id', '=', uploadId).execute();
}

/** Uploads never attached and expired before the cutoff, never one that is an image's original. */
export async function abandonedUploads(
  db: Db,
  cutoff: Date,
  limit: number,
): Promise<Array<{ id: string; storage_key: string }>> {
  return db
    .selectFrom('uploads')
    .select(['id', 'storage_key'])
    .where('status', 'in', ['pending', 'completed'])
    .where('expires_at', '<', cutoff)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('images')
            .select(sql<number>`1`.as('one'))
            .whereRef('images.original_key', '=', 'uploads.storage_key'),
        ),
      ),
    )
    .orderBy('expires_at')
    .limit(limit)
    .execute();
}

export async function markUploadExpired(db: Db, uploadId: string): Promise<void> {
  await db
    .updateTable('uploads')
    .set({ status: 'expired' })
    .where('id', '=', uploadId)
    .where('status', 'in', ['pending', 'completed'])
    .execute();
}
