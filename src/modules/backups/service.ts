// Creating backups: database snapshot (one repeatable-read transaction) to temporary NDJSON files, then one
// streamed tar.gz (README, tables, originals, optional versions, manifest last) into the backups area, read back
// and checked, then retention. Nothing of the archive is ever held in memory as a whole.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Config } from '../../config.js';
import type { Database } from '../../platform/db/schema.js';
import type { DatabaseHandle } from '../../platform/db/types.js';
import { appliedMigrations } from '../../platform/db/migrate.js';
import { LocalStorage } from '../../platform/storage/local.js';
import { NotFoundError } from '../../platform/errors.js';
import type { Storage } from '../../platform/storage/types.js';
import { APP_VERSION } from '../../platform/version.js';
import { recordAudit } from '../audit/index.js';
import { isTemporaryUploadKey, permanentOriginalKey } from '../media/originals.js';
import { scanArchive, tap, tarWithManifest, type ArchiveSource } from './archive.js';
import {
  BACKUP_TABLES,
  FORMAT_VERSION,
  README_NAME,
  readmeText,
  type BackupReport,
  type Manifest,
  type ManifestEntry,
  type TableSpec,
} from './format.js';

export interface BackupDeps {
  readonly config: Pick<Config, 'backups'>;
  readonly database: DatabaseHandle;
  readonly storage: Storage;
  readonly log?: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

export interface BackupOptions {
  /** Also archive the generated public versions (default false: a restore re-queues processing). */
  readonly includeVersions?: boolean;
  /** A requested backup no worker started within this is considered lost (default 3 hours). */
  readonly staleAfterMs?: number;
  /** Folder for the temporary table dumps (default: the OS temp folder). */
  readonly tmpDir?: string;
}

export interface BackupSummary {
  readonly id: string;
  readonly status: 'running' | 'succeeded' | 'failed' | 'verified';
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly storageKey: string | null;
  readonly bytes: number | null;
  readonly sha256: string | null;
  readonly report: Record<string, unknown> | null;
  readonly error: string | null;
}

const PAGE = 1000;
const DEFAULT_STALE_MS = 3 * 60 * 60 * 1000;

type Db = Kysely<Database> | Transaction<Database>;

export function backupKey(id: string, startedAt: Date): string {
  const stamp = startedAt
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `backups/${stamp}-${id}.tar.gz`;
}

/** SQL selecting a row as portable JSON text (UTC timestamps, derived columns left out). */
export function rowJsonSql(spec: TableSpec) {
  const minus = spec.derived?.length
    ? ` - array[${spec.derived.map((c) => `'${c}'`).join(', ')}]::text[]`
    : '';
  return sql.raw(`(to_jsonb(t)${minus})::text`);
}

function orderBy(spec: TableSpec) {
  return sql.raw(spec.key.map((k) => `t.${k}`).join(', '));
}

interface DumpResult {
  readonly files: { name: string; file: string; bytes: number }[];
  readonly counts: Record<string, number>;
  readonly originals: string[];
  /** Originals still at an upload key → the permanent key the worker may move them to while the backup runs. */
  readonly originalMoves: ReadonlyMap<string, string>;
  readonly versionPrefixes: string[];
  readonly versionKeys: string[];
  readonly schemaVersion: string;
}

async function dumpDatabase(
  database: DatabaseHandle,
  dir: string,
  includeVersions: boolean,
): Promise<DumpResult> {
  const schemaVersion = (await appliedMigrations(database)).at(-1) ?? 'none';
  return database.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      await sql`set local time zone 'UTC'`.execute(trx);
      const files: DumpResult['files'] = [];
      const counts: Record<string, number> = {};
      for (const spec of BACKUP_TABLES) {
        const file = path.join(dir, `${spec.name}.ndjson`);
        const handle = await fs.open(file, 'w');
        let rows = 0;
        let bytes = 0;
        try {
          for (let offset = 0; ; offset += PAGE) {
            const { rows: page } = await sql<{ j: string }>`
              select ${rowJsonSql(spec)} as j from ${sql.table(spec.name)} t
              order by ${orderBy(spec)} limit ${PAGE} offset ${offset}
            `.execute(trx);
            if (page.length === 0) break;
            const text = Buffer.from(page.map((r) => `${r.j}\n`).join(''), 'utf8');
            await handle.write(text);
            rows += page.length;
            bytes += text.length;
            if (page.length < PAGE) break;
          }
        } finally {
          await handle.close();
        }
        counts[spec.name] = rows;
        files.push({ name: `db/${spec.name}.ndjson`, file, bytes });
      }
      const images = await trx
        .selectFrom('images')
        .select(['id', 'original_key'])
        .orderBy('original_key')
        .orderBy('id')
        .execute();
      const originals = [...new Set(images.map((r) => r.original_key))];
      const originalMoves = new Map(
        images
          .filter((r) => isTemporaryUploadKey(r.original_key))
          .map((r) => [r.original_key, permanentOriginalKey(r.id)] as const),
      );
      const versionPrefixes = new Set<string>();
      const versionKeys = new Set<string>();
      if (includeVersions) {
        const versions = await trx
          .selectFrom('image_versions')
          .select(['image_id', 'storage_key'])
          .orderBy('storage_key')
          .execute();
        const dzi = await trx
          .selectFrom('images')
          .select(['id', 'dzi_key'])
          .where('dzi_key', 'is not', null)
          .execute();
        for (const { image_id, storage_key } of [
          ...versions,
          ...dzi.map((d) => ({ image_id: d.id, storage_key: d.dzi_key! })),
        ]) {
          // Versions live under images/<id>/<generation>/…: take the whole generation folder (tiles included).
          const m = new RegExp(`^(images/${image_id}/[^/]+/)`).exec(storage_key);
          if (m) versionPrefixes.add(m[1]!);
          else versionKeys.add(storage_key);
        }
      }
      return {
        files,
        counts,
        originals,
        originalMoves,
        versionPrefixes: [...versionPrefixes].sort(),
        versionKeys: [...versionKeys].sort(),
        schemaVersion,
      };
    });
}

