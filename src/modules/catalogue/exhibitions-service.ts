// The artist's exhibitions: solo and group shows, art fairs, museum acquisitions and awards, each with the prints
// shown there (the artist's own only). Every action is the artist's own, scoped by their id; another artist's
// exhibition answers 404. The public CV and the print pages read them through the public catalogue.
import type { Kysely } from 'kysely';
import type { Database, ExhibitionsTable } from '../../platform/db/schema.js';
import { BadRequestError, NotFoundError } from '../../platform/errors.js';
import * as repo from './exhibitions-repository.js';
import { toLocalized } from './localize.js';
import type { Changes, PageInput } from './kit.js';
import { listEnvelope, mapDbError, orNull, paging, type Actor } from './kit.js';
import type { ExhibitionInput } from './schemas.js';
import { requireDay } from '../../platform/days.js';

export function presentExhibition(row: repo.ExhibitionRow, printIds: readonly string[]) {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    venue: row.venue,
    city: row.city,
    country: row.country,
    startDate: String(row.starts_on),
    endDate: row.ends_on === null ? null : String(row.ends_on),
    url: row.url,
    description: row.description ?? {},
    printIds: [...printIds],
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export type ExhibitionView = ReturnType<typeof presentExhibition>;

const trimmed = (value: string | null | undefined) =>
  value === undefined ? undefined : orNull(value?.trim() ?? null);

function columns(input: ExhibitionInput): Partial<Record<keyof ExhibitionsTable, unknown>> {
  const out: Partial<Record<keyof ExhibitionsTable, unknown>> = {};
  if (input.kind !== undefined) out.kind = input.kind;
  if (input.title !== undefined) {
    if (!input.title.trim()) throw new BadRequestError('body.title: must not be blank', { field: 'title' });
    out.title = input.title.trim();
  }
  for (const [api, column] of [
    ['venue', 'venue'],
    ['city', 'city'],
    ['country', 'country'],
    ['url', 'url'],
  ] as const) {
    const v = trimmed(input[api]);
    if (v !== undefined) out[column] = v;
  }
  if (input.startDate !== undefined) out.starts_on = requireDay(input.startDate, 'startDate');
  if (input.endDate !== undefined)
    out.ends_on = input.endDate === null ? null : requireDay(input.endDate, 'endDate');
  if (input.description !== undefined)
    out.description = JSON.stringify(toLocalized(input.description, 'en') ?? {});
  return out;
}

export class ExhibitionsService {
  readonly #db: Kysely<Database>;
  readonly #changes: Changes;

  constructor(db: Kysely<Database>, changes: Changes) {
    this.#db = db;
    this.#changes = changes;
  }

  async list(actor: Actor, input: PageInput) {
    const p = paging(input);
    const { rows, total } = await repo.listExhibitions(this.#db, actor.artistId, p);
    const prints = await repo.printsOfExhibitions(
      this.#db,
      rows.map((r) => r.id),
    );
    return listEnvelope(
      'exhibitions',
      rows.map((r) => presentExhibition(r, prints.get(r.id) ?? [])),
      total,
      p,
    );
  }

  async get(actor: Actor, id: string): Promise<ExhibitionView> {
    const row = await repo.getExhibition(this.#db, actor.artistId, id);
    if (!row) throw new NotFoundError('Exhibition not found');
    const prints = await repo.printsOfExhibitions(this.#db, [id]);
    return presentExhibition(row, prints.get(id) ?? []);
  }

  async create(
    actor: Actor,
    input: ExhibitionInput & Required<Pick<ExhibitionInput, 'kind' | 'title' | 'startDate'>>,
  ) {
    const values = columns(input);
    const id = await this.#changes
      .run(async (trx) => {
        this.#checkDates(values);
        const row = await repo.insertExhibition(trx, { ...values, artist_id: actor.artistId } as never);
        if (input.printIds) await this.#setPrints(trx, actor, row.id, input.printIds);
        await this.#changes.audit(trx, actor, 'exhibition.created', 'exhibition', row.id, {
          title: row.title,
        });
        return row.id;
      })
      .catch(mapExhibitionError);
    return this.get(actor, id);
  }

  async update(actor: Actor, id: string, input: ExhibitionInput) {
    const values = columns(input);
    await this.#changes
      .run(async (trx) => {
        const current = await repo.getExhibition(trx, actor.artistId, id);
        if (!current) throw new NotFoundError('Exhibition not found');
        this.#checkDates({ starts_on: current.starts_on, ends_on: current.ends_on, ...values });
        await repo.updateExhibition(trx, actor.artistId, id, values as never);
        if (input.printIds) await this.#setPrints(trx, actor, id, input.printIds);
        await this.#changes.audit(trx, actor, 'exhibition.updated', 'exhibition', id, {
          fields: Object.keys(input),
        });
      })
      .catch(mapExhibitionError);
    return this.get(actor, id);
  }

  async delete(actor: Actor, id: string): Promise<void> {
    await this.#changes.run(async (trx) => {
      if (!(await repo.deleteExhibition(trx, actor.artistId, id)))
        throw new NotFoundError('Exhibition not found');
      await this.#changes.audit(trx, actor, 'exhibition.deleted', 'exhibition', id);
    });
  }

  #checkDates(v: Partial<Record<keyof ExhibitionsTable, unknown>>): void {
    const start = v.starts_on as string | undefined;
    const end = v.ends_on as string | null | undefined;
    if (start && end && end < start)
      throw new BadRequestError('body.endDate: the end comes before the start', { field: 'endDate' });
  }

  async #setPrints(
    trx: Parameters<Parameters<Changes['run']>[0]>[0],
    actor: Actor,
    id: string,
    printIds: readonly string[],
  ) {
    const own = await repo.ownPrintIds(trx, actor.artistId, printIds);
    const foreign = printIds.filter((p) => !own.has(p));
    if (foreign.length > 0)
      throw new BadRequestError(`body.printIds: no such print of yours: ${foreign.join(', ')}`, {
        field: 'printIds',
      });
    await repo.setExhibitionPrints(trx, id, printIds);
  }
}

/** Database checks the schemas already enforce, should one slip through, as 400 naming the field. */
function mapExhibitionError(error: unknown): never {
  const e = error as { code?: string; constraint?: string };
  if (e?.code === '23514' && e.constraint) {
    const field = /exhibitions_(\w+?)_check/.exec(e.constraint)?.[1];
    const api =
      { starts_on: 'startDate', ends_on: 'endDate', title: 'title', url: 'url' }[field ?? ''] ?? field;
    throw new BadRequestError(`Invalid value (${e.constraint})`, api ? { field: api } : undefined);
  }
  return mapDbError(error);
}
