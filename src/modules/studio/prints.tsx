// The studio's prints inventory: every print of the artist (drafts included) in a sortable, paginated table with
// the inventory search and filters as a plain GET form; bulk upload (studio-upload.js: files go straight to
// storage, each becomes a draft print, processing is followed live); the processing status JSON the island polls;
// and retrying a failed processing run (a form POST without JavaScript, the island's fetch with it).
//
// Which prints are listed, and in what order, is the artist search's answer (SearchService.searchArtist: words,
// status, image status, technique, availability from the impression ledger, tags, years, location, the column
// sorts); the table's rows are then read for that one page.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ImageStatus } from '../../platform/db/schema.js';
import { actorOf, requireArtist } from '../../platform/auth-context.js';
import { AppError, BadRequestError, errorBody, fieldOf } from '../../platform/errors.js';
import { csrfToken, safeReturnTo } from '../auth/guards.js';
import { ACCEPTED_UPLOAD_TYPES } from '../media/uploads.js';
import type { ArtistSort } from '../search/repository.js';
import type { FilterInput } from '../search/service.js';
import type { StudioDeps } from './context.js';
import { ErrorSummary, queryString, SelectField, TextField, type FieldErrors, type Option } from './forms.js';
import { CsrfField, sendStudioPage } from './layout.js';
import { isUuid } from '../../platform/ids.js';
import { MAX_STATUS_IDS, processingStatuses, studioTitle, thumbnailUrlOf } from './processing.js';
import { inventoryRows, type InventoryRow } from './repository.js';
import { formatBytes } from '../../platform/format-bytes.js';
import type { PublicationStatus } from '../../platform/db/schema.js';
import { isPublishedStatus } from '../catalogue/policy.js';
import { MAX_BULK_PRINTS } from '../catalogue/bulk-edit-service.js';
import { LEDGER_CSV_HREF, priceListHref } from './exports.js';
import { ADDITIONAL_ROLES } from '../catalogue/print-images-service.js';
import { ROLE_LABELS } from './print-images-views.js';

export const PAGE_SIZE = 25;
export const UNTITLED = 'Untitled print';

type Query = Record<string, string | string[] | undefined>;

/** Confirmations a redirect may ask for (never text from the URL). */
export const RETRY_NOTICES: Readonly<Record<string, string>> = {
  retried: 'Processing was started again. The status updates when it is done.',
  'not-failed': 'That image had not failed (it may already be processing again), so nothing was changed.',
  'no-queue': 'Image processing is not running here, so it cannot be retried now. Try again later.',
  deleted: 'Print deleted.',
};

/** Why the bulk edit sent the artist back to the inventory. */
export const BULK_INVENTORY_NOTICES: Readonly<Record<string, string>> = {
  'bulk-none':
    'Tick the prints to change first, or choose all prints on the page or all matching the filter.',
  'bulk-too-many': `A bulk edit changes at most ${MAX_BULK_PRINTS} prints at once. Narrow the filter first.`,
  'bulk-filter': 'Fix the filter first.',
};

// ---------- the inventory query ----------

export const SORTS = {
  relevance: { label: 'Best match (with search words)' },
  'updated-desc': { label: 'Last changed, newest first' },
  'updated-asc': { label: 'Last changed, oldest first' },
  'created-desc': { label: 'Added, newest first' },
  'created-asc': { label: 'Added, oldest first' },
  'title-asc': { label: 'Title, A to Z' },
  'title-desc': { label: 'Title, Z to A' },
  'year-desc': { label: 'Year, newest first' },
  'year-asc': { label: 'Year, oldest first' },
} as const satisfies Record<'relevance' | ArtistSort, { label: string }>;
export type SortKey = keyof typeof SORTS;

const IMPRESSION_FILTERS: readonly Option[] = [
  { value: 'available', label: 'With an impression available' },
  { value: 'sold', label: 'With an impression sold' },
  { value: 'reserved', label: 'With an impression reserved' },
  { value: 'gifted', label: 'With an impression given away' },
  { value: 'destroyed', label: 'With an impression destroyed' },
];

const IMAGE_FILTERS: readonly Option[] = [
  { value: 'completed', label: 'Processed' },
  { value: 'processing', label: 'Processing' },
  { value: 'failed', label: 'Failed' },
  { value: 'none', label: 'No image' },
];

export interface InventoryQuery {
  q: string;
  status: '' | PublicationStatus;
  image: '' | ImageStatus;
  technique: string;
  availability: string;
  /** Prints with at least one impression in this state (the edition ledger). */
  impressions: string;
  tag: string;
  location: string;
  yearFrom: string;
  yearTo: string;
  sort: SortKey;
  page: number;
}

