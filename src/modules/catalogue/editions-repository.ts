// SQL of the edition ledger: impressions of a print and their counts.
import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { ImpressionsTable } from '../../platform/db/schema.js';
import type { Db } from './prints-repository.js';

export async function editionCounts(
  db: Db,
  printId: string,
): Promise<{ recorded: number; available: number }> {
  const { rows } = await sql<{ recorded: number; available: number }>`
    select count(*)::int as recorded, (count(*) filter (where status = 'available'))::int as available
    from impressions where print_id = ${printId} and kind = 'numbered'`.execute(db);
  return rows[0] ?? { recorded: 0, available: 0 };
}

export type ImpressionRow = Selectable<ImpressionsTable>;

/** How many numbered impressions and artist's proofs are recorded, and the highest number of each. */
export async function ledgerExtent(
  db: Db,
  printId: string,
): Promise<Array<{ kind: 'numbered' | 'AP'; n: number; max: number | null }>> {
  const { rows } = await sql<{ kind: 'numbered' | 'AP'; n: number; max: number | null }>`
    select kind, count(*)::int as n, max(number)::int as max from impressions
    where print_id = ${printId} and kind in ('numbered', 'AP') group by kind`.execute(db);
  return rows;
}

export async function listImpressions(db: Db, printId: string): Promise<ImpressionRow[]> {
  return db
    .selectFrom('impressions')
    .selectAll()
    .where('print_id', '=', printId)
    .orderBy('kind')
    .orderBy('number')
    .orderBy('created_at')
    .execute();
}

export async function findImpression(
  db: Db,
  printId: string,
  impressionId: string,
): Promise<ImpressionRow | undefined> {
  return db
    .selectFrom('impressions')
    .selectAll()
    .where('id', '=', impressionId)
    .where('print_id', '=', printId)
    .executeTakeFirst();
}

export async function insertImpression(
  db: Db,
  printId: string,
  values: Updateable<ImpressionsTable>,
): Promise<ImpressionRow> {
  return db
    .insertInto('impressions')
    .values({ ...values, print_id: printId } as Insertable<ImpressionsTable>)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateImpression(
  db: Db,
  impressionId: string,
  values: Updateable<ImpressionsTable>,
): Promise<ImpressionRow> {
  return db
    .updateTable('impressions')
    .set(values)
    .where('id', '=', impressionId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** false when there was no such impression of the print. */
export async function deleteImpression(db: Db, printId: string, impressionId: string): Promise<boolean> {
  const res = await db
    .deleteFrom('impressions')
    .where('id', '=', impressionId)
    .where('print_id', '=', printId)
    .executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}
