// Direct uploads that were never attached to a print are removed a while after their signed URL expired.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { Storage } from '../../platform/storage/types.js';

/** Uploads are kept this long past expiry so a slow browser finishing at the deadline can still attach. */
export const ABANDONED_UPLOAD_GRACE_MS = 24 * 60 * 60 * 1000;

/** Deletes the files of abandoned uploads and marks them expired; returns how many were removed. */
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
  return removed;
}
