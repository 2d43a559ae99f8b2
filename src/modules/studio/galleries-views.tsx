// What the gallery pages of the studio show: the list, the details form, the ordering form (no-JS first, enhanced
// by studio-gallery.js), the inventory picker and the delete confirmation. Pure rendering; routes decide.
import type { FastifyRequest } from 'fastify';
import { CsrfField } from './layout.js';
import {
  BilingualField,
  CheckboxField,
  ErrorSummary,
  SelectField,
  fieldId,
  type FieldErrors,
} from './forms.js';
import { positionField } from './galleries-order.js';
import { OrderHandle } from './order-handle.js';
import type { PublicationStatus } from '../../platform/db/schema.js';
import { isPublishedStatus } from '../catalogue/policy.js';
import { priceListHref } from './exports.js';

export type GalleryStatus = PublicationStatus;

export interface Bilingual {
  da: string;
  en: string;
}

/** The details form as typed (or as stored, for a fresh form). */
export interface GalleryFormValues {
  title: Bilingual;
  description: Bilingual;
  status: string;
  featured: boolean;
  /** '' for no cover. */
  coverPrintId: string;
}

export interface GalleryRowView {
  id: string;
  title: { da?: string; en?: string };
  status: GalleryStatus;
  featured: boolean;
  printCount: number;
  coverThumbnailUrl: string | null;
  updatedAt: Date;
}

export interface OrderedPrintView {
  printId: string;
  title: string;
  thumbnailUrl: string | null;
  status: GalleryStatus;
}

export interface GalleryView {
  id: string;
  title: { da?: string; en?: string };
  status: GalleryStatus;
  prints: readonly OrderedPrintView[];
}

export interface CandidateView {
  printId: string;
  title: string;
  thumbnailUrl: string | null;
  year: number | null;
  status: GalleryStatus;
}

export const UNTITLED = 'Untitled gallery';
export const UNTITLED_PRINT = 'Untitled print';

/** The name the studio shows for a gallery: English, else Danish. */
export function galleryName(title: { da?: string; en?: string }): string {
  return title.en?.trim() || title.da?.trim() || UNTITLED;
}

export const editorPath = (id: string): string => `/studio/galleries/${id}`;

const FIELD_LABELS: Readonly<Record<string, string>> = {
  'title.da': 'Title (Danish)',
  'title.en': 'Title (English)',
  'description.da': 'Description (Danish)',
  'description.en': 'Description (English)',
  coverPrintId: 'Cover print',
  status: 'Status',
  printId: 'Prints to add',
};

function StatusBadge({ status }: { status: GalleryStatus }) {
  return isPublishedStatus(status) ? (
    <span class="badge badge--published">Published</span>
  ) : (
    <span class="badge badge--draft">Draft</span>
  );
}

// ---------------------------------------------------------------- list

