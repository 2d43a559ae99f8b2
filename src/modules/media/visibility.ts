// Where an image's files are decides who can fetch them (docs/decisions/005-draft-images.md, 008). The versions and
// tiles of a public print's image (catalogue/policy.ts: published, in a published gallery) live in the public area
// (the app's /media route, or the public bucket behind the CDN); the files of every other image — drafts, prints
// in no published gallery, images on no print — live in the private originals area, which visitors never reach and
// the signed-in artist reads through GET /api/v1/artist/media/<key>. A print's status change moves the files inside
// the transaction that changes it; a gallery change (publish, unpublish, delete, a print added or removed) moves
// the files of the prints it affects right after it commits (a job when a queue is there). Every move happens while
// the print row is locked (FOR UPDATE) and asks the policy then, so concurrent changes never leave files behind.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { Queue } from '../../platform/queue/index.js';
import { printIsPublic } from '../catalogue/prints-repository.js';
import { NotFoundError } from '../../platform/errors.js';
import type { Storage, StorageArea } from '../../platform/storage/types.js';
import { runLimited } from './concurrency.js';
import { imageIdsOfPrint, lockPrint, processedImagesWithVisibility, type Db } from './repository.js';

export type ImageArea = Extract<StorageArea, 'public' | 'originals'>;

/** The private area: originals, uploads, and the versions of images that are not public. */
export const PRIVATE_AREA = 'originals' satisfies ImageArea;

/** Area of an image's versions and tiles: public only while its print is public. */
export const areaFor = (isPublic: boolean): ImageArea => (isPublic ? 'public' : PRIVATE_AREA);

const otherArea = (area: ImageArea): ImageArea => (area === 'public' ? PRIVATE_AREA : 'public');

/** Key prefix of every version and tile of an image (in whichever area they are). */
export function imagePrefix(imageId: string): string {
  return `images/${imageId}/`;
}

/** Image id of a version or tile key, when it is one. */
export function imageIdOfKey(key: string): string | undefined {
  return /^images\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/./.exec(key)?.[1];
}

/** URL the signed-in artist (session cookie or Bearer token) loads any version or tile of their images from. */
export function artistMediaUrl(key: string): string {
  return `/api/v1/artist/media/${key}`;
}

/** Moves one object; false when it is no longer there (moved or deleted meanwhile). */
async function moveObject(storage: Storage, from: ImageArea, to: ImageArea, key: string): Promise<boolean> {
  try {
    await storage.move(from, to, key);
    return true;
  } catch (error) {
    if (error instanceof NotFoundError) return false;
    throw error;
  }
}

const MOVE_CONCURRENCY = 8;

/** Moves every file under prefix that is not in `to` yet into it; returns how many moved. Idempotent. */
export async function moveImageFiles(storage: Storage, prefix: string, to: ImageArea): Promise<number> {
  const from = otherArea(to);
  const keys: string[] = [];
  for await (const object of storage.list(from, prefix)) keys.push(object.key);
  let moved = 0;
  await runLimited(keys, MOVE_CONCURRENCY, async (key) => {
    if (await moveObject(storage, from, to, key)) moved += 1;
  });
  return moved;
}

/** Deletes every version and tile of an image, in both areas. */
export async function deleteImageVersions(storage: Storage, prefix: string): Promise<number> {
  return (await storage.deletePrefix('public', prefix)) + (await storage.deletePrefix(PRIVATE_AREA, prefix));
}

/**
 * Folder of the markers (private area) naming the replaced images of a print whose files are still kept for their
 * grace period (retirement.ts): retired/prints/<printId>/<imageId>.
 */
export function replacedMarkerPrefix(printId: string): string {
  return `retired/prints/${printId}/`;
}

/** Replaced images of a print whose files are still kept (their retirement job has not run yet). */
export async function replacedImagesKept(storage: Storage, printId: string): Promise<string[]> {
  const prefix = replacedMarkerPrefix(printId);
  const ids: string[] = [];
  for await (const object of storage.list(PRIVATE_AREA, prefix)) ids.push(object.key.slice(prefix.length));
  return ids;
}

/**
 * Puts the files of every image of a print in the area the policy calls for; returns how many files moved.
 * Retired generations are under the same image folder and move with it; the files of a replaced image still kept
 * for its grace period go to the private area when the print stops being public (privacy wins over the grace
 * period) and never back to the public one.
 * Call inside the transaction that holds the print row's lock, after the change that may have altered it.
 */
export async function placePrintImages(trx: Db, storage: Storage, printId: string): Promise<number> {
  const area = areaFor(await printIsPublic(trx, printId));
  let moved = 0;
  for (const id of await imageIdsOfPrint(trx, printId))
    moved += await moveImageFiles(storage, imagePrefix(id), area);
  if (area === PRIVATE_AREA) {
    for (const id of await replacedImagesKept(storage, printId))
      moved += await moveImageFiles(storage, imagePrefix(id), PRIVATE_AREA);
  }
  return moved;
}

/** Places each print's files in its own transaction, under its row lock. */
export async function placePrints(
  db: Kysely<Database>,
  storage: Storage,
  printIds: readonly string[],
): Promise<number> {
  let moved = 0;
  for (const printId of [...new Set(printIds)].sort()) {
    moved += await db.transaction().execute(async (trx) => {
      if (!(await lockPrint(trx, printId))) return 0;
      return placePrintImages(trx, storage, printId);
    });
  }
  return moved;
}

/**
 * After a committed gallery change that may have made prints public or private: their files follow, through the
 * `media.place` job when there is a queue (publishing a gallery of large prints on S3 moves thousands of tiles,
 * longer than a request may take), else at once in this process (tests, command-line tools).
 */
export type PlacementScheduler = (printIds: readonly string[]) => Promise<void>;

export function placementScheduler(
  db: Kysely<Database>,
  storage: Storage,
  queue: Queue | undefined,
): PlacementScheduler {
  return async (printIds) => {
    if (printIds.length === 0) return;
    if (queue) {
      for (const printId of new Set(printIds)) await queue.send('media.place', { printId });
      return;
    }
    await placePrints(db, storage, printIds);
  };
}

/**
 * Repairs placement everywhere: images whose files sit (partly) in the wrong area — left by an interrupted
 * publish, a restore, a placement job that has not run yet, or made before this rule existed — get them moved,
 * under their print's lock. Cost: one listing per processed image.
 */
export async function reconcileImagePlacement(
  db: Kysely<Database>,
  storage: Storage,
): Promise<{ checked: number; moved: number }> {
  const rows = await processedImagesWithVisibility(db);
  let moved = 0;
  await runLimited(rows, MOVE_CONCURRENCY, async (row) => {
    const wrong = otherArea(areaFor(row.visible));
    let misplaced = false;
    for await (const _object of storage.list(wrong, imagePrefix(row.id))) {
      misplaced = true;
      break;
    }
    if (!misplaced) return;
    if (!row.print_id) {
      moved += await moveImageFiles(storage, imagePrefix(row.id), PRIVATE_AREA);
      return;
    }
    moved += await placePrints(db, storage, [row.print_id]);
  });
  return { checked: rows.length, moved };
}
