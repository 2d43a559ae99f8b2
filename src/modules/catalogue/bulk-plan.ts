// What a bulk edit would do to one print: the fields it changes (before → after), or why the print is refused.
// Pure — no SQL, no I/O — so the dry run and the applied edit compute the same plan from the same state, and the
// rule is unit-tested on its own (bulk-plan.test.ts). The publishing gate is the single-print editor's
// (presenters.missingForPublication), asked of the print as it would be after the change.
import type { Localized, PrintRow, PublicationStatus } from '../../platform/db/schema.js';
import { missingForPublication } from './presenters.js';
import { isPublishedStatus } from './policy.js';

/** The fields a bulk edit sets or clears, by their API names. */
export const BULK_FIELDS = [
  'year',
  'technique',
  'paperType',
  'availability',
  'tags',
  'galleries',
  'status',
] as const;
export type BulkField = (typeof BULK_FIELDS)[number];

/** Fields `clear` accepts (status cannot be "cleared": a print is a draft or published). */
export const CLEARABLE_FIELDS = [
  'year',
  'technique',
  'paperType',
  'availability',
  'tags',
  'galleries',
] as const;
export type ClearableField = (typeof CLEARABLE_FIELDS)[number];

/** A change with its input already resolved: vocabulary keys, tag slugs, the artist's own gallery ids. */
export interface ResolvedChange {
  /** undefined: leave as is; null: clear. */
  year?: number | null;
  technique?: string | null;
  availability?: string | null;
  /** The languages given replace those languages; null clears both. */
  paper?: Localized | null;
  status?: PublicationStatus;
  addTags: readonly string[];
  removeTags: readonly string[];
  clearTags: boolean;
  addToGalleries: readonly string[];
  removeFromGalleries: readonly string[];
  clearGalleries: boolean;
}

/** The state of one print a bulk edit reads. */
export interface PrintState {
  row: PrintRow;
  /** Tag slugs, sorted. */
  tags: readonly string[];
  /** Ids of the galleries holding the print, sorted. */
  galleries: readonly string[];
  /** The current image has processed versions (the gate's "image (processed)"). */
  imageShown: boolean;
  /** Alt texts of the print's additional images (the gate asks for both languages). */
  additionalImages?: ReadonlyArray<{ id: string; alt_text: Localized }>;
}

export type FieldValue = number | string | string[] | Localized | null;

export interface FieldChange {
  field: BulkField;
  before: FieldValue;
  after: FieldValue;
}

export type PlanOutcome = 'changed' | 'unchanged' | 'refused';

export interface PrintPlan {
  printId: string;
  outcome: PlanOutcome;
  changes: FieldChange[];
  /** Why the print is refused (only with outcome 'refused'). */
  reason?: string;
  /** What the publishing gate still needs, e.g. "altText (da)" (only with a gate refusal). */
  missing?: string[];
  /** The columns to write (outcome 'changed'). */
  values: {
    year?: number | null;
    technique_key?: string | null;
    availability_key?: string | null;
    paper?: Localized;
    status?: PublicationStatus;
    published_at?: Date;
  };
  tagsToAdd: string[];
  tagsToRemove: string[];
  galleriesToJoin: string[];
  galleriesToLeave: string[];
}

/** True when nothing would be set or cleared. */
export function isEmptyChange(c: ResolvedChange): boolean {
  return (
    c.year === undefined &&
    c.technique === undefined &&
    c.availability === undefined &&
    c.paper === undefined &&
    c.status === undefined &&
    c.addTags.length === 0 &&
    c.removeTags.length === 0 &&
    !c.clearTags &&
    c.addToGalleries.length === 0 &&
    c.removeFromGalleries.length === 0 &&
    !c.clearGalleries
  );
}

function sameLocalized(a: Localized, b: Localized): boolean {
  return (a.da ?? '') === (b.da ?? '') && (a.en ?? '') === (b.en ?? '');
}

