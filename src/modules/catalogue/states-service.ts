// A print's plate states (issue 19, decision 025): records of the states I, II, III … the plate went through, each
// with its date, description in both languages, an optional state proof (one of the print's own images) and the
// impressions pulled from it. Every action is the artist's own (another artist's print or state is "not found"),
// audited, and refused with the field it is about. Visitors see states only through the public read model, so a
// print that is not public shows none (decision 008).
import type { Kysely } from 'kysely';
import type { Database, Localized, PrintRow } from '../../platform/db/schema.js';
import { BadRequestError, NotFoundError } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import { toLocalized } from './localize.js';
import { artistImageList } from './presenters.js';
import { mapDbError, type Actor, type Changes, type Trx } from './kit.js';
import { versionsOf } from './print-images-repository.js';
import type { PrintsService } from './prints-service.js';
import * as repo from './states-repository.js';
import { parseStateDate, romanNumeral } from './states.js';

export interface StateInput {
  number?: number | undefined;
  /** 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'; null or blank clears it. */
  date?: string | null | undefined;
  /** A language not sent stays as it is; blank clears it. */
  description?: Localized | undefined;
  /** One of the print's images (the state proof); null clears it. */
  imageId?: string | null | undefined;
  /** The impressions pulled from this state (replaces the list). */
  impressionIds?: readonly string[] | undefined;
}

/** The artist's view of one state (artist media URLs: a draft's files are private). */
function presentState(
  row: repo.PlateStateRow,
  impressionIds: readonly string[],
  thumbnailUrl: string | null,
) {
  return {
    id: row.id,
    number: row.number,
    numeral: romanNumeral(row.number),
    date: row.dated,
    description: { da: row.description.da ?? '', en: row.description.en ?? '' },
    imageId: row.image_id,
    thumbnailUrl,
    impressionIds: [...impressionIds],
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export type PlateStateView = ReturnType<typeof presentState>;

function dateOf(value: string | null | undefined): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null || value.trim() === '') return null;
  const parsed = parseStateDate(value);
  if (!parsed)
    throw new BadRequestError(
      'body.date: a year (1998), a month (1998-03) or a day (1998-03-12), as ISO 8601 writes them',
      { field: 'date' },
    );
  return parsed;
}

export class PlateStatesService {
  readonly #db: Kysely<Database>;
  readonly #changes: Changes;
  readonly #prints: PrintsService;

  constructor(db: Kysely<Database>, changes: Changes, prints: PrintsService) {
    this.#db = db;
    this.#changes = changes;
    this.#prints = prints;
  }

  /** The print's states, I first. */
  async list(actor: Actor, printId: string): Promise<{ states: PlateStateView[] }> {
    const print = await this.#prints.own(this.#db, actor, printId);
    return { states: await this.#views(this.#db, print.id) };
  }

  async create(actor: Actor, printId: string, input: StateInput): Promise<{ state: PlateStateView }> {
    const id = await this.#changes
      .run(async (trx) => {
        const print = await this.#prints.own(trx, actor, printId, true);
        const row = await repo.insertState(trx, print.id, {
          number: input.number ?? (await repo.nextNumber(trx, print.id)),
          dated: dateOf(input.date) ?? null,
          description: JSON.stringify(toLocalized(input.description ?? {}, 'en') ?? {}),
          image_id: await this.#imageOf(trx, print, input.imageId ?? null),
        });
        if (input.impressionIds) await this.#assign(trx, print, row.id, input.impressionIds);
        await this.#changes.audit(trx, actor, 'print.state_added', 'print', print.id, {
          stateId: row.id,
          number: row.number,
        });
        return row.id;
      })
      .catch(mapDbError);
    return { state: await this.#view(actor, printId, id) };
  }

