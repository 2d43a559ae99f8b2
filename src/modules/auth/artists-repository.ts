// SQL of the auth module on `artists`: who signs in (by issuer subject or e-mail) and provisioning.
import type { Kysely, Transaction } from 'kysely';
import type { ArtistRole, ArtistRow, Database } from '../../platform/db/schema.js';

export type Db = Kysely<Database> | Transaction<Database>;

export interface ArtistIdentity {
  id: string;
  email: string;
  displayName: string;
}

/** The artist linked to an issuer subject (`sub` of ID and access tokens). */
export async function findArtistBySubject(db: Db, subject: string): Promise<ArtistIdentity | undefined> {
  const row = await db
    .selectFrom('artists')
    .select(['id', 'email', 'display_name'])
    .where('idp_subject', '=', subject)
    .executeTakeFirst();
  return row && { id: row.id, email: row.email, displayName: row.display_name };
}

/** The whole row of an artist by (lower-case) e-mail. */
export async function findArtistByEmail(db: Db, email: string): Promise<ArtistRow | undefined> {
  return db.selectFrom('artists').selectAll().where('email', '=', email).executeTakeFirst();
}

/** Inserts an artist unless the e-mail exists; the new row, or undefined when it existed. */
export async function insertArtist(
  db: Db,
  values: {
    id: string;
    email: string;
    displayName: string;
    subject: string | null;
    passwordHash?: string;
    role?: ArtistRole;
  },
): Promise<ArtistRow | undefined> {
  return db
    .insertInto('artists')
    .values({
      id: values.id,
      email: values.email,
      display_name: values.displayName,
      idp_subject: values.subject,
      ...(values.passwordHash === undefined ? {} : { password_hash: values.passwordHash }),
      ...(values.role === undefined ? {} : { role: values.role }),
    })
    .onConflict((oc) => oc.column('email').doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** Sets the subject and/or password hash of an artist (by id). */
export async function updateArtistCredentials(
  db: Db,
  id: string,
  changes: { subject?: string; passwordHash?: string },
): Promise<void> {
  await db
    .updateTable('artists')
    .set({
      ...(changes.subject === undefined ? {} : { idp_subject: changes.subject }),
      ...(changes.passwordHash === undefined ? {} : { password_hash: changes.passwordHash }),
    })
    .where('id', '=', id)
    .execute();
}

/** Links the artist with this e-mail to an issuer subject; the updated row, or undefined. */
export async function linkArtistSubject(
  db: Db,
  email: string,
  subject: string,
): Promise<ArtistRow | undefined> {
  return db
    .updateTable('artists')
    .set({ idp_subject: subject })
    .where('email', '=', email)
    .returningAll()
    .executeTakeFirst();
}

export async function listArtistRows(db: Db): Promise<ArtistRow[]> {
  return db.selectFrom('artists').selectAll().orderBy('created_at').execute();
}

/**
 * Sets a new password hash for the artist with this e-mail, links a subject when it has none, and ends every
 * session of that artist, in one transaction. False when no artist has the e-mail.
 */
export async function replacePassword(
  db: Db,
  email: string,
  passwordHash: string,
  subjectFor: (artistId: string) => string,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const artist = await trx
      .updateTable('artists')
      .set({ password_hash: passwordHash })
      .where('email', '=', email)
      .returning(['id', 'idp_subject'])
      .executeTakeFirst();
    if (!artist) return false;
    if (!artist.idp_subject) {
      await trx
        .updateTable('artists')
        .set({ idp_subject: subjectFor(artist.id) })
        .where('id', '=', artist.id)
        .execute();
    }
    await trx.deleteFrom('sessions').where('artist_id', '=', artist.id).execute();
    return true;
  });
}

export async function hasSiteOwner(db: Db): Promise<boolean> {
  const row = await db
    .selectFrom('artists')
    .select('id')
    .where('role', '=', 'owner')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function artistRoleOf(db: Db, artistId: string): Promise<ArtistRole | undefined> {
  const row = await db.selectFrom('artists').select('role').where('id', '=', artistId).executeTakeFirst();
  return row?.role;
}

export async function setRoleByEmail(
  db: Db,
  email: string,
  role: ArtistRole,
): Promise<ArtistRow | undefined> {
  return db.updateTable('artists').set({ role }).where('email', '=', email).returningAll().executeTakeFirst();
}
