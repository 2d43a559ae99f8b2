// SQL of bulk edits: the artist's prints matching a filter, the state of many prints at once (locked for the
// transaction), their tags and galleries, and the tag and membership rows a bulk edit adds or removes.
import { sql } from 'kysely';
import type { Localized, PrintRow } from '../../platform/db/schema.js';
import { publicPrint } from './policy.js';
import { artistPrintsWhere, type Db, type PrintFilters } from './prints-repository.js';

/**
 * Ids of the artist's prints matching the filter (the artist API's list filters), newest first, at most `limit`;
 * `total` counts them all.
 */
export async function matchingPrintIds(
  db: Db,
  artistId: string,
  filters: PrintFilters,
  limit: number,
): Promise<{ ids: string[]; total: number }> {
  const where = artistPrintsWhere(artistId, filters);
  const [rows, count] = await Promise.all([
    sql<{ id: string }>`select p.id from prints p where ${where}
      order by p.created_at desc, p.id limit ${limit}`.execute(db),
    sql<{ n: number }>`select count(*)::int as n from prints p where ${where}`.execute(db),
  ]);
  return { ids: rows.rows.map((r) => r.id), total: count.rows[0]?.n ?? 0 };
}

/** The artist's prints among `ids` (others are not there), locked in id order when asked. */
export async function ownPrints(db: Db, artistId: string, ids: readonly string[], forUpdate: boolean) {
  if (ids.length === 0) return [] as PrintRow[];
  let q = db
    .selectFrom('prints')
    .selectAll()
    .where('artist_id', '=', artistId)
    .where('id', 'in', [...ids])
    .orderBy('id');
  if (forUpdate) q = q.forUpdate();
  return q.execute();
}

/** Tag slugs per print, sorted. */
export async function tagSlugsOf(db: Db, printIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (printIds.length === 0) return out;
  const rows = await db
    .selectFrom('print_tags as pt')
    .innerJoin('tags as t', 't.id', 'pt.tag_id')
    .select(['pt.print_id', 't.slug'])
    .where('pt.print_id', 'in', [...printIds])
    .orderBy('t.slug')
    .execute();
  for (const r of rows) out.set(r.print_id, [...(out.get(r.print_id) ?? []), r.slug]);
  return out;
}

/** Ids of the galleries holding each print, sorted. */
export async function galleryIdsOf(db: Db, printIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (printIds.length === 0) return out;
  const rows = await db
    .selectFrom('gallery_prints')
    .select(['print_id', 'gallery_id'])
    .where('print_id', 'in', [...printIds])
    .orderBy('gallery_id')
    .execute();
  for (const r of rows) out.set(r.print_id, [...(out.get(r.print_id) ?? []), r.gallery_id]);
  return out;
}

/** The prints among `printIds` whose current image has processed versions. */
export async function printsWithImageVersions(db: Db, printIds: readonly string[]): Promise<Set<string>> {
  if (printIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('prints as p')
    .select('p.id')
    .where('p.id', 'in', [...printIds])
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('image_versions as iv').select('iv.image_id').whereRef('iv.image_id', '=', 'p.image_id'),
      ),
    )
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** The artist's galleries among `ids` (id → title), locked in id order when asked. */
export async function ownGalleries(
  db: Db,
  artistId: string,
  ids: readonly string[],
  forUpdate: boolean,
): Promise<Map<string, Localized>> {
  if (ids.length === 0) return new Map();
  let q = db
    .selectFrom('galleries')
    .select(['id', 'title'])
    .where('artist_id', '=', artistId)
    .where('id', 'in', [...ids])
    .orderBy('id');
  if (forUpdate) q = q.forUpdate();
  return new Map((await q.execute()).map((r) => [r.id, r.title]));
}

/** The artist's existing tags (slug → id and label). */
export async function artistTags(
  db: Db,
  artistId: string,
): Promise<Map<string, { id: string; label: Localized }>> {
  const rows = await db
    .selectFrom('tags')
    .select(['id', 'slug', 'label'])
    .where('artist_id', '=', artistId)
    .execute();
  return new Map(rows.map((r) => [r.slug, { id: r.id, label: r.label }]));
}

