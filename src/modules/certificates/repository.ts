// SQL of certificates: the artist's own impression (scoped through its print), its verification code, and the
// impression a code names.
import type { Kysely, Transaction } from 'kysely';
import type { Database, ImpressionStatus, Language } from '../../platform/db/schema.js';

export type Db = Kysely<Database> | Transaction<Database>;

export interface CertificateImpressionRow {
  id: string;
  print_id: string;
  artist_id: string;
  kind: string;
  number: number | null;
  state: string | null;
  printed_on: string | null;
  paper: string | null;
  status: ImpressionStatus;
  verification_code: string | null;
}

const columns = [
  'i.id',
  'i.print_id',
  'p.artist_id',
  'i.kind',
  'i.number',
  'i.state',
  'i.printed_on',
  'i.paper',
  'i.status',
  'i.verification_code',
] as const;

/** The impression of the artist's own print; undefined for another artist's print or impression. */
export async function ownImpression(
  db: Db,
  artistId: string,
  printId: string,
  impressionId: string,
): Promise<CertificateImpressionRow | undefined> {
  return db
    .selectFrom('impressions as i')
    .innerJoin('prints as p', 'p.id', 'i.print_id')
    .select(columns)
    .where('i.id', '=', impressionId)
    .where('i.print_id', '=', printId)
    .where('p.artist_id', '=', artistId)
    .executeTakeFirst();
}

/** The impression a code names (stored form), whoever's it is. */
export async function impressionByCode(db: Db, code: string): Promise<CertificateImpressionRow | undefined> {
  return db
    .selectFrom('impressions as i')
    .innerJoin('prints as p', 'p.id', 'i.print_id')
    .select(columns)
    .where('i.verification_code', '=', code)
    .executeTakeFirst();
}

/**
 * Gives the impression `code` when it has none yet (or always, with `replace`) and answers the code it has now: of
 * two first certificates at once, both get the code written first. An impression that has its code is not written.
 */
export async function assignCode(
  db: Db,
  impressionId: string,
  code: string,
  replace: boolean,
): Promise<string | undefined> {
  let update = db.updateTable('impressions').set({ verification_code: code }).where('id', '=', impressionId);
  if (!replace) update = update.where('verification_code', 'is', null);
  const written = await update.returning('verification_code').executeTakeFirst();
  if (written) return written.verification_code ?? undefined;
  const current = await db
    .selectFrom('impressions')
    .select('verification_code')
    .where('id', '=', impressionId)
    .executeTakeFirst();
  return current?.verification_code ?? undefined;
}

/** The name the artist signs with and the language they work in (settings; the account's name otherwise). */
export async function artistProfile(
  db: Db,
  artistId: string,
): Promise<{ name: string; defaultLanguage: Language } | undefined> {
  const row = await db
    .selectFrom('artists as a')
    .leftJoin('settings as s', 's.artist_id', 'a.id')
    .select(['a.display_name', 's.profile_name', 's.default_language'])
    .where('a.id', '=', artistId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    name: row.profile_name?.trim() || row.display_name,
    defaultLanguage: row.default_language ?? 'da',
  };
}
