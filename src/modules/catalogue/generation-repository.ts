// The catalogue generation's one row (migration 0009: triggers move it at the commit of every change to what the
// public surfaces show).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';

export async function readGeneration(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ generation: number | string }>`
    select generation from search_generation where id`.execute(db);
  return Number(rows[0]?.generation ?? 0);
}
