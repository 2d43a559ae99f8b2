// SQL of exhibitions (the artist's CV records) and the prints shown at each. The studio and the artist API read
// the artist's own (scoped by artist id); the public CV and print pages read the site artist's, linking only the
// prints visitors may see (policy.ts).
import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { ExhibitionsTable, Localized } from '../../platform/db/schema.js';
import { ownedBy, publicPrint } from './policy.js';
import type { Db } from './prints-repository.js';

export type ExhibitionRow = Selectable<ExhibitionsTable>;

/** Newest first: by start date, then end date, then title. */
export async function listExhibitions(
  db: Db,
  artistId: string,
  page: { limit: number; offset: number },
): Promise<{ rows: ExhibitionRow[]; total: number }> {
  const [rows, count] = await Promise.all([
    db
      .selectFrom('exhibitions')
      .selectAll()
      .where('artist_id', '=', artistId)
      .orderBy('starts_on', 'desc')
      .orderBy('ends_on', 'desc')
      .orderBy('title')
      .orderBy('id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    db
      .selectFrom('exhibitions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('artist_id', '=', artistId)
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function getExhibition(
  db: Db,
  artistId: string,
  id: string,
): Promise<ExhibitionRow | undefined> {
  return db
    .selectFrom('exhibitions')
    .selectAll()
    .where('id', '=', id)
    .where('artist_id', '=', artistId)
    .executeTakeFirst();
}

export async function insertExhibition(db: Db, values: Insertable<ExhibitionsTable>): Promise<ExhibitionRow> {
  return db.insertInto('exhibitions').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateExhibition(
  db: Db,
  artistId: string,
  id: string,
  values: Updateable<ExhibitionsTable>,
): Promise<ExhibitionRow | undefined> {
  if (Object.keys(values).length === 0) return getExhibition(db, artistId, id);
  return db
    .updateTable('exhibitions')
    .set(values)
    .where('id', '=', id)
    .where('artist_id', '=', artistId)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteExhibition(db: Db, artistId: string, id: string): Promise<boolean> {
  const res = await db
    .deleteFrom('exhibitions')
    .where('id', '=', id)
    .where('artist_id', '=', artistId)
    .executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

/** The prints shown at each exhibition, by exhibition id (in the order of the prints' creation). */
export async function printsOfExhibitions(db: Db, ids: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('exhibition_prints as ep')
    .innerJoin('prints as p', 'p.id', 'ep.print_id')
    .select(['ep.exhibition_id', 'ep.print_id'])
    .where('ep.exhibition_id', 'in', ids)
    .orderBy('p.created_at')
    .orderBy('p.id')
    .execute();
  for (const r of rows) out.set(r.exhibition_id, [...(out.get(r.exhibition_id) ?? []), r.print_id]);
  return out;
}

/** Which of these print ids are the artist's. */
export async function ownPrintIds(db: Db, artistId: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('prints as p')
    .select('p.id')
    .where('p.id', 'in', ids)
    .where(ownedBy('p', artistId))
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** Replaces the prints shown at an exhibition. */
export async function setExhibitionPrints(
  db: Db,
  exhibitionId: string,
  printIds: readonly string[],
): Promise<void> {
  await db.deleteFrom('exhibition_prints').where('exhibition_id', '=', exhibitionId).execute();
  if (printIds.length > 0)
    await db
      .insertInto('exhibition_prints')
      .values([...new Set(printIds)].map((print_id) => ({ exhibition_id: exhibitionId, print_id })))
      .execute();
}

export interface PublicExhibitionRow extends ExhibitionRow {
  /** The public prints shown there, with their titles. */
  readonly prints: Array<{ id: string; title: Localized }>;
}

/** The site artist's exhibitions (the first artist: the public site shows one), newest first, public prints only. */
export async function siteExhibitions(db: Db): Promise<PublicExhibitionRow[]> {
  const { rows } = await sql<ExhibitionRow & { prints: Array<{ id: string; title: Localized }> | null }>`
    select e.*,
      (select jsonb_agg(jsonb_build_object('id', p.id, 'title', p.title) order by p.created_at, p.id)
        from exhibition_prints ep join prints p on p.id = ep.print_id
        where ep.exhibition_id = e.id and ${publicPrint('p')}) as prints
    from exhibitions e
    where e.artist_id = (select a.id from artists a order by a.created_at, a.id limit 1)
    order by e.starts_on desc, e.ends_on desc nulls last, e.title, e.id`.execute(db);
  return rows.map((r) => ({ ...r, starts_on: String(r.starts_on), prints: r.prints ?? [] }));
}

/** The exhibitions a public print was shown at, newest first. */
export async function exhibitionsOfPrint(db: Db, printId: string): Promise<ExhibitionRow[]> {
  return db
    .selectFrom('exhibitions as e')
    .innerJoin('exhibition_prints as ep', 'ep.exhibition_id', 'e.id')
    .selectAll('e')
    .where('ep.print_id', '=', printId)
    .orderBy('e.starts_on', 'desc')
    .orderBy('e.title')
    .orderBy('e.id')
    .execute();
}
