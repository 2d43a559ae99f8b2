// SQL of the restore (restore.ts holds its rules): reading the target's rows, upserting archived rows with the
// tables' triggers held back, and the derived state rebuilt afterwards (search documents, the availability ledger,
// the search caches' generation, the audit sequence).
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { TableSpec } from './format.js';
import { rowJsonSql } from './repository.js';

export type RestoreTx = Transaction<Database>;

class Rollback extends Error {}

/** Runs `apply` in one transaction; `commit: false` rolls it back (a dry run counting against the target). */
export async function inRestoreTransaction(
  db: Kysely<Database>,
  commit: boolean,
  apply: (trx: RestoreTx) => Promise<void>,
): Promise<void> {
  await db
    .transaction()
    .execute(async (trx) => {
      await sql`set local time zone 'UTC'`.execute(trx);
      await apply(trx);
      if (!commit) throw new Rollback();
    })
    .catch((error: unknown) => {
      if (!(error instanceof Rollback)) throw error;
    });
}

/** Columns of a table that can be written (generated ones left out). */
export async function targetColumns(trx: RestoreTx, table: string): Promise<Set<string>> {
  const { rows } = await sql<{ column_name: string }>`
    select column_name from information_schema.columns
    where table_schema = current_schema() and table_name = ${table} and is_generated = 'NEVER'
  `.execute(trx);
  return new Set(rows.map((r) => r.column_name));
}

/** Every row of a table as the archive would hold it (same JSON), parsed. */
export async function targetRows(trx: RestoreTx, spec: TableSpec): Promise<Record<string, unknown>[]> {
  const { rows } = await sql<{
    j: string;
  }>`select ${rowJsonSql(spec)} as j from ${sql.table(spec.name)} t`.execute(trx);
  return rows.map(({ j }) => JSON.parse(j) as Record<string, unknown>);
}

/** Which of these ids exist in the table. */
export async function existingIds(
  trx: RestoreTx,
  table: 'prints' | 'galleries' | 'images',
  ids: readonly string[],
): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500);
    const rows = await trx.selectFrom(table).select('id').where('id', 'in', part).execute();
    for (const r of rows) found.add(r.id);
  }
  return found;
}

function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Inserts or updates rows by primary key (vocabulary terms by their natural key). Only the given columns are
 * written: a column the archive does not hold (a secret such as a password hash) keeps the target's value.
 */
export async function upsertRows(
  trx: RestoreTx,
  spec: TableSpec,
  columns: readonly string[],
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  if (rows.length === 0) return;
  const cols = columns.map(quote).join(', ');
  const conflict =
    spec.name === 'vocabulary_terms'
      ? 'on constraint vocabulary_terms_kind_key_artist_key'
      : `(${spec.key.map(quote).join(', ')})`;
  const updatable = columns.filter((c) => spec.name === 'vocabulary_terms' || !spec.key.includes(c));
  const action =
    updatable.length === 0
      ? 'do nothing'
      : `do update set ${updatable.map((c) => `${quote(c)} = excluded.${quote(c)}`).join(', ')}`;
  await sql`
    insert into ${sql.table(spec.name)} (${sql.raw(cols)})
    select ${sql.raw(cols)} from jsonb_populate_recordset(null::${sql.table(spec.name)}, ${JSON.stringify(rows)}::jsonb)
    on conflict ${sql.raw(conflict)} ${sql.raw(action)}
  `.execute(trx);
}

/**
 * Holds back the user triggers of these tables (timestamps stay as archived, derived state is rebuilt once at the
 * end); returns the tables whose triggers were held, for releaseTriggers.
 */
export async function holdTriggers(trx: RestoreTx, tables: readonly string[]): Promise<string[]> {
  const { rows } = await sql<{ t: string }>`
    select distinct c.relname as t from pg_trigger g join pg_class c on c.oid = g.tgrelid
    where not g.tgisinternal and c.relnamespace = current_schema()::regnamespace
  `.execute(trx);
  const have = new Set(rows.map((r) => r.t));
  const held = tables.filter((t) => have.has(t));
  for (const t of held) await sql`alter table ${sql.table(t)} disable trigger user`.execute(trx);
  return held;
}

export async function releaseTriggers(trx: RestoreTx, tables: readonly string[]): Promise<void> {
  for (const t of tables) await sql`alter table ${sql.table(t)} enable trigger user`.execute(trx);
}

/** Deletes the child rows of these parents (a partial restore replaces them with the archived ones). */
export async function deleteChildren(
  trx: RestoreTx,
  table: string,
  column: string,
  ids: readonly string[],
): Promise<void> {
  if (ids.length === 0) return;
  await sql`delete from ${sql.table(table)} where ${sql.ref(column)} in (${sql.join(ids)})`.execute(trx);
}

