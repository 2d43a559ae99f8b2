// Who operates the whole site: the site owner (artists.role = 'owner'). Backups hold everything of every artist
// (drafts, originals, the audit trail) and takedown notices are addressed to the site, so their services ask this
// before every action, whichever door (studio, JSON API) the request came through. The first artist of an
// installation is the owner; `npm run artist -- create --owner` and `npm run artist -- set-role` change it.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { artistRole } from './artists.js';

type Db = Kysely<Database> | Transaction<Database>;

export async function isSiteOwner(db: Db, artistId: string): Promise<boolean> {
  return (await artistRole(db, artistId)) === 'owner';
}

/** 403 unless the artist is the site owner; `what` names the area in the message ("Backups"). */
export async function requireSiteOwner(db: Db, artistId: string, what: string): Promise<void> {
  if (!(await isSiteOwner(db, artistId)))
    throw new AppError('FORBIDDEN', `${what} are handled by the site owner only`);
}