const FILTER_LABELS: Readonly<Record<string, string>> = {
  q: 'Search words',
  status: 'Status',
  image: 'Image',
  technique: 'Technique',
  availability: 'Availability',
  impressions: 'Impressions',
  tag: 'Tag',
  location: 'Location',
  yearFrom: 'Year from',
  yearTo: 'Year to',
  sort: 'Sort by',
};

const YEAR = /^\d{4}$/;
const yearOk = (y: string) => YEAR.test(y) && Number(y) >= 1400 && Number(y) <= 2200;

/** Reads the filter form's GET parameters; what cannot be used is reported per field and left out. */
export function parseInventoryQuery(raw: unknown): { query: InventoryQuery; errors: FieldErrors } {
  const errors: Record<string, string> = {};
  const q = queryString(raw, 'q').slice(0, 200);
  const statusRaw = queryString(raw, 'status');
  const status = statusRaw === 'draft' || isPublishedStatus(statusRaw) ? statusRaw : '';
  if (statusRaw && !status) errors.status = 'Choose Drafts, Published or All';
  const imageRaw = queryString(raw, 'image');
  const image = IMAGE_FILTERS.some((o) => o.value === imageRaw) ? (imageRaw as ImageStatus) : '';
  if (imageRaw && !image) errors.image = 'Choose one of the image states in the list';
  const impressionsRaw = queryString(raw, 'impressions');
  const impressions = IMPRESSION_FILTERS.some((o) => o.value === impressionsRaw) ? impressionsRaw : '';
  if (impressionsRaw && !impressions) errors.impressions = 'Choose one of the impression states in the list';
  const yearFrom = queryString(raw, 'yearFrom');
  const yearTo = queryString(raw, 'yearTo');
  if (yearFrom && !yearOk(yearFrom)) errors.yearFrom = 'Enter a year from 1400 to 2200, like 1998';
  if (yearTo && !yearOk(yearTo)) errors.yearTo = 'Enter a year from 1400 to 2200, like 2004';
  if (yearFrom && yearTo && !errors.yearFrom && !errors.yearTo && Number(yearFrom) > Number(yearTo)) {
    errors.yearTo = 'Enter a year that is not before “Year from”';
  }
  const sortRaw = queryString(raw, 'sort');
  let sort: SortKey = q ? 'relevance' : 'updated-desc';
  if (sortRaw in SORTS) sort = sortRaw as SortKey;
  else if (sortRaw) errors.sort = 'Choose one of the orders in the list';
  if (sort === 'relevance' && !q) sort = 'updated-desc';
  const pageRaw = queryString(raw, 'page');
  const page = /^\d{1,6}$/.test(pageRaw) && Number(pageRaw) >= 1 ? Number(pageRaw) : 1;
  // Values with errors are not applied (the form still shows what was typed).
  const yearsUsable = !errors.yearFrom && !errors.yearTo;
  const query: InventoryQuery = {
    q,
    status,
    image,
    technique: queryString(raw, 'technique'),
    availability: queryString(raw, 'availability'),
    impressions,
    tag: queryString(raw, 'tag'),
    location: queryString(raw, 'location').slice(0, 200),
    yearFrom: yearsUsable ? yearFrom : '',
    yearTo: yearsUsable ? yearTo : '',
    sort,
    page,
  };
  return { query, errors };
}

/** The inventory URL for these parameters (defaults left out), with overrides. */
export function inventoryHref(query: InventoryQuery, overrides: Partial<InventoryQuery> = {}): string {
  const q = { ...query, ...overrides };
  const params = new URLSearchParams();
  for (const key of [
    'q',
    'status',
    'image',
    'technique',
    'availability',
    'impressions',
    'tag',
    'location',
    'yearFrom',
    'yearTo',
  ] as const) {
    if (q[key]) params.set(key, q[key]);
  }
  const defaultSort: SortKey = q.q ? 'relevance' : 'updated-desc';
  if (q.sort !== defaultSort) params.set('sort', q.sort);
  if (q.page > 1) params.set('page', String(q.page));
  const search = params.toString();
  return search ? `/studio/prints?${search}` : '/studio/prints';
}

/** True when the search service has to say which prints match. */
function needsSearch(q: InventoryQuery): boolean {
  return Boolean(
    q.q || q.technique || q.availability || q.impressions || q.tag || q.location || q.yearFrom || q.yearTo,
  );
}