/** Backups this process is running now (PGlite: the only process that can have the database open). */
const RUNNING_HERE = new Set<string>();
/** First key of the PostgreSQL advisory lock a running backup holds ('bkup'); the second is hashtext(id). */
const LOCK_NAMESPACE = 0x626b7570;

/**
 * Whether a backup is being written by a live process: this one, or (PostgreSQL) one holding the backup's advisory
 * lock. A killed process loses its session and with it the lock, so its backup shows as not running at once.
 */
export async function isBackupRunning(db: Db, id: string): Promise<boolean> {
  if (RUNNING_HERE.has(id)) return true;
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
 * Claims a backup for this process until `release` is called; undefined when another live process has it (a
 * job delivered twice). On PostgreSQL the claim is a session advisory lock on a connection of its own.
 */
async function claimBackup(
  database: DatabaseHandle,
  id: string,
): Promise<{ release(): Promise<void> } | undefined> {
  if (RUNNING_HERE.has(id)) return undefined;
  RUNNING_HERE.add(id);
  if (database.engine !== 'postgres') {
    return { release: async () => void RUNNING_HERE.delete(id) };
  }
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  let claimed!: (ok: boolean) => void;
  const outcome = new Promise<boolean>((resolve) => (claimed = resolve));
  let failure: unknown;
  // Settles without rejecting (a rejection nobody awaits yet would end the process): the error is kept.
  const holding = database.db
    .connection()
    .execute(async (conn) => {
      const { rows } = await sql<{ ok: boolean }>`
        select pg_try_advisory_lock(${LOCK_NAMESPACE}, hashtext(${id})) as ok
      `.execute(conn);
      const ok = rows[0]?.ok === true;
      claimed(ok);
      if (!ok) return;
      await finished;
      await sql`select pg_advisory_unlock(${LOCK_NAMESPACE}, hashtext(${id}))`.execute(conn);
    })
    .catch((error: unknown) => {
      failure = error;
      claimed(false);
    });
  if (!(await outcome)) {
    RUNNING_HERE.delete(id);
    await holding;
    if (failure) throw failure;
    return undefined;
  }
  return {
    async release() {
      finish();
      // A connection lost meanwhile took the lock with it: nothing left to release.
      await holding;
      RUNNING_HERE.delete(id);
    },
  };
}

/** What the local driver names a file while it is being written (src/platform/storage/local.ts). */
const LOCAL_TEMP_PREFIX = '.~tmp-';
const LOCAL_TEMP_MAX_AGE_MS = 10 * 60 * 1000;

/**
 * The local driver writes an archive to a temporary file renamed into place at the end: a killed backup leaves
 * that file behind, invisible to listings. Removed when no other backup is running, else once it is stale (a
 * live writer keeps touching its file).
 */
async function sweepLocalPartials(
  storage: Storage,
  othersRunning: boolean,
  checkedAt: number,
): Promise<number> {
  if (!(storage instanceof LocalStorage)) return 0;
  const dir = path.join(storage.rootOf('backups'), 'backups');
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  let removed = 0;
  for (const name of names.filter((n) => n.startsWith(LOCAL_TEMP_PREFIX))) {
    const file = path.join(dir, name);
    const info = await fs.stat(file).catch(() => undefined);
    if (!info?.isFile()) continue;
    const dead = othersRunning ? info.mtimeMs < checkedAt - LOCAL_TEMP_MAX_AGE_MS : info.mtimeMs < checkedAt;
    if (dead) {
      await fs.rm(file, { force: true });
      removed += 1;
    }
  }
  return removed;
}

/**
 * Marks backups whose process died failed and removes what they left in the backups area: a backup that started
 * writing (it has a storage key) and whose process is gone, or one requested but never started within
 * staleAfterMs (a lost job). Never touches a backup a live process is writing. Returns how many were marked.
 */
export async function failInterruptedBackups(
  deps: Pick<BackupDeps, 'database' | 'storage'>,
  staleAfterMs = DEFAULT_STALE_MS,
  exceptId?: string,
): Promise<number> {
  const checkedAt = Date.now();
  const cutoff = new Date(checkedAt - staleAfterMs);
  const db = deps.database.db;
  let query = db
    .selectFrom('backups')
    .select(['id', 'storage_key', 'started_at'])
    .where('status', '=', 'running');
  if (exceptId) query = query.where('id', '!=', exceptId);
  let marked = 0;
  let othersRunning = false;
  for (const row of await query.execute()) {
    if (await isBackupRunning(db, row.id)) {
      othersRunning = true;
      continue;
    }
    if (!row.storage_key && row.started_at >= cutoff) {
      othersRunning = true; // queued: a worker may start it any moment
      continue;
    }
    if (row.storage_key) await deps.storage.delete('backups', row.storage_key).catch(() => undefined);
    const result = await db
      .updateTable('backups')
      .set({
        status: 'failed',
        finished_at: new Date(),
        error: row.storage_key
          ? 'interrupted (the backup process stopped before the archive was verified)'
          : 'interrupted (the backup job never started)',
      })
      .where('id', '=', row.id)
      .where('status', '=', 'running')
      .executeTakeFirst();
    marked += Number(result.numUpdatedRows) > 0 ? 1 : 0;
  }
  await sweepLocalPartials(deps.storage, othersRunning, checkedAt);
  return marked;
}

/** Creates the backup record of a backup to run (the job or CLI then calls runBackup). */
export async function requestBackup(
  db: Db,
  artistId: string | null,
  options: Pick<BackupOptions, 'includeVersions'> = {},
): Promise<{ id: string; status: 'running' }> {
  const row = await db
    .insertInto('backups')
    .values({
      artist_id: artistId,
      status: 'running',
      report: { requested: { includeVersions: options.includeVersions === true } },
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, status: 'running' };
}

type FileArea = 'originals' | 'public';

/** A file to archive under `${area}/${key}`; `movedTo`: where the same bytes are once the worker moved them. */
interface FileSource {
  area: FileArea;
  key: string;
  movedTo?: string | undefined;
}

async function* statSources(
  storage: Storage,
  files: AsyncIterable<FileSource> | Iterable<FileSource>,
  warnings: string[],
  totals: { count: number; bytes: number },
): AsyncGenerator<ArchiveSource> {
  for await (const { area, key, movedTo } of files) {
    const info = (await storage.head(area, key)) ?? (movedTo ? await storage.head(area, movedTo) : undefined);
    if (!info) {
      warnings.push(`${area} file ${key} is referenced but missing from storage`);
      continue;
    }
    const read = async (from: string) => {
      const stream = await storage.getStream(area, from);
      totals.count += 1;
      totals.bytes += info.size;
      return stream;
    };
    yield {
      name: `${area}/${key}`,
      size: info.size,
      open: async () => {
        try {
          try {
            return await read(key);
          } catch (error) {
            // An original the worker moved from its upload key since the snapshot: same bytes, archived under
            // the key the archived row names.
            if (!(error instanceof NotFoundError) || !movedTo) throw error;
            return await read(movedTo);
          }
        } catch (error) {
          // Deleted or moved to the other area (publish / unpublish) since it was listed: leave it out.
          if (!(error instanceof NotFoundError)) throw error;
          warnings.push(`${area} file ${key} disappeared during the backup; left out`);
          return undefined;
        }
      },
    };
  }
}

const originalFiles = (keys: readonly string[], moves: ReadonlyMap<string, string>): FileSource[] =>
  keys.map((key) => ({ area: 'originals' as const, key, movedTo: moves.get(key) }));

/**
 * Generated versions and tiles: a published print's are in the public area, every other image's in the private
 * originals area under the same images/<id>/ keys (docs/decisions/005-draft-images.md). Both are archived under
 * the area they were found in, and a restore writes them back there.
 */
async function* versionFiles(
  storage: Storage,
  prefixes: readonly string[],
  keys: readonly string[],
): AsyncGenerator<{ area: FileArea; key: string }> {
  for (const prefix of prefixes)
    for (const area of ['public', 'originals'] as const)
      for await (const info of storage.list(area, prefix)) yield { area, key: info.key };
  for (const key of keys) yield { area: (await storage.head('public', key)) ? 'public' : 'originals', key };
}

/**
 * Writes, verifies and records the archive of a requested backup; applies retention when it verified. A backup
 * another live process is running (a job delivered twice) is left to it.
 */
export async function runBackup(
  deps: BackupDeps,
  backupId: string,
  options: BackupOptions = {},
): Promise<BackupSummary> {
  const claim = await claimBackup(deps.database, backupId);
  if (!claim) {
    const row = await deps.database.db
      .selectFrom('backups')
      .selectAll()
      .where('id', '=', backupId)
      .executeTakeFirstOrThrow();
    return summarize(row);
  }
  try {
    return await writeBackup(deps, backupId, options);
  } finally {
    await claim.release();
  }
}

async function writeBackup(
  deps: BackupDeps,
  backupId: string,
  options: BackupOptions,
): Promise<BackupSummary> {
  const { database, storage } = deps;
  const db = database.db;
  const started = performance.now();
  const row = await db.selectFrom('backups').selectAll().where('id', '=', backupId).executeTakeFirst();
  if (!row) throw new Error(`Backup ${backupId} does not exist`);
  if (row.status !== 'running') return summarize(row);
  await failInterruptedBackups(deps, options.staleAfterMs, backupId);
  const requested = (row.report as { requested?: { includeVersions?: boolean } } | null)?.requested;
  const includeVersions = options.includeVersions ?? requested?.includeVersions === true;

  const key = backupKey(backupId, row.started_at);
  await db.updateTable('backups').set({ storage_key: key }).where('id', '=', backupId).execute();
  const tmp = await fs.mkdtemp(path.join(options.tmpDir ?? os.tmpdir(), `copper-backup-`));
  const warnings: string[] = [];
  try {
    const dump = await dumpDatabase(database, tmp, includeVersions);
    const createdAt = new Date().toISOString();
    const originals = { count: 0, bytes: 0 };
    const versions = { count: 0, bytes: 0 };
    const readme = Buffer.from(readmeText(createdAt, APP_VERSION), 'utf8');
    async function* sources(): AsyncGenerator<ArchiveSource> {
      yield { name: README_NAME, size: readme.length, open: async () => Readable.from([readme]) };
      for (const f of dump.files) {
        yield { name: f.name, size: f.bytes, open: async () => createReadStream(f.file) };
      }
      yield* statSources(storage, originalFiles(dump.originals, dump.originalMoves), warnings, originals);
      if (includeVersions) {
        yield* statSources(
          storage,
          versionFiles(storage, dump.versionPrefixes, dump.versionKeys),
          warnings,
          versions,
        );
      }
    }
    let manifest: Manifest | undefined;
    let manifestEntry: ManifestEntry | undefined;
    let archiveSha256 = '';
    let archiveBytes = 0;
    const body = Readable.from(
      tarWithManifest(
        sources(),
        (entries) => ({
          formatVersion: FORMAT_VERSION,
          appVersion: APP_VERSION,
          schemaVersion: dump.schemaVersion,
          createdAt,
          backupId,
          engine: database.engine,
          includeVersions,
          counts: dump.counts,
          tables: BACKUP_TABLES.map((t) => t.name),
          originals,
          versions,
          entries,
        }),
        (m, e) => {
          manifest = m;
          manifestEntry = e;
        },
      ),
    );
    const gzip = createGzip({ level: 3 });
    const compressed = Readable.from(
      tap((sha, bytes) => {
        archiveSha256 = sha;
        archiveBytes = bytes;
      })(gzip),
    );
    const writing = pipeline(body, gzip).catch((error: unknown) => {
      compressed.destroy(error as Error);
      throw error;
    });
    const storing = storage
      .put('backups', key, compressed, { contentType: 'application/gzip' })
      .catch((error: unknown) => {
        // Stop producing when storage gave up, so the writer ends too.
        gzip.destroy(error as Error);
        throw error;
      });
    // Both sides settle; a storage failure is the cause and is reported over the writer's resulting abort.
    const [stored, written] = await Promise.allSettled([storing, writing]);
    if (stored.status === 'rejected') throw stored.reason;
    if (written.status === 'rejected') throw written.reason;
    if (!manifest || !manifestEntry) throw new Error('The archive was written without a manifest');

    // Read it back and check every entry against what was written.
    const check = await scanArchive(await storage.getStream('backups', key));
    const problems: string[] = [];
    if (check.archiveSha256 !== archiveSha256)
      problems.push('archive read back differs from what was written');
    if (check.manifestEntry.sha256 !== manifestEntry.sha256) problems.push('manifest read back differs');
    if (problems.length > 0) throw new Error(`Verification failed: ${problems.join('; ')}`);

    const databaseBytes = dump.files.reduce((n, f) => n + f.bytes, 0);
    const report: BackupReport = {
      included: { tables: BACKUP_TABLES.map((t) => t.name), originals: true, versions: includeVersions },
      counts: dump.counts,
      sizes: {
        databaseBytes,
        originalsBytes: originals.bytes,
        versionsBytes: versions.bytes,
        archiveBytes,
      },
      entries: manifest.entries.length + 1,
      archiveSha256,
      manifestSha256: manifestEntry.sha256,
      verified: true,
      durationMs: Math.round(performance.now() - started),
      warnings,
    };
    const done = await db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('backups')
        .set({
          status: 'verified',
          finished_at: new Date(),
          bytes: archiveBytes,
          sha256: archiveSha256,
          manifest: JSON.stringify(manifest),
          report: JSON.stringify(report),
          error: null,
        })
        .where('id', '=', backupId)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        artistId: row.artist_id,
        actor: null,
        action: 'backup.verified',
        entityType: 'backup',
        entityId: backupId,
        details: {
          storageKey: key,
          bytes: archiveBytes,
          sha256: archiveSha256,
          counts: dump.counts,
          warnings,
        },
      });
      return updated;
    });
    deps.log?.info({ backupId, bytes: archiveBytes, durationMs: report.durationMs }, 'backup verified');
    await applyRetention(deps);
    return summarize(done);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // A failed backup removes its own partial archive and nothing else.
    await storage.delete('backups', key).catch(() => undefined);
    await db
      .transaction()
      .execute(async (trx) => {
        await trx
          .updateTable('backups')
          .set({ status: 'failed', finished_at: new Date(), error: message.slice(0, 2000) })
          .where('id', '=', backupId)
          .execute();
        await recordAudit(trx, {
          artistId: row.artist_id,
          actor: null,
          action: 'backup.failed',
          entityType: 'backup',
          entityId: backupId,
          details: { error: message.slice(0, 500) },
        });
      })
      .catch(() => undefined);
    deps.log?.warn({ backupId, err: message }, 'backup failed');
    throw error;
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

