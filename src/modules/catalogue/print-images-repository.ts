// SQL of a print's images (decision 024): the primary is prints.image_id; the additional images are the print's
// other rows with a role other than 'primary', ordered by position (1, 2, …).
import type { ImageRole, ImageVersionRow, Localized } from '../../platform/db/schema.js';
import type { Db } from './prints-repository.js';

export interface PrintImageRow {
  id: string;
  role: ImageRole;
  position: number;
  alt_text: Localized;
  status: 'pending' | 'processing' | 'completed' | 'failed';
  error: string | null;
  original_key: string;
  placeholder: string | null;
  iiif_key: string | null;
  iiif_width: number | null;
  iiif_height: number | null;
}

const COLUMNS = [
  'id',
  'role',
  'position',
  'alt_text',
  'status',
  'error',
  'original_key',
  'placeholder',
  'iiif_key',
  'iiif_width',
  'iiif_height',
] as const;

/** The print's additional images in their order (every status). */
export async function additionalImages(db: Db, printId: string): Promise<PrintImageRow[]> {
  return db
    .selectFrom('images')
    .select(COLUMNS)
    .where('print_id', '=', printId)
    .where('role', '!=', 'primary')
    .orderBy('position')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** One image of the print (any role), locked for the transaction when asked. */
export async function printImage(
  db: Db,
  printId: string,
  imageId: string,
  forUpdate = false,
): Promise<PrintImageRow | undefined> {
  const query = db
    .selectFrom('images')
    .select(COLUMNS)
    .where('print_id', '=', printId)
    .where('id', '=', imageId);
  return (forUpdate ? query.forUpdate() : query).executeTakeFirst();
}

/** Versions of each image, smallest first. */
export async function versionsOf(
  db: Db,
  imageIds: readonly string[],
): Promise<Map<string, ImageVersionRow[]>> {
  const out = new Map<string, ImageVersionRow[]>(imageIds.map((id) => [id, []]));
  if (imageIds.length === 0) return out;
  const rows = await db
    .selectFrom('image_versions')
    .selectAll()
    .where('image_id', 'in', [...imageIds])
    .orderBy('image_id')
    .orderBy('width')
    .execute();
  for (const row of rows) out.get(row.image_id)?.push(row);
  return out;
}

/** Whether a replacement of the primary image is still being processed (a newer 'primary' row). */
export async function hasPendingPrimary(db: Db, printId: string, currentId: string | null): Promise<boolean> {
  let query = db
    .selectFrom('images')
    .select('id')
    .where('print_id', '=', printId)
    .where('role', '=', 'primary')
    .where('status', '!=', 'completed');
  if (currentId) query = query.where('id', '!=', currentId);
  return (await query.limit(1).executeTakeFirst()) !== undefined;
}

export async function setImageFields(
  db: Db,
  imageId: string,
  values: { role?: ImageRole; position?: number; alt_text?: string },
): Promise<void> {
  if (Object.keys(values).length === 0) return;
  await db.updateTable('images').set(values).where('id', '=', imageId).execute();
}

/** Sets an image's processing status and error (its print's own status is the primary's business). */
export async function setImageStatus(
  db: Db,
  imageId: string,
  status: 'processing' | 'failed',
  error: string | null,
): Promise<void> {
  await db.updateTable('images').set({ status, error }).where('id', '=', imageId).execute();
}

/** Numbers the additional images 1, 2, … in the given order. */
export async function renumber(db: Db, orderedIds: readonly string[]): Promise<void> {
  for (const [i, id] of orderedIds.entries())
    await db
      .updateTable('images')
      .set({ position: i + 1 })
      .where('id', '=', id)
      .execute();
}

export async function deleteImageRow(db: Db, imageId: string): Promise<void> {
  await db.deleteFrom('images').where('id', '=', imageId).execute();
}

/** Per print: the alt texts of its additional images (the publishing gate asks). */
export async function additionalAltTexts(
  db: Db,
  printIds: readonly string[],
): Promise<Map<string, Array<{ id: string; alt_text: Localized }>>> {
  const out = new Map<string, Array<{ id: string; alt_text: Localized }>>();
  if (printIds.length === 0) return out;
  const rows = await db
    .selectFrom('images')
    .select(['id', 'print_id', 'alt_text'])
    .where('print_id', 'in', [...printIds])
    .where('role', '!=', 'primary')
    .orderBy('position')
    .orderBy('created_at')
    .execute();
  for (const row of rows) {
    if (!row.print_id) continue;
    const list = out.get(row.print_id) ?? [];
    list.push({ id: row.id, alt_text: row.alt_text });
    out.set(row.print_id, list);
  }
  return out;
}
