// Backups: the rules of who may do what (the site owner, one backup at a time) and creating an archive — a
// database snapshot (one repeatable-read transaction) to temporary NDJSON files, then one streamed tar.gz (README,
// tables, originals, optional versions, manifest last) into the backups area, read back and checked, then retention.
// Nothing of the archive is ever held in memory as a whole. The SQL is in repository.ts.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { Config } from '../../config.js';
import type { DatabaseHandle } from '../../platform/db/types.js';
import { appliedMigrations } from '../../platform/db/migrate.js';
import { AppError, ConflictError, NotFoundError } from '../../platform/errors.js';
import type { Storage } from '../../platform/storage/types.js';
import { APP_VERSION } from '../../platform/version.js';
import type { AuditEventInput } from '../audit/index.js';
import { requireSiteOwner } from '../auth/site-owner.js';
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
} from './format.js';
import * as repo from './repository.js';
import type { BackupRow, SnapshotReader } from './repository.js';
import { isUuid } from '../../platform/ids.js';

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

export function backupKey(id: string, startedAt: Date): string {
  const stamp = startedAt
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `backups/${stamp}-${id}.tar.gz`;
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
  return repo.withSnapshot(database.db, async (snapshot: SnapshotReader) => {
    const files: DumpResult['files'] = [];
    const counts: Record<string, number> = {};
    for (const spec of BACKUP_TABLES) {
      const file = path.join(dir, `${spec.name}.ndjson`);
      const handle = await fs.open(file, 'w');
      let rows = 0;
      let bytes = 0;
      try {
        for (let offset = 0; ; offset += PAGE) {
          const page = await snapshot.tablePage(spec, offset, PAGE);
          if (page.length === 0) break;
          const text = Buffer.from(page.map((j) => `${j}\n`).join(''), 'utf8');
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
    const images = await snapshot.imageOriginals();
    const originals = [...new Set(images.map((r) => r.original_key))];
    const originalMoves = new Map(
      images
        .filter((r) => isTemporaryUploadKey(r.original_key))
        .map((r) => [r.original_key, permanentOriginalKey(r.id)] as const),
    );
    const versionPrefixes = new Set<string>();
    const versionKeys = new Set<string>();
    if (includeVersions) {
      for (const { image_id, storage_key } of await snapshot.versionKeys()) {
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

/**
 * Whether a backup is being written by a live process: this one, or (PostgreSQL) one holding the backup's advisory
 * lock. A killed process loses its session and with it the lock, so its backup shows as not running at once.
 */
export async function isBackupRunning(database: DatabaseHandle, id: string): Promise<boolean> {
  if (RUNNING_HERE.has(id)) return true;
  return database.engine === 'postgres' && (await repo.backupLockHeld(database.db, id));
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
  const holding = repo.holdBackupLock(database, id, claimed, finished).catch((error: unknown) => {
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
  if (!storage.hasLocalFolders()) return 0;
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
  let marked = 0;
  let othersRunning = false;
  for (const row of await repo.runningBackups(db, exceptId)) {
    if (await isBackupRunning(deps.database, row.id)) {
      othersRunning = true;
      continue;
    }
    if (!row.storage_key && row.started_at >= cutoff) {
      othersRunning = true; // queued: a worker may start it any moment
      continue;
    }
    // Best effort: a partial archive that cannot be deleted now must not keep the record "running"; what may stay
    // is an object no record names, never a record naming a missing archive.
    if (row.storage_key) await deps.storage.delete('backups', row.storage_key).catch(() => undefined);
    const failed = await repo.markInterrupted(
      db,
      row.id,
      row.storage_key
        ? 'interrupted (the backup process stopped before the archive was verified)'
        : 'interrupted (the backup job never started)',
    );
    marked += failed ? 1 : 0;
  }
  await sweepLocalPartials(deps.storage, othersRunning, checkedAt);
  return marked;
}

/**
 * Reserves the one backup that may run at a time: interrupted backups are cleared first, then a record is created
 * unless another backup is still running or queued (409). `audit` is recorded with it (backup.requested).
 */
async function reserveBackup(
  deps: Pick<BackupDeps, 'database' | 'storage'>,
  artistId: string | null,
  includeVersions: boolean,
  audit?: Omit<AuditEventInput, 'entityId'>,
): Promise<{ id: string }> {
  await failInterruptedBackups(deps);
  const reserved = await repo.insertBackup(
    deps.database.db,
    { artistId, includeVersions },
    audit,
    (running) => running.length > 0,
  );
  if (!reserved) throw new ConflictError('A backup is already running; wait for it to finish');
  return reserved;
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
    const row = await repo.findBackup(deps.database.db, backupId);
    if (!row) throw new Error(`Backup ${backupId} does not exist`);
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
  const row = await repo.findBackup(db, backupId);
  if (!row) throw new Error(`Backup ${backupId} does not exist`);
  if (row.status !== 'running') return summarize(row);
  await failInterruptedBackups(deps, options.staleAfterMs, backupId);
  const requested = (row.report as { requested?: { includeVersions?: boolean } } | null)?.requested;
  const includeVersions = options.includeVersions ?? requested?.includeVersions === true;

  const key = backupKey(backupId, row.started_at);
  await repo.setStorageKey(db, backupId, key);
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
    const done = await repo.markVerified(
      db,
      backupId,
      { bytes: archiveBytes, sha256: archiveSha256, manifest, report },
      {
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
      },
    );
    deps.log?.info({ backupId, bytes: archiveBytes, durationMs: report.durationMs }, 'backup verified');
    await applyRetention(deps);
    return summarize(done);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // A failed backup removes its own partial archive and nothing else.
    await storage.delete('backups', key).catch(() => undefined);
    await repo
      .markFailed(db, backupId, message.slice(0, 2000), {
        artistId: row.artist_id,
        actor: null,
        action: 'backup.failed',
        entityType: 'backup',
        entityId: backupId,
        details: { error: message.slice(0, 500) },
      })
      .catch(() => undefined);
    deps.log?.warn({ backupId, err: message }, 'backup failed');
    throw error;
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

/**
 * Makes a backup in this process (the `npm run backup` command, which has the database itself and needs no
 * permission), under the same one-at-a-time rule as a requested one: refused (409) while another runs.
 */
export async function createBackup(
  deps: BackupDeps,
  artistId: string | null,
  options: BackupOptions = {},
): Promise<BackupSummary> {
  const { id } = await reserveBackup(deps, artistId, options.includeVersions === true);
  return runBackup(deps, id, options);
}

/** Keeps the newest `config.backups.retention` verified backups; removes older ones (object first, then row). */
export async function applyRetention(deps: BackupDeps): Promise<string[]> {
  const verified = await repo.verifiedBackups(deps.database.db);
  const removed: string[] = [];
  for (const old of verified.slice(Math.max(3, deps.config.backups.retention))) {
    if (old.storage_key) await deps.storage.delete('backups', old.storage_key);
    await repo.deleteBackupRow(deps.database.db, old.id);
    removed.push(old.id);
  }
  return removed;
}

function summarize(row: BackupRow): BackupSummary {
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

/** Every backup, newest first, as recorded (the operator's command line and the service below). */
export async function listBackups(db: repo.Db): Promise<BackupSummary[]> {
  return (await repo.listBackupRows(db)).map(summarize);
}

/** SHA-256 of a file on disk (CLI verify output). */
export async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

// --- the site owner's backups: one service for the studio and the JSON API ------------------------------------------

/** A signed-in artist asking, with the request's audit fields (auditFromRequest). */
export interface BackupActor {
  readonly artistId: string;
  readonly audit: Omit<AuditEventInput, 'action' | 'entityType' | 'entityId' | 'details'>;
}

/** The queue the worker takes 'backup.create' jobs from. */
export interface BackupQueue {
  send(name: 'backup.create', data: { backupId: string }): Promise<string | null>;
}

/** What the archive's manifest says about itself (the studio's report page). */
export interface ManifestFacts {
  readonly appVersion: string;
  readonly schemaVersion: string;
  readonly engine: string;
  readonly formatVersion: number;
  readonly originals: { count: number; bytes: number };
  readonly versions: { count: number; bytes: number };
}

export interface BackupArchive {
  readonly filename: string;
  readonly bytes: number;
  readonly sha256: string | null;
  /** The archive, whole or the inclusive byte range. */
  open(range?: { start: number; end: number }): Promise<Readable>;
}

function manifestFacts(row: BackupRow): ManifestFacts | undefined {
  const raw: unknown = typeof row.manifest === 'string' ? JSON.parse(row.manifest) : row.manifest;
  const m = raw as Partial<ManifestFacts> | null;
  return m && typeof m === 'object' && m.originals ? (m as ManifestFacts) : undefined;
}

/**
 * Backups as the site owner sees them, from the studio and from the JSON API alike: every action checks that the
 * artist is the site owner (403 otherwise; a backup holds every artist's drafts, originals and audit trail).
 */
export class BackupService {
  readonly #deps: BackupDeps;
  readonly #queue: BackupQueue | undefined;

  constructor(deps: BackupDeps & { readonly queue?: BackupQueue | undefined }) {
    this.#deps = deps;
    this.#queue = deps.queue;
  }

  /** Whether backups can be requested here (a worker queue is configured). */
  get canRequest(): boolean {
    return this.#queue !== undefined;
  }

  async #authorize(actor: BackupActor): Promise<void> {
    await requireSiteOwner(this.#deps.database.db, actor.artistId, 'Backups');
  }

  async #find(id: string): Promise<BackupRow> {
    const row = isUuid(id) ? await repo.findBackup(this.#deps.database.db, id) : undefined;
    if (!row) throw new NotFoundError('No such backup');
    return row;
  }

  /** Every backup, newest first; a backup whose process died is marked failed first, not shown as running. */
  async list(actor: BackupActor): Promise<BackupSummary[]> {
    await this.#authorize(actor);
    await failInterruptedBackups(this.#deps);
    return listBackups(this.#deps.database.db);
  }

  /** One backup with what its manifest says (404 when there is no such backup). */
  async get(actor: BackupActor, id: string): Promise<{ backup: BackupSummary; manifest?: ManifestFacts }> {
    await this.#authorize(actor);
    const row = await this.#find(id);
    const manifest = manifestFacts(row);
    return manifest ? { backup: summarize(row), manifest } : { backup: summarize(row) };
  }

  /** The archive of a verified backup, to download (404 when there is none). */
  async archive(actor: BackupActor, id: string): Promise<BackupArchive> {
    await this.#authorize(actor);
    const row = await this.#find(id);
    const key = row.storage_key;
    if (row.status !== 'verified' || !key) throw new NotFoundError('No such backup');
    const { storage } = this.#deps;
    const info = await storage.head('backups', key);
    if (!info) throw new NotFoundError('The archive of this backup is gone');
    return {
      filename: `copper-${key.split('/').pop()!}`,
      bytes: info.size,
      sha256: row.sha256,
      open: (range) => storage.getStream('backups', key, range),
    };
  }

  /**
   * Starts a backup: a record and the worker's 'backup.create' job. One at a time: 409 while another backup runs
   * or waits for the worker; 503 when this server has no queue (run `npm run backup` instead).
   */
  async request(
    actor: BackupActor,
    options: { includeVersions?: boolean | undefined } = {},
  ): Promise<{ id: string; status: 'running' }> {
    await this.#authorize(actor);
    if (!this.#queue)
      throw new AppError(
        'SERVICE_UNAVAILABLE',
        'Backups run in the background worker and this server has no job queue; run npm run backup on the server',
      );
    const includeVersions = options.includeVersions === true;
    const { id } = await reserveBackup(this.#deps, actor.artistId, includeVersions, {
      ...actor.audit,
      artistId: actor.artistId,
      action: 'backup.requested',
      entityType: 'backup',
      details: { includeVersions },
    });
    await this.#queue.send('backup.create', { backupId: id });
    return { id, status: 'running' };
  }
}