/** The artist search's filters of an inventory query. */
function searchFilters(q: InventoryQuery): FilterInput {
  return {
    ...(q.status ? { status: q.status } : {}),
    ...(q.image ? { imageStatus: q.image } : {}),
    ...(q.technique ? { technique: [q.technique] } : {}),
    ...(q.availability ? { availability: [q.availability] } : {}),
    ...(q.impressions ? { impressionStatus: [q.impressions] } : {}),
    ...(q.tag ? { tags: [q.tag] } : {}),
    ...(q.location ? { location: q.location } : {}),
    ...(q.yearFrom ? { yearFrom: Number(q.yearFrom) } : {}),
    ...(q.yearTo ? { yearTo: Number(q.yearTo) } : {}),
  };
}

/** One page of the inventory (a page past the end shows the last one); refusals of the search are thrown. */
export async function inventoryPage(
  deps: StudioDeps,
  artistId: string,
  q: InventoryQuery,
): Promise<{ rows: InventoryRow[]; total: number; page: number; totalPages: number }> {
  const ask = (page: number) =>
    deps.search.searchArtist(artistId, 'prints', {
      q: q.q || undefined,
      page,
      limit: PAGE_SIZE,
      language: 'en',
      filters: searchFilters(q),
      sort: q.sort === 'relevance' ? undefined : q.sort,
    });
  let found = await ask(q.page);
  if (found.hits.length === 0 && q.page > found.totalPages && found.totalPages > 0) {
    found = await ask(found.totalPages);
  }
  const ids = found.hits.filter((h) => h.type === 'print').map((h) => h.id);
  return {
    rows: await inventoryRows(deps.database.db, artistId, ids),
    total: found.totalHits,
    page: Math.min(found.page, Math.max(found.totalPages, 1)),
    totalPages: found.totalPages,
  };
}

/**
 * Ids of every print the inventory query matches, in the inventory's order, at most `max` (the search answers 100
 * a page); `total` counts them all.
 */
export async function matchingPrintIds(
  deps: StudioDeps,
  artistId: string,
  q: InventoryQuery,
  max: number,
): Promise<{ ids: string[]; total: number }> {
  const ids: string[] = [];
  for (let page = 1; ; page++) {
    const found = await deps.search.searchArtist(artistId, 'prints', {
      q: q.q || undefined,
      page,
      limit: 100,
      language: 'en',
      filters: searchFilters(q),
      sort: q.sort === 'relevance' ? undefined : q.sort,
    });
    if (found.totalHits > max) return { ids: [], total: found.totalHits };
    ids.push(...found.hits.filter((h) => h.type === 'print').map((h) => h.id));
    if (page >= found.totalPages) return { ids: [...new Set(ids)], total: found.totalHits };
  }
}

// ---------- shared views ----------

/** The retry button of a failed print (works as a plain form; studio-upload.js sends it with fetch). */
export function RetryForm({
  req,
  printId,
  title,
  returnTo,
}: {
  req: FastifyRequest;
  printId: string;
  title: string;
  returnTo: string;
}) {
  return (
    <form method="post" action={`/studio/prints/${printId}/retry-processing`} class="retry-form" data-retry>
      <CsrfField req={req} />
      <input type="hidden" name="returnTo" value={returnTo} />
      <button type="submit" class="button--small">
        Retry processing<span class="visually-hidden"> of {title}</span>
      </button>
    </form>
  );
}

const IMAGE_STATE_TEXT: Readonly<Record<ImageStatus, string>> = {
  none: 'No image',
  processing: 'Processing…',
  completed: 'Ready',
  failed: 'Failed',
};

/** A print's image state: ready, processing, no image, or failed with the reason and Retry. */
export function ImageState({
  req,
  printId,
  title,
  status,
  error,
  returnTo,
}: {
  req: FastifyRequest;
  printId: string;
  title: string;
  status: ImageStatus;
  error: string | null;
  returnTo: string;
}) {
  return (
    <div class="image-state" data-image-state={status}>
      <span class={status === 'failed' ? 'badge badge--failed' : 'badge'}>{IMAGE_STATE_TEXT[status]}</span>
      {status === 'failed' ? (
        <>
          <p class="field-error">{error || 'Processing failed.'}</p>
          <RetryForm req={req} printId={printId} title={title} returnTo={returnTo} />
        </>
      ) : null}
    </div>
  );
}

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeZone: 'Europe/Copenhagen',
});

