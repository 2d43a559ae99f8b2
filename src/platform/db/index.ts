// Opens the database the config points at: PostgreSQL through a `pg` pool when DATABASE_URL is set,
// otherwise embedded PGlite under DATA_DIR/db. Both are served to the app as Kysely<Database> plus a raw
// SqlExecutor (for pg-boss). Value types are the same on both engines: int8 → number, numeric → string,
// date → 'YYYY-MM-DD' string, timestamptz → Date, json/jsonb → parsed value.
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Config } from '../../config.js';
import { lockFolder, type FolderLock } from './folder-lock.js';
import { Mutex } from './mutex.js';
import { PgliteDurability } from './pglite-durability.js';
import { leaveNoOpenTransaction, PgliteDialect, runOnPglite } from './pglite-dialect.js';
import type { Database } from './schema.js';
import type { DatabaseHandle, SqlExecutor } from './types.js';

export type { DatabaseEngine, DatabaseHandle, SqlExecutor } from './types.js';
export type { Database } from './schema.js';

export interface OpenDatabaseOptions {
  /** PGlite only: a folder other than DATA_DIR/db, or 'memory' for a throw-away in-memory database (tests). */
  pgliteDataDir?: string | 'memory';
  /**
   * PGlite in memory only: start from this copy of a data folder (PGlite's `dumpDataDir` tarball) instead of an
   * empty one. Tests start from a migrated copy made once per run: PGlite's own initdb is most of an open's time.
   */
  pgliteLoadDataDir?: Blob;
  /** PostgreSQL only: called when an idle pooled connection fails (the pool replaces it). Default: ignored. */
  onPoolError?: (error: Error) => void;
  /** PostgreSQL only: how long to wait for a connection before failing. Default 5000 ms. */
  connectionTimeoutMillis?: number;
  /**
   * PGlite on disk: flush the WAL to disk before each acknowledged write (default true). false leaves it to the
   * OS (survives a killed process, not a power cut); only `npm run bench:db` turns it off, to price the flush.
   */
  pgliteFlush?: boolean;
}

const OID_INT8 = 20;
const OID_INT8_ARRAY = 1016;
const OID_DATE = 1082;

/** '{1,2,NULL}' → [1, 2, null] (one-dimensional bigint[], as PGlite returns it). */
function parseInt8Array(value: string): (number | null)[] {
  const inner = value.slice(1, -1);
  if (inner === '') return [];
  return inner.split(',').map((item) => (item === 'NULL' ? null : Number(item)));
}

const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format !== 'binary') {
      if (oid === OID_INT8) return (value: string) => Number(value);
      if (oid === OID_INT8_ARRAY) return parseInt8Array;
      if (oid === OID_DATE) return (value: string) => value;
    }
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

export async function openDatabase(
  config: Config,
  options: OpenDatabaseOptions = {},
): Promise<DatabaseHandle> {
  return config.database.url
    ? openPostgres(config, config.database.url, options)
    : openPglite(config, options);
}

/** "host:port/database" of a PostgreSQL URL, without credentials, for messages. */
export function describePostgresUrl(url: string): string {
  try {
    const u = new URL(url);
    const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || '(default database)';
    return `${u.hostname || 'localhost'}:${u.port || '5432'}/${database}`;
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}

/** TLS is decided by DATABASE_SSL alone: TLS parameters in the URL itself are removed. */
function withoutSslParams(url: string): string {
  const u = new URL(url);
  for (const name of ['ssl', 'sslmode', 'sslcert', 'sslkey', 'sslrootcert', 'sslnegotiation']) {
    u.searchParams.delete(name);
  }
  return u.toString();
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function reasonOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return [...new Set(error.errors.map(reasonOf))].join('; ');
  }
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = oneLine(error.message);
    if (message) return message;
    return code ?? error.name;
  }
  return oneLine(String(error));
}

