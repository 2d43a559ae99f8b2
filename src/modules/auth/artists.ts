// Artist provisioning (an operator action, never self sign-up): used by the artist CLI and tests.
import { randomUUID } from 'node:crypto';
import type { DatabaseHandle } from '../../platform/db/types.js';
import type { ArtistRow } from '../../platform/db/schema.js';

export interface ArtistSummary {
  id: string;
  email: string;
  displayName: string;
  idpSubject: string | null;
  hasPassword: boolean;
  createdAt: Date;
}

const summary = (r: ArtistRow): ArtistSummary => ({
  id: r.id,
  email: r.email,
  displayName: r.display_name,
  idpSubject: r.idp_subject,
  hasPassword: r.password_hash !== null,
  createdAt: r.created_at,
});

export async function createArtist(
  database: DatabaseHandle,
  args: { email: string; name: string; subject?: string },
): Promise<ArtistSummary> {
  const email = args.email.trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new Error(`not an e-mail address: ${args.email}`);
  const row = await database.db
    .insertInto('artists')
    .values({ id: randomUUID(), email, display_name: args.name.trim(), idp_subject: args.subject ?? null })
    .onConflict((oc) => oc.column('email').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new Error(`an artist with e-mail ${email} already exists`);
  return summary(row);
}

/** Links an artist to the identity provider's subject (Auth0 user id, e.g. auth0|65f…). */
export async function linkArtist(
  database: DatabaseHandle,
  email: string,
  subject: string,
): Promise<ArtistSummary> {
  const row = await database.db
    .updateTable('artists')
    .set({ idp_subject: subject.trim() })
    .where('email', '=', email.trim().toLowerCase())
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new Error(`no artist with e-mail ${email}`);
  return summary(row);
}

export async function listArtists(database: DatabaseHandle): Promise<ArtistSummary[]> {
  const rows = await database.db.selectFrom('artists').selectAll().orderBy('created_at').execute();
  return rows.map(summary);
}
