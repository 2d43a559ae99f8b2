// Where an image's original lives. A direct upload arrives at uploads/<uploadId> in the private area, a prefix the
// originals bucket's lifecycle rule expires after a few days (abandoned uploads). Once the upload is attached to an
// image, the original is moved to its permanent key originals/<imageId>/original (the key the studio's multipart
// upload and the seed write to) before anything else happens to it.
// Crash safety — copy, then switch the row, then delete the upload: a crash after the copy leaves the row on the
// upload key (the next run copies again, overwriting the same target); a crash after the switch leaves only a stale
// uploads/ object, which the lifecycle rule (S3) removes. At no point does the row reference a missing file.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import { NotFoundError } from '../../platform/errors.js';
import type { Storage } from '../../platform/storage/types.js';
import { runLimited } from './concurrency.js';
import { imagesWithOriginalsUnder, originalOf, switchOriginalKey } from './repository.js';
import { deleteImageVersions, imagePrefix, PRIVATE_AREA } from './visibility.js';

/** Prefix of temporary direct uploads in the private area (expired by the bucket's lifecycle rule). */
export const UPLOAD_PREFIX = 'uploads/';

/** Permanent key of an image's original in the private area. */
export function permanentOriginalKey(imageId: string): string {
  return `originals/${imageId}/original`;
}

export function isTemporaryUploadKey(key: string): boolean {
  return key.startsWith(UPLOAD_PREFIX);
}

/**
 * Deletes every file of an image: its versions and tiles (in either area), its private original, and anything
 * else under its originals/<id>/ folder (a copy a crashed move left behind).
 */
export async function deleteImageFiles(
  storage: Storage,
  image: { id: string; originalKey: string },
): Promise<void> {
  await deleteImageVersions(storage, imagePrefix(image.id));
  await deleteOriginalFiles(storage, image);
}

/** Deletes an image's private original and its originals/<id>/ folder (not its versions and tiles). */
export async function deleteOriginalFiles(
  storage: Storage,
  image: { id: string; originalKey: string },
): Promise<void> {
  await storage.delete(PRIVATE_AREA, image.originalKey);
  await storage.deletePrefix(PRIVATE_AREA, `originals/${image.id}/`);
}

async function currentKey(db: Kysely<Database>, imageId: string): Promise<string | undefined> {
  return (await originalOf(db, imageId))?.original_key;
}

/**
 * Moves an image's original from its upload key to its permanent key (copy, switch the row, delete the upload) and
 * returns the key the row now names; undefined when the image is gone. Idempotent and safe to run concurrently for
 * the same image (worker run and sweep): every step re-checks the row.
 */
export async function settleOriginal(
  db: Kysely<Database>,
  storage: Storage,
  imageId: string,
): Promise<string | undefined> {
  const image = await originalOf(db, imageId);
  if (!image) return undefined;
  const from = image.original_key;
  if (!isTemporaryUploadKey(from)) return from;
  const to = permanentOriginalKey(imageId);

  const source = await storage.head(PRIVATE_AREA, from);
  // Moved by a concurrent run, or lost: the row says which (processing reports a missing original).
  if (!source) return currentKey(db, imageId);
  try {
    await storage.copy(PRIVATE_AREA, from, PRIVATE_AREA, to, {
      contentType: image.original_content_type ?? source.contentType ?? 'application/octet-stream',
    });
  } catch (error) {
    if (error instanceof NotFoundError) return currentKey(db, imageId);
    throw error;
  }
  const copied = await storage.head(PRIVATE_AREA, to);
  if (copied?.size !== source.size) {
    throw new Error(
      `Copy of original ${from} to ${to} has ${copied?.size ?? 'no'} bytes, expected ${source.size}`,
    );
  }

  if (!(await switchOriginalKey(db, imageId, from, to))) {
    const now = await currentKey(db, imageId);
    if (now === undefined) {
      // The image was deleted meanwhile (its print went): nothing references the copy.
      await storage.delete(PRIVATE_AREA, to);
      return undefined;
    }
    if (now !== to) return now;
  }
  await storage.delete(PRIVATE_AREA, from);
  return to;
}

/**
 * Settles every image whose original is still under uploads/ — rows from before originals were moved, restored
 * from older backups, or whose processing has not run yet. Idempotent; returns how many were moved. One image's
 * failure does not stop the others; they are all rethrown together at the end.
 */
export async function settleUploadedOriginals(
  db: Kysely<Database>,
  storage: Storage,
  options: { limit?: number } = {},
): Promise<number> {
  const rows = (await imagesWithOriginalsUnder(db, UPLOAD_PREFIX, options.limit ?? 10_000)).map((id) => ({
    id,
  }));
  let moved = 0;
  const errors: unknown[] = [];
  await runLimited(rows, 4, async ({ id }) => {
    try {
      const key = await settleOriginal(db, storage, id);
      if (key !== undefined && !isTemporaryUploadKey(key)) moved += 1;
    } catch (error) {
      errors.push(error);
    }
  });
  if (errors.length > 0) {
    throw new AggregateError(
      errors,
      `${errors.length} original(s) could not be moved out of ${UPLOAD_PREFIX}`,
    );
  }
  return moved;
}