async function openPostgres(
  config: Config,
  url: string,
  options: OpenDatabaseOptions,
): Promise<DatabaseHandle> {
  const target = describePostgresUrl(url);
  const ssl: pg.PoolConfig['ssl'] =
    config.database.ssl === 'no-verify'
      ? { rejectUnauthorized: false }
      : config.database.ssl === 'require'
        ? { rejectUnauthorized: true }
        : false;
  const pool = new pg.Pool({
    connectionString: withoutSslParams(url),
    ssl,
    max: config.database.poolMax,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 5_000,
    idleTimeoutMillis: 30_000,
    application_name: 'copper-print-gallery',
    types: pgTypes,
  });
  pool.on('error', (error) => options.onPoolError?.(error));
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new Error(`Cannot connect to PostgreSQL at ${target}: ${reasonOf(error)}`);
  }

  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const executor: SqlExecutor = {
    async executeSql(text, values) {
      if (values && values.length > 0) {
        const result = await pool.query(text, [...values]);
        return { rows: result.rows };
      }
      // Several statements (simple protocol) may BEGIN a transaction and fail half way: roll it back before the
      // connection goes back to the pool, so the next user does not inherit an aborted transaction.
      const client = await pool.connect();
      try {
        const result = (await client.query(text)) as pg.QueryResult | pg.QueryResult[];
        const results = Array.isArray(result) ? result : [result];
        return { rows: results.flatMap((r) => (r.rows ?? []) as Record<string, unknown>[]) };
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async withSession(fn) {
      const client = await pool.connect();
      try {
        return await fn({
          async executeSql(text, values) {
            const result = await client.query(text, values ? [...values] : undefined);
            return { rows: result.rows as Record<string, unknown>[] };
          },
        });
      } finally {
        // Session state (advisory locks) must end with fn: the connection is closed, never handed to another user.
        client.release(true);
      }
    },
  };

  let closed: Promise<void> | undefined;
  return {
    engine: 'postgres',
    db,
    executor,
    async ping() {
      await sql`select 1`.execute(db);
    },
    close() {
      // Kysely ends the pool only if it ever used it; the executor (pg-boss) may have been the only user.
      closed ??= db.destroy().then(async () => {
        if (!pool.ended) await pool.end();
      });
      return closed;
    },
  };
}

async function ensureWritableFolder(dir: string): Promise<void> {
  try {
    await fs.mkdir(dir, { recursive: true });
    await fs.access(dir, fsConstants.R_OK | fsConstants.W_OK);
    const probe = path.join(dir, `.write-test-${process.pid}`);
    await fs.writeFile(probe, '');
    await fs.rm(probe, { force: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
      `Cannot use the embedded database folder ${dir}: it is not a writable folder (${code ?? reasonOf(error)}); ` +
        'set DATA_DIR to a writable folder or DATABASE_URL to a PostgreSQL server',
    );
  }
}

async function openPglite(config: Config, options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  const dataDir =
    options.pgliteDataDir === 'memory'
      ? undefined
      : path.resolve(options.pgliteDataDir ?? path.join(config.dataDir, 'db'));
  let lock: FolderLock | undefined;
  if (dataDir !== undefined) {
    await ensureWritableFolder(dataDir);
    // Before PGlite touches the folder: a second process opening it would lose the first one's commits.
    lock = await lockFolder(dataDir);
  }

  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      ...(dataDir !== undefined ? { dataDir } : {}),
      ...(dataDir === undefined && options.pgliteLoadDataDir
        ? { loadDataDir: options.pgliteLoadDataDir }
        : {}),
      extensions: { pg_trgm, unaccent },
      parsers: {
        [pgliteTypes.INT8]: (value: string) => Number(value),
        [pgliteTypes.DATE]: (value: string) => value,
      },
    });
  } catch (error) {
    await lock?.release();
    throw new Error(`Cannot open the embedded database in ${dataDir ?? 'memory'}: ${reasonOf(error)}`);
  }

  const durability =
    dataDir !== undefined && options.pgliteFlush !== false ? new PgliteDurability(dataDir) : undefined;
  const afterUse = async () => {
    await durability?.flush();
  };
  // Flushes the folder made by a first start (and anything before this process) right away.
  await afterUse();

  const mutex = new Mutex();
  const db = new Kysely<Database>({ dialect: new PgliteDialect(pglite, mutex, afterUse) });
  const executor: SqlExecutor = {
    executeSql(text, values) {
      return mutex.run(async () => {
        try {
          const results = await runOnPglite(pglite, text, values);
          return { rows: results.flatMap((r) => r.rows as Record<string, unknown>[]) };
        } catch (error) {
          await leaveNoOpenTransaction(pglite);
          throw error;
        } finally {
          if (!pglite.closed) await afterUse();
        }
      });
    },
  };

  let closed: Promise<void> | undefined;
  return {
    engine: 'pglite',
    db,
    executor,
    async ping() {
      await sql`select 1`.execute(db);
    },
    close() {
      closed ??= (async () => {
        await db.destroy();
        // Wait for whoever holds the connection to finish, then shut PGlite down (flushes to disk).
        await mutex.run(async () => {
          if (!pglite.closed) await pglite.close();
        });
        await durability?.flushAll();
        await lock?.release();
      })();
      return closed;
    },
  };
}
