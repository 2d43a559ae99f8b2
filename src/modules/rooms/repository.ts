// Every SQL statement of viewing rooms. Rooms are always read scoped by their artist (the studio, the artist API)
// or by the hash of their token (the room's own pages); liveness is the policy's (catalogue/policy.ts).
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, ImageVersionName, Localized } from '../../platform/db/schema.js';
import { liveViewingRoom, ownedBy } from '../catalogue/policy.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface RoomRow {
  id: string;
  artist_id: string;
  title: Localized;
  note: Localized;
  token_sealed: string;
  password_hash: string | null;
  expires_at: Date;
  revoked_at: Date | null;
  show_prices: boolean;
  deep_zoom: boolean;
  max_version: ImageVersionName;
  download_version: ImageVersionName | null;
  last_opened_at: Date | null;
  open_count: number;
  created_at: Date;
  updated_at: Date;
}

const ROOM_COLUMNS = [
  'r.id',
  'r.artist_id',
  'r.title',
  'r.note',
  'r.token_sealed',
  'r.password_hash',
  'r.expires_at',
  'r.revoked_at',
  'r.show_prices',
  'r.deep_zoom',
  'r.max_version',
  'r.download_version',
  'r.last_opened_at',
  'r.open_count',
  'r.created_at',
  'r.updated_at',
] as const;

export interface RoomInsert {
  title: Localized;
  note: Localized;
  tokenHash: string;
  tokenSealed: string;
  passwordHash: string | null;
  expiresAt: Date;
  showPrices: boolean;
  deepZoom: boolean;
  maxVersion: ImageVersionName;
  downloadVersion: ImageVersionName | null;
}

