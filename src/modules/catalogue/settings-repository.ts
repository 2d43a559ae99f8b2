// SQL of the artist's settings (profile, copyright line, watermark, default language).
import { sql, type Selectable, type Updateable } from 'kysely';
import type { Localized, SettingsTable } from '../../platform/db/schema.js';
import type { Db } from './prints-repository.js';

export type SettingsRow = Selectable<SettingsTable>;

export async function settingsOf(db: Db, artistId: string): Promise<SettingsRow | undefined> {
  return db.selectFrom('settings').selectAll().where('artist_id', '=', artistId).executeTakeFirst();
}

/** Locks the artist's row until the transaction ends (one settings save at a time); their display name. */
export async function lockArtist(db: Db, artistId: string): Promise<{ displayName: string } | undefined> {
  const row = await db
    .selectFrom('artists')
    .select('display_name')
    .where('id', '=', artistId)
    .forUpdate()
    .executeTakeFirst();
  return row ? { displayName: row.display_name } : undefined;
}

export async function saveSettings(
  db: Db,
  artistId: string,
  values: Omit<Updateable<SettingsTable>, 'artist_id'>,
): Promise<void> {
  await db
    .insertInto('settings')
    .values({ ...values, artist_id: artistId })
    .onConflict((oc) =>
      oc.column('artist_id').doUpdateSet(Object.keys(values).length ? values : { artist_id: artistId }),
    )
    .execute();
}

export async function artistDisplayName(db: Db, artistId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('artists')
    .select('display_name')
    .where('id', '=', artistId)
    .executeTakeFirst();
  return row?.display_name;
}

/** The artist's most recently changed print that has a thumbnail (the larger one first). */
export async function latestThumbnail(
  db: Db,
  artistId: string,
): Promise<{ storage_key: string; width: number; height: number; title: Localized | null } | undefined> {
  const { rows } = await sql<{ storage_key: string; width: number; height: number; title: Localized | null }>`
    select v.storage_key, v.width, v.height, p.title
    from prints p
    join images i on i.id = p.image_id
    join image_versions v on v.image_id = i.id and v.version in ('thumbnail_2x', 'thumbnail')
    where p.artist_id = ${artistId}
    order by p.updated_at desc, p.id, (v.version = 'thumbnail_2x') desc
    limit 1`.execute(db);
  return rows[0];
}
