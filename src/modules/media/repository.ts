// SQL of the media module: images, their versions and EXIF, the print's image status, uploads.
import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Database, ImageRow, ImageVersionName, WatermarkPlacement } from '../../platform/db/schema.js';

export type Db = Kysely<Database> | Transaction<Database>;

export interface ImageContext {
  image: ImageRow;
  artistName: string;
  copyrightLine: string | null;
  watermarkText: string | null;
  watermarkPlacement: WatermarkPlacement;
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
    ])
    .where('artists.id', '=', image.artist_id)
    .executeTakeFirst();
  return {
    image,
    artistName: row?.profile_name ?? row?.display_name ?? 'The artist',
    copyrightLine: row?.copyright_line ?? null,
    watermarkText: row?.watermark_text ?? null,
    watermarkPlacement: row?.watermark_placement ?? 'bottom-right',
  };
}

export async function markImageProcessing(db: Db, imageId: string): Promise<void> {
  await db
    .updateTable('images')
    .set({ status: 'processing', error: null, attempts: sql<number>`attempts + 1` })
    .where('id', '=', imageId)
    .execute();
}

/** Storage keys of the versions and tiles currently recorded for an image. */
export async function liveKeys(
  db: Db,
  imageId: string,
): Promise<{ versions: string[]; dziKey: string | null }> {
  const versions = await db
    .selectFrom('image_versions')
    .select('storage_key')
    .where('image_id', '=', imageId)
    .execute();
  const image = await db.selectFrom('images').select('dzi_key').where('id', '=', imageId).executeTakeFirst();
  return { versions: versions.map((v) => v.storage_key), dziKey: image?.dzi_key ?? null };
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
  dziKey: string | null;
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
  previousKeys: { versions: string[]; dziKey: string | null };
  replaced: ReplacedImage[];
}

/**
 * In one transaction: replaces the image's versions and EXIF, marks it completed, makes it the print's image
 * (unless a newer image of the print already completed) and removes the rows of older images it replaces.
 * `place(published)` runs inside it while the print row is locked: it puts the image's files in the area that
 * matches (public only when the print is published and this image becomes its image).
 */
export async function completeImage(
  db: Kysely<Database>,
  done: CompletedImage,
  place?: (published: boolean) => Promise<void>,
): Promise<CompletionOutcome> {
  return db.transaction().execute(async (trx) => {
    const image = await trx
      .selectFrom('images')
      .selectAll()
      .where('id', '=', done.imageId)
      .forUpdate()
      .executeTakeFirst();
    if (!image) return { stored: false, previousKeys: { versions: [], dziKey: null }, replaced: [] };
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
        dzi_key: done.dziKey,
        processed_at: new Date(),
      })
      .where('id', '=', done.imageId)
      .execute();

    const replaced: ReplacedImage[] = [];
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
        await place?.(supersedesCurrent && print.status === 'published');
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
      .returning(['print_id'])
      .executeTakeFirst();
    if (!image?.print_id) return;
    const newest = await trx
      .selectFrom('images')
      .select('id')
      .where('print_id', '=', image.print_id)
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
