// What the catalogue's services share: who acts, paging and list envelopes, the one way a change runs (a
// transaction that records its audit event and forgets cached public answers), and database errors as API errors
// that name their field. No fastify, no SQL here.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import { BadRequestError, ConflictError } from '../../platform/errors.js';
import type { Actor } from '../../platform/actor.js';
import { batchedClockFor, GenerationCache, type BatchedClock } from './generation.js';
import { auditActor, recordAudit, type AuditEventInput } from '../audit/index.js';

export type { Actor };

export interface PageInput {
  page?: number | undefined;
  limit?: number | undefined;
}

export const DEFAULT_LIMIT = 20;

export function paging(input: PageInput): { page: number; limit: number; offset: number } {
  const page = input.page ?? 1;
  const limit = input.limit ?? DEFAULT_LIMIT;
  return { page, limit, offset: (page - 1) * limit };
}

export function listEnvelope<K extends string, T>(
  key: K,
  items: T[],
  total: number,
  page: { page: number; limit: number },
) {
  return {
    [key]: items,
    totalCount: total,
    currentPage: page.page,
    totalPages: Math.ceil(total / page.limit),
  } as { [P in K]: T[] } & { totalCount: number; currentPage: number; totalPages: number };
}

/** The API field each unique or check constraint guards (the migrations name them). */
const CONSTRAINT_FIELDS: Readonly<Record<string, string>> = {
  impressions_print_kind_number_key: 'number',
  impressions_numbered_has_number: 'number',
  impressions_price_currency_required: 'price.currency',
  prints_price_currency_required: 'priceCurrency',
  vocabulary_terms_kind_key_artist_key: 'key',
  tags_artist_slug_key: 'tags',
  prints_artist_inventory_number_key: 'inventoryNumber',
  prints_inventory_number_check: 'inventoryNumber',
  plate_states_print_number_key: 'number',
  plate_states_number_check: 'number',
  plate_states_dated_check: 'date',
};

/** What a refusal by these constraints says (otherwise the constraint is named). */
const CONSTRAINT_MESSAGES: Readonly<Record<string, string>> = {
  prints_artist_inventory_number_key:
    'inventoryNumber: another of your prints already has this inventory number',
  plate_states_print_number_key: 'number: the print already has a state with this number',
};

/** Maps database constraint errors to API errors (unique → 409, check → 400), naming the field when known. */
export function mapDbError(error: unknown): never {
  const e = error as { code?: string; constraint?: string; message?: string };
  const field = e?.constraint ? CONSTRAINT_FIELDS[e.constraint] : undefined;
  const details = field ? { field } : undefined;
  const message = e?.constraint ? CONSTRAINT_MESSAGES[e.constraint] : undefined;
  if (e?.code === '23505')
    throw new ConflictError(message ?? `Already exists (${e.constraint ?? 'unique constraint'})`, details);
  if (e?.code === '23514')
    throw new BadRequestError(`Invalid value (${e.constraint ?? 'check constraint'})`, details);
  throw error;
}

/** Blank text is "not set". */
export function orNull(value: string | null): string | null {
  return value === null || value.trim() === '' ? null : value;
}

/** A URL- and key-safe slug of Danish or English text (æ ø å spelled out). */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'oe')
    .replace(/å/g, 'aa')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
}

/**
 * A small in-process cache of public answers (public data only). An answer is reused only at the catalogue
 * generation it was computed at (generation.ts: triggers move it at the commit of every change to prints, galleries,
 * their images and ledger, made by any process, the worker included), so a change shows on the next request in every
 * process, as pages do; and for at most PUBLIC_CACHE_TTL_MS, the bound for what the triggers do not watch (the
 * artist's labels and settings), which changes through the catalogue also clear at once.
 */
export const PUBLIC_CACHE_TTL_MS = 2000;
const PUBLIC_CACHE_MAX = 2000;

export class PublicCache {
  readonly #clock: BatchedClock;
  readonly #entries = new GenerationCache<unknown>(PUBLIC_CACHE_MAX);

  constructor(db: Kysely<Database>) {
    this.#clock = batchedClockFor(db);
  }

  async cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const generation = await this.#clock.now();
    const period = Math.floor(Date.now() / PUBLIC_CACHE_TTL_MS);
    // Failures (404s included) are never kept.
    return (await this.#entries.get(`${period} ${key}`, generation, load)) as T;
  }

  clear(): void {
    this.#entries.clear();
  }
}

export type Trx = Transaction<Database>;

/** Runs every change of the catalogue: one transaction, its audit event inside it, cached answers forgotten. */
export class Changes {
  readonly #db: Kysely<Database>;
  readonly #cache: PublicCache;

  constructor(db: Kysely<Database>, cache: PublicCache) {
    this.#db = db;
    this.#cache = cache;
  }

  async run<T>(fn: (trx: Trx) => Promise<T>): Promise<T> {
    try {
      return await this.#db.transaction().execute(fn);
    } finally {
      this.#cache.clear();
    }
  }

  /** Records changes of many entities in the audit trail at once, in the change's transaction. */
  auditMany(
    trx: Trx,
    actor: Actor,
    events: ReadonlyArray<{
      action: string;
      entityType: string;
      entityId: string;
      details?: Record<string, unknown>;
    }>,
  ): Promise<void> {
    this.#cache.clear();
    return recordAudit(
      trx,
      events.map((e): AuditEventInput => ({ ...this.#who(actor), ...e })),
    );
  }

  #who(actor: Actor): Pick<AuditEventInput, 'artistId' | 'actor' | 'requestId' | 'ip' | 'userAgent'> {
    return auditActor(actor);
  }

  /** Records the change in the audit trail, in the change's transaction. */
  audit(
    trx: Trx,
    actor: Actor,
    action: string,
    entityType: string,
    entityId: string,
    details?: Record<string, unknown>,
  ): Promise<void> {
    return this.auditEach(trx, actor, action, entityType, [{ entityId, ...(details ? { details } : {}) }]);
  }

  /** Records one audit event per entity (written together), in the change's transaction. */
  auditEach(
    trx: Trx,
    actor: Actor,
    action: string,
    entityType: string,
    entries: ReadonlyArray<{ entityId: string; details?: Record<string, unknown> }>,
  ): Promise<void> {
    this.#cache.clear();
    return recordAudit(
      trx,
      entries.map(({ entityId, details }) => ({
        ...this.#who(actor),
        action,
        entityType,
        entityId,
        ...(details ? { details } : {}),
      })),
    );
  }
}
