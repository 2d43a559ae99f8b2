// The printmaking vocabulary (built-in techniques, plate materials, availability, and the artist's own terms,
// each labelled in Danish and English) and the artist's tags.
import type { Kysely } from 'kysely';
import type { Database, VocabularyKind } from '../../platform/db/schema.js';
import { BadRequestError, ConflictError } from '../../platform/errors.js';
import * as repo from './vocabulary-repository.js';
import { findTerm } from './localize.js';
import type { Changes } from './kit.js';
import { mapDbError, slugify, type Actor } from './kit.js';

/**
 * The key of the artist's (or built-in) term of `kind` that `value` names — its key or its label in either
 * language, case-insensitively; null stays null. An unknown value is a 400 naming `field` and the known keys.
 */
export async function resolveTerm(
  db: repo.Db,
  artistId: string,
  kind: string,
  field: string,
  value: string | null,
): Promise<string | null> {
  if (value === null) return null;
  const terms = await repo.vocabulary(db, artistId, kind);
  const found = findTerm(terms, value);
  if (!found) {
    throw new BadRequestError(
      `body.${field}: unknown ${kind.replace('_', ' ')} "${value}"; known: ${terms.map((t) => t.key).join(', ')}`,
      { field },
    );
  }
  return found.key;
}

export class VocabularyService {
  readonly #db: Kysely<Database>;
  readonly #changes: Changes;

  constructor(db: Kysely<Database>, changes: Changes) {
    this.#db = db;
    this.#changes = changes;
  }

  /** The terms an artist may use (built-in ones and their own), or the built-in ones for visitors (null). */
  async list(artistId: string | null, kind?: string) {
    const rows = await repo.vocabulary(this.#db, artistId, kind);
    return {
      terms: rows.map((r) => ({ kind: r.kind, key: r.key, label: r.label, builtIn: r.artist_id === null })),
    };
  }

  async tags(actor: Actor) {
    return { tags: await repo.tagsWithCounts(this.#db, actor.artistId) };
  }

  async addTerm(
    actor: Actor,
    input: { kind: string; key?: string | undefined; label: { da: string; en: string } },
  ) {
    const key = input.key ?? slugify(input.label.en);
    if (!key) throw new BadRequestError('body.key: give a key (a-z, 0-9 and hyphens)', { field: 'key' });
    const existing = await repo.vocabulary(this.#db, actor.artistId, input.kind);
    if (existing.some((t) => t.key === key))
      throw new ConflictError(`The ${input.kind} "${key}" already exists`, { field: 'key' });
    return this.#changes
      .run(async (trx) => {
        const row = await repo.insertTerm(trx, {
          artistId: actor.artistId,
          kind: input.kind as VocabularyKind,
          key,
          label: { da: input.label.da.trim(), en: input.label.en.trim() },
        });
        await this.#changes.audit(trx, actor, 'vocabulary.created', 'vocabulary_term', row.id, {
          kind: row.kind,
          key,
        });
        return { kind: row.kind, key: row.key, label: row.label, builtIn: false };
      })
      .catch(mapDbError);
  }
}
