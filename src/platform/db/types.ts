// The contract between the database adapter and its users (repositories, the job queue, health checks).
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export type DatabaseEngine = 'postgres' | 'pglite';

/** Raw SQL access for libraries that bring their own SQL (pg-boss). Safe to call concurrently with Kysely. */
export interface SqlExecutor {
  /** Runs one statement with parameters, or several statements without; returns the rows of every statement. */
  executeSql(text: string, values?: readonly unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  /**
   * PostgreSQL only: runs fn on one connection of its own for as long as fn runs, so session state (an advisory
   * lock) lives exactly as long as fn — and ends with the process if it dies. PGlite has one session and no need.
   */
  withSession?<T>(fn: (session: Pick<SqlExecutor, 'executeSql'>) => Promise<T>): Promise<T>;
}

export interface DatabaseHandle {
  readonly engine: DatabaseEngine;
  readonly db: Kysely<Database>;
  readonly executor: SqlExecutor;
  /** Round trip to the database; throws when unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
