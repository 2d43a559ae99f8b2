// SQL of the studio forms kept across an expired session (table `studio_form_stash`).
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';

type Db = Kysely<Database>;

export interface StashRow {
  id: string;
  path: string;
  fields: [string, string][] | string;
  createdAt: Date;
}

export async function deleteExpiredStashes(db: Db, now: Date): Promise<void> {
  await db.deleteFrom('studio_form_stash').where('expires_at', '<', now).execute();
}

export async function countStashes(db: Db): Promise<number> {
  const { pending } = await db
    .selectFrom('studio_form_stash')
    .select((eb) => eb.fn.countAll<string>().as('pending'))
    .executeTakeFirstOrThrow();
  return Number(pending);
}

/** Keeps only the `keep` newest stashes of one browser (the oldest go first). */
export async function trimBrowserStashes(db: Db, browserKey: string, keep: number): Promise<void> {
  const newest = db
    .selectFrom('studio_form_stash')
    .select('id')
    .where('browser_key', '=', browserKey)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(keep);
  await db
    .deleteFrom('studio_form_stash')
    .where('browser_key', '=', browserKey)
    .where('id', 'not in', newest)
    .execute();
}

export async function insertStash(
  db: Db,
  values: { path: string; fields: string; browserKey: string; expiresAt: Date },
): Promise<string> {
  const { id } = await db
    .insertInto('studio_form_stash')
    .values({
      path: values.path,
      fields: values.fields,
      browser_key: values.browserKey,
      expires_at: values.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** A live stash by id, only for the browser that posted it. */
export async function findStash(
  db: Db,
  id: string,
  browserKey: string,
  now: Date,
): Promise<StashRow | undefined> {
  const row = await db
    .selectFrom('studio_form_stash')
    .select(['id', 'path', 'fields', 'created_at'])
    .where('id', '=', id)
    .where('browser_key', '=', browserKey)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row && { id: row.id, path: row.path, fields: row.fields, createdAt: new Date(row.created_at) };
}

export async function deleteStash(db: Db, id: string): Promise<void> {
  await db.deleteFrom('studio_form_stash').where('id', '=', id).execute();
}
