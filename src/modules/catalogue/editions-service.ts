// The edition ledger of a print: numbered impressions (never beyond the edition size, each number once), artist's
// proofs and other states, their status, price and location. Every action is the artist's own.
import type { Kysely, Updateable } from 'kysely';
import type { Database, ImpressionsTable, Language, PrintRow } from '../../platform/db/schema.js';
import { BadRequestError, NotFoundError } from '../../platform/errors.js';
import { editionSummary } from './localize.js';
import * as present from './presenters.js';
import * as repo from './editions-repository.js';
import type { PrintsService } from './prints-service.js';
import type { Changes } from './kit.js';
import { mapDbError, type Actor } from './kit.js';
import type { ImpressionInput } from './schemas.js';
import { findState } from './states-repository.js';
import { isUuid } from '../../platform/ids.js';
import type { Db } from './prints-repository.js';

/** An impression names a state of its own print (or none). */
async function checkState(db: Db, printId: string, stateId: string | null | undefined): Promise<void> {
  if (stateId === undefined || stateId === null) return;
  if (!isUuid(stateId) || !(await findState(db, printId, stateId)))
    throw new BadRequestError('body.stateId: not a state of this print', { field: 'stateId' });
}

const COLUMNS = [
  ['kind', 'kind'],
  ['number', 'number'],
  ['state', 'state'],
  ['printedOn', 'printed_on'],
  ['paper', 'paper'],
  ['ink', 'ink'],
  ['status', 'status'],
  ['location', 'location'],
  ['notes', 'notes'],
  ['stateId', 'plate_state_id'],
] as const;

function values(input: ImpressionInput): Updateable<ImpressionsTable> {
  const out: Record<string, unknown> = {};
  for (const [api, column] of COLUMNS) if (input[api] !== undefined) out[column] = input[api];
  if (input.price !== undefined) {
    out.price_amount = input.price?.amount ?? null;
    out.price_currency = input.price?.currency ?? null;
  }
  return out as Updateable<ImpressionsTable>;
}

/** A numbered impression needs its number, within the edition; an AP within the artist's proofs. */
function check(print: PrintRow, v: { kind: string; number: number | null }): void {
  if (v.kind === 'numbered') {
    if (v.number === null)
      throw new BadRequestError('body.number: a numbered impression needs its number', { field: 'number' });
    if (print.edition_size === null) {
      throw new BadRequestError(
        'body.number: set the print’s edition size before recording numbered impressions',
        {
          field: 'number',
        },
      );
    }
    if (v.number > print.edition_size) {
      throw new BadRequestError(`body.number: ${v.number} is beyond the edition size ${print.edition_size}`, {
        field: 'number',
      });
    }
  }
  if (
    v.kind === 'AP' &&
    v.number !== null &&
    print.artist_proofs !== null &&
    v.number > print.artist_proofs
  ) {
    throw new BadRequestError(
      `body.number: AP ${v.number} is beyond the ${print.artist_proofs} artist's proofs`,
      {
        field: 'number',
      },
    );
  }
}

export class EditionsService {
  readonly #db: Kysely<Database>;
  readonly #changes: Changes;
  readonly #prints: PrintsService;

  constructor(db: Kysely<Database>, changes: Changes, prints: PrintsService) {
    this.#db = db;
    this.#changes = changes;
    this.#prints = prints;
  }

  async list(actor: Actor, printId: string, lang: Language) {
    const print = await this.#prints.own(this.#db, actor, printId);
    const [rows, counts] = await Promise.all([
      repo.listImpressions(this.#db, printId),
      repo.editionCounts(this.#db, printId),
    ]);
    return {
      impressions: rows.map((r) => present.impression(r, print.edition_size)),
      edition: editionSummary(
        print.edition_size,
        print.artist_proofs,
        print.edition_state[lang] ?? '',
        counts,
        lang,
      ),
    };
  }

  async create(actor: Actor, printId: string, input: ImpressionInput) {
    return this.#changes
      .run(async (trx) => {
        const print = await this.#prints.own(trx, actor, printId, true);
        check(print, { kind: input.kind ?? 'numbered', number: input.number ?? null });
        await checkState(trx, printId, input.stateId);
        const row = await repo.insertImpression(trx, printId, values(input));
        await this.#changes.audit(trx, actor, 'impression.created', 'impression', row.id, { printId });
        return present.impression(row, print.edition_size);
      })
      .catch(mapDbError);
  }

  async update(actor: Actor, printId: string, impressionId: string, input: ImpressionInput) {
    return this.#changes
      .run(async (trx) => {
        const print = await this.#prints.own(trx, actor, printId, true);
        const current = await repo.findImpression(trx, printId, impressionId);
        if (!current) throw new NotFoundError('Impression not found');
        check(print, {
          kind: input.kind ?? current.kind,
          number: input.number !== undefined ? input.number : current.number,
        });
        await checkState(trx, printId, input.stateId);
        const row = await repo.updateImpression(trx, impressionId, values(input));
        await this.#changes.audit(trx, actor, 'impression.updated', 'impression', impressionId, { printId });
        return present.impression(row, print.edition_size);
      })
      .catch(mapDbError);
  }

  async delete(actor: Actor, printId: string, impressionId: string) {
    await this.#changes.run(async (trx) => {
      await this.#prints.own(trx, actor, printId, true);
      if (!(await repo.deleteImpression(trx, printId, impressionId)))
        throw new NotFoundError('Impression not found');
      await this.#changes.audit(trx, actor, 'impression.deleted', 'impression', impressionId, { printId });
    });
  }
}
