// Bulk edits of the artist's prints: set or clear year, technique, paper, availability, tags, galleries and the
// status of many prints at once. The studio (select → choose → preview → confirm) and the artist API
// (POST /api/v1/artist/prints/bulk) both call `edit`. A dry run computes the same per-print plan as the applied
// edit (bulk-plan.ts) without writing; applying writes every changed print in one transaction with one audit event
// per print. The publishing gate refuses prints one by one: a refused print is left as it is, the rest apply.
// Another artist's print — or no print at all — is reported as not found and never touched.
import type { Kysely } from 'kysely';
import type { Database, Language, Localized, PublicationStatus } from '../../platform/db/schema.js';
import type { Storage } from '../../platform/storage/types.js';
import { BadRequestError } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import { additionalAltTexts } from './print-images-repository.js';
import { placePrintImages, placePrints, type PlacementScheduler } from '../media/visibility.js';
import * as repo from './bulk-repository.js';
import {
  isEmptyChange,
  planPrint,
  type ClearableField,
  type FieldChange,
  type PrintPlan,
  type ResolvedChange,
} from './bulk-plan.js';
import type { Changes, Trx } from './kit.js';
import { mapDbError, slugify, type Actor } from './kit.js';
import { toLocalized } from './localize.js';
import type { Db, PrintFilters } from './prints-repository.js';
import { resolveTerm } from './vocabulary-service.js';

/** The most prints one bulk edit may touch (ids given, or prints a filter matches). */
export const MAX_BULK_PRINTS = 1000;

export interface BulkSet {
  year?: number | undefined;
  technique?: string | undefined;
  paperType?: string | Localized | undefined;
  availability?: string | undefined;
  status?: PublicationStatus | undefined;
  addTags?: ReadonlyArray<string | Localized> | undefined;
  removeTags?: readonly string[] | undefined;
  addToGalleries?: readonly string[] | undefined;
  removeFromGalleries?: readonly string[] | undefined;
}

export interface BulkEditInput {
  printIds?: readonly string[] | undefined;
  filter?: PrintFilters | undefined;
  set?: BulkSet | undefined;
  clear?: readonly ClearableField[] | undefined;
  dryRun: boolean;
  /** The language of plain-text paperType and addTags values, and of the titles answered. */
  language?: Language | undefined;
}

export type BulkOutcome = 'changed' | 'unchanged' | 'refused' | 'notFound';

export interface BulkPrintResult {
  printId: string;
  title: string;
  outcome: BulkOutcome;
  changes: FieldChange[];
  reason?: string;
  missing?: string[];
}

export interface BulkEditResult {
  dryRun: boolean;
  prints: BulkPrintResult[];
  summary: { matched: number; changed: number; unchanged: number; refused: number; notFound: number };
  /** Names of what the plan mentions by key: tag slug → label, gallery id → title (for showing the plan). */
  labels: { tags: Record<string, Localized>; galleries: Record<string, Localized> };
}

/** Set fields and cleared fields may not overlap; this is which `set` names each clear conflicts with. */
const CLEAR_CONFLICTS: Readonly<Record<ClearableField, readonly (keyof BulkSet)[]>> = {
  year: ['year'],
  technique: ['technique'],
  paperType: ['paperType'],
  availability: ['availability'],
  tags: ['removeTags'],
  galleries: ['removeFromGalleries'],
};

const NOT_FOUND = 'Print not found';

export class BulkEditService {
  readonly #db: Kysely<Database>;
  readonly #storage: Storage;
  readonly #changes: Changes;
  readonly #place: PlacementScheduler;

  constructor(db: Kysely<Database>, storage: Storage, changes: Changes, place: PlacementScheduler) {
    this.#db = db;
    this.#storage = storage;
    this.#changes = changes;
    this.#place = place;
  }

