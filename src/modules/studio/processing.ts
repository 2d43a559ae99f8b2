// Image processing as the studio sees it: where each of the artist's prints stands (processing, ready with a
// thumbnail, failed with the reason), the most recent uploads, and retrying a failed processing run — which puts
// the print's newest image back to `processing` and queues the same 'image.process' job the upload queued.
import { sql, type Kysely } from 'kysely';
import type { Database, ImageStatus } from '../../platform/db/schema.js';
import type { Queue } from '../../platform/queue/index.js';
import { AppError, ConflictError, NotFoundError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { artistMediaUrl } from '../media/index.js';

/** Who retries, for the audit trail. */
export interface RetryActor {
  artistId: string;
  actor: string;
  requestId?: string | undefined;
  ip?: string | undefined;
  userAgent?: string | undefined;
}

/** A print's processing state, as the status endpoint and the upload island read it. */
export interface PrintProcessing {
  id: string;
  title: string;
  imageStatus: ImageStatus;
  /** Why processing failed (the worker's sentence), when it did. */
  error: string | null;
  /** The artist's URL of the current thumbnail (drafts included), once there is one. */
  thumbnailUrl: string | null;
}

/** Largest number of prints one status request may ask about. */
export const MAX_STATUS_IDS = 100;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** The artist-only URL of a version key: it serves drafts' files from the private area as well. */
export function thumbnailUrlOf(key: string | null): string | null {
  return key ? artistMediaUrl(key) : null;
}

/** A print's title for the studio: English first, else Danish. */
export function studioTitle(title: { da?: string; en?: string } | null | undefined): string {
  return title?.en?.trim() || title?.da?.trim() || '';
}

/** Processing state of the given prints of the artist; ids of other artists' prints are simply not answered. */
export async function processingStatuses(
  db: Kysely<Database>,
  artistId: string,
  ids: readonly string[],
): Promise<PrintProcessing[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<{
    id: string;
    title: { da?: string; en?: string };
    image_status: ImageStatus;
    image_error: string | null;
    thumbnail_key: string | null;
  }>`
    select p.id, p.title, p.image_status, p.image_error,
      (select iv.storage_key from image_versions iv where iv.image_id = p.image_id and iv.version = 'thumbnail')
        as thumbnail_key
    from prints p
    where p.artist_id = ${artistId}
      and p.id = any(array(select (jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))::uuid))`.execute(
    db,
  );
  return rows.map((r) => ({
    id: r.id,
    title: studioTitle(r.title),
    imageStatus: r.image_status,
    error: r.image_status === 'failed' ? r.image_error : null,
    thumbnailUrl: thumbnailUrlOf(r.thumbnail_key),
  }));
}

/** One upload (an image attached to a print) and how its processing went. */
export interface RecentUpload {
  imageId: string;
  printId: string;
  title: string;
  filename: string | null;
  uploadedAt: Date;
  status: 'processing' | 'completed' | 'failed';
  error: string | null;
  thumbnailUrl: string | null;
  /** True when this failed image is the print's newest (so retrying it is what the print needs). */
  retryable: boolean;
}

/** The artist's most recent uploads, newest first. */
export async function recentUploads(
  db: Kysely<Database>,
  artistId: string,
  limit: number,
): Promise<RecentUpload[]> {
  const { rows } = await sql<{
    id: string;
    print_id: string;
    title: { da?: string; en?: string };
    original_filename: string | null;
    created_at: Date | string;
    status: 'pending' | 'processing' | 'completed' | 'failed';
    error: string | null;
    thumbnail_key: string | null;
    print_image_status: ImageStatus;
  }>`
    select i.id, i.print_id, p.title, i.original_filename, i.created_at, i.status, i.error,
      p.image_status as print_image_status,
      (select iv.storage_key from image_versions iv where iv.image_id = i.id and iv.version = 'thumbnail')
        as thumbnail_key
    from images i join prints p on p.id = i.print_id
    where i.artist_id = ${artistId} and p.artist_id = ${artistId}
    order by i.created_at desc, i.id desc
    limit ${limit}`.execute(db);
  return rows.map((r) => ({
    imageId: r.id,
    printId: r.print_id,
    title: studioTitle(r.title),
    filename: r.original_filename,
    uploadedAt: r.created_at instanceof Date ? r.created_at : new Date(r.created_at),
    status: r.status === 'completed' ? 'completed' : r.status === 'failed' ? 'failed' : 'processing',
    error: r.status === 'failed' ? r.error : null,
    thumbnailUrl: thumbnailUrlOf(r.thumbnail_key),
    retryable: r.status === 'failed' && r.print_image_status === 'failed',
  }));
}

export interface RetryDeps {
  db: Kysely<Database>;
  queue: Queue | undefined;
  /** Called once the print is back to `processing` (e.g. the catalogue's public cache). */
  changed?: () => void;
}

/**
 * Retries processing of a print whose image failed: the print's newest image (the one that failed) goes back to
 * `processing`, the change is audited, and after the commit 'image.process' is queued for it. Another artist's
 * print is "not found"; a print that has not failed is a conflict; without a queue nothing is pretended.
 */
export async function retryProcessing(
  deps: RetryDeps,
  actor: RetryActor,
  printId: string,
): Promise<{ printId: string; imageId: string }> {
  const { queue } = deps;
  if (!isUuid(printId)) throw new NotFoundError('Print not found');
  if (!queue) {
    throw new AppError(
      'SERVICE_UNAVAILABLE',
      'Image processing is not running here, so it cannot be retried now. Try again later.',
    );
  }
  const imageId = await deps.db.transaction().execute(async (trx) => {
    const print = await trx
      .selectFrom('prints')
      .select(['id', 'image_status'])
      .where('id', '=', printId)
      .where('artist_id', '=', actor.artistId)
      .forUpdate()
      .executeTakeFirst();
    if (!print) throw new NotFoundError('Print not found');
    if (print.image_status !== 'failed') {
      throw new ConflictError(
        print.image_status === 'processing'
          ? 'The image is already being processed.'
          : 'Only an image whose processing failed can be retried.',
      );
    }
    // The newest image of the print is the one whose failure the print shows (see markImageFailed).
    const image = await trx
      .selectFrom('images')
      .select(['id', 'error'])
      .where('print_id', '=', printId)
      .where('artist_id', '=', actor.artistId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!image) throw new ConflictError('The print has no uploaded image to process; upload one.');
    await trx
      .updateTable('images')
      .set({ status: 'processing', error: null })
      .where('id', '=', image.id)
      .execute();
    await trx
      .updateTable('prints')
      .set({ image_status: 'processing', image_error: null })
      .where('id', '=', printId)
      .execute();
    await recordAudit(trx, {
      artistId: actor.artistId,
      actor: actor.actor,
      action: 'print.image_retried',
      entityType: 'print',
      entityId: printId,
      ...(actor.requestId ? { requestId: actor.requestId } : {}),
      ...(actor.ip ? { ip: actor.ip } : {}),
      ...(actor.userAgent ? { userAgent: actor.userAgent } : {}),
      details: { imageId: image.id, previousError: image.error },
    });
    return image.id;
  });
  deps.changed?.();
  // After the commit, so the worker never picks up a job for rows it cannot see yet.
  try {
    await queue.send('image.process', { imageId });
  } catch (error) {
    // Not queued: say so on the print rather than leave it "processing" forever.
    await deps.db.transaction().execute(async (trx) => {
      const reason = 'The retry could not be queued. Please retry again.';
      await trx
        .updateTable('images')
        .set({ status: 'failed', error: reason })
        .where('id', '=', imageId)
        .execute();
      await trx
        .updateTable('prints')
        .set({ image_status: 'failed', image_error: reason })
        .where('id', '=', printId)
        .where('image_status', '=', 'processing')
        .execute();
    });
    deps.changed?.();
    throw error;
  }
  return { printId, imageId };
}