/** Sets prints' images (after the image rows exist). */
export async function linkPrintImages(
  trx: RestoreTx,
  links: readonly Record<string, unknown>[],
): Promise<void> {
  if (links.length === 0) return;
  await sql`
    update prints p set image_id = x.image_id
    from jsonb_to_recordset(${JSON.stringify(links)}::jsonb) as x(id uuid, image_id uuid)
    where p.id = x.id
  `.execute(trx);
}

/** Images whose versions must be generated again: back to processing, with their prints. */
export async function markImagesProcessing(trx: RestoreTx, imageIds: readonly string[]): Promise<void> {
  for (let i = 0; i < imageIds.length; i += 500) {
    const part = imageIds.slice(i, i + 500);
    await trx
      .updateTable('images')
      .set({ status: 'processing', error: null })
      .where('id', 'in', part)
      .execute();
    await trx
      .updateTable('prints')
      .set({ image_status: 'processing' })
      .where('image_id', 'in', part)
      .execute();
  }
}

export async function printStatuses(
  trx: RestoreTx,
  ids: readonly string[],
): Promise<{ id: string; status: string }[]> {
  const out: { id: string; status: string }[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    out.push(
      ...(await trx
        .selectFrom('prints')
        .select(['id', 'status'])
        .where('id', 'in', ids.slice(i, i + 500))
        .execute()),
    );
  }
  return out;
}

export async function checkConstraints(trx: RestoreTx): Promise<void> {
  await sql`set constraints all immediate`.execute(trx);
}

/**
 * Rebuilds the search documents of these prints with the restored tags and vocabulary. Only the search trigger
 * runs (the others are still held), so updated_at stays as archived.
 */
export async function refreshPrintSearch(trx: RestoreTx, ids: readonly string[]): Promise<void> {
  await sql`alter table prints enable trigger prints_search_refresh`.execute(trx);
  for (let i = 0; i < ids.length; i += 500) {
    await sql`update prints set id = id where id in (${sql.join(ids.slice(i, i + 500))})`.execute(trx);
  }
}

/** Tells the search caches the catalogue changed (the held triggers did not). */
export async function bumpSearchGeneration(trx: RestoreTx): Promise<void> {
  await sql`select public.search_changed()`.execute(trx);
}

/** Recomputes the availability ledger from the impressions (its triggers were held). */
export async function rebuildLedger(trx: RestoreTx): Promise<void> {
  await sql`select public.print_ledger_rebuild()`.execute(trx);
}

/** Moves the audit id sequence past the restored events. */
export async function resetAuditSequence(trx: RestoreTx): Promise<void> {
  await sql`
    select setval(pg_get_serial_sequence('audit_events', 'id'), greatest((select max(id) from audit_events), 1))
  `.execute(trx);
}

/** The earliest created of these artists that exists. */
export async function firstExistingArtist(trx: RestoreTx, ids: readonly string[]): Promise<string | null> {
  if (ids.length === 0) return null;
  const row = await trx
    .selectFrom('artists')
    .select('id')
    .where('id', 'in', ids)
    .orderBy('created_at')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Another artist of the target with this e-mail: its sign-in and role, and whether it owns any content. */
export async function otherArtistWithEmail(
  trx: RestoreTx,
  email: string,
  id: string,
): Promise<
  | {
      id: string;
      password_hash: string | null;
      idp_subject: string | null;
      role: string;
      ownsContent: boolean;
    }
  | undefined
> {
  const other = await trx
    .selectFrom('artists')
    .select(['id', 'password_hash', 'idp_subject', 'role'])
    .where('email', '=', email)
    .where('id', '!=', id)
    .executeTakeFirst();
  if (!other) return undefined;
  const owns = await sql<{ n: number }>`
    select (select count(*) from prints where artist_id = ${other.id})
         + (select count(*) from galleries where artist_id = ${other.id})
         + (select count(*) from images where artist_id = ${other.id}) as n
  `.execute(trx);
  return { ...other, ownsContent: Number(owns.rows[0]?.n ?? 0) > 0 };
}

export async function deleteArtist(trx: RestoreTx, id: string): Promise<void> {
  await trx.deleteFrom('artists').where('id', '=', id).execute();
}

/** Makes the first artist the site owner when no artist is (an archive from before artists.role). */
export async function ensureSiteOwner(trx: RestoreTx): Promise<void> {
  await sql`
    update artists set role = 'owner'
    where id = (select id from artists order by created_at, id limit 1)
      and not exists (select 1 from artists where role = 'owner')
  `.execute(trx);
}

/** Gives a restored artist the sign-in (password hash, IdP subject) and owner role of the account it replaced. */
export async function carryOverArtist(
  trx: RestoreTx,
  id: string,
  values: { password_hash: string | null; idp_subject: string | null; owner: boolean },
): Promise<void> {
  const set = {
    ...(values.password_hash ? { password_hash: values.password_hash } : {}),
    ...(values.idp_subject ? { idp_subject: values.idp_subject } : {}),
    ...(values.owner ? { role: 'owner' as const } : {}),
  };
  if (Object.keys(set).length === 0) return;
  await trx.updateTable('artists').set(set).where('id', '=', id).execute();
}
