// Bulk edit in the studio, as plain form posts: the inventory's checkboxes (or "all on this page", or "all matching
// the filter") lead to GET /studio/prints/bulk, where the artist chooses what to set or clear; POST …/preview shows
// per print what would change (the service's dry run) with a confirm button; POST …/apply changes them (the same
// service call, applied) and shows what was changed, refused (the publishing gate, with the reason) or not found.
// The choices travel as hidden fields from step to step; nothing is kept on the server between steps.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Localized } from '../../platform/db/schema.js';
import { actorOf, requireArtist } from '../../platform/auth-context.js';
import { AppError, fieldOf } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import {
  MAX_BULK_PRINTS,
  type BulkEditInput,
  type BulkEditResult,
  type BulkPrintResult,
  type BulkSet,
} from '../catalogue/bulk-edit-service.js';
import type { ClearableField, FieldChange, FieldValue } from '../catalogue/bulk-plan.js';
import type { StudioDeps } from './context.js';
import {
  CheckboxField,
  describedBy,
  ErrorSummary,
  fieldId,
  formString,
  formStrings,
  Meta,
  SelectField,
  TextField,
  type FieldErrors,
  type FormBody,
  type Option,
} from './forms.js';
import { CsrfField, sendStudioPage } from './layout.js';
import {
  inventoryHref,
  labelsFor,
  matchingPrintIds,
  parseInventoryQuery,
  UNTITLED,
  type Labels,
} from './prints.js';
import { inventoryRows } from './repository.js';
import { studioTitle } from './processing.js';

const CLEAR = '__clear';

/** Every form field of the change, as submitted (the hidden fields of the preview carry the same). */
const CHANGE_FIELDS = [
  'year',
  'year-clear',
  'technique',
  'paper.da',
  'paper.en',
  'paper-clear',
  'availability',
  'tags-add',
  'tags-remove',
  'tags-clear',
  'galleries-add',
  'galleries-remove',
  'galleries-clear',
  'status',
] as const;

const FIELD_LABELS: Readonly<Record<string, string>> = {
  ids: 'Prints',
  changes: 'Changes',
  year: 'Year',
  technique: 'Technique',
  'paper.da': 'Paper',
  availability: 'Availability',
  'tags-add': 'Add tags',
  'tags-remove': 'Remove tags',
  'galleries-add': 'Add to galleries',
  'galleries-remove': 'Remove from galleries',
  status: 'Status',
};

/** The service's field names (details.field) → the form's. */
const FORM_FIELD: Readonly<Record<string, string>> = {
  printIds: 'ids',
  filter: 'ids',
  set: 'changes',
  clear: 'changes',
  'set.year': 'year',
  'set.technique': 'technique',
  'set.paperType': 'paper.da',
  'set.availability': 'availability',
  'set.status': 'status',
  'set.addTags': 'tags-add',
  'set.removeTags': 'tags-remove',
  'set.addToGalleries': 'galleries-add',
  'set.removeFromGalleries': 'galleries-remove',
};

const NAMES: Readonly<Record<FieldChange['field'], string>> = {
  year: 'Year',
  technique: 'Technique',
  paperType: 'Paper',
  availability: 'Availability',
  tags: 'Tags',
  galleries: 'Galleries',
  status: 'Status',
};

/** What the publishing gate's names mean in the studio. */
const MISSING: Readonly<Record<string, string>> = {
  'title (da)': 'a Danish title',
  'title (en)': 'an English title',
  'altText (da)': 'a Danish image description (alt text)',
  'altText (en)': 'an English image description (alt text)',
  technique: 'a technique',
  year: 'a year',
  'image (processed)': 'a processed image',
};

type ChangeValues = Record<(typeof CHANGE_FIELDS)[number], string[]>;

/** Fields holding lists: checkboxes (repeated names) or, in the hidden fields, one comma-separated value. */
const LIST_FIELDS: ReadonlySet<string> = new Set(['tags-remove', 'galleries-add', 'galleries-remove']);

