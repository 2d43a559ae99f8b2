// SQL of the backups module: the backup records, the lock a running backup holds, the snapshot a backup dumps and
// the site-owner check. The restore's statements are in restore-repository.ts; the rules in service.ts and
// restore.ts.
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { BackupsTable, Database } from '../../platform/db/schema.js';
import type { DatabaseHandle } from '../../platform/db/types.js';
import { recordAudit, type AuditEventInput } from '../audit/index.js';
import type { TableSpec } from './format.js';

export type Db = Kysely<Database> | Transaction<Database>;
export type BackupRow = Selectable<BackupsTable>;

/** SQL selecting a row as portable JSON text (UTC timestamps; derived and secret columns left out). */
export function rowJsonSql(spec: TableSpec) {
  const left = [...(spec.derived ?? []), ...(spec.secret ?? [])];
  const minus = left.length ? ` - array[${left.map((c) => `'${c}'`).join(', ')}]::text[]` : '';
  return sql.raw(`(to_jsonb(t)${minus})::text`);
}

function orderBy(spec: TableSpec) {
  return sql.raw(spec.key.map((k) => `t.${k}`).join(', '));
}

// --- records ------------------------------------------------------------------------------------------------------

export async function findBackup(db: Db, id: string): Promise<BackupRow | undefined> {
  return db.selectFrom('backups').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listBackupRows(db: Db): Promise<BackupRow[]> {
  return db.selectFrom('backups').selectAll().orderBy('started_at', 'desc').orderBy('id', 'desc').execute();
}

export async function runningBackups(
  db: Db,
  exceptId?: string,
): Promise<Pick<BackupRow, 'id' | 'storage_key' | 'started_at'>[]> {
  let query = db
    .selectFrom('backups')
    .select(['id', 'storage_key', 'started_at'])
    .where('status', '=', 'running');
  if (exceptId) query = query.where('id', '!=', exceptId);
  return query.execute();
}

/** Marks a still-running backup failed; false when it had finished meanwhile. */
export async function markInterrupted(db: Db, id: string, error: string): Promise<boolean> {
  const result = await db
    .updateTable('backups')
    .set({ status: 'failed', finished_at: new Date(), error })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Inserts a backup record (status running) with its audit event, unless `refuse` finds a reason not to among the
 * backups still running: checked and inserted under a transaction lock, so two requests never both get in.
 */
export async function insertBackup(
  db: Kysely<Database>,
  values: { artistId: string | null; includeVersions: boolean },
  audit: Omit<AuditEventInput, 'entityId'> | undefined,
  refuse: (running: Pick<BackupRow, 'id' | 'started_at'>[]) => boolean,
): Promise<{ id: string } | undefined> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${REQUEST_LOCK}, 0)`.execute(trx);
    const running = await trx
      .selectFrom('backups')
      .select(['id', 'started_at'])
      .where('status', '=', 'running')
      .execute();
    if (refuse(running)) return undefined;
    const row = await trx
      .insertInto('backups')
      .values({
        artist_id: values.artistId,
        status: 'running',
        report: { requested: { includeVersions: values.includeVersions } },
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (audit) await recordAudit(trx, { ...audit, entityId: row.id });
    return { id: row.id };
  });
}

export async function setStorageKey(db: Db, id: string, key: string): Promise<void> {
  await db.updateTable('backups').set({ storage_key: key }).where('id', '=', id).execute();
}

/** Records the verified archive and its audit event in one transaction. */
export async function markVerified(
  db: Kysely<Database>,
  id: string,
  values: { bytes: number; sha256: string; manifest: unknown; report: unknown },
  audit: AuditEventInput,
): Promise<BackupRow> {
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('backups')
      .set({
        status: 'verified',
        finished_at: new Date(),
        bytes: values.bytes,
        sha256: values.sha256,
        manifest: JSON.stringify(values.manifest),
        report: JSON.stringify(values.report),
        error: null,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, audit);
    return updated;
  });
}

/** Records a failed backup and its audit event in one transaction. */
export async function markFailed(
  db: Kysely<Database>,
  id: string,
  error: string,
  audit: AuditEventInput,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('backups')
      .set({ status: 'failed', finished_at: new Date(), error })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, audit);
  });
}

export async function verifiedBackups(db: Db): Promise<Pick<BackupRow, 'id' | 'storage_key'>[]> {
  return db
    .selectFrom('backups')
    .select(['id', 'storage_key'])
    .where('status', '=', 'verified')
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export async function deleteBackupRow(db: Db, id: string): Promise<void> {
  await db.deleteFrom('backups').where('id', '=', id).execute();
}

/** The first artist of the installation (the CLI's backups are recorded under it). */
export async function firstArtistId(db: Db): Promise<string | null> {
  const row = await db.selectFrom('artists').select('id').orderBy('created_at').executeTakeFirst();
  return row?.id ?? null;
}

// --- the lock of a running backup -----------------------------------------------------------------------------------

/** First key of the PostgreSQL advisory lock a running backup holds ('bkup'); the second is hashtext(id). */
const LOCK_NAMESPACE = 0x626b7570;
/** Transaction lock serializing backup requests ('bkrq'). */
const REQUEST_LOCK = 0x626b7271;

/** Whether a live PostgreSQL session holds the advisory lock of this backup. */
export async function backupLockHeld(db: Db, id: string): Promise<boolean> {
  const { rows } = await sql<{ held: boolean }>`
    select exists (
      select 1 from pg_locks
      where locktype = 'advisory' and granted and objsubid = 2
        and database = (select oid from pg_database where datname = current_database())
        and classid = ${LOCK_NAMESPACE}::int4::oid and objid = hashtext(${id})::oid
    ) as held
  `.execute(db);
  return rows[0]?.held === true;
}

/**
 * Takes the backup's session advisory lock on a connection of its own and keeps it until `until` settles.
 * `claimed` is called once with whether the lock was granted.
 */
export async function holdBackupLock(
  database: DatabaseHandle,
  id: string,
  claimed: (ok: boolean) => void,
  until: Promise<void>,
): Promise<void> {
  await database.db.connection().execute(async (conn) => {
    const { rows } = await sql<{ ok: boolean }>`
      select pg_try_advisory_lock(${LOCK_NAMESPACE}, hashtext(${id})) as ok
    `.execute(conn);
    const ok = rows[0]?.ok === true;
    claimed(ok);
    if (!ok) return;
    await until;
    await sql`select pg_advisory_unlock(${LOCK_NAMESPACE}, hashtext(${id}))`.execute(conn);
  });
}

// --- the snapshot a backup dumps -----------------------------------------------------------------------------------

export interface SnapshotReader {
  /** Rows of a table as JSON text, `limit` from `offset`, in primary-key order. */
  tablePage(spec: TableSpec, offset: number, limit: number): Promise<string[]>;
  /** Every image's id and original key. */
  imageOriginals(): Promise<{ id: string; original_key: string }[]>;
  /** Storage keys of every version and deep-zoom file, with their image. */
  versionKeys(): Promise<{ image_id: string; storage_key: string }[]>;
}

/** Runs `read` over one consistent (repeatable read) view of the database, timestamps in UTC. */
export async function withSnapshot<T>(db: Kysely<Database>, read: (s: SnapshotReader) => Promise<T>) {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      await sql`set local time zone 'UTC'`.execute(trx);
      return read({
        async tablePage(spec, offset, limit) {
          const { rows } = await sql<{ j: string }>`
            select ${rowJsonSql(spec)} as j from ${sql.table(spec.name)} t
            order by ${orderBy(spec)} limit ${limit} offset ${offset}
          `.execute(trx);
          return rows.map((r) => r.j);
        },
        imageOriginals: () =>
          trx
            .selectFrom('images')
            .select(['id', 'original_key'])
            .orderBy('original_key')
            .orderBy('id')
            .execute(),
        async versionKeys() {
          const versions = await trx
            .selectFrom('image_versions')
            .select(['image_id', 'storage_key'])
            .orderBy('storage_key')
            .execute();
          // Tile descriptors: IIIF info.json, or DZI of images not yet processed again since 0023.
          const tiles = await trx
            .selectFrom('images')
            .select(['id', 'iiif_key', 'dzi_key'])
            .where((eb) => eb.or([eb('iiif_key', 'is not', null), eb('dzi_key', 'is not', null)]))
            .execute();
          return [
            ...versions,
            ...tiles.flatMap((d) =>
              [d.iiif_key, d.dzi_key]
                .filter((k): k is string => k !== null)
                .map((k) => ({ image_id: d.id, storage_key: k })),
            ),
          ];
        },
      });
    });
}
