// Retired image files (decision 027). Processing an image again (a watermark change, regenerate-all, a zoom-limit
// change, IIIF tiles) writes a new generation folder images/<id>/<generation>/ and switches the rows to it; a
// processed replacement of a primary image supersedes the old image. Pages that name the old files are still shown
// by browsers and the CDN for a while (site/http.ts PAGE_CACHE), so those files are kept for a grace period and
// then deleted by the delayed, persisted `media.retire` job (the queue's table holds it across restarts).
// - Privacy wins: retired generations stay under images/<id>/, so every move of an image's files (publish,
//   unpublish, placement) moves them too. A replaced image belongs to no print any more: a marker
//   retired/prints/<printId>/<imageId> in the private area lets an unpublish move its files to the private area too.
// - The job deletes only generations no row names when it runs; for files already gone it is a no-op.
// - Deleting a print or removing an image deletes its files at once (the artist asked for them to go), a deleted
//   print's replaced images still kept included.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { Queue } from '../../platform/queue/index.js';
import type { Storage } from '../../platform/storage/types.js';
import { PAGE_MAX_AGE_SECONDS, PAGE_STALE_SECONDS } from '../site/http.js';
import { liveKeys, type Db } from './repository.js';
import {
  deleteImageVersions,
  imagePrefix,
  PRIVATE_AREA,
  replacedImagesKept,
  replacedMarkerPrefix as markerPrefix,
  type ImageArea,
} from './visibility.js';

/**
 * Margin over the longest a cached page may name a file: clock skew, a slow revalidation at the CDN, public
 * search's held snapshot (decision 007), a job that starts a little late.
 */
const RETIRED_FILES_MARGIN_SECONDS = 4 * 60;

/**
 * How long retired image files are kept (15 minutes): longer than a public page may be shown from a cache — its
 * max-age plus its stale-while-revalidate — with a margin. The configured value (config.images) defaults to this.
 */
export const RETIRED_FILES_GRACE_SECONDS =
  PAGE_MAX_AGE_SECONDS + PAGE_STALE_SECONDS + RETIRED_FILES_MARGIN_SECONDS;

/** Files to retire: some generations of an image, or (no `generations`) every generation of a replaced image. */
export interface Retirement {
  imageId: string;
  generations?: string[];
  /** The print a replaced image belonged to (its marker lets an unpublish find the files). */
  printId?: string;
}

/** Keeps retired files for the grace period, then deletes them. */
export type RetirementScheduler = (retirement: Retirement) => Promise<void>;

/** Generation of a version or tile key of this image. */
export function generationOf(key: string, imageId: string): string | undefined {
  const rest = key.startsWith(imagePrefix(imageId)) ? key.slice(imagePrefix(imageId).length) : undefined;
  return rest?.split('/')[0] || undefined;
}

/** Generations the image's committed rows name. */
export async function liveGenerations(db: Db, imageId: string): Promise<Set<string>> {
  const live = await liveKeys(db, imageId);
  return new Set(
    [...live.versions, ...live.tiles]
      .map((k) => generationOf(k, imageId))
      .filter((g): g is string => g !== undefined),
  );
}

/** Generation folders of an image in storage, in either area. */
export async function storedGenerations(storage: Storage, imageId: string): Promise<Set<string>> {
  const found = new Set<string>();
  for (const area of ['public', PRIVATE_AREA] satisfies ImageArea[]) {
    for await (const object of storage.list(area, imagePrefix(imageId))) {
      const generation = generationOf(object.key, imageId);
      if (generation) found.add(generation);
    }
  }
  return found;
}

/**
 * The `media.retire` job: deletes the retirement's generations that no row names now (all of them for a replaced
 * image, whose row is gone), then its marker. Returns how many files it deleted; 0 when they are already gone.
 */
export async function retireFiles(
  db: Kysely<Database>,
  storage: Storage,
  retirement: Retirement,
): Promise<number> {
  const { imageId } = retirement;
  const live = await liveGenerations(db, imageId);
  const candidates = retirement.generations ?? [...(await storedGenerations(storage, imageId))];
  let removed = 0;
  for (const generation of candidates) {
    if (live.has(generation)) continue;
    removed += await deleteImageVersions(storage, `${imagePrefix(imageId)}${generation}/`);
  }
  if (retirement.printId) await storage.delete(PRIVATE_AREA, `${markerPrefix(retirement.printId)}${imageId}`);
  return removed;
}

/**
 * A print is deleted: the files of its replaced images still kept for their grace period go now, with the rest of
 * its files (their jobs then find nothing). Returns how many files it deleted.
 */
export async function deleteKeptReplacedImages(storage: Storage, printId: string): Promise<number> {
  let removed = 0;
  for (const imageId of await replacedImagesKept(storage, printId)) {
    removed += await deleteImageVersions(storage, imagePrefix(imageId));
    await storage.delete(PRIVATE_AREA, `${markerPrefix(printId)}${imageId}`);
  }
  return removed;
}

/**
 * Retirement through the queue: one delayed `media.retire` job per generation (or per replaced image), sent
 * `graceSeconds` ahead. Without a queue (command-line tools, tests of the pipeline alone) the files go at once:
 * no page of that process can name them.
 */
export function retirementScheduler(
  db: Kysely<Database>,
  storage: Storage,
  queue: Queue | undefined,
  graceSeconds: number = RETIRED_FILES_GRACE_SECONDS,
): RetirementScheduler {
  return async (retirement) => {
    if (!queue) {
      await retireFiles(db, storage, retirement);
      return;
    }
    if (retirement.printId) {
      await storage.put(
        PRIVATE_AREA,
        `${markerPrefix(retirement.printId)}${retirement.imageId}`,
        Buffer.alloc(0),
        {
          contentType: 'application/octet-stream',
          contentLength: 0,
        },
      );
    }
    const parts: Retirement[] = retirement.generations
      ? retirement.generations.map((g) => ({ imageId: retirement.imageId, generations: [g] }))
      : [retirement];
    for (const part of parts) await queue.send('media.retire', part, { startAfter: graceSeconds });
  };
}