  /** Plans (dryRun) or applies a bulk edit; refusals of the input as a whole are 400s naming the field. */
  async edit(actor: Actor, input: BulkEditInput): Promise<BulkEditResult> {
    this.#checkShape(input);
    const placed: string[] = [];
    const later: string[] = [];
    try {
      const result = await this.#changes.run(async (trx) => {
        const { change, newTags, labels } = await this.#resolve(trx, actor, input);
        const ids = await this.#targets(trx, actor, input);
        const rows = await repo.ownPrints(trx, actor.artistId, ids, !input.dryRun);
        const found = rows.map((r) => r.id);
        const [tags, galleries, shown, additional] = await Promise.all([
          repo.tagSlugsOf(trx, found),
          repo.galleryIdsOf(trx, found),
          repo.printsWithImageVersions(trx, found),
          additionalAltTexts(trx, found),
        ]);
        const now = new Date();
        const plans = new Map<string, PrintPlan>(
          rows.map((row) => [
            row.id,
            planPrint(
              {
                row,
                tags: tags.get(row.id) ?? [],
                galleries: galleries.get(row.id) ?? [],
                imageShown: shown.has(row.id),
                additionalImages: additional.get(row.id) ?? [],
              },
              change,
              now,
            ),
          ]),
        );
        // Galleries a plan mentions (a print leaving one the change did not name, too) get their titles.
        const mentioned = new Set<string>();
        for (const list of galleries.values()) for (const id of list) mentioned.add(id);
        const titles = await repo.ownGalleries(trx, actor.artistId, [...mentioned], false);
        for (const [id, title] of titles) labels.galleries[id] ??= title;
        if (!input.dryRun) {
          const changed = ids.flatMap((id) => {
            const plan = plans.get(id);
            return plan?.outcome === 'changed' ? [plan] : [];
          });
          const moving = changed
            .filter(
              (p) => p.values.status !== undefined || p.galleriesToJoin.length || p.galleriesToLeave.length,
            )
            .map((p) => p.printId);
          const publicBefore = await repo.publicPrintIds(trx, moving);
          await this.#apply(trx, actor, changed, newTags, input.language);
          const publicAfter = await repo.publicPrintIds(trx, moving);
          for (const printId of moving) {
            if (publicBefore.has(printId) && !publicAfter.has(printId)) {
              // No longer public: the files move while the print rows are locked, as the single-print editor
              // does, so the image URLs stop working at once.
              placed.push(printId);
              await placePrintImages(trx, this.#storage, printId);
            } else if (publicBefore.has(printId) !== publicAfter.has(printId)) later.push(printId);
          }
        }
        return this.#present(ids, rows, plans, input, labels);
      });
      // Newly public prints: their files follow after the commit, as after the gallery editor's changes.
      await this.#place(later);
      return result;
    } catch (error) {
      // The change rolled back: the files go back where the unchanged data wants them.
      if (placed.length) await placePrints(this.#db, this.#storage, placed).catch(() => undefined);
      return mapDbError(error);
    }
  }

