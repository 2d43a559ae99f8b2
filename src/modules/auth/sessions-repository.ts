// SQL of studio sessions (table `sessions`, keyed by the SHA-256 of the cookie token).
import type { Insertable, Kysely } from 'kysely';
import type { Database, SessionsTable } from '../../platform/db/schema.js';

type Db = Kysely<Database>;

export interface SessionWithArtist {
  id: string;
  csrfSecret: string;
  lastSeenAt: Date;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
  rememberMe: boolean;
  artist: { id: string; email: string; displayName: string };
}

export async function insertSession(db: Db, values: Insertable<SessionsTable>): Promise<void> {
  await db.insertInto('sessions').values(values).execute();
}

export async function findSessionWithArtist(db: Db, id: string): Promise<SessionWithArtist | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('artists', 'artists.id', 'sessions.artist_id')
    .select([
      'sessions.id',
      'sessions.csrf_secret',
      'sessions.last_seen_at',
      'sessions.idle_expires_at',
      'sessions.absolute_expires_at',
      'sessions.remember_me',
      'artists.id as artist_id',
      'artists.email',
      'artists.display_name',
    ])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      csrfSecret: row.csrf_secret,
      lastSeenAt: row.last_seen_at,
      idleExpiresAt: row.idle_expires_at,
      absoluteExpiresAt: row.absolute_expires_at,
      rememberMe: row.remember_me,
      artist: { id: row.artist_id, email: row.email, displayName: row.display_name },
    }
  );
}

/** Records activity: the new last-seen time and idle expiry. */
export async function touchSession(db: Db, id: string, lastSeenAt: Date, idleExpiresAt: Date): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ last_seen_at: lastSeenAt, idle_expires_at: idleExpiresAt })
    .where('id', '=', id)
    .execute();
}

/** Deletes a session; its ID token (for the issuer's logout), or null when it had none or did not exist. */
export async function deleteSessionRow(
  db: Db,
  id: string,
): Promise<{ idTokenHint: string | null } | undefined> {
  const row = await db
    .deleteFrom('sessions')
    .where('id', '=', id)
    .returning('id_token_hint')
    .executeTakeFirst();
  return row && { idTokenHint: row.id_token_hint };
}

/** Deletes the sessions that ended (idle or absolute expiry passed) and were never presented again. */
export async function deleteExpiredSessions(db: Db, now: Date): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('idle_expires_at', '<=', now), eb('absolute_expires_at', '<=', now)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