function listOf(body: FormBody | undefined, name: string): string[] {
  return formStrings(body, name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

interface Choices {
  ids: string[];
  returnTo: string;
  values: ChangeValues;
}

function readChoices(body: FormBody | undefined, publicUrl: string): Choices {
  const values = Object.fromEntries(
    CHANGE_FIELDS.map((f) => [f, LIST_FIELDS.has(f) ? listOf(body, f) : formStrings(body, f)]),
  ) as ChangeValues;
  const back = formString(body, 'returnTo');
  return {
    ids: listOf(body, 'ids').slice(0, MAX_BULK_PRINTS + 1),
    returnTo:
      back.startsWith('/studio/prints') && new URL(back, publicUrl).pathname === '/studio/prints'
        ? back
        : '/studio/prints',
    values,
  };
}

const one = (values: ChangeValues, name: keyof ChangeValues) => values[name][0] ?? '';

/** The form's choices as the service's input; what cannot be read is reported per field. */
function choicesToInput(choices: Choices): {
  input: Omit<BulkEditInput, 'dryRun'>;
  errors: FieldErrors;
} {
  const errors: Record<string, string> = {};
  const v = choices.values;
  const set: BulkSet = {};
  const clear: ClearableField[] = [];
  if (choices.ids.length === 0) errors.ids = 'Choose at least one print';
  else if (choices.ids.length > MAX_BULK_PRINTS)
    errors.ids = `Choose at most ${MAX_BULK_PRINTS} prints at once`;
  else if (choices.ids.some((id) => !isUuid(id)))
    errors.ids = 'The list of prints is damaged; choose them again';

  const year = one(v, 'year');
  if (one(v, 'year-clear')) {
    if (year) errors.year = 'Either enter a year or tick “Clear the year”, not both';
    else clear.push('year');
  } else if (year) {
    if (!/^\d{4}$/.test(year) || Number(year) < 1400 || Number(year) > 2200)
      errors.year = 'Enter a year from 1400 to 2200, like 1998';
    else set.year = Number(year);
  }
  for (const kind of ['technique', 'availability'] as const) {
    const value = one(v, kind);
    if (value === CLEAR) clear.push(kind);
    else if (value) set[kind] = value;
  }
  const paper = { da: one(v, 'paper.da'), en: one(v, 'paper.en') };
  if (one(v, 'paper-clear')) {
    if (paper.da || paper.en)
      errors['paper.da'] = 'Either enter the paper or tick “Clear the paper”, not both';
    else clear.push('paperType');
  } else if (paper.da || paper.en) {
    set.paperType = { ...(paper.da ? { da: paper.da } : {}), ...(paper.en ? { en: paper.en } : {}) };
  }

  const addTags = one(v, 'tags-add')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  if (addTags.length > 50) errors['tags-add'] = 'Add at most 50 tags at once';
  else if (addTags.some((t) => t.length > 60)) errors['tags-add'] = 'Keep each tag to 60 characters';
  else if (addTags.length) set.addTags = addTags;
  if (one(v, 'tags-clear')) {
    if (v['tags-remove'].length) errors['tags-remove'] = 'Either remove some tags or every tag, not both';
    else clear.push('tags');
  } else if (v['tags-remove'].length) set.removeTags = v['tags-remove'].slice(0, 50);

  const galleriesAdd = v['galleries-add'].filter(isUuid);
  if (galleriesAdd.length) set.addToGalleries = galleriesAdd.slice(0, 50);
  if (one(v, 'galleries-clear')) {
    if (v['galleries-remove'].length)
      errors['galleries-remove'] = 'Either remove from some galleries or from every gallery, not both';
    else clear.push('galleries');
  } else if (v['galleries-remove'].length) {
    const remove = v['galleries-remove'].filter(isUuid).slice(0, 50);
    const both = remove.filter((id) => galleriesAdd.includes(id));
    if (both.length) errors['galleries-remove'] = 'A gallery cannot be both added to and removed from';
    else set.removeFromGalleries = remove;
  }

  const status = one(v, 'status');
  if (status === 'published' || status === 'draft') set.status = status;
  else if (status) errors.status = 'Choose Publish, Unpublish or Leave as it is';

  const nothing = Object.keys(set).length === 0 && clear.length === 0;
  if (nothing && Object.keys(errors).length === 0)
    errors.changes = 'Choose at least one thing to set or clear';
  return {
    input: { printIds: choices.ids, set, ...(clear.length ? { clear } : {}), language: 'en' },
    errors,
  };
}

/** The selection the inventory's form sent: ticked prints, the page's prints, or all matching the filter. */
async function selectedIds(
  deps: StudioDeps,
  artistId: string,
  query: unknown,
): Promise<{ ids: string[]; problem?: string }> {
  const scope = formString(query as FormBody, 'scope');
  if (scope === 'all') {
    const { query: q, errors } = parseInventoryQuery(query);
    if (Object.keys(errors).length) return { ids: [], problem: 'filter' };
    const { ids, total } = await matchingPrintIds(deps, artistId, q, MAX_BULK_PRINTS);
    if (total > MAX_BULK_PRINTS) return { ids: [], problem: 'too-many' };
    return { ids };
  }
  const ids = listOf(query as FormBody, scope === 'page' ? 'pageIds' : 'ids');
  if (ids.length > MAX_BULK_PRINTS) return { ids: [], problem: 'too-many' };
  return { ids: [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))] };
}