export function DateText({
  value,
  format = dateFormat,
}: {
  value: Date | string;
  format?: Intl.DateTimeFormat;
}) {
  const date = value instanceof Date ? value : new Date(value);
  return <time dateTime={date.toISOString()}>{format.format(date)}</time>;
}

// ---------- the page ----------

/** File extensions the picker offers (browsers do not all know HEIC's media type). */
const UPLOAD_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.tif', '.tiff', '.webp', '.heic', '.heif', '.avif'];

/** How many of the newest drafts "Add the files to" offers. */
const UPLOAD_TARGET_DRAFTS = 100;

/**
 * Upload: each file a new draft print, or every file an additional image of one chosen draft (issue 19). Only
 * drafts are offered: an image added to a published print needs its alt text in both languages at once (the
 * publishing gate, docs/images.md), which the print editor's "Add an image" asks for.
 */
function UploadSection({ deps, drafts }: { deps: StudioDeps; drafts: readonly Option[] }) {
  const maxBytes = deps.config.storage.uploadMaxBytes;
  const maxLabel = formatBytes(maxBytes);
  return (
    <section
      id="upload"
      class="upload"
      aria-labelledby="upload-heading"
      data-upload
      data-max-bytes={String(maxBytes)}
      data-max-label={maxLabel}
      data-types={ACCEPTED_UPLOAD_TYPES.join(',')}
      data-extensions={UPLOAD_EXTENSIONS.join(',')}
      data-status-url="/studio/prints/status"
    >
      <h2 id="upload-heading">Upload prints</h2>
      <p class="notice" data-upload-nojs>
        Uploading images needs JavaScript, which is turned off or has not loaded in this browser. Everything
        else on this page works without it.
      </p>
      <div data-upload-ui hidden>
        <div class="upload__zone" data-dropzone>
          <label for="upload-files">Choose image files</label>
          <span class="hint" id="upload-files-hint">
            JPEG, PNG, HEIC/HEIF, TIFF, WebP or AVIF, up to {maxLabel} each; several at once, or drop them
            here. Each file becomes a draft print named after the file, unless you choose a print to add them
            to.
          </span>
          <input
            type="file"
            id="upload-files"
            multiple
            accept={[...ACCEPTED_UPLOAD_TYPES, ...UPLOAD_EXTENSIONS].join(',')}
            aria-describedby="upload-files-hint"
            data-upload-input
          />
        </div>
        <fieldset class="upload__target">
          <legend>Where the files go</legend>
          <SelectField
            name="upload.target"
            label="Add the files to"
            value=""
            empty="New draft prints, one per file"
            options={drafts}
            hint={
              'Or choose a draft print: every file becomes one more image of it (a detail, the signature, the ' +
              'back…), and you add their alt text in its editor. Only drafts are listed: for a published print, ' +
              'use “Add an image” in its editor, which asks for the alt text at once.'
            }
          />
          <SelectField
            name="upload.role"
            label="Role of the added images"
            value="other"
            options={ADDITIONAL_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] ?? r }))}
            hint="Used when adding to a draft print; you can change each image’s role in the print editor."
          />
        </fieldset>
        <div class="notice notice--error" data-upload-paused hidden>
          <p data-upload-paused-message />
          <button type="button" data-upload-resume>
            Continue uploads
          </button>
        </div>
        <h3 data-upload-list-heading hidden>
          Uploads
        </h3>
        <ul class="upload-list" data-upload-list hidden />
      </div>
    </section>
  );
}

export interface Labels {
  technique: Map<string, string>;
  availability: Map<string, string>;
}

