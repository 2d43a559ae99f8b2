// Direct uploads that were never attached to a print are removed a while after their signed URL expired. The same
// hourly job moves originals still at an upload key to their permanent key (originals.ts), so neither this job nor
// the bucket's lifecycle rule for uploads/ ever takes an image's original.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { Storage } from '../../platform/storage/types.js';
import { settleUploadedOriginals } from './originals.js';

/** Uploads are kept this long past expiry so a slow browser finishing at the deadline can still attach. */
export const ABANDONED_UPLOAD_GRACE_MS = 24 * 60 * 60 * 1000;

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
  const abandoned = await db
    .selectFrom('uploads')
    .select(['id', 'storage_key'])
    .where('status', 'in', ['pending', 'completed'])
    .where('expires_at', '<', cutoff)
    // Never an image's original, whatever the upload row says.
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
    .limit(500)
    .execute();
  let removed = 0;
  for (const upload of abandoned) {
    // File first: a crash between the two leaves a row that the next run retries, never an orphaned file.
    await storage.delete('originals', upload.storage_key);
    await db
      .updateTable('uploads')
      .set({ status: 'expired' })
      .where('id', '=', upload.id)
      .where('status', 'in', ['pending', 'completed'])
      .execute();
    removed++;
  }
  await settleUploadedOriginals(db, storage, { limit: 500 });
  return removed;
}