// ---------- views ----------

function HiddenChoices({ choices, withChanges = true }: { choices: Choices; withChanges?: boolean }) {
  return (
    <>
      <input type="hidden" name="returnTo" value={choices.returnTo} />
      {/* Lists travel as one comma-separated value (ids, slugs and gallery ids hold no commas). */}
      <input type="hidden" name="ids" value={choices.ids.join(',')} />
      {withChanges
        ? CHANGE_FIELDS.filter((name) => choices.values[name].length > 0).map((name) => (
            <input type="hidden" name={name} value={choices.values[name].join(',')} />
          ))
        : null}
    </>
  );
}

function CheckGroup({
  name,
  legend,
  options,
  checked,
  error,
  hint,
}: {
  name: string;
  legend: string;
  options: readonly Option[];
  checked: readonly string[];
  error?: string | undefined;
  hint?: string;
}) {
  const id = fieldId(name);
  return (
    <fieldset class={error ? 'field field--error' : 'field'} aria-describedby={describedBy(id, hint, error)}>
      <legend id={id} tabIndex={-1}>
        {legend}
      </legend>
      <Meta id={id} hint={hint} error={error} />
      {options.length === 0 ? <p>None yet.</p> : null}
      <ul class="check-list">
        {options.map((o, i) => (
          <li>
            <input
              type="checkbox"
              id={`${id}-${i}`}
              name={name}
              value={o.value}
              checked={checked.includes(o.value)}
            />{' '}
            <label for={`${id}-${i}`}>{o.label}</label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

interface ChoiceLists {
  labels: Labels;
  tags: Option[];
  galleries: Option[];
}

async function choiceLists(deps: StudioDeps, req: FastifyRequest): Promise<ChoiceLists> {
  const actor = actorOf(req);
  const [labels, tags, galleries] = await Promise.all([
    labelsFor(deps, actor.artistId),
    deps.catalogue.vocabulary.tags(actor),
    allGalleries(deps, req),
  ]);
  return {
    labels,
    tags: tags.tags.map((t) => ({ value: t.slug, label: t.label.en || t.label.da || t.slug })),
    galleries,
  };
}

async function allGalleries(deps: StudioDeps, req: FastifyRequest): Promise<Option[]> {
  const out: Option[] = [];
  for (let page = 1; ; page++) {
    const list = await deps.catalogue.galleries.list(actorOf(req), 'en', { page, limit: 100 });
    for (const g of list.galleries) {
      out.push({
        value: g.id,
        label: `${g.title || 'Untitled gallery'}${g.status === 'draft' ? ' (draft)' : ''}`,
      });
    }
    if (page >= list.totalPages) return out;
  }
}

const fromMap = (map: Map<string, string>): Option[] => [...map].map(([value, label]) => ({ value, label }));

function ChooseForm({
  req,
  choices,
  errors,
  lists,
}: {
  req: FastifyRequest;
  choices: Choices;
  errors: FieldErrors;
  lists: ChoiceLists;
}) {
  const v = choices.values;
  const n = choices.ids.length;
  return (
    <form method="post" action="/studio/prints/bulk/preview" class="bulk-choose" novalidate>
      <CsrfField req={req} />
      <HiddenChoices choices={choices} withChanges={false} />
      <p id={fieldId('changes')} tabIndex={-1}>
        Fill in only what should change; everything left empty stays as it is on each print. The next step
        shows what would change on {n === 1 ? 'the print' : `each of the ${n} prints`} before anything is
        saved.
      </p>
      {errors.changes ? <p class="field-error">{errors.changes}</p> : null}
      <fieldset class="bulk-group">
        <legend>Details</legend>
        <TextField
          name="year"
          label="Set the year to"
          type="number"
          inputMode="numeric"
          min={1400}
          max={2200}
          value={one(v, 'year')}
          error={errors.year}
        />
        <CheckboxField name="year-clear" label="Clear the year" checked={Boolean(one(v, 'year-clear'))} />
        <SelectField
          name="technique"
          label="Technique"
          value={one(v, 'technique')}
          error={errors.technique}
          empty="Leave as it is"
          options={[{ value: CLEAR, label: 'Clear (no technique)' }, ...fromMap(lists.labels.technique)]}
        />
        <TextField
          name="paper.en"
          label="Set the paper to (English)"
          lang="en"
          value={one(v, 'paper.en')}
          error={undefined}
        />
        <TextField
          name="paper.da"
          label="Set the paper to (Danish)"
          lang="da"
          value={one(v, 'paper.da')}
          error={errors['paper.da']}
          hint="A language left empty keeps each print’s paper in that language."
        />
        <CheckboxField name="paper-clear" label="Clear the paper" checked={Boolean(one(v, 'paper-clear'))} />
        <SelectField
          name="availability"
          label="Availability"
          value={one(v, 'availability')}
          error={errors.availability}
          empty="Leave as it is"
          options={[
            { value: CLEAR, label: 'Clear (no availability)' },
            ...fromMap(lists.labels.availability),
          ]}
        />
      </fieldset>
      <fieldset class="bulk-group">
        <legend>Tags</legend>
        <TextField
          name="tags-add"
          label="Add tags"
          value={one(v, 'tags-add')}
          error={errors['tags-add']}
          hint="Separate tags with commas. New tags are created."
        />
        <CheckGroup
          name="tags-remove"
          legend="Remove tags"
          options={lists.tags}
          checked={v['tags-remove']}
          error={errors['tags-remove']}
        />
        <CheckboxField name="tags-clear" label="Remove every tag" checked={Boolean(one(v, 'tags-clear'))} />
      </fieldset>
      <fieldset class="bulk-group">
        <legend>Galleries</legend>
        <CheckGroup
          name="galleries-add"
          legend="Add to galleries"
          hint="Added at the end of each gallery."
          options={lists.galleries}
          checked={v['galleries-add']}
          error={errors['galleries-add']}
        />
        <CheckGroup
          name="galleries-remove"
          legend="Remove from galleries"
          options={lists.galleries}
          checked={v['galleries-remove']}
          error={errors['galleries-remove']}
        />
        <CheckboxField
          name="galleries-clear"
          label="Remove from every gallery"
          checked={Boolean(one(v, 'galleries-clear'))}
        />
      </fieldset>
      <fieldset class="bulk-group">
        <legend>Publishing</legend>
        <SelectField
          name="status"
          label="Status"
          value={one(v, 'status')}
          error={errors.status}
          empty="Leave as it is"
          hint="Prints that cannot be published yet (missing alt text, a processed image…) are listed and left as they are."
          options={[
            { value: 'published', label: 'Publish' },
            { value: 'draft', label: 'Unpublish (make drafts)' },
          ]}
        />
      </fieldset>
      <div class="actions">
        <button type="submit">Preview the changes</button>
        <a href={choices.returnTo}>Cancel</a>
      </div>
    </form>
  );
}

function SelectedList({ titles }: { titles: readonly string[] }) {
  return (
    <details class="bulk-selected">
      <summary>{titles.length === 1 ? 'The print chosen' : `The ${titles.length} prints chosen`}</summary>
      <ul>
        {titles.map((t) => (
          <li>{t}</li>
        ))}
      </ul>
    </details>
  );
}

function paperText(value: Localized): string {
  const parts = [value.en ? `${value.en} (English)` : '', value.da ? `${value.da} (Danish)` : ''].filter(
    Boolean,
  );
  return parts.join(', ') || 'none';
}

function valueText(
  change: FieldChange,
  value: FieldValue,
  result: BulkEditResult,
  lists: ChoiceLists,
): string {
  if (value === null) return 'none';
  switch (change.field) {
    case 'year':
      return String(value);
    case 'technique':
      return lists.labels.technique.get(String(value)) ?? String(value);
    case 'availability':
      return lists.labels.availability.get(String(value)) ?? String(value);
    case 'paperType':
      return paperText(value as Localized);
    case 'status':
      return value === 'published' ? 'Published' : 'Draft';
    case 'tags': {
      const list = (value as string[]).map(
        (s) => result.labels.tags[s]?.en || result.labels.tags[s]?.da || s,
      );
      return list.length ? list.join(', ') : 'none';
    }
    case 'galleries': {
      const list = (value as string[]).map(
        (id) => result.labels.galleries[id]?.en || result.labels.galleries[id]?.da || 'Untitled gallery',
      );
      return list.length ? list.join(', ') : 'none';
    }
  }
}

function outcomeText(p: BulkPrintResult, applied: boolean): string {
  switch (p.outcome) {
    case 'changed':
      return applied ? 'Changed' : 'Will change';
    case 'unchanged':
      return 'Already so — nothing to change';
    case 'refused':
      return applied ? 'Refused, left as it was' : 'Will be refused';
    case 'notFound':
      return 'Not found';
  }
}

function refusalText(p: BulkPrintResult): string {
  if (p.missing?.length) {
    return `Cannot be published without ${p.missing.map((m) => MISSING[m] ?? m).join(', ')}. Open the print to add it.`;
  }
  return p.reason ?? '';
}

function PlanTable({
  result,
  lists,
  applied,
}: {
  result: BulkEditResult;
  lists: ChoiceLists;
  applied: boolean;
}) {
  return (
    <div class="table-scroll">
      <table class="data-table bulk-plan">
        <caption>{applied ? 'What happened to each print' : 'What would change on each print'}</caption>
        <thead>
          <tr>
            <th scope="col">Print</th>
            <th scope="col">Outcome</th>
            <th scope="col">Changes (before → after)</th>
          </tr>
        </thead>
        <tbody>
          {result.prints.map((p) => (
            <tr data-print-id={p.printId} data-outcome={p.outcome}>
              <th scope="row">
                {p.outcome === 'notFound' ? (
                  'A print that is not in your catalogue'
                ) : (
                  <a href={`/studio/prints/${p.printId}`}>{p.title || UNTITLED}</a>
                )}
              </th>
              <td>
                <span class={`badge badge--${p.outcome === 'refused' ? 'failed' : 'plain'}`}>
                  {outcomeText(p, applied)}
                </span>
                {p.outcome === 'refused' ? <p class="field-error">{refusalText(p)}</p> : null}
              </td>
              <td>
                {p.changes.length ? (
                  <>
                    {p.outcome === 'refused' ? <p class="hint">Not made:</p> : null}
                    <ul class="bulk-changes">
                      {p.changes.map((c) => (
                        <li>
                          <strong>{NAMES[c.field]}:</strong> {valueText(c, c.before, result, lists)}
                          <span aria-hidden="true"> → </span>
                          <span class="visually-hidden"> becomes </span>
                          {valueText(c, c.after, result, lists)}
                        </li>
                      ))}
                    </ul>
                  </>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function summaryText(result: BulkEditResult, applied: boolean): string {
  const s = result.summary;
  const prints = (n: number) => (n === 1 ? '1 print' : `${n} prints`);
  const parts = [
    `${prints(s.changed)} ${applied ? (s.changed === 1 ? 'was' : 'were') : 'will be'} changed`,
    s.unchanged ? `${prints(s.unchanged)} already ${s.unchanged === 1 ? 'is' : 'are'} so` : '',
    s.refused
      ? `${prints(s.refused)} ${applied ? (s.refused === 1 ? 'was' : 'were') : 'will be'} refused by the publishing check`
      : '',
    s.notFound ? `${prints(s.notFound)} not found` : '',
  ].filter(Boolean);
  return `${parts.join('; ')}.`;
}

// ---------- routes ----------

function backWithNotice(returnTo: string, notice: string): string {
  const url = new URL(returnTo, 'http://studio.invalid');
  url.searchParams.set('notice', `bulk-${notice}`);
  return url.pathname + url.search;
}

export const bulkEditPages: FastifyPluginAsync<StudioDeps> = async (app, deps) => {
  const breadcrumbs = (returnTo: string, here: string) =>
    [
      [returnTo, 'Prints'],
      [null, here],
    ] as const;

  const sendChoose = async (
    req: FastifyRequest,
    reply: FastifyReply,
    choices: Choices,
    errors: FieldErrors,
  ): Promise<FastifyReply> => {
    const artist = requireArtist(req);
    const [lists, rows] = await Promise.all([
      choiceLists(deps, req),
      inventoryRows(deps.database.db, artist.id, choices.ids.filter(isUuid)),
    ]);
    const n = choices.ids.length;
    return sendStudioPage(req, reply, deps, {
      title: n === 1 ? 'Change 1 print' : `Change ${n} prints`,
      breadcrumbs: breadcrumbs(choices.returnTo, 'Change several prints'),
      status: Object.keys(errors).length ? 422 : 200,
      body: (
        <>
          <ErrorSummary errors={errors} labels={FIELD_LABELS} />
          <SelectedList titles={rows.map((r) => studioTitle(r.title) || UNTITLED)} />
          <ChooseForm req={req} choices={choices} errors={errors} lists={lists} />
        </>
      ),
    });
  };

  /** Runs the service; its refusals of the input become errors at the form's fields. */
  const run = async (req: FastifyRequest, choices: Choices, dryRun: boolean) => {
    const { input, errors } = choicesToInput(choices);
    if (Object.keys(errors).length) return { errors };
    try {
      return { result: await deps.catalogue.bulk.edit(actorOf(req), { ...input, dryRun }) };
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      const field = FORM_FIELD[fieldOf(error) ?? ''] ?? 'changes';
      const message = error.message.replace(/^body[A-Za-z.]*: /, '');
      return { errors: { [field]: message[0]!.toUpperCase() + message.slice(1) } };
    }
  };

  app.get('/studio/prints/bulk', { schema: { hide: true } }, async (req, reply) => {
    const artist = requireArtist(req);
    const { query } = parseInventoryQuery(req.query);
    const returnTo = inventoryHref(query);
    const { ids, problem } = await selectedIds(deps, artist.id, req.query);
    if (problem || ids.length === 0) return reply.redirect(backWithNotice(returnTo, problem ?? 'none'), 303);
    const choices: Choices = {
      ids,
      returnTo,
      values: Object.fromEntries(CHANGE_FIELDS.map((f) => [f, []])) as unknown as ChangeValues,
    };
    return sendChoose(req, reply, choices, {});
  });

  // Back from the preview to change the choices (they come back filled in).
  app.post<{ Body: FormBody | undefined }>(
    '/studio/prints/bulk',
    { schema: { hide: true } },
    async (req, reply) => sendChoose(req, reply, readChoices(req.body, deps.config.publicUrl), {}),
  );

  app.post<{ Body: FormBody | undefined }>(
    '/studio/prints/bulk/preview',
    { schema: { hide: true } },
    async (req, reply) => {
      const choices = readChoices(req.body, deps.config.publicUrl);
      const { result, errors } = await run(req, choices, true);
      if (!result) return sendChoose(req, reply, choices, errors);
      const lists = await choiceLists(deps, req);
      const n = result.summary.changed;
      return sendStudioPage(req, reply, deps, {
        title: 'Check the changes',
        breadcrumbs: breadcrumbs(choices.returnTo, 'Check the changes'),
        body: (
          <>
            <p class="bulk-summary">{summaryText(result, false)} Nothing has been saved yet.</p>
            <PlanTable result={result} lists={lists} applied={false} />
            <form method="post" action="/studio/prints/bulk/apply" class="actions">
              <CsrfField req={req} />
              <HiddenChoices choices={choices} />
              {n > 0 ? (
                <button type="submit">{n === 1 ? 'Change 1 print' : `Change ${n} prints`}</button>
              ) : null}
              <button type="submit" formaction="/studio/prints/bulk" class="button--quiet">
                Back to the choices
              </button>
              <a href={choices.returnTo}>Cancel</a>
            </form>
          </>
        ),
      });
    },
  );

  app.post<{ Body: FormBody | undefined }>(
    '/studio/prints/bulk/apply',
    { schema: { hide: true } },
    async (req, reply) => {
      const choices = readChoices(req.body, deps.config.publicUrl);
      const { result, errors } = await run(req, choices, false);
      if (!result) return sendChoose(req, reply, choices, errors);
      const lists = await choiceLists(deps, req);
      return sendStudioPage(req, reply, deps, {
        title: 'Prints changed',
        breadcrumbs: breadcrumbs(choices.returnTo, 'Prints changed'),
        notice: summaryText(result, true),
        body: (
          <>
            <PlanTable result={result} lists={lists} applied />
            <p>
              <a href={choices.returnTo}>Back to the prints</a>
            </p>
          </>
        ),
      });
    },
  );
};
