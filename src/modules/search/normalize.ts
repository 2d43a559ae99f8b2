// Text folding for the in-memory parts of search (facet values typed as free text, autocomplete): lower case
// without accents, the way the database folds text for its search documents. The accent table is read once from
// the database's own unaccent dictionary, so "København", "Hahnemühle" and "æble" fold as they do in SQL.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';

/** Code point ranges the unaccent rules cover (Latin, Greek, Cyrillic, letter-like symbols, ligatures, full width). */
const RANGES: readonly (readonly [number, number])[] = [
  [0xa1, 0x4ff],
  [0x1d00, 0x24ff],
  [0x2900, 0x2aff],
  [0x2c00, 0x2cff],
  [0x3000, 0x30ff],
  [0x3300, 0x33ff],
  [0xa700, 0xa7ff],
  [0xfb00, 0xfb4f],
  [0xfe00, 0xffef],
  [0x1f100, 0x1f1ff],
];

export type Fold = (text: string) => string;

const folds = new WeakMap<object, Promise<Fold>>();

/** The fold of one database (loaded once; a failed load is retried on the next call). */
export function foldFor(db: Kysely<Database>): Promise<Fold> {
  let fold = folds.get(db);
  if (!fold) {
    fold = loadFold(db);
    fold.catch(() => folds.delete(db));
    folds.set(db, fold);
  }
  return fold;
}

async function loadFold(db: Kysely<Database>): Promise<Fold> {
  const ranges = sql.join(
    RANGES.map(([from, to]) => sql`select generate_series(${from}::int, ${to}::int) as i`),
    sql` union all `,
  );
  const { rows } = await sql<{ c: string; u: string }>`
    select chr(r.i) as c, public.f_unaccent(chr(r.i)) as u from (${ranges}) r
    where public.f_unaccent(chr(r.i)) <> chr(r.i)`.execute(db);
  return makeFold(new Map(rows.map((r) => [r.c, r.u])));
}

/** A fold from an accent table (character → replacement). */
export function makeFold(table: ReadonlyMap<string, string>): Fold {
  const cache = new Map<string, string>();
  return (text) => {
    // Plain ASCII needs lower-casing only.
    // eslint-disable-next-line no-control-regex
    if (/^[\x00-\x7f]*$/.test(text)) return text.toLowerCase();
    const hit = cache.get(text);
    if (hit !== undefined) return hit;
    let out = '';
    for (const ch of text) out += table.get(ch) ?? ch;
    const folded = out.toLowerCase();
    if (cache.size > 5000) cache.clear();
    cache.set(text, folded);
    return folded;
  };
}