  async update(
    actor: Actor,
    printId: string,
    stateId: string,
    input: StateInput,
  ): Promise<{ state: PlateStateView }> {
    await this.#change(actor, printId, stateId, 'print.state_updated', async (trx, print, state) => {
      const date = dateOf(input.date);
      await repo.updateState(trx, state.id, {
        ...(input.number !== undefined ? { number: input.number } : {}),
        ...(date !== undefined ? { dated: date } : {}),
        ...(input.description !== undefined
          ? { description: JSON.stringify(toLocalized(input.description, 'en', state.description) ?? {}) }
          : {}),
        ...(input.imageId !== undefined ? { image_id: await this.#imageOf(trx, print, input.imageId) } : {}),
      });
      if (input.impressionIds) await this.#assign(trx, print, state.id, input.impressionIds);
      return { fields: Object.keys(input) };
    });
    return { state: await this.#view(actor, printId, stateId) };
  }

  /** Exactly these impressions of the print were pulled from the state (others that said so no longer do). */
  async assignImpressions(
    actor: Actor,
    printId: string,
    stateId: string,
    impressionIds: readonly string[],
  ): Promise<{ state: PlateStateView }> {
    await this.#change(
      actor,
      printId,
      stateId,
      'print.state_impressions_assigned',
      async (trx, print, state) => {
        await this.#assign(trx, print, state.id, impressionIds);
        return { impressionIds: [...impressionIds] };
      },
    );
    return { state: await this.#view(actor, printId, stateId) };
  }

  /** Removes a state; its impressions no longer name a state, its proof image stays an image of the print. */
  async remove(actor: Actor, printId: string, stateId: string): Promise<void> {
    await this.#change(actor, printId, stateId, 'print.state_removed', async (trx, _print, state) => {
      await repo.deleteState(trx, state.id);
      return { number: state.number };
    });
  }

  async #change(
    actor: Actor,
    printId: string,
    stateId: string,
    action: string,
    apply: (trx: Trx, print: PrintRow, state: repo.PlateStateRow) => Promise<Record<string, unknown>>,
  ): Promise<void> {
    await this.#changes
      .run(async (trx) => {
        const print = await this.#prints.own(trx, actor, printId, true);
        const state = isUuid(stateId) ? await repo.findState(trx, print.id, stateId, true) : undefined;
        if (!state) throw new NotFoundError('State not found');
        const details = await apply(trx, print, state);
        await this.#changes.audit(trx, actor, action, 'print', print.id, { stateId, ...details });
      })
      .catch(mapDbError);
  }

  async #imageOf(trx: Trx, print: PrintRow, imageId: string | null): Promise<string | null> {
    if (imageId === null) return null;
    if (!isUuid(imageId) || !(await repo.isImageOfPrint(trx, print.id, imageId)))
      throw new BadRequestError('body.imageId: not an image of this print', { field: 'imageId' });
    return imageId;
  }

  async #assign(trx: Trx, print: PrintRow, stateId: string, ids: readonly string[]): Promise<void> {
    const unique = [...new Set(ids)];
    const known = await repo.impressionsOfPrint(
      trx,
      print.id,
      unique.filter((id) => isUuid(id)),
    );
    const unknown = unique.filter((id) => !known.has(id));
    if (unknown.length > 0)
      throw new BadRequestError(`body.impressionIds: not impressions of this print: ${unknown.join(', ')}`, {
        field: 'impressionIds',
      });
    await repo.assignImpressions(trx, print.id, stateId, unique);
  }

  async #view(actor: Actor, printId: string, stateId: string): Promise<PlateStateView> {
    const { states } = await this.list(actor, printId);
    const state = states.find((s) => s.id === stateId);
    if (!state) throw new NotFoundError('State not found');
    return state;
  }

  async #views(db: Kysely<Database> | Trx, printId: string): Promise<PlateStateView[]> {
    const rows = await repo.listStates(db, printId);
    const [impressions, versions] = await Promise.all([
      repo.impressionsByState(db, printId),
      versionsOf(
        db,
        rows.flatMap((r) => (r.image_id ? [r.image_id] : [])),
      ),
    ]);
    return rows.map((r) => {
      const list = r.image_id ? artistImageList(versions.get(r.image_id) ?? []) : [];
      return presentState(
        r,
        impressions.get(r.id) ?? [],
        list.find((v) => v.version === 'thumbnail')?.url ?? null,
      );
    });
  }
}
