// Brings the schema to the latest migration (the `release` phase, tests, and embedded start-up).
import { Migrator, sql, type Kysely } from 'kysely';
import { MIGRATIONS, migrationProvider } from './migrations/index.js';
import type { DatabaseHandle } from './types.js';

function migratorFor(handle: Pick<DatabaseHandle, 'db'>): Migrator {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return new Migrator({ db: handle.db as Kysely<any>, provider: migrationProvider });
}

/**
 * Applies every pending migration in one transaction, under a lock (concurrent release runs wait their turn).
 * Re-running is a no-op. Resolves with the names applied now; rejects naming the migration that failed.
 */
export async function migrateToLatest(handle: Pick<DatabaseHandle, 'db'>): Promise<{ applied: string[] }> {
  if (await upToDate(handle)) return { applied: [] };
  const { error, results = [] } = await migratorFor(handle).migrateToLatest();
  if (error) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName;
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Database migration ${failed ?? ''} failed: ${reason}`.replace(/\s+/g, ' '), {
      cause: error,
    });
  }
  return { applied: results.filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}

/** Names of the migrations already applied, oldest first. */
export async function appliedMigrations(handle: Pick<DatabaseHandle, 'db'>): Promise<string[]> {
  const all = await migratorFor(handle).getMigrations();
  return all.filter((m) => m.executedAt !== undefined).map((m) => m.name);
}

/**
 * True when the database has applied exactly the migrations this build knows (one small read: a start on an
 * up-to-date database skips the migrator's introspection and lock, about half a second on PGlite). Anything else —
 * no migration table yet, one pending, or one this build does not know (which the migrator reports) — is left to
 * the migrator.
 */
async function upToDate(handle: Pick<DatabaseHandle, 'db'>): Promise<boolean> {
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(handle.db);
    const known = Object.keys(MIGRATIONS);
    const applied = new Set(rows.map((r) => r.name));
    return applied.size === known.length && known.every((name) => applied.has(name));
  } catch {
    return false;
  }
}