export function GalleryList({
  rows,
  total,
  page,
  totalPages,
}: {
  rows: readonly GalleryRowView[];
  total: number;
  page: number;
  totalPages: number;
}) {
  return (
    <>
      <p class="actions">
        <a class="button" href="/studio/galleries/new">
          New gallery
        </a>
      </p>
      {rows.length === 0 ? (
        <p>
          No galleries yet. A gallery groups prints around a theme, in the order you choose; start with{' '}
          <a href="/studio/galleries/new">a new gallery</a>.
        </p>
      ) : (
        <div class="table-scroll">
          <table class="data-table">
            <caption>
              {total === 1 ? '1 gallery' : `${total} galleries`}
              {totalPages > 1 ? `, page ${page} of ${totalPages}` : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">Cover</th>
                <th scope="col">Title (English, Danish)</th>
                <th scope="col">Prints</th>
                <th scope="col">Status</th>
                <th scope="col">Updated</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((g) => {
                const name = galleryName(g.title);
                return (
                  <tr>
                    <td>
                      {g.coverThumbnailUrl ? (
                        <img src={g.coverThumbnailUrl} alt="" width={64} height={64} loading="lazy" />
                      ) : (
                        <span class="hint">No cover</span>
                      )}
                    </td>
                    <td>
                      <a
                        href={editorPath(g.id)}
                        lang={g.title.en?.trim() ? 'en' : g.title.da ? 'da' : undefined}
                      >
                        {name}
                      </a>
                      <br />
                      <span class="hint">
                        {g.title.en?.trim() ? (
                          g.title.da?.trim() ? (
                            <>
                              Danish: <span lang="da">{g.title.da}</span>
                            </>
                          ) : (
                            'No Danish title yet'
                          )
                        ) : (
                          'No English title yet'
                        )}
                      </span>
                    </td>
                    <td>{g.printCount}</td>
                    <td>
                      <StatusBadge status={g.status} />
                      {g.featured ? (
                        <>
                          {' '}
                          <span class="badge">Featured</span>
                        </>
                      ) : null}
                    </td>
                    <td>
                      <time dateTime={g.updatedAt.toISOString()}>
                        {g.updatedAt.toISOString().slice(0, 10)}
                      </time>
                    </td>
                    <td>
                      <a href={editorPath(g.id)}>
                        Edit<span class="visually-hidden"> “{name}”</span>
                      </a>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {totalPages > 1 ? (
        <nav class="pagination" aria-label="Gallery pages">
          {page > 1 ? <a href={`/studio/galleries?page=${page - 1}`}>Previous page</a> : null}
          <span>
            Page {page} of {totalPages}
          </span>
          {page < totalPages ? <a href={`/studio/galleries?page=${page + 1}`}>Next page</a> : null}
        </nav>
      ) : null}
    </>
  );
}

// ---------------------------------------------------------------- details form

const STATUS_OPTIONS = [
  { value: 'draft', label: 'Draft (only you see it)' },
  { value: 'published', label: 'Published (on the public site)' },
];

export function GalleryDetailsForm({
  req,
  action,
  values,
  errors,
  coverChoices,
  submitLabel,
}: {
  req: FastifyRequest;
  action: string;
  values: GalleryFormValues;
  errors: FieldErrors;
  /** The gallery's prints, in order; absent for a new gallery (it has none). */
  coverChoices?: readonly OrderedPrintView[];
  submitLabel: string;
}) {
  const missing = (['da', 'en'] as const).filter((l) => !values.title[l].trim());
  return (
    <>
      <ErrorSummary errors={errors} labels={FIELD_LABELS} />
      <form method="post" action={action} class="gallery-form" data-guard-changes>
        <CsrfField req={req} />
        <BilingualField name="title" label="Title" values={values.title} errors={errors} missing={missing} />
        <BilingualField
          name="description"
          label="Description"
          hint="The gallery's theme, shown under its title on the public site."
          values={values.description}
          errors={errors}
          multiline
          rows={5}
        />
        {coverChoices ? (
          <SelectField
            name="coverPrintId"
            label="Cover print"
            value={values.coverPrintId}
            empty="No cover"
            hint={
              coverChoices.length
                ? 'Shown for the gallery in lists on the public site; one of the prints in this gallery.'
                : 'Add prints to the gallery first; the cover is one of them.'
            }
            options={coverChoices.map((p, i) => ({ value: p.printId, label: `${i + 1}. ${p.title}` }))}
            error={errors.coverPrintId}
          />
        ) : null}
        <SelectField
          name="status"
          label="Status"
          value={values.status}
          options={STATUS_OPTIONS}
          hint="Publishing needs the title in both languages. Draft prints in a published gallery stay hidden."
          error={errors.status}
        />
        <CheckboxField
          name="featured"
          label="Feature this gallery on the home page"
          checked={values.featured}
          error={errors.featured}
        />
        <button type="submit">{submitLabel}</button>
      </form>
    </>
  );
}

// ---------------------------------------------------------------- ordering

const ORDER_HINT_FORM =
  'Type new position numbers and choose “Save order”, or use Move up and Move down on a print. ' +
  'Draft prints keep their place but are not shown on the public site.';
const ORDER_HINT_KEYS =
  'Every change is saved at once. Drag a print by its handle (⠿). With the keyboard: focus a handle and press ' +
  'Space to grab the print, Up and Down arrows to move it, Space again to drop it, Escape to cancel. ' +
  'Alt+Up and Alt+Down move the focused print at once; Move up and Move down do the same. ' +
  'To move a print to a given place, type the number in its Position field and press Enter.';

function OrderItem({
  galleryId,
  print,
  index,
  count,
  typed,
  error,
}: {
  galleryId: string;
  print: OrderedPrintView;
  index: number;
  count: number;
  typed: string | undefined;
  error: string | undefined;
}) {
  const id = print.printId;
  const name = positionField(id);
  const inputId = fieldId(name);
  return (
    <li class="order-item" id={`print-${id}`} data-print-id={id} data-title={print.title}>
      <OrderHandle title={print.title} hint="order-hint-keys" />
      {print.thumbnailUrl ? (
        <img
          class="order-item__thumb"
          src={print.thumbnailUrl}
          alt=""
          width={48}
          height={48}
          loading="lazy"
        />
      ) : (
        <span class="order-item__thumb" />
      )}
      <span class="order-item__title">
        {print.title}
        {print.status === 'draft' ? (
          <>
            {' '}
            <span class="badge badge--draft">Draft</span>
          </>
        ) : null}
      </span>
      <span class={error ? 'order-item__position field--error' : 'order-item__position'}>
        <label for={inputId}>
          Position<span class="visually-hidden"> of “{print.title}”</span>
        </label>
        <input
          id={inputId}
          name={name}
          type="number"
          inputMode="numeric"
          min={1}
          max={count}
          step={1}
          value={typed ?? String(index + 1)}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? `${inputId}-error` : undefined}
          autocomplete="off"
        />
        {error ? (
          <span class="field-error" id={`${inputId}-error`}>
            {error}
          </span>
        ) : null}
      </span>
      <span class="order-item__buttons">
        <button
          type="submit"
          name="move"
          value={`up:${id}`}
          id={`up-${id}`}
          class="button--quiet button--small"
          data-move="up"
          disabled={index === 0}
        >
          Move up<span class="visually-hidden"> “{print.title}”</span>
        </button>
        <button
          type="submit"
          name="move"
          value={`down:${id}`}
          id={`down-${id}`}
          class="button--quiet button--small"
          data-move="down"
          disabled={index === count - 1}
        >
          Move down<span class="visually-hidden"> “{print.title}”</span>
        </button>
        <button
          type="submit"
          formAction={`/studio/galleries/${galleryId}/prints/remove`}
          name="printId"
          value={id}
          class="button--quiet button--small"
        >
          Remove<span class="visually-hidden"> “{print.title}” from the gallery</span>
        </button>
      </span>
    </li>
  );
}

export function OrderSection({
  req,
  gallery,
  errors,
  typed,
}: {
  req: FastifyRequest;
  gallery: GalleryView;
  errors: FieldErrors;
  typed?: ReadonlyMap<string, string> | undefined;
}) {
  const count = gallery.prints.length;
  const labels = Object.fromEntries(
    gallery.prints.map((p) => [positionField(p.printId), `Position of “${p.title}”`]),
  );
  return (
    <section id="order" aria-labelledby="order-heading">
      <h2 id="order-heading">Prints in this gallery ({count})</h2>
      <p class="actions">
        <a class="button" href={`${editorPath(gallery.id)}/add`}>
          Add prints
        </a>
      </p>
      {count === 0 ? (
        <p>
          No prints in this gallery yet. Add prints from your inventory; you can order them here afterwards.
        </p>
      ) : (
        <>
          <p class="hint" id="order-hint-form" data-order-hint-form>
            {ORDER_HINT_FORM}
          </p>
          <p class="hint order-keys" id="order-hint-keys" data-order-hint-keys hidden>
            {ORDER_HINT_KEYS}
          </p>
          <ErrorSummary errors={errors} labels={labels} />
          <form
            method="post"
            action={`${editorPath(gallery.id)}/order`}
            class="gallery-order"
            data-gallery-order
            data-gallery={gallery.id}
          >
            <CsrfField req={req} />
            {/* First submit button of the form: Enter in a position field saves the order. */}
            <p class="actions order-save" data-order-save>
              <button type="submit" name="save" value="1">
                Save order
              </button>
            </p>
            <ol class="order-list">
              {gallery.prints.map((print, index) => (
                <OrderItem
                  galleryId={gallery.id}
                  print={print}
                  index={index}
                  count={count}
                  typed={typed?.get(print.printId)}
                  error={errors[positionField(print.printId)]}
                />
              ))}
            </ol>
          </form>
        </>
      )}
    </section>
  );
}

// ---------------------------------------------------------------- editor page

export function GalleryEditor({
  req,
  gallery,
  values,
  formErrors,
  orderErrors,
  typed,
  problem,
}: {
  req: FastifyRequest;
  gallery: GalleryView;
  values: GalleryFormValues;
  formErrors: FieldErrors;
  orderErrors: FieldErrors;
  typed?: ReadonlyMap<string, string> | undefined;
  /** A problem that is no one field's (the gallery changed meanwhile). */
  problem?: string | undefined;
}) {
  return (
    <>
      <p>
        <StatusBadge status={gallery.status} />{' '}
        {gallery.prints.length === 1 ? '1 print' : `${gallery.prints.length} prints`}
        {isPublishedStatus(gallery.status) ? (
          <>
            {' '}
            · <a href={`/en/galleries/${gallery.id}`}>View on the site (English)</a> ·{' '}
            <a href={`/da/galleries/${gallery.id}`} hrefLang="da">
              Danish
            </a>
          </>
        ) : null}
      </p>
      {gallery.prints.length > 0 ? (
        <p>
          Price list of this gallery’s available prints (PDF):{' '}
          <a href={priceListHref('da', gallery.id)} hrefLang="da">
            in Danish
          </a>{' '}
          ·{' '}
          <a href={priceListHref('en', gallery.id)} hrefLang="en">
            in English
          </a>
        </p>
      ) : null}
      {problem ? (
        <p class="notice notice--error" role="alert">
          {problem}
        </p>
      ) : null}
      <section aria-labelledby="details-heading">
        <h2 id="details-heading">Details</h2>
        <GalleryDetailsForm
          req={req}
          action={editorPath(gallery.id)}
          values={values}
          errors={formErrors}
          coverChoices={gallery.prints}
          submitLabel="Save details"
        />
      </section>
      <OrderSection req={req} gallery={gallery} errors={orderErrors} typed={typed} />
      <section aria-labelledby="delete-heading">
        <h2 id="delete-heading">Delete</h2>
        <p>Deleting the gallery keeps its prints in your inventory and in other galleries.</p>
        <p>
          <a class="button button--danger" href={`${editorPath(gallery.id)}/delete`}>
            Delete this gallery
          </a>
        </p>
      </section>
    </>
  );
}

// ---------------------------------------------------------------- adding prints

export function AddPrints({
  req,
  gallery,
  q,
  candidates,
  more,
  selected,
  errors,
}: {
  req: FastifyRequest;
  gallery: GalleryView;
  q: string;
  candidates: readonly CandidateView[];
  more: boolean;
  selected: ReadonlySet<string>;
  errors: FieldErrors;
}) {
  const action = `${editorPath(gallery.id)}/add`;
  const error = errors.printId;
  return (
    <>
      <form method="get" action={action} class="search-form" role="search" aria-label="Your prints">
        <label for="f-q">Search your prints</label>
        <span class="hint" id="f-q-hint">
          Words from titles, descriptions, techniques, tags and other texts, in either language; drafts
          included. Leave empty to list your newest prints.
        </span>
        <span class="search-form__row">
          <input type="search" id="f-q" name="q" value={q} aria-describedby="f-q-hint" autocomplete="off" />
          <button type="submit">Search</button>
        </span>
      </form>
      <ErrorSummary errors={errors} labels={FIELD_LABELS} />
      {candidates.length === 0 ? (
        <p>
          {q
            ? `No prints outside this gallery match “${q}”.`
            : 'Every one of your prints is already in this gallery.'}{' '}
          <a href={editorPath(gallery.id)}>Back to the gallery</a>
        </p>
      ) : (
        <form method="post" action={`${editorPath(gallery.id)}/prints`}>
          <CsrfField req={req} />
          <input type="hidden" name="q" value={q} />
          <fieldset class={error ? 'pick-list field--error' : 'pick-list'} aria-describedby="pick-hint">
            <legend>
              {q ? `Prints matching “${q}”, not in this gallery` : 'Your prints not in this gallery'}
            </legend>
            <p class="hint" id="pick-hint">
              {candidates.length === 1 ? '1 print' : `${candidates.length} prints`}
              {more ? ' shown; more match, so narrow the search to find others.' : '.'} Added prints go to the
              end of the gallery.
            </p>
            {error ? (
              <p class="field-error" id="f-printId-error">
                {error}
              </p>
            ) : null}
            <ul class="pick-list__items">
              {candidates.map((c, i) => {
                const id = i === 0 ? fieldId('printId') : fieldId(`printId-${c.printId}`);
                return (
                  <li class="field--check">
                    <input
                      type="checkbox"
                      id={id}
                      name="printId[]"
                      value={c.printId}
                      checked={selected.has(c.printId)}
                      aria-describedby={error ? 'f-printId-error' : undefined}
                    />
                    <label for={id}>
                      {c.thumbnailUrl ? (
                        <img src={c.thumbnailUrl} alt="" width={48} height={48} loading="lazy" />
                      ) : null}
                      <span>
                        {c.title}
                        {c.year ? ` (${c.year})` : ''}
                        {c.status === 'draft' ? ' — draft' : ''}
                      </span>
                    </label>
                  </li>
                );
              })}
            </ul>
          </fieldset>
          <p class="actions">
            <button type="submit">Add selected</button>
            <a href={editorPath(gallery.id)}>Back to the gallery</a>
          </p>
        </form>
      )}
    </>
  );
}

// ---------------------------------------------------------------- delete

export function DeleteConfirm({ req, gallery }: { req: FastifyRequest; gallery: GalleryView }) {
  const n = gallery.prints.length;
  return (
    <>
      <p>
        The gallery disappears from the studio and the public site. Its{' '}
        {n === 1 ? 'print stays' : `${n} prints stay`} in your inventory and in any other gallery. This cannot
        be undone.
      </p>
      <div class="actions">
        <form method="post" action={`${editorPath(gallery.id)}/delete`}>
          <CsrfField req={req} />
          <button type="submit" class="button--danger">
            Delete the gallery
          </button>
        </form>
        <a href={editorPath(gallery.id)}>Cancel and keep it</a>
      </div>
    </>
  );
}