function FilterForm({
  query,
  raw,
  errors,
  labels,
  tags,
}: {
  query: InventoryQuery;
  raw: unknown;
  errors: FieldErrors;
  labels: Labels;
  tags: readonly Option[];
}) {
  // Typed values are shown back as typed, even when they could not be used.
  const typed = (name: string) => queryString(raw, name);
  const withCurrent = (options: Option[], current: string): Option[] =>
    current && !options.some((o) => o.value === current)
      ? [...options, { value: current, label: current }]
      : options;
  const fromMap = (map: Map<string, string>) => [...map].map(([value, label]) => ({ value, label }));
  return (
    <form method="get" action="/studio/prints" class="filters" aria-label="Search and filter prints">
      <TextField name="q" label="Search words" type="search" value={query.q} error={errors.q} />
      <SelectField
        name="status"
        label="Status"
        value={typed('status')}
        error={errors.status}
        empty="All"
        options={[
          { value: 'draft', label: 'Drafts' },
          { value: 'published', label: 'Published' },
        ]}
      />
      <SelectField
        name="image"
        label="Image"
        value={typed('image')}
        error={errors.image}
        empty="Any"
        options={IMAGE_FILTERS}
      />
      <SelectField
        name="technique"
        label="Technique"
        value={query.technique}
        error={errors.technique}
        empty="Any"
        options={withCurrent(fromMap(labels.technique), query.technique)}
      />
      <SelectField
        name="availability"
        label="Availability"
        value={query.availability}
        error={errors.availability}
        empty="Any"
        options={withCurrent(fromMap(labels.availability), query.availability)}
      />
      <SelectField
        name="impressions"
        label="Impressions"
        value={typed('impressions')}
        error={errors.impressions}
        empty="Any"
        options={IMPRESSION_FILTERS}
      />
      <SelectField
        name="tag"
        label="Tag"
        value={query.tag}
        error={errors.tag}
        empty="Any"
        options={withCurrent([...tags], query.tag)}
      />
      <TextField
        name="location"
        label="Location"
        value={query.location}
        error={errors.location}
        hint="Of the print or of an impression"
      />
      <TextField
        name="yearFrom"
        label="Year from"
        type="number"
        inputMode="numeric"
        min={1400}
        max={2200}
        value={typed('yearFrom')}
        error={errors.yearFrom}
      />
      <TextField
        name="yearTo"
        label="Year to"
        type="number"
        inputMode="numeric"
        min={1400}
        max={2200}
        value={typed('yearTo')}
        error={errors.yearTo}
      />
      <SelectField
        name="sort"
        label="Sort by"
        value={query.sort}
        error={errors.sort}
        options={Object.entries(SORTS).map(([value, s]) => ({ value, label: s.label }))}
      />
      <div class="actions">
        <button type="submit">Show prints</button>
        <a href="/studio/prints">Clear filters</a>
      </div>
    </form>
  );
}

function availabilityText(row: InventoryRow, labels: Labels): string {
  if (row.impressions > 0) {
    const parts = [`${row.available} of ${row.impressions} available`];
    if (row.sold > 0) parts.push(`${row.sold} sold`);
    if (row.reserved > 0) parts.push(`${row.reserved} reserved`);
    return parts.join(' · ');
  }
  if (row.availability_key) return labels.availability.get(row.availability_key) ?? row.availability_key;
  return 'No impressions recorded';
}

/** A column header that sorts by it; aria-sort says how the table is sorted now. */
function SortHeader({
  query,
  label,
  asc,
  desc,
  firstDesc = false,
}: {
  query: InventoryQuery;
  label: string;
  asc: SortKey;
  desc: SortKey;
  firstDesc?: boolean;
}) {
  const current = query.sort === asc ? 'ascending' : query.sort === desc ? 'descending' : undefined;
  const next: SortKey =
    current === 'ascending' ? desc : current === 'descending' ? asc : firstDesc ? desc : asc;
  return (
    <th scope="col" aria-sort={current}>
      <a href={inventoryHref(query, { sort: next, page: 1 })}>
        {label}
        <span class="visually-hidden">, sort by {SORTS[next].label.toLowerCase()}</span>
      </a>
    </th>
  );
}

function Pagination({
  query,
  page,
  totalPages,
}: {
  query: InventoryQuery;
  page: number;
  totalPages: number;
}) {
  if (totalPages <= 1) return null;
  return (
    <nav class="pagination" aria-label="Pages of prints">
      {page > 1 ? (
        <a href={inventoryHref(query, { page: page - 1 })} rel="prev">
          Previous page
        </a>
      ) : null}
      {page > 2 ? <a href={inventoryHref(query, { page: 1 })}>First page</a> : null}
      <span aria-current="page">
        Page {page} of {totalPages}
      </span>
      {page < totalPages - 1 ? <a href={inventoryHref(query, { page: totalPages })}>Last page</a> : null}
      {page < totalPages ? (
        <a href={inventoryHref(query, { page: page + 1 })} rel="next">
          Next page
        </a>
      ) : null}
    </nav>
  );
}