/** Requests and runs a backup at once (CLI). */
export async function createBackup(
  deps: BackupDeps,
  artistId: string | null,
  options: BackupOptions = {},
): Promise<BackupSummary> {
  const { id } = await requestBackup(deps.database.db, artistId, options);
  return runBackup(deps, id, options);
}

/** Keeps the newest `config.backups.retention` verified backups; removes older ones (object first, then row). */
export async function applyRetention(deps: BackupDeps): Promise<string[]> {
  const verified = await deps.database.db
    .selectFrom('backups')
    .select(['id', 'storage_key'])
    .where('status', '=', 'verified')
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const removed: string[] = [];
  for (const old of verified.slice(Math.max(3, deps.config.backups.retention))) {
    if (old.storage_key) await deps.storage.delete('backups', old.storage_key);
    await deps.database.db.deleteFrom('backups').where('id', '=', old.id).execute();
    removed.push(old.id);
  }
  return removed;
}

function summarize(row: {
  id: string;
  status: BackupSummary['status'];
  started_at: Date;
  finished_at: Date | null;
  storage_key: string | null;
  bytes: number | null;
  sha256: string | null;
  report: Record<string, unknown> | null;
  error: string | null;
}): BackupSummary {
  return {
    id: row.id,
    status: row.status,
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at ? row.finished_at.toISOString() : null,
    storageKey: row.storage_key,
    bytes: row.bytes,
    sha256: row.sha256,
    report: row.report,
    error: row.error,
  };
}

export async function listBackups(db: Db): Promise<BackupSummary[]> {
  const rows = await db
    .selectFrom('backups')
    .selectAll()
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(summarize);
}

export async function getBackup(db: Db, id: string): Promise<BackupSummary | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const row = await db.selectFrom('backups').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? summarize(row) : undefined;
}

/** SHA-256 of a file on disk (CLI verify output). */
export async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