export async function insertRoom(db: Db, artistId: string, values: RoomInsert): Promise<string> {
  const row = await db
    .insertInto('viewing_rooms')
    .values({
      artist_id: artistId,
      title: JSON.stringify(values.title),
      note: JSON.stringify(values.note),
      token_hash: values.tokenHash,
      token_sealed: values.tokenSealed,
      password_hash: values.passwordHash,
      expires_at: values.expiresAt,
      show_prices: values.showPrices,
      deep_zoom: values.deepZoom,
      max_version: values.maxVersion,
      download_version: values.downloadVersion,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export type RoomUpdate = Partial<Omit<RoomInsert, 'tokenHash' | 'tokenSealed'>>;

export async function updateRoom(
  db: Db,
  artistId: string,
  roomId: string,
  values: RoomUpdate,
): Promise<boolean> {
  const set: Record<string, unknown> = { updated_at: new Date() };
  if (values.title !== undefined) set.title = JSON.stringify(values.title);
  if (values.note !== undefined) set.note = JSON.stringify(values.note);
  if (values.passwordHash !== undefined) set.password_hash = values.passwordHash;
  if (values.expiresAt !== undefined) set.expires_at = values.expiresAt;
  if (values.showPrices !== undefined) set.show_prices = values.showPrices;
  if (values.deepZoom !== undefined) set.deep_zoom = values.deepZoom;
  if (values.maxVersion !== undefined) set.max_version = values.maxVersion;
  if (values.downloadVersion !== undefined) set.download_version = values.downloadVersion;
  const result = await db
    .updateTable('viewing_rooms as r')
    .set(set)
    .where('r.id', '=', roomId)
    .where(ownedBy('r', artistId))
    .where('r.revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Replaces the room's prints with these, in this order. */
export async function setRoomPrints(db: Db, roomId: string, printIds: readonly string[]): Promise<void> {
  await db.deleteFrom('viewing_room_prints').where('room_id', '=', roomId).execute();
  if (printIds.length === 0) return;
  await db
    .insertInto('viewing_room_prints')
    .values(printIds.map((printId, i) => ({ room_id: roomId, print_id: printId, position: i + 1 })))
    .execute();
}

/** How many of these prints belong to the artist. */
export async function countOwnPrints(db: Db, artistId: string, printIds: readonly string[]): Promise<number> {
  if (printIds.length === 0) return 0;
  const row = await db
    .selectFrom('prints as p')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('p.id', 'in', printIds)
    .where(ownedBy('p', artistId))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findRoom(db: Db, artistId: string, roomId: string): Promise<RoomRow | undefined> {
  return db
    .selectFrom('viewing_rooms as r')
    .select(ROOM_COLUMNS)
    .where('r.id', '=', roomId)
    .where(ownedBy('r', artistId))
    .executeTakeFirst();
}

export async function listRooms(db: Db, artistId: string): Promise<RoomRow[]> {
  return db
    .selectFrom('viewing_rooms as r')
    .select(ROOM_COLUMNS)
    .where(ownedBy('r', artistId))
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id')
    .execute();
}

/** Print ids of each room, in order. */
export async function roomPrintIds(db: Db, roomIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(roomIds.map((id) => [id, []]));
  if (roomIds.length === 0) return out;
  const rows = await db
    .selectFrom('viewing_room_prints')
    .select(['room_id', 'print_id'])
    .where('room_id', 'in', roomIds)
    .orderBy('room_id')
    .orderBy('position')
    .execute();
  for (const r of rows) out.get(r.room_id)?.push(r.print_id);
  return out;
}

export async function revokeRoom(db: Db, artistId: string, roomId: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('viewing_rooms as r')
    .set({ revoked_at: at, updated_at: at })
    .where('r.id', '=', roomId)
    .where(ownedBy('r', artistId))
    .where('r.revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The room a token names, live or not (the caller tells 410 from 404). */
export async function roomByTokenHash(db: Db, tokenHash: string): Promise<RoomRow | undefined> {
  return db
    .selectFrom('viewing_rooms as r')
    .select(ROOM_COLUMNS)
    .where('r.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** Counts an opening of the room page (only while it is live). */
export async function recordOpening(db: Db, roomId: string, at: Date): Promise<void> {
  await db
    .updateTable('viewing_rooms as r')
    .set((eb) => ({ last_opened_at: at, open_count: eb('r.open_count', '+', 1) }))
    .where('r.id', '=', roomId)
    .where(liveViewingRoom('r'))
    .execute();
}

export interface RoomPrintRow {
  id: string;
  status: string;
  title: Localized;
  description: Localized;
  alt_text: Localized;
  year: number | null;
  plate_height_mm: number | null;
  plate_width_mm: number | null;
  price_amount: string | null;
  price_currency: string | null;
  image_id: string | null;
  placeholder: string | null;
  iiif_key: string | null;
}

/** The room's prints in order (drafts included: the room is their surface), each with its current image. */
export async function roomPrints(db: Db, roomId: string): Promise<RoomPrintRow[]> {
  return db
    .selectFrom('viewing_room_prints as vp')
    .innerJoin('prints as p', 'p.id', 'vp.print_id')
    .leftJoin('images as i', 'i.id', 'p.image_id')
    .select([
      'p.id',
      'p.status',
      'p.title',
      'p.description',
      'p.alt_text',
      'p.year',
      'p.plate_height_mm',
      'p.plate_width_mm',
      'p.price_amount',
      'p.price_currency',
      'p.image_id',
      'i.placeholder',
      'i.iiif_key',
    ])
    .where('vp.room_id', '=', roomId)
    .orderBy('vp.position')
    .execute();
}

export interface VersionRow {
  image_id: string;
  version: ImageVersionName;
  storage_key: string;
  width: number;
  height: number;
}

export async function versionsOf(db: Db, imageIds: readonly string[]): Promise<VersionRow[]> {
  if (imageIds.length === 0) return [];
  return db
    .selectFrom('image_versions')
    .select(['image_id', 'version', 'storage_key', 'width', 'height'])
    .where('image_id', 'in', imageIds)
    .orderBy('width')
    .execute();
}

/** True when the image is the current image of a print in the room. */
export async function roomShowsImage(db: Db, roomId: string, imageId: string): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`
    select 1 as n from viewing_room_prints vp join prints p on p.id = vp.print_id
    where vp.room_id = ${roomId} and p.image_id = ${imageId}::uuid limit 1`.execute(db);
  return rows.length > 0;
}

/** The image's version stored under this key, if any. */
export async function versionOfKey(
  db: Db,
  imageId: string,
  key: string,
): Promise<ImageVersionName | undefined> {
  const row = await db
    .selectFrom('image_versions')
    .select('version')
    .where('image_id', '=', imageId)
    .where('storage_key', '=', key)
    .executeTakeFirst();
  return row?.version;
}

/** Key of the image's IIIF info.json (its tiles are in the same folder). */
export async function zoomKeyOf(db: Db, imageId: string): Promise<string | null> {
  const row = await db.selectFrom('images').select('iiif_key').where('id', '=', imageId).executeTakeFirst();
  return row?.iiif_key ?? null;
}

export interface PrintChoiceRow {
  id: string;
  title: Localized;
  status: string;
  year: number | null;
}

/** The artist's prints a room may show (drafts included), newest first. */
export async function printChoices(db: Db, artistId: string, limit: number): Promise<PrintChoiceRow[]> {
  return db
    .selectFrom('prints as p')
    .select(['p.id', 'p.title', 'p.status', 'p.year'])
    .where(ownedBy('p', artistId))
    .orderBy('p.created_at', 'desc')
    .orderBy('p.id')
    .limit(limit)
    .execute();
}