function InventoryTable({
  req,
  query,
  rows,
  labels,
  returnTo,
  caption,
}: {
  req: FastifyRequest;
  query: InventoryQuery;
  rows: readonly InventoryRow[];
  labels: Labels;
  returnTo: string;
  caption: string;
}) {
  return (
    <div class="table-scroll">
      <table class="data-table inventory">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col" data-bulk-head>
              Select
            </th>
            <th scope="col">Image</th>
            <SortHeader query={query} label="Title" asc="title-asc" desc="title-desc" />
            <th scope="col">Status</th>
            <th scope="col">Technique</th>
            <SortHeader query={query} label="Year" asc="year-asc" desc="year-desc" firstDesc />
            <th scope="col">Availability</th>
            <th scope="col">Location</th>
            <th scope="col">Processing</th>
            <SortHeader query={query} label="Changed" asc="updated-asc" desc="updated-desc" firstDesc />
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const en = row.title.en?.trim() ?? '';
            const da = row.title.da?.trim() ?? '';
            const title = studioTitle(row.title) || UNTITLED;
            const thumb = thumbnailUrlOf(row.thumbnail_key);
            const location = row.location.en?.trim() || row.location.da?.trim() || '';
            return (
              <tr data-print-id={row.id} data-image-status={row.image_status}>
                <td class="select-cell">
                  <input
                    type="checkbox"
                    id={`select-${row.id}`}
                    name="ids"
                    value={row.id}
                    form="bulk-select"
                    data-bulk-pick
                  />
                  <label for={`select-${row.id}`} class="visually-hidden">
                    Select {title}
                  </label>
                </td>
                <td data-thumb-cell>
                  {thumb ? <img src={thumb} alt="" width={64} height={64} loading="lazy" /> : null}
                </td>
                <td>
                  <a href={`/studio/prints/${row.id}`} lang={!en && da ? 'da' : undefined}>
                    {title}
                  </a>
                  {en && da && da !== en ? (
                    <>
                      <br />
                      <span class="hint" lang="da">
                        {da}
                      </span>
                    </>
                  ) : null}
                </td>
                <td>
                  <span class={`badge badge--${row.status}`}>
                    {row.status === 'draft' ? 'Draft' : 'Published'}
                  </span>
                </td>
                <td>
                  {row.technique_key ? (labels.technique.get(row.technique_key) ?? row.technique_key) : '—'}
                </td>
                <td>{row.year ?? '—'}</td>
                <td>{availabilityText(row, labels)}</td>
                <td>{location || '—'}</td>
                <td data-image-cell>
                  <ImageState
                    req={req}
                    printId={row.id}
                    title={title}
                    status={row.image_status}
                    error={row.image_error}
                    returnTo={returnTo}
                  />
                </td>
                <td>
                  <DateText value={row.updated_at} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The bulk edit's first step: which prints (those ticked in the table — their checkboxes belong to this form —, all
 * on this page, or all matching the filter); GET, so it only leads to the page where the changes are chosen.
 */
function BulkSelectForm({
  shown,
  rows,
  total,
}: {
  shown: InventoryQuery;
  rows: readonly InventoryRow[];
  total: number;
}) {
  const params = [...new URL(inventoryHref(shown), 'http://studio.invalid').searchParams];
  const tooMany = total > MAX_BULK_PRINTS;
  return (
    <form id="bulk-select" method="get" action="/studio/prints/bulk" class="bulk-select" data-bulk-select>
      <fieldset>
        <legend>Change several prints at once</legend>
        {params.map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <input type="hidden" name="pageIds" value={rows.map((row) => row.id).join(',')} />
        <div class="field field--check">
          <input type="radio" id="bulk-scope-selected" name="scope" value="selected" checked />
          <label for="bulk-scope-selected">
            The prints ticked in the table
            <span data-bulk-count />
          </label>
        </div>
        <div class="field field--check">
          <input type="radio" id="bulk-scope-page" name="scope" value="page" />
          <label for="bulk-scope-page">
            All {rows.length === 1 ? '1 print' : `${rows.length} prints`} on this page
          </label>
        </div>
        {total > rows.length ? (
          <div class="field field--check">
            <input
              type="radio"
              id="bulk-scope-all"
              name="scope"
              value="all"
              disabled={tooMany}
              aria-describedby={tooMany ? 'bulk-scope-all-hint' : undefined}
            />
            <label for="bulk-scope-all">All {total} prints matching the filter</label>
            {tooMany ? (
              <span class="hint" id="bulk-scope-all-hint">
                At most {MAX_BULK_PRINTS} prints can be changed at once; narrow the filter to choose them all.
              </span>
            ) : null}
          </div>
        ) : null}
        <div class="actions">
          <button type="submit">Choose the changes</button>
        </div>
      </fieldset>
    </form>
  );
}

/** Vocabulary labels in English (an artist's own term wins over the built-in one). */
export async function labelsFor(deps: StudioDeps, artistId: string): Promise<Labels> {
  const { terms } = await deps.catalogue.vocabulary.list(artistId);
  const labels: Labels = { technique: new Map(), availability: new Map() };
  for (const kind of ['technique', 'availability'] as const) {
    for (const own of [false, true]) {
      for (const t of terms) {
        if (t.kind !== kind || t.builtIn === own) continue;
        labels[kind].set(t.key, t.label.en || t.label.da || t.key);
      }
    }
  }
  return labels;
}

/** A search refusal as an error at the form field it is about (details.field), its text after the name. */
function searchError(error: BadRequestError): FieldErrors {
  const field = fieldOf(error);
  const message = error.message.replace(/^[A-Za-z.]+: /, '').trim();
  const names: Record<string, string> = {
    technique: 'technique',
    availability: 'availability',
    impressionStatus: 'impressions',
    imageStatus: 'image',
    tags: 'tag',
    location: 'location',
    yearFrom: 'yearFrom',
    yearTo: 'yearTo',
    status: 'status',
  };
  const name = names[field ?? ''] ?? 'q';
  const friendly: Record<string, string> = {
    technique: 'Choose a technique from the list',
    availability: 'Choose an availability from the list',
    tag: 'Choose a tag from the list',
  };
  return {
    [name]: friendly[name] ?? (message ? message[0]!.toUpperCase() + message.slice(1) : error.message),
  };
}

function summaryText(total: number, page: number, totalPages: number, sort: SortKey): string {
  if (total === 0) return 'No prints match.';
  const first = (page - 1) * PAGE_SIZE + 1;
  const last = Math.min(page * PAGE_SIZE, total);
  const range =
    totalPages > 1 ? `Prints ${first}–${last} of ${total}` : total === 1 ? '1 print' : `${total} prints`;
  return `${range}, sorted by ${SORTS[sort].label.toLowerCase()}`;
}

/** Where a retry may send the artist back to: the dashboard, the inventory or a print's editor. */
export function studioReturnTo(value: unknown, publicUrl: string): string {
  if (typeof value !== 'string' || !value.startsWith('/studio')) return '/studio/prints';
  const safe = safeReturnTo(value, publicUrl);
  const path = safe.split(/[?#]/)[0];
  const editor = /^\/studio\/prints\/([^/]+)$/.exec(path ?? '')?.[1];
  return path === '/studio' || path === '/studio/prints' || (editor && isUuid(editor))
    ? safe
    : '/studio/prints';
}

function withNotice(target: string, notice: string): string {
  const url = new URL(target, 'http://studio.invalid');
  url.searchParams.set('notice', notice);
  return url.pathname + url.search + url.hash;
}

function wantsJson(req: FastifyRequest): boolean {
  return (req.headers.accept ?? '').includes('application/json');
}

function sendJsonError(reply: FastifyReply, error: AppError): FastifyReply {
  return reply
    .code(error.status)
    .header('cache-control', 'no-store')
    .send(errorBody(error.code, error.message, error.details));
}

export const printsPages: FastifyPluginAsync<StudioDeps> = async (app, deps) => {
  app.get('/studio/prints', { schema: { hide: true } }, async (req, reply) => {
    const artist = requireArtist(req);
    const parsed = parseInventoryQuery(req.query);
    const { query } = parsed;
    const errors: Record<string, string> = { ...parsed.errors };
    const [labels, tagList, draftList] = await Promise.all([
      labelsFor(deps, artist.id),
      deps.catalogue.vocabulary.tags({ artistId: artist.id, actor: artist.email }),
      deps.catalogue.prints.list(actorOf(req), 'en', { status: 'draft', limit: UPLOAD_TARGET_DRAFTS }),
    ]);
    const drafts = draftList.prints.map((p) => ({
      value: p.id,
      label: studioTitle(p.localized.title) || 'Untitled print',
    }));
    let result: Awaited<ReturnType<typeof inventoryPage>> = { rows: [], total: 0, page: 1, totalPages: 0 };
    let refused = false;
    try {
      result = await inventoryPage(deps, artist.id, query);
    } catch (error) {
      if (!(error instanceof BadRequestError)) throw error;
      Object.assign(errors, searchError(error));
      refused = true;
    }
    const shown = { ...query, page: result.page };
    const returnTo = inventoryHref(shown);
    const tags = tagList.tags.map((t) => ({ value: t.slug, label: t.label.en || t.label.da || t.slug }));
    const hasErrors = Object.keys(errors).length > 0;
    const notice =
      RETRY_NOTICES[queryString(req.query, 'notice')] ??
      BULK_INVENTORY_NOTICES[queryString(req.query, 'notice')];
    return sendStudioPage(req, reply, deps, {
      title: 'Prints',
      scripts: ['studio-upload.js', 'studio-bulk.js'],
      status: hasErrors ? 422 : 200,
      ...(notice ? { notice } : {}),
      body: (
        <>
          <UploadSection deps={deps} drafts={drafts} />
          <section aria-labelledby="inventory-heading">
            <h2 id="inventory-heading">Your prints</h2>
            <p class="inventory-spreadsheet">
              <a href="/studio/prints/export.csv" download>
                Export CSV
              </a>{' '}
              (every print, one row each) · <a href="/studio/prints/import">Import from a spreadsheet</a>
            </p>
            <p class="inventory-spreadsheet">
              Price list of your available prints (PDF):{' '}
              <a href={priceListHref('da')} hrefLang="da">
                in Danish
              </a>{' '}
              ·{' '}
              <a href={priceListHref('en')} hrefLang="en">
                in English
              </a>{' '}
              ·{' '}
              <a href={LEDGER_CSV_HREF} download>
                Impression ledger (CSV)
              </a>{' '}
              (every impression, one row each)
            </p>
            <p class="notice" data-upload-refresh hidden>
              New prints were added while this page was open.{' '}
              <a href={returnTo}>Show the list again with them</a>
            </p>
            <ErrorSummary errors={errors} labels={FILTER_LABELS} />
            <FilterForm query={query} raw={req.query} errors={errors} labels={labels} tags={tags} />
            {refused ? (
              <p>Fix the filter above to see the prints.</p>
            ) : result.total === 0 ? (
              <p>
                {needsSearch(query) || query.status || query.image
                  ? 'No prints match these filters.'
                  : 'You have no prints yet. Upload images above to start.'}
              </p>
            ) : (
              <>
                <InventoryTable
                  req={req}
                  query={shown}
                  rows={result.rows}
                  labels={labels}
                  returnTo={returnTo}
                  caption={summaryText(result.total, result.page, result.totalPages, query.sort)}
                />
                <Pagination query={shown} page={result.page} totalPages={result.totalPages} />
                <BulkSelectForm shown={shown} rows={result.rows} total={result.total} />
              </>
            )}
          </section>
        </>
      ),
    });
  });

  // The island's poll: processing state of some of the artist's prints, and the session's current CSRF token
  // (after signing in again in another tab the page's token is stale; the island takes the new one from here).
  app.get('/studio/prints/status', { schema: { hide: true } }, async (req, reply) => {
    const artist = requireArtist(req);
    const raw = (req.query as Query | undefined)?.ids;
    const ids = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw])
      .flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter((v) => v !== '');
    if (ids.length > MAX_STATUS_IDS) {
      return sendJsonError(
        reply,
        new BadRequestError(`ids: ask about at most ${MAX_STATUS_IDS} prints at once`),
      );
    }
    const bad = ids.find((id): boolean => !isUuid(id));
    if (bad !== undefined)
      return sendJsonError(reply, new BadRequestError(`ids: "${bad.slice(0, 40)}" is not a print id`));
    const prints = await processingStatuses(deps.database.db, artist.id, [...new Set(ids)]);
    return reply.header('cache-control', 'no-store').send({ csrfToken: csrfToken(req), prints });
  });

  app.post<{ Params: { id: string }; Body: Record<string, string | string[] | undefined> | undefined }>(
    '/studio/prints/:id/retry-processing',
    { schema: { hide: true } },
    async (req, reply) => {
      const artist = requireArtist(req);
      const back = studioReturnTo(
        typeof req.body?.returnTo === 'string' ? req.body.returnTo : '/studio/prints',
        deps.config.publicUrl,
      );
      try {
        await deps.catalogue.prints.retryImage(actorOf(req), req.params.id);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        if (wantsJson(req)) return sendJsonError(reply, error);
        if (error.code === 'CONFLICT') return reply.redirect(withNotice(back, 'not-failed'), 303);
        if (error.code === 'SERVICE_UNAVAILABLE') return reply.redirect(withNotice(back, 'no-queue'), 303);
        throw error;
      }
      if (wantsJson(req)) {
        const [status] = await processingStatuses(deps.database.db, artist.id, [req.params.id]);
        return reply.header('cache-control', 'no-store').send(status);
      }
      return reply.redirect(withNotice(back, 'retried'), 303);
    },
  );
};
