// SQL of the inventory spreadsheet: the artist's whole catalogue in a few set queries (prints, their tags,
// galleries, ledger extents and images), for the export and for planning an import.
import { sql } from 'kysely';
import type { Localized, PrintRow, PrintUpdate } from '../../platform/db/schema.js';
import type { Db } from './prints-repository.js';

/** Every print of the artist, in inventory-number order (then oldest first); locked for an import when asked. */
export async function artistPrints(db: Db, artistId: string, forUpdate = false): Promise<PrintRow[]> {
  let q = db
    .selectFrom('prints')
    .selectAll()
    .where('artist_id', '=', artistId)
    .orderBy(sql`inventory_number nulls last`)
    .orderBy('created_at')
    .orderBy('id');
  if (forUpdate) q = q.forUpdate();
  return q.execute();
}

function group<T>(rows: ReadonlyArray<{ print_id: string } & T>): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(r.print_id) ?? [];
    list.push(r);
    out.set(r.print_id, list);
  }
  return out;
}

export async function tagsByPrint(
  db: Db,
  artistId: string,
): Promise<Map<string, Array<{ slug: string; label: Localized }>>> {
  const rows = await db
    .selectFrom('print_tags as pt')
    .innerJoin('tags as t', 't.id', 'pt.tag_id')
    .select(['pt.print_id', 't.slug', 't.label'])
    .where('t.artist_id', '=', artistId)
    .orderBy('pt.print_id')
    .orderBy('t.slug')
    .execute();
  return group(rows);
}

/** The titles of the galleries each print is in (English, else Danish), alphabetically. */
export async function galleriesByPrint(db: Db, artistId: string): Promise<Map<string, string[]>> {
  const { rows } = await sql<{ print_id: string; title: string }>`
    select gp.print_id, coalesce(nullif(g.title ->> 'en', ''), g.title ->> 'da', '') as title
    from gallery_prints gp join galleries g on g.id = gp.gallery_id
    where g.artist_id = ${artistId}
    order by gp.print_id, 2`.execute(db);
  const out = new Map<string, string[]>();
  for (const [id, list] of group(rows))
    out.set(
      id,
      list.map((r) => r.title),
    );
  return out;
}

export async function ledgerByPrint(
  db: Db,
  artistId: string,
): Promise<Map<string, Array<{ kind: 'numbered' | 'AP'; n: number; max: number | null }>>> {
  const { rows } = await sql<{ print_id: string; kind: 'numbered' | 'AP'; n: number; max: number | null }>`
    select i.print_id, i.kind, count(*)::int as n, max(i.number)::int as max
    from impressions i join prints p on p.id = i.print_id
    where p.artist_id = ${artistId} and i.kind in ('numbered', 'AP')
    group by i.print_id, i.kind`.execute(db);
  return group(rows);
}

/** Whether each print's current image has processed versions, and the file name it was uploaded as. */
export async function imagesByPrint(
  db: Db,
  artistId: string,
): Promise<Map<string, { shown: boolean; fileName: string | null }>> {
  const { rows } = await sql<{ print_id: string; shown: boolean; file_name: string | null }>`
    select p.id as print_id,
      exists (select 1 from image_versions iv where iv.image_id = p.image_id) as shown,
      i.original_filename as file_name
    from prints p join images i on i.id = p.image_id
    where p.artist_id = ${artistId}`.execute(db);
  return new Map(rows.map((r) => [r.print_id, { shown: r.shown, fileName: r.file_name }]));
}

const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** New prints of the artist, with the ids given, in a few multi-row statements. */
export async function insertPrints(
  db: Db,
  artistId: string,
  rows: ReadonlyArray<PrintUpdate & { id: string }>,
): Promise<void> {
  for (const chunk of chunks(rows)) {
    await db
      .insertInto('prints')
      .values(chunk.map((r) => ({ ...r, artist_id: artistId })))
      .execute();
  }
}

/**
 * Replaces the tags of these prints (the artist's own), creating missing tags by slug (an existing tag keeps its
 * label, as the prints service does), in a few statements whatever the number of prints.
 */
export async function replacePrintTags(
  db: Db,
  artistId: string,
  items: ReadonlyArray<{ printId: string; tags: ReadonlyArray<{ slug: string; label: Localized }> }>,
): Promise<void> {
  if (items.length === 0) return;
  for (const chunk of chunks(items)) {
    await db
      .deleteFrom('print_tags')
      .where(
        'print_id',
        'in',
        chunk.map((i) => i.printId),
      )
      .execute();
  }
  const labels = new Map<string, Localized>();
  for (const item of items) for (const t of item.tags) if (!labels.has(t.slug)) labels.set(t.slug, t.label);
  const ids = new Map<string, string>();
  for (const chunk of chunks([...labels])) {
    const rows = await db
      .insertInto('tags')
      .values(chunk.map(([slug, label]) => ({ artist_id: artistId, slug, label: JSON.stringify(label) })))
      .onConflict((oc) =>
        oc.constraint('tags_artist_slug_key').doUpdateSet((eb) => ({ slug: eb.ref('excluded.slug') })),
      )
      .returning(['id', 'slug'])
      .execute();
    for (const r of rows) ids.set(r.slug, r.id);
  }
  const links = items.flatMap((i) => i.tags.map((t) => ({ print_id: i.printId, tag_id: ids.get(t.slug)! })));
  for (const chunk of chunks(links)) {
    await db
      .insertInto('print_tags')
      .values(chunk)
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}