  /** What the input says regardless of the data: one target, something to change, no contradictions. */
  #checkShape(input: BulkEditInput): void {
    if ((input.printIds === undefined) === (input.filter === undefined)) {
      throw new BadRequestError('body: give either printIds or filter (exactly one of them)', {
        field: 'printIds',
      });
    }
    if (input.printIds) {
      if (input.printIds.length === 0)
        throw new BadRequestError('body.printIds: choose at least one print', { field: 'printIds' });
      if (input.printIds.length > MAX_BULK_PRINTS) {
        throw new BadRequestError(`body.printIds: at most ${MAX_BULK_PRINTS} prints at once`, {
          field: 'printIds',
        });
      }
      const bad = input.printIds.find((id): boolean => !isUuid(id));
      if (bad !== undefined) {
        throw new BadRequestError(`body.printIds: "${bad.slice(0, 40)}" is not a print id`, {
          field: 'printIds',
        });
      }
    }
    const galleryId = input.filter?.galleryId;
    if (galleryId !== undefined && !isUuid(galleryId)) {
      throw new BadRequestError('body.filter.galleryId: is not a gallery id', { field: 'filter.galleryId' });
    }
    const set = input.set ?? {};
    for (const field of ['addToGalleries', 'removeFromGalleries'] as const) {
      const bad = set[field]?.find((id): boolean => !isUuid(id));
      if (bad !== undefined) {
        throw new BadRequestError(`body.set.${field}: "${bad.slice(0, 40)}" is not a gallery id`, {
          field: `set.${field}`,
        });
      }
    }
    for (const field of input.clear ?? []) {
      const conflict = CLEAR_CONFLICTS[field]?.find((name) => set[name] !== undefined);
      if (conflict) {
        throw new BadRequestError(`body.clear: ${field} is also in set.${conflict}; do one or the other`, {
          field: 'clear',
        });
      }
    }
    const both = set.addToGalleries?.find((id) => set.removeFromGalleries?.includes(id));
    if (both) {
      throw new BadRequestError(
        'body.set.removeFromGalleries: a gallery cannot be both added to and removed from',
        {
          field: 'set.removeFromGalleries',
        },
      );
    }
  }

  /** The change with keys resolved: vocabulary terms, tag slugs, the artist's own galleries. */
  async #resolve(trx: Trx, actor: Actor, input: BulkEditInput) {
    const set = input.set ?? {};
    const clear = new Set(input.clear ?? []);
    const lang: Language = input.language ?? 'en';
    const labels: BulkEditResult['labels'] = { tags: {}, galleries: {} };
    const term = async (kind: 'technique' | 'availability', value: string | undefined) => {
      if (clear.has(kind)) return null;
      if (value === undefined) return undefined;
      return resolveTerm(trx, actor.artistId, kind, `set.${kind}`, value);
    };
    let paper: Localized | null | undefined;
    if (clear.has('paperType')) paper = null;
    else if (set.paperType !== undefined) {
      paper = typeof set.paperType === 'string' ? { [lang]: set.paperType } : { ...set.paperType };
      if (!Object.values(paper).some((v) => v?.trim())) {
        throw new BadRequestError(
          'body.set.paperType: give the paper in at least one language (or clear it)',
          {
            field: 'set.paperType',
          },
        );
      }
    }

    const existing = await repo.artistTags(trx, actor.artistId);
    for (const [slug, tag] of existing) labels.tags[slug] = tag.label;
    const newTags: Array<{ slug: string; label: Localized }> = [];
    const addTags: string[] = [];
    for (const tag of set.addTags ?? []) {
      const label = typeof tag === 'string' ? { da: tag.trim(), en: tag.trim() } : toLocalized(tag, lang)!;
      const slug = slugify(label.en ?? label.da ?? '');
      if (!slug) {
        throw new BadRequestError(
          `body.set.addTags: "${JSON.stringify(tag)}" has no usable letters or digits`,
          {
            field: 'set.addTags',
          },
        );
      }
      if (addTags.includes(slug)) continue;
      addTags.push(slug);
      if (!existing.has(slug)) {
        newTags.push({ slug, label });
        labels.tags[slug] = label;
      }
    }
    const removeTags: string[] = [];
    for (const name of set.removeTags ?? []) {
      const slug = existing.has(name.trim()) ? name.trim() : slugify(name);
      if (!existing.has(slug)) {
        throw new BadRequestError(`body.set.removeTags: you have no tag "${name}"`, {
          field: 'set.removeTags',
        });
      }
      if (addTags.includes(slug)) {
        throw new BadRequestError(`body.set.removeTags: "${name}" is also in addTags`, {
          field: 'set.removeTags',
        });
      }
      removeTags.push(slug);
    }

    const named = [...new Set([...(set.addToGalleries ?? []), ...(set.removeFromGalleries ?? [])])];
    const own = await repo.ownGalleries(trx, actor.artistId, named, false);
    for (const field of ['addToGalleries', 'removeFromGalleries'] as const) {
      // Another artist's gallery is as unknown as one that does not exist.
      const unknown = set[field]?.find((id) => !own.has(id));
      if (unknown) {
        throw new BadRequestError(`body.set.${field}: gallery ${unknown} not found`, {
          field: `set.${field}`,
        });
      }
    }
    for (const [id, title] of own) labels.galleries[id] = title;

    const change: ResolvedChange = {
      ...(clear.has('year') ? { year: null } : set.year !== undefined ? { year: set.year } : {}),
      ...(await term('technique', set.technique).then((technique) =>
        technique === undefined ? {} : { technique },
      )),
      ...(await term('availability', set.availability).then((availability) =>
        availability === undefined ? {} : { availability },
      )),
      ...(paper === undefined ? {} : { paper }),
      ...(set.status ? { status: set.status } : {}),
      addTags,
      removeTags,
      clearTags: clear.has('tags'),
      addToGalleries: [...new Set(set.addToGalleries ?? [])],
      removeFromGalleries: [...new Set(set.removeFromGalleries ?? [])],
      clearGalleries: clear.has('galleries'),
    };
    if (isEmptyChange(change)) {
      throw new BadRequestError('body.set: choose at least one field to set or clear', { field: 'set' });
    }
    return { change, newTags, labels };
  }

  /** The print ids asked about, in the order given (each once), or the prints the filter matches. */
  async #targets(db: Db, actor: Actor, input: BulkEditInput): Promise<string[]> {
    if (input.printIds) return [...new Set(input.printIds.map((id) => id.toLowerCase()))];
    const { ids, total } = await repo.matchingPrintIds(
      db,
      actor.artistId,
      input.filter ?? {},
      MAX_BULK_PRINTS,
    );
    if (total > MAX_BULK_PRINTS) {
      throw new BadRequestError(
        `body.filter: matches ${total} prints; a bulk edit changes at most ${MAX_BULK_PRINTS} at once — narrow the filter`,
        { field: 'filter' },
      );
    }
    return ids;
  }

  async #apply(
    trx: Trx,
    actor: Actor,
    changed: readonly PrintPlan[],
    newTags: ReadonlyArray<{ slug: string; label: Localized }>,
    language: Language | undefined,
  ): Promise<void> {
    if (changed.length === 0) return;
    const needed = new Set(changed.flatMap((p) => p.tagsToAdd));
    const tagIds = new Map<string, string>();
    for (const [slug, tag] of await repo.artistTags(trx, actor.artistId)) tagIds.set(slug, tag.id);
    const created = await repo.ensureTags(
      trx,
      actor.artistId,
      newTags.filter((t) => needed.has(t.slug)),
    );
    for (const [slug, id] of created) tagIds.set(slug, id);
    // Every gallery whose order changes is locked first, in id order (the gallery editor locks them too).
    const touched = [...new Set(changed.flatMap((p) => [...p.galleriesToJoin, ...p.galleriesToLeave]))];
    await repo.ownGalleries(trx, actor.artistId, touched, true);
    // Prints that get the same column values are written together (in a bulk edit most do).
    const byValues = new Map<string, { values: PrintPlan['values']; ids: string[] }>();
    for (const plan of changed) {
      const key = JSON.stringify(plan.values);
      const group = byValues.get(key) ?? { values: plan.values, ids: [] };
      group.ids.push(plan.printId);
      byValues.set(key, group);
    }
    for (const { values, ids } of byValues.values()) await repo.updatePrintsColumns(trx, ids, values);
    await repo.addPrintTags(
      trx,
      changed.flatMap((p) => p.tagsToAdd.map((slug) => ({ printId: p.printId, tagId: tagIds.get(slug)! }))),
    );
    await repo.removePrintTags(
      trx,
      changed.flatMap((p) =>
        p.tagsToRemove.flatMap((slug) => {
          const tagId = tagIds.get(slug);
          return tagId ? [{ printId: p.printId, tagId }] : [];
        }),
      ),
    );
    for (const galleryId of touched) {
      await repo.removeFromGallery(
        trx,
        galleryId,
        changed.filter((p) => p.galleriesToLeave.includes(galleryId)).map((p) => p.printId),
      );
      // Joining prints go to the end, in the order they were asked about.
      await repo.appendToGallery(
        trx,
        galleryId,
        changed.filter((p) => p.galleriesToJoin.includes(galleryId)).map((p) => p.printId),
      );
    }
    // One audit event per changed print, naming what changed (before → after).
    await this.#changes.auditEach(
      trx,
      actor,
      'print.bulk_updated',
      'print',
      changed.map((plan) => ({
        entityId: plan.printId,
        details: {
          fields: plan.changes.map((c) => c.field),
          changes: plan.changes,
          ...(language ? { language } : {}),
        },
      })),
    );
  }

  #present(
    ids: readonly string[],
    rows: ReadonlyArray<{ id: string; title: Localized }>,
    plans: ReadonlyMap<string, PrintPlan>,
    input: BulkEditInput,
    labels: BulkEditResult['labels'],
  ): BulkEditResult {
    const lang: Language = input.language ?? 'en';
    const other: Language = lang === 'en' ? 'da' : 'en';
    const titles = new Map(rows.map((r) => [r.id, r.title[lang]?.trim() || r.title[other]?.trim() || '']));
    const summary = { matched: ids.length, changed: 0, unchanged: 0, refused: 0, notFound: 0 };
    const prints = ids.map((printId): BulkPrintResult => {
      const plan = plans.get(printId);
      if (!plan) {
        summary.notFound += 1;
        return { printId, title: '', outcome: 'notFound', changes: [], reason: NOT_FOUND };
      }
      summary[plan.outcome] += 1;
      return {
        printId,
        title: titles.get(printId) ?? '',
        outcome: plan.outcome,
        changes: plan.changes,
        ...(plan.reason ? { reason: plan.reason } : {}),
        ...(plan.missing ? { missing: plan.missing } : {}),
      };
    });
    // Only the names the plan mentions.
    const used = { tags: new Set<string>(), galleries: new Set<string>() };
    for (const p of prints) {
      for (const c of p.changes) {
        if (c.field !== 'tags' && c.field !== 'galleries') continue;
        for (const v of [c.before, c.after])
          for (const key of Array.isArray(v) ? v : []) used[c.field].add(key);
      }
    }
    const pick = (all: Record<string, Localized>, keys: Set<string>) =>
      Object.fromEntries(Object.entries(all).filter(([key]) => keys.has(key)));
    return {
      dryRun: input.dryRun,
      prints,
      summary,
      labels: { tags: pick(labels.tags, used.tags), galleries: pick(labels.galleries, used.galleries) },
    };
  }
}
