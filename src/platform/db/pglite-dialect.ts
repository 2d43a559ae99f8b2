// A small Kysely dialect over PGlite (PostgreSQL compiled to WASM, in-process).
// PGlite is a single connection: the driver hands it out to one user at a time (a Mutex), so a Kysely
// transaction is never interleaved with other queries or with the raw SqlExecutor (which takes the same lock).
import type { PGlite, Results } from '@electric-sql/pglite';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type { Mutex } from './mutex.js';

const AFFECTING_COMMANDS = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);

/**
 * Runs SQL on PGlite. With parameters: one statement through the extended protocol (query()).
 * Without: the simple protocol (exec()), which also accepts several statements, like pg does.
 * Returns every statement's result, in order.
 */
export async function runOnPglite(pg: PGlite, text: string, values?: readonly unknown[]): Promise<Results[]> {
  if (values && values.length > 0) return [await pg.query(text, [...values])];
  return pg.exec(text);
}

/** After a failed statement outside of a Kysely transaction, make sure the one connection is not left in one. */
export async function leaveNoOpenTransaction(pg: PGlite): Promise<void> {
  if (!pg.closed && pg.isInTransaction()) await pg.exec('rollback');
}

class PgliteConnection implements DatabaseConnection {
  readonly pg: PGlite;

  constructor(pg: PGlite) {
    this.pg = pg;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const results = await runOnPglite(this.pg, compiledQuery.sql, compiledQuery.parameters);
    const last = results[results.length - 1];
    const command = last?.command;
    // Kysely's PostgreSQL driver reads the COMMIT/ROLLBACK tag to detect aborted transactions; keep that shape.
    if (command === 'COMMIT' || command === 'ROLLBACK') return { rows: [{ command } as R] };
    return {
      rows: (last?.rows ?? []) as R[],
      numAffectedRows:
        command !== undefined && AFFECTING_COMMANDS.has(command)
          ? BigInt(last?.rowCount ?? last?.affectedRows ?? 0)
          : undefined,
    };
  }

  async *streamQuery<R>(
    compiledQuery: CompiledQuery,
    chunkSize = 100,
  ): AsyncIterableIterator<QueryResult<R>> {
    if (!Number.isInteger(chunkSize) || chunkSize <= 0)
      throw new Error('chunkSize must be a positive integer');
    // PGlite has no server-side cursor API; the result is already in memory, hand it out in chunks.
    const { rows } = await this.executeQuery<R>(compiledQuery);
    for (let i = 0; i < rows.length; i += chunkSize) yield { rows: rows.slice(i, i + chunkSize) };
  }
}

/** Runs before the one connection goes to its next user: makes what the last user wrote durable. */
export type AfterUse = () => Promise<void>;

class PgliteDriver implements Driver {
  readonly #pg: PGlite;
  readonly #mutex: Mutex;
  readonly #afterUse: AfterUse;
  readonly #connection: PgliteConnection;
  readonly #releases = new Map<DatabaseConnection, () => void>();

  constructor(pg: PGlite, mutex: Mutex, afterUse: AfterUse) {
    this.#pg = pg;
    this.#mutex = mutex;
    this.#afterUse = afterUse;
    this.#connection = new PgliteConnection(pg);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.#mutex.acquire();
    if (this.#pg.closed) {
      release();
      throw new Error('The embedded database is closed');
    }
    this.#releases.set(this.#connection, release);
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    let text = 'begin';
    if (settings.isolationLevel || settings.accessMode) {
      text = 'start transaction';
      if (settings.isolationLevel) text += ` isolation level ${settings.isolationLevel}`;
      if (settings.accessMode) text += ` ${settings.accessMode}`;
    }
    await connection.executeQuery(CompiledQuery.raw(text));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const { rows } = await connection.executeQuery<{ command?: string }>(CompiledQuery.raw('commit'));
    if (rows[0]?.command === 'ROLLBACK')
      throw new Error('The transaction was rolled back instead of committed');
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async savepoint(
    connection: DatabaseConnection,
    savepointName: string,
    _compileQuery: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoteIdent(savepointName)}`));
  }

  async rollbackToSavepoint(
    connection: DatabaseConnection,
    savepointName: string,
    _compileQuery: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to savepoint ${quoteIdent(savepointName)}`));
  }

  async releaseSavepoint(
    connection: DatabaseConnection,
    savepointName: string,
    _compileQuery: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release savepoint ${quoteIdent(savepointName)}`));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const release = this.#releases.get(connection);
    this.#releases.delete(connection);
    try {
      // A connection handed back inside a transaction (e.g. `begin` run by hand) must not leak it to the next user.
      await leaveNoOpenTransaction(this.#pg);
      // The caller acknowledges its write once this returns: it must be on disk by then.
      if (!this.#pg.closed) await this.#afterUse();
    } finally {
      release?.();
    }
  }

  async destroy(): Promise<void> {
    // The owner (openDatabase) closes PGlite after Kysely is destroyed.
  }
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export class PgliteDialect implements Dialect {
  readonly #pg: PGlite;
  readonly #mutex: Mutex;
  readonly #afterUse: AfterUse;

  constructor(pg: PGlite, mutex: Mutex, afterUse: AfterUse = async () => {}) {
    this.#pg = pg;
    this.#mutex = mutex;
    this.#afterUse = afterUse;
  }

  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }

  createDriver(): Driver {
    return new PgliteDriver(this.#pg, this.#mutex, this.#afterUse);
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
}
