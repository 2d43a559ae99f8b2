// Offset paging of a filtered list: one page of rows and how many rows the filter matches, read in parallel from the
// same base query so the page and its total can never be filtered differently.
import { sql, type SelectQueryBuilder } from 'kysely';

export interface PageWindow {
  offset: number;
  limit: number;
}

/**
 * `select` adds the columns and the order (the page needs a total order: end it with a unique column); the window
 * and the count are added here. Without a window every row is read, and counting them is left to their number.
 */
export async function pageWithTotal<DB, TB extends keyof DB, O>(
  base: SelectQueryBuilder<DB, TB, object>,
  select: (base: SelectQueryBuilder<DB, TB, object>) => SelectQueryBuilder<DB, TB, O>,
  window: PageWindow | undefined,
): Promise<{ rows: O[]; total: number }> {
  if (!window) {
    const rows = await select(base).execute();
    return { rows, total: rows.length };
  }
  const [rows, count] = await Promise.all([
    select(base).offset(window.offset).limit(window.limit).execute(),
    // Kysely cannot name the selection of a generic builder: the column is 'n', as selected.
    base.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow() as Promise<{ n: string }>,
  ]);
  return { rows, total: Number(count.n) };
}
