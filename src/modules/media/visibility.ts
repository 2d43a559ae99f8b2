// Where an image's files are decides who can fetch them (docs/decisions/005-draft-images.md). The versions and
// tiles of a published print's image live in the public area (the app's /media route, or the public bucket behind
// the CDN); the files of every other image — drafts, unpublished prints, images on no print — live in the private
// originals area, which visitors never reach and the signed-in artist reads through GET /api/v1/artist/media/<key>.
// Publishing moves the files to the public area, unpublishing moves them back. Every move happens while the print
// row is locked (FOR UPDATE), so the worker finishing an image and the artist changing the print's status never
// move the same files in opposite directions.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import { NotFoundError } from '../../platform/errors.js';
import type { PutOptions, Storage, StorageArea } from '../../platform/storage/types.js';
import { runLimited } from './concurrency.js';
import type { Db } from './repository.js';

export type ImageArea = Extract<StorageArea, 'public' | 'originals'>;

/** The private area: originals, uploads, and the versions of images that are not public. */
export const PRIVATE_AREA = 'originals' satisfies ImageArea;

/** Area of an image's versions and tiles: public only while its print is published. */
export const areaFor = (published: boolean): ImageArea => (published ? 'public' : PRIVATE_AREA);

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

/** A driver that moves objects between areas itself (rename, server-side copy) instead of through the app. */
interface MovingStorage {
  move(from: StorageArea, to: StorageArea, key: string, options?: PutOptions): Promise<void>;
}

function canMove(storage: Storage): storage is Storage & MovingStorage {
  return typeof (storage as Partial<MovingStorage>).move === 'function';
}

/** Moves one object; false when it is no longer there (moved or deleted meanwhile). */
async function moveObject(storage: Storage, from: ImageArea, to: ImageArea, key: string): Promise<boolean> {
  try {
    if (canMove(storage)) {
      await storage.move(from, to, key);
      return true;
    }
    const info = await storage.head(from, key);
    if (!info) return false;
    await storage.put(to, key, await storage.getStream(from, key), {
      ...(info.contentType ? { contentType: info.contentType } : {}),
      contentLength: info.size,
    });
    await storage.delete(from, key);
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

/** Locks the print row until the transaction ends; undefined when the print does not exist. */
export async function lockPrint(
  trx: Db,
  printId: string,
): Promise<{ status: 'draft' | 'published'; image_id: string | null } | undefined> {
  return trx
    .selectFrom('prints')
    .select(['status', 'image_id'])
    .where('id', '=', printId)
    .forUpdate()
    .executeTakeFirst();
}

/**
 * Puts the files of every image of a print in the area its status calls for; returns how many files moved.
 * Call inside the transaction that holds the print row's lock (and changes its status), after the change.
 */
export async function placePrintImages(
  trx: Db,
  storage: Storage,
  printId: string,
  published: boolean,
): Promise<number> {
  const images = await trx.selectFrom('images').select('id').where('print_id', '=', printId).execute();
  let moved = 0;
  for (const { id } of images) moved += await moveImageFiles(storage, imagePrefix(id), areaFor(published));
  return moved;
}

/**
 * Repairs placement everywhere: images whose files sit (partly) in the wrong area — left by an interrupted
 * publish, a restore, or made before this rule existed — get them moved, under their print's lock.
 * Cost: one listing per processed image.
 */
export async function reconcileImagePlacement(
  db: Kysely<Database>,
  storage: Storage,
): Promise<{ checked: number; moved: number }> {
  const { rows } = await sql<{ id: string; print_id: string | null; published: boolean }>`
    select i.id, i.print_id, coalesce(p.status = 'published', false) as published
    from images i left join prints p on p.id = i.print_id
    where i.status = 'completed'
    order by i.created_at, i.id`.execute(db);
  let moved = 0;
  await runLimited(rows, MOVE_CONCURRENCY, async (row) => {
    const wrong = otherArea(areaFor(row.published));
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
    const printId = row.print_id;
    moved += await db.transaction().execute(async (trx) => {
      const print = await lockPrint(trx, printId);
      return placePrintImages(trx, storage, printId, print?.status === 'published');
    });
  });
  return { checked: rows.length, moved };
}
