// Image processing as the studio sees it: where each of the artist's prints stands (processing, ready with a
// thumbnail, failed with the reason) and the most recent uploads. Retrying a failed run is the catalogue's
// (PrintsService.retryImage), the same for the studio and the API.
import type { Kysely } from 'kysely';
import type { Database, ImageStatus } from '../../platform/db/schema.js';
import { artistMediaUrl } from '../media/visibility.js';
import { processingRows, recentUploadRows } from './repository.js';

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
  const rows = await processingRows(db, artistId, ids);
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
  const rows = await recentUploadRows(db, artistId, limit);
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