/** Creates the tags that do not exist yet; returns slug → id of all of them. */
export async function ensureTags(
  db: Db,
  artistId: string,
  tags: ReadonlyArray<{ slug: string; label: Localized }>,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const tag of tags) {
    const row = await db
      .insertInto('tags')
      .values({ artist_id: artistId, slug: tag.slug, label: JSON.stringify(tag.label) })
      .onConflict((oc) => oc.constraint('tags_artist_slug_key').doUpdateSet({ slug: tag.slug }))
      .returning('id')
      .executeTakeFirstOrThrow();
    out.set(tag.slug, row.id);
  }
  return out;
}

/** Adds tags to prints: (print id, tag id) pairs, in one statement. */
export async function addPrintTags(
  db: Db,
  pairs: ReadonlyArray<{ printId: string; tagId: string }>,
): Promise<void> {
  if (pairs.length === 0) return;
  await db
    .insertInto('print_tags')
    .values(pairs.map((p) => ({ print_id: p.printId, tag_id: p.tagId })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Removes tags from prints: (print id, tag id) pairs, in one statement. */
export async function removePrintTags(
  db: Db,
  pairs: ReadonlyArray<{ printId: string; tagId: string }>,
): Promise<void> {
  if (pairs.length === 0) return;
  const json = JSON.stringify(pairs.map((p) => ({ print_id: p.printId, tag_id: p.tagId })));
  await sql`delete from print_tags pt
    using jsonb_to_recordset(${json}::jsonb) as x(print_id uuid, tag_id uuid)
    where pt.print_id = x.print_id and pt.tag_id = x.tag_id`.execute(db);
}

/** Writes the same column values on several prints at once. */
export async function updatePrintsColumns(
  db: Db,
  printIds: readonly string[],
  values: {
    year?: number | null;
    technique_key?: string | null;
    availability_key?: string | null;
    paper?: Localized;
    status?: PrintRow['status'];
    published_at?: Date;
  },
): Promise<void> {
  const { paper, ...rest } = values;
  const set = { ...rest, ...(paper ? { paper: JSON.stringify(paper) } : {}) };
  if (Object.keys(set).length === 0 || printIds.length === 0) return;
  await db
    .updateTable('prints')
    .set(set)
    .where('id', 'in', [...printIds])
    .execute();
}

/** Appends prints at the end of a gallery (locked by the caller), in the order given. */
export async function appendToGallery(db: Db, galleryId: string, printIds: readonly string[]): Promise<void> {
  if (printIds.length === 0) return;
  const { rows } = await sql<{ n: number }>`
    select coalesce(max(position), 0)::int as n from gallery_prints where gallery_id = ${galleryId}`.execute(
    db,
  );
  const last = rows[0]?.n ?? 0;
  await db
    .insertInto('gallery_prints')
    .values(
      printIds.map((printId, i) => ({ gallery_id: galleryId, print_id: printId, position: last + i + 1 })),
    )
    .execute();
}

/** Takes prints out of a gallery (locked by the caller) and closes the gaps, keeping the others' order. */
export async function removeFromGallery(
  db: Db,
  galleryId: string,
  printIds: readonly string[],
): Promise<void> {
  if (printIds.length === 0) return;
  await db
    .deleteFrom('gallery_prints')
    .where('gallery_id', '=', galleryId)
    .where('print_id', 'in', [...printIds])
    .execute();
  await sql`update gallery_prints gp set position = r.n
    from (select print_id, row_number() over (order by position)::int as n
          from gallery_prints where gallery_id = ${galleryId}) r
    where gp.gallery_id = ${galleryId} and gp.print_id = r.print_id and gp.position <> r.n`.execute(db);
}

/** The prints among `printIds` visitors may see now (the policy), as the caller's transaction sees the data. */
export async function publicPrintIds(db: Db, printIds: readonly string[]): Promise<Set<string>> {
  if (printIds.length === 0) return new Set();
  const { rows } = await sql<{ id: string }>`
    select p.id from prints p where p.id in (${sql.join(printIds)}) and ${publicPrint('p')}`.execute(db);
  return new Set(rows.map((r) => r.id));
}
