// Helpers shared by the migrations.
import { sql, type Kysely } from 'kysely';

// Migrations run against whatever the schema is at that point in history, not today's Database interface.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDb = Kysely<any>;

/** Runs a block of SQL (several statements allowed: no parameters, so the simple protocol is used). */
export async function runSql(db: AnyDb, text: string): Promise<void> {
  await sql.raw(text).execute(db);
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * The schema an extension lives in, quoted. Usually public; some hosts install extensions into their own schema
 * (Heroku once used heroku_ext), so functions and operator classes are always referenced fully qualified.
 */
export async function extensionSchema(db: AnyDb, extension: string): Promise<string> {
  const { rows } = await sql<{ nspname: string }>`
    select n.nspname from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = ${extension}
  `.execute(db);
  const schema = rows[0]?.nspname;
  if (!schema) throw new Error(`The PostgreSQL extension ${extension} is not installed`);
  return quoteIdent(schema);
}
