// SQL of the vocabulary (built-in and the artist's own terms) and of tags.
import type { Database, Localized, VocabularyKind } from '../../platform/db/schema.js';
import type { Db } from './prints-repository.js';

export type { Db };

export interface VocabRow {
  kind: string;
  key: string;
  label: { da?: string; en?: string };
  artist_id: string | null;
  sort: number;
}

export async function vocabulary(db: Db, artistId: string | null, kind?: string): Promise<VocabRow[]> {
  let q = db
    .selectFrom('vocabulary_terms')
    .select(['kind', 'key', 'label', 'artist_id', 'sort'])
    .orderBy('kind')
    .orderBy('sort')
    .orderBy('key');
  if (artistId) q = q.where((eb) => eb.or([eb('artist_id', 'is', null), eb('artist_id', '=', artistId)]));
  if (kind) q = q.where('kind', '=', kind as VocabRow['kind'] & Database['vocabulary_terms']['kind']);
  return q.execute();
}

export async function insertTerm(
  db: Db,
  term: { artistId: string; kind: VocabularyKind; key: string; label: Localized },
): Promise<{ id: string; kind: string; key: string; label: Localized }> {
  return db
    .insertInto('vocabulary_terms')
    .values({
      artist_id: term.artistId,
      kind: term.kind,
      key: term.key,
      label: JSON.stringify(term.label),
      sort: 1000,
    })
    .returning(['id', 'kind', 'key', 'label'])
    .executeTakeFirstOrThrow();
}

/** The artist's tags with how many prints carry each. */
export async function tagsWithCounts(
  db: Db,
  artistId: string,
): Promise<Array<{ id: string; slug: string; label: Localized; printCount: number }>> {
  const rows = await db
    .selectFrom('tags as t')
    .leftJoin('print_tags as pt', 'pt.tag_id', 't.id')
    .select(['t.id', 't.slug', 't.label'])
    .select((eb) => eb.fn.count<number>('pt.print_id').as('print_count'))
    .where('t.artist_id', '=', artistId)
    .groupBy(['t.id', 't.slug', 't.label'])
    .orderBy('t.slug')
    .execute();
  return rows.map((r) => ({ id: r.id, slug: r.slug, label: r.label, printCount: Number(r.print_count) }));
}
