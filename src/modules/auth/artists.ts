// Artist provisioning (an operator action, never self sign-up): used by the artist CLI and tests.
import { randomUUID } from 'node:crypto';
import type { DatabaseHandle } from '../../platform/db/types.js';
import type { ArtistRole, ArtistRow } from '../../platform/db/schema.js';
import {
  artistRoleOf,
  hasSiteOwner,
  insertArtist,
  linkArtistSubject,
  listArtistRows,
  setRoleByEmail,
  type Db,
} from './artists-repository.js';

export interface ArtistSummary {
  id: string;
  email: string;
  displayName: string;
  idpSubject: string | null;
  hasPassword: boolean;
  role: ArtistRole;
  createdAt: Date;
}

const summary = (r: ArtistRow): ArtistSummary => ({
  id: r.id,
  email: r.email,
  displayName: r.display_name,
  idpSubject: r.idp_subject,
  hasPassword: r.password_hash !== null,
  role: r.role,
  createdAt: r.created_at,
});

/**
 * Creates an artist; `owner` makes them the site owner. The first artist of a site without an owner becomes the
 * owner whatever `owner` says, so a new installation is never left without someone who can back it up.
 */
export async function createArtist(
  database: DatabaseHandle,
  args: { email: string; name: string; subject?: string | undefined; owner?: boolean | undefined },
): Promise<ArtistSummary> {
  const email = args.email.trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new Error(`not an e-mail address: ${args.email}`);
  const row = await database.db.transaction().execute(async (trx) =>
    insertArtist(trx, {
      id: randomUUID(),
      email,
      displayName: args.name.trim(),
      subject: args.subject ?? null,
      role: args.owner || !(await hasSiteOwner(trx)) ? 'owner' : 'artist',
    }),
  );
  if (!row) throw new Error(`an artist with e-mail ${email} already exists`);
  return summary(row);
}

/** The artist's role, undefined when there is no such artist. */
export async function artistRole(db: Db, artistId: string): Promise<ArtistRole | undefined> {
  return artistRoleOf(db, artistId);
}

/** Makes an artist the site owner or takes it away; the last owner cannot be demoted. */
export async function setArtistRole(
  database: DatabaseHandle,
  email: string,
  role: ArtistRole,
): Promise<ArtistSummary> {
  return database.db.transaction().execute(async (trx) => {
    const row = await setRoleByEmail(trx, email.trim().toLowerCase(), role);
    if (!row) throw new Error(`no artist with e-mail ${email}`);
    if (role !== 'owner' && !(await hasSiteOwner(trx)))
      throw new Error(`${row.email} is the only site owner; make another artist the owner first`);
    return summary(row);
  });
}

/** Links an artist to the identity provider's subject (Auth0 user id, e.g. auth0|65f…). */
export async function linkArtist(
  database: DatabaseHandle,
  email: string,
  subject: string,
): Promise<ArtistSummary> {
  const row = await linkArtistSubject(database.db, email.trim().toLowerCase(), subject.trim());
  if (!row) throw new Error(`no artist with e-mail ${email}`);
  return summary(row);
}

export async function listArtists(database: DatabaseHandle): Promise<ArtistSummary[]> {
  return (await listArtistRows(database.db)).map(summary);
}

export { hasSiteOwner };