/** The paper after the change: given languages replace, blank ones are removed; null clears. */
function paperAfter(current: Localized, change: Localized | null): Localized {
  if (change === null) return {};
  const merged: Localized = { ...current, ...change };
  const out: Localized = {};
  for (const l of ['da', 'en'] as const) {
    const v = merged[l]?.trim();
    if (v) out[l] = v;
  }
  return out;
}

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

/** A set (tags, galleries) after clearing, removing, then adding; what was added and removed. */
function setChange(
  current: readonly string[],
  clear: boolean,
  remove: readonly string[],
  add: readonly string[],
) {
  const before = sorted(current);
  const next = new Set(clear ? [] : before);
  for (const value of remove) next.delete(value);
  for (const value of add) next.add(value);
  const after = sorted(next);
  return {
    before,
    after,
    added: after.filter((v) => !before.includes(v)),
    removed: before.filter((v) => !next.has(v)),
  };
}

/** Plans the change for one print; `now` stamps a first publication. */
export function planPrint(state: PrintState, change: ResolvedChange, now: Date = new Date()): PrintPlan {
  const { row } = state;
  const changes: FieldChange[] = [];
  const values: PrintPlan['values'] = {};
  const after: PrintRow = { ...row };

  if (change.year !== undefined && change.year !== row.year) {
    changes.push({ field: 'year', before: row.year, after: change.year });
    values.year = change.year;
    after.year = change.year;
  }
  if (change.technique !== undefined && change.technique !== row.technique_key) {
    changes.push({ field: 'technique', before: row.technique_key, after: change.technique });
    values.technique_key = change.technique;
    after.technique_key = change.technique;
  }
  if (change.paper !== undefined) {
    const next = paperAfter(row.paper, change.paper);
    if (!sameLocalized(next, row.paper)) {
      changes.push({ field: 'paperType', before: { ...row.paper }, after: next });
      values.paper = next;
      after.paper = next;
    }
  }
  if (change.availability !== undefined && change.availability !== row.availability_key) {
    changes.push({ field: 'availability', before: row.availability_key, after: change.availability });
    values.availability_key = change.availability;
    after.availability_key = change.availability;
  }

  const tags = setChange(state.tags, change.clearTags, change.removeTags, change.addTags);
  if (tags.added.length || tags.removed.length)
    changes.push({ field: 'tags', before: tags.before, after: tags.after });
  const galleries = setChange(
    state.galleries,
    change.clearGalleries,
    change.removeFromGalleries,
    change.addToGalleries,
  );
  if (galleries.added.length || galleries.removed.length) {
    changes.push({ field: 'galleries', before: galleries.before, after: galleries.after });
  }

  if (change.status !== undefined && change.status !== row.status) {
    changes.push({ field: 'status', before: row.status, after: change.status });
    values.status = change.status;
    after.status = change.status;
    if (isPublishedStatus(change.status)) values.published_at = now;
  }

  const plan: PrintPlan = {
    printId: row.id,
    outcome: changes.length ? 'changed' : 'unchanged',
    changes,
    values,
    tagsToAdd: tags.added,
    tagsToRemove: tags.removed,
    galleriesToJoin: galleries.added,
    galleriesToLeave: galleries.removed,
  };
  if (changes.length && isPublishedStatus(after.status)) {
    // The single-print editor's gate, on the print as it would be: a published print keeps what it needs.
    const missing = missingForPublication(after, state.imageShown, state.additionalImages);
    if (missing.length) {
      return {
        ...plan,
        outcome: 'refused',
        reason: `${isPublishedStatus(row.status) ? 'A published print needs' : 'Cannot publish the print: missing'} ${missing.join(', ')}`,
        missing,
        values: {},
        tagsToAdd: [],
        tagsToRemove: [],
        galleriesToJoin: [],
        galleriesToLeave: [],
      };
    }
  }
  return plan;
}
