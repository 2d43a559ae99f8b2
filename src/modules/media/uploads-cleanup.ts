// Direct uploads that were never attached to a print are removed a while after their signed URL expired. The same
// hourly job moves originals still at an upload key to their permanent key (originals.ts), so neither this job nor
// the bucket's lifecycle rule for uploads/ ever takes an image's original. Last, the storage sweep expires what no
// upload row names (a file whose row was never written, a direct upload cut off mid-way).
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import { MAX_UPLOAD_TTL_SECONDS } from '../../platform/storage/validation.js';
import type { Storage } from '../../platform/storage/types.js';
import { settleUploadedOriginals, UPLOAD_PREFIX } from './originals.js';
import { abandonedUploads, hasOriginalsUnder, markUploadExpired } from './repository.js';

/** Uploads are kept this long past expiry so a slow browser finishing at the deadline can still attach. */
export const ABANDONED_UPLOAD_GRACE_MS = 24 * 60 * 60 * 1000;

/**
 * Age past which anything under uploads/ is left over: older than the longest signed lifetime plus the grace, so
 * every upload row that could still be attached is younger.
 */
export const TEMPORARY_UPLOAD_MAX_AGE_MS = MAX_UPLOAD_TTL_SECONDS * 1000 + ABANDONED_UPLOAD_GRACE_MS;

/**
 * Deletes the files of abandoned uploads and marks them expired; returns how many were removed. Then moves
 * attached originals out of uploads/ (errors from that step are thrown after the clean-up is done).
 */
export async function cleanupExpiredUploads(
  db: Kysely<Database>,
  storage: Storage,
  now = new Date(),
): Promise<number> {
  const cutoff = new Date(now.getTime() - ABANDONED_UPLOAD_GRACE_MS);
  const abandoned = await abandonedUploads(db, cutoff, 500);
  let removed = 0;
  for (const upload of abandoned) {
    // File first: a crash between the two leaves a row that the next run retries, never an orphaned file.
    await storage.delete('originals', upload.storage_key);
    await markUploadExpired(db, upload.id);
    removed++;
  }
  await settleUploadedOriginals(db, storage, { limit: 500 });
  // Only once no image's original is left at an upload key (more than one run's worth may wait to be moved).
  if (!(await hasOriginalsUnder(db, UPLOAD_PREFIX))) {
    await storage.sweepTemporary(
      'originals',
      UPLOAD_PREFIX,
      new Date(now.getTime() - TEMPORARY_UPLOAD_MAX_AGE_MS),
    );
  }
  return removed;
}
