// Text folding for the in-memory parts of search (facet values typed as free text, autocomplete): lower case
// without accents, the way the database folds text for its search documents. The accent table is read once from
// the database's own unaccent dictionary, so "København", "Hahnemühle" and "æble" fold as they do in SQL.
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.js';
import { accentTable } from './repository.js';

export type Fold = (text: string) => string;

const folds = new WeakMap<object, Promise<Fold>>();

/** The fold of one database (loaded once; a failed load is retried on the next call). */
export function foldFor(db: Kysely<Database>): Promise<Fold> {
  let fold = folds.get(db);
  if (!fold) {
    fold = accentTable(db).then(makeFold);
    fold.catch(() => folds.delete(db));
    folds.set(db, fold);
  }
  return fold;
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
