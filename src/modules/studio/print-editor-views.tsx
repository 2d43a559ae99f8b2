// The print editor's pages: every metadata field in Danish and English side by side, grouped; the vocabulary
// pickers with "add a term"; the image with its processing status, replacement (studio-editor.js) and EXIF; the
// edition ledger with inline edits; publishing, preview and delete. Plain forms throughout: the island only adds.
import type { FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import type { LocalizedPrintField } from '../catalogue/schemas.js';
import {
  BilingualField,
  ErrorSummary,
  SelectField,
  TextArea,
  TextField,
  fieldId,
  type FieldErrors,
  type Option,
} from './forms.js';
import { CsrfField } from './layout.js';
import {
  IMPRESSION_KINDS,
  IMPRESSION_STATUSES,
  LANGUAGE_NAMES,
  NUMBER_LABELS,
  TEXT_LABELS,
  VOCABULARY_PICKERS,
  describeMissing,
  missingByField,
  type ImpressionFormValues,
  type PickerField,
  type PrintFormValues,
  type StoredImpression,
} from './print-editor-form.js';
import { formatBytes } from '../../platform/format-bytes.js';
import type { PublicationStatus } from '../../platform/db/schema.js';
import { isPublishedStatus } from '../catalogue/policy.js';
import { ZOOM_MAX_PIXELS } from '../catalogue/iiif-settings.js';

export const UNTITLED = 'Untitled print';
export const editorPath = (id: string): string => `/studio/prints/${id}`;

/** Labels of every form field, for the error summary ("Title (Danish): …"). */
export const FIELD_LABELS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(
    (Object.entries(TEXT_LABELS) as [LocalizedPrintField, string][]).flatMap(([f, label]) => [
      [`${f}.da`, `${label} (Danish)`],
      [`${f}.en`, `${label} (English)`],
    ]),
  ),
  ...NUMBER_LABELS,
  inventoryNumber: 'Inventory number',
  technique: 'Technique',
  plateType: 'Plate material',
  availability: 'Availability',
  'tags.da': 'Tags (Danish)',
  'tags.en': 'Tags (English)',
  image: 'Image',
  ...Object.fromEntries(
    (Object.keys(VOCABULARY_PICKERS) as PickerField[]).flatMap((f) => [
      [`newTerm.${f}.da`, `New ${VOCABULARY_PICKERS[f].term} (Danish)`],
      [`newTerm.${f}.en`, `New ${VOCABULARY_PICKERS[f].term} (English)`],
    ]),
  ),
  'impression.kind': 'Kind',
  'impression.number': 'Number',
  'impression.state': 'State',
  'impression.printedOn': 'Printed on',
  'impression.paper': 'Paper',
  'impression.ink': 'Ink',
  'impression.status': 'Status',
  'impression.location': 'Location',
  'impression.price.amount': 'Price',
  'impression.price.currency': 'Currency',
  'impression.notes': 'Private notes',
};

export type Pickers = Readonly<Record<PickerField, readonly Option[]>>;

/** The summary of problems at the top; `_form` (an error about no one field) is shown as its own notice. */
export function Problems({
  errors,
  extraLabels = {},
}: {
  errors: FieldErrors;
  extraLabels?: Readonly<Record<string, string>>;
}) {
  const { _form: general, ...fields } = errors;
  const labels: Record<string, string> = { ...FIELD_LABELS, ...extraLabels };
  for (const key of Object.keys(fields)) {
    const row = /^row\.[0-9a-f-]+\.(status|location)$/.exec(key);
    if (row?.[1]) labels[key] = row[1] === 'status' ? 'Impression status' : 'Impression location';
  }
  return (
    <>
      {general ? <p class="notice notice--error">{general}</p> : null}
      <ErrorSummary errors={fields} labels={labels} />
    </>
  );
}

// ---------- the metadata form ----------

function Bilingual({
  field,
  values,
  errors,
  missing,
  multiline,
  rows,
  hint,
}: {
  field: LocalizedPrintField;
  values: PrintFormValues;
  errors: FieldErrors;
  missing: Map<string, string[]>;
  multiline?: boolean;
  rows?: number;
  hint?: string;
}) {
  return (
    <BilingualField
      name={field}
      label={TEXT_LABELS[field]}
      values={values.text[field]}
      errors={errors}
      missing={missing.get(field) ?? []}
      multiline={multiline ?? false}
      {...(rows ? { rows } : {})}
      {...(hint ? { hint } : {})}
    />
  );
}

function NumberField({
  name,
  value,
  errors,
  min,
  max,
  hint,
  needed,
}: {
  name: string;
  value: string;
  errors: FieldErrors;
  min: number;
  max: number;
  hint?: string;
  needed?: boolean;
}) {
  const fullHint = [needed ? 'Needed before publishing.' : '', hint ?? ''].filter(Boolean).join(' ');
  return (
    <TextField
      name={name}
      label={NUMBER_LABELS[name] ?? name}
      type="number"
      inputMode="numeric"
      min={min}
      max={max}
      step={1}
      value={value}
      error={errors[name]}
      {...(fullHint ? { hint: fullHint } : {})}
    />
  );
}

/** A vocabulary select with "add a term" in both languages (a submit to the terms route; the island adds in place). */
function Picker({
  field,
  value,
  options,
  errors,
  termAction,
  newTerm,
  needed,
}: {
  field: PickerField;
  value: string;
  options: readonly Option[];
  errors: FieldErrors;
  termAction: string;
  newTerm: { da: string; en: string } | undefined;
  needed: boolean;
}) {
  const picker = VOCABULARY_PICKERS[field];
  const open =
    Boolean(newTerm && (newTerm.da || newTerm.en)) ||
    Boolean(errors[`newTerm.${field}.da`]) ||
    Boolean(errors[`newTerm.${field}.en`]);
  return (
    <div class="picker" data-picker={field}>
      <SelectField
        name={field}
        label={picker.label}
        value={value}
        options={options}
        empty="Not set"
        error={errors[field]}
        {...(needed ? { hint: 'Needed before publishing.' } : {})}
      />
      <details class="add-term" open={open}>
        <summary>Add a {picker.term} that is not in the list</summary>
        <div class="field-row">
          {(['en', 'da'] as const).map((lang) => (
            <TextField
              name={`newTerm.${field}.${lang}`}
              label={`New ${picker.term} (${LANGUAGE_NAMES[lang]})`}
              lang={lang}
              value={newTerm?.[lang] ?? ''}
              error={errors[`newTerm.${field}.${lang}`]}
            />
          ))}
        </div>
        <button
          type="submit"
          class="button--quiet button--small"
          name="addTerm"
          value={field}
          formAction={termAction}
          data-add-term={field}
          data-kind={picker.kind}
        >
          Add {picker.term}
        </button>
      </details>
    </div>
  );
}

export interface PrintFormProps {
  req: FastifyRequest;
  action: string;
  termAction: string;
  values: PrintFormValues;
  errors: FieldErrors;
  pickers: Pickers;
  /** The stored print's publishing gate (empty for a new print). */
  missing: readonly string[];
  /** Draft/published of the stored print; undefined for a new one. */
  status: PublicationStatus | undefined;
  /** The "add a term" fields as typed (kept across a re-render). */
  newTerms?: Partial<Record<PickerField, { da: string; en: string }>>;
  /** The site-wide zoom limit (the settings' largest zoom size), which applies when the print sets none. */
  zoomDefault: number;
}

export function PrintForm({
  req,
  action,
  termAction,
  values,
  errors,
  pickers,
  missing,
  status,
  newTerms = {},
  zoomDefault,
}: PrintFormProps) {
  const gate = missingByField(missing) as Map<string, string[]>;
  const text = (
    field: LocalizedPrintField,
    opts: { multiline?: boolean; rows?: number; hint?: string } = {},
  ) => <Bilingual field={field} values={values} errors={errors} missing={gate} {...opts} />;
  const picker = (field: PickerField) => (
    <Picker
      field={field}
      value={values[field]}
      options={pickers[field]}
      errors={errors}
      termAction={termAction}
      newTerm={newTerms[field]}
      needed={gate.has(field)}
    />
  );
  const buttons = (where: 'top' | 'bottom') => (
    <div class="actions">
      <button type="submit" name="intent" value="save">
        {status === undefined ? 'Create draft' : 'Save'}
      </button>
      {where === 'bottom' && status === 'draft' ? (
        <button type="submit" class="button--quiet" name="intent" value="publish">
          Save and publish
        </button>
      ) : null}
      {where === 'bottom' && isPublishedStatus(status) ? (
        <button type="submit" class="button--quiet" name="intent" value="unpublish">
          Save and unpublish
        </button>
      ) : null}
    </div>
  );
  return (
    <form method="post" action={action} novalidate data-guard-changes id="print-form" class="print-form">
      <CsrfField req={req} />
      {/* First in the form, so Enter in any field saves (the "add a term" buttons come later). */}
      {buttons('top')}

      <fieldset>
        <legend>
          <h2>Identity</h2>
        </legend>
        {text('title')}
        {text('artistName', { hint: 'Leave empty to use your profile name.' })}
        <div class="field-row">
          <TextField
            name="inventoryNumber"
            label="Inventory number"
            value={values.inventoryNumber}
            error={errors.inventoryNumber}
            hint="Your own number from your edition book, e.g. E-2024-07. Only you see it."
          />
          <NumberField
            name="year"
            value={values.year}
            errors={errors}
            min={1400}
            max={2200}
            needed={gate.has('year')}
          />
        </div>
        <BilingualField
          name="tags"
          label="Tags"
          values={values.tags}
          errors={errors}
          multiline
          rows={4}
          hint="One tag per line; line 1 in Danish goes with line 1 in English."
        />
      </fieldset>

      <fieldset>
        <legend>
          <h2>Description</h2>
        </legend>
        {text('description', { multiline: true, rows: 6 })}
        {text('altText', {
          multiline: true,
          rows: 3,
          hint: 'What the image shows, for people who cannot see it.',
        })}
        {text('artistStatement', { multiline: true, rows: 4 })}
      </fieldset>

      <fieldset>
        <legend>
          <h2>Technique &amp; materials</h2>
        </legend>
        {picker('technique')}
        {picker('plateType')}
        {text('medium')}
        {text('paperType')}
        {text('inkType')}
        {text('printingPress')}
        {text('subject')}
        {text('styleMovement')}
      </fieldset>

      <fieldset>
        <legend>
          <h2>Dimensions</h2>
        </legend>
        <p class="hint">Height × width, in millimetres.</p>
        <div class="field-row">
          <NumberField
            name="plateDimensions.heightMm"
            value={values.plateHeight}
            errors={errors}
            min={1}
            max={100000}
          />
          <NumberField
            name="plateDimensions.widthMm"
            value={values.plateWidth}
            errors={errors}
            min={1}
            max={100000}
          />
          <NumberField
            name="sheetDimensions.heightMm"
            value={values.sheetHeight}
            errors={errors}
            min={1}
            max={100000}
          />
          <NumberField
            name="sheetDimensions.widthMm"
            value={values.sheetWidth}
            errors={errors}
            min={1}
            max={100000}
          />
        </div>
      </fieldset>

      <fieldset>
        <legend>
          <h2>Edition</h2>
        </legend>
        <div class="field-row">
          <NumberField
            name="editionSize"
            value={values.editionSize}
            errors={errors}
            min={0}
            max={100000}
            hint="Numbered impressions, e.g. 25."
          />
          <NumberField
            name="artistProofs"
            value={values.artistProofs}
            errors={errors}
            min={0}
            max={10000}
            hint="How many AP impressions."
          />
        </div>
        {text('editionState', { hint: 'e.g. “Final state” or “State II of III”.' })}
      </fieldset>

      <fieldset>
        <legend>
          <h2>Sale</h2>
        </legend>
        {picker('availability')}
        <div class="field-row">
          <TextField
            name="price.amount"
            label="Price"
            inputMode="decimal"
            value={values.priceAmount}
            error={errors['price.amount']}
            hint="e.g. 4500 or 4500.50; leave empty for no price."
          />
          <TextField
            name="price.currency"
            label="Currency"
            value={values.priceCurrency}
            error={errors['price.currency']}
            hint="Three letters, e.g. DKK or EUR."
          />
        </div>
        {text('purchaseInfo', { multiline: true, rows: 3 })}
      </fieldset>

      <fieldset>
        <legend>
          <h2>Rights</h2>
        </legend>
        {text('copyrightTerms', { multiline: true, rows: 3 })}
        <NumberField
          name="zoomMaxPixels"
          value={values.zoomMaxPixels}
          errors={errors}
          min={ZOOM_MAX_PIXELS.min}
          max={ZOOM_MAX_PIXELS.max}
          hint={
            `How far visitors and museum viewers may zoom into this print’s images (${ZOOM_MAX_PIXELS.min}–` +
            `${ZOOM_MAX_PIXELS.max}). Leave empty to use the default in Settings, now ${zoomDefault} pixels. ` +
            'A change cuts the zoom tiles of all the print’s images again.'
          }
        />
      </fieldset>

      <fieldset>
        <legend>
          <h2>Provenance &amp; history</h2>
        </legend>
        {text('provenance', { multiline: true, rows: 4 })}
        {text('exhibitionHistory', { multiline: true, rows: 4 })}
      </fieldset>

      <fieldset>
        <legend>
          <h2>Inventory notes</h2>
        </legend>
        {text('location', { hint: 'Shown on the public page.' })}
        {text('conservationNotes', { multiline: true, rows: 3, hint: 'Private: only shown in the studio.' })}
      </fieldset>

      {buttons('bottom')}
    </form>
  );
}

// ---------- the print's status and the publishing gate ----------

export function StatusPanel({
  id,
  status,
  missing,
  visible,
}: {
  id: string;
  status: PublicationStatus;
  missing: readonly string[];
  /** Visitors see it (the visibility policy: published and in a published gallery). */
  visible: boolean;
}) {
  return (
    <section class="print-status" aria-labelledby="status-heading">
      <h2 id="status-heading" class="visually-hidden">
        Status
      </h2>
      <p>
        <span class={`badge badge--${status}`}>{isPublishedStatus(status) ? 'Published' : 'Draft'}</span>{' '}
        {isPublishedStatus(status)
          ? visible
            ? 'Visitors see this print.'
            : 'Published, but in no published gallery yet, so visitors cannot find it.'
          : 'Only you see this print.'}
      </p>
      {missing.length ? (
        <div class="notice" id="publishing-gate">
          <p>
            <strong>Still needed before publishing:</strong>
          </p>
          <ul>
            {missing.map((m) => (
              <li>{describeMissing(m)}</li>
            ))}
          </ul>
        </div>
      ) : status === 'draft' ? (
        <p class="notice">Everything needed to publish is filled in.</p>
      ) : null}
      <p class="actions">
        <a href={`${editorPath(id)}/preview/da`}>Preview in Danish</a>
        <a href={`${editorPath(id)}/preview/en`}>Preview in English</a>
        {visible ? <a href={`/en/prints/${id}`}>Public page</a> : null}
      </p>
    </section>
  );
}

// ---------- the image ----------

export interface ImageView {
  status: 'none' | 'processing' | 'completed' | 'failed';
  error: string | null;
  /** The current displayed version (artist URL); still the old one while a replacement is processed. */
  current: { url: string; width: number; height: number } | null;
}

const IMAGE_STATUS_TEXT: Readonly<Record<ImageView['status'], string>> = {
  none: 'No image yet.',
  processing: 'Processing the image…',
  completed: 'Processed.',
  failed: 'Processing failed.',
};

export function ImagePanel({
  req,
  id,
  title,
  image,
  maxBytes,
  types,
  error,
}: {
  req: FastifyRequest;
  id: string;
  title: string;
  image: ImageView;
  maxBytes: number;
  types: readonly string[];
  error: string | undefined;
}) {
  const shown = image.current ? fit(image.current, 480) : null;
  return (
    <section
      id={fieldId('image')}
      tabIndex={-1}
      class={error ? 'print-image field--error' : 'print-image'}
      aria-labelledby="image-heading"
      data-image-panel
      data-print-id={id}
    >
      <h2 id="image-heading">Image</h2>
      {error ? (
        <p class="field-error" id="f-image-error">
          {error}
        </p>
      ) : null}
      {image.current && shown ? (
        <img
          src={image.current.url}
          width={shown.width}
          height={shown.height}
          alt={`Current image of “${title}”`}
          data-image-current
        />
      ) : (
        <p data-image-none>There is no image yet.</p>
      )}
      <p data-image-status data-status={image.status}>
        <span class={`badge badge--${image.status === 'failed' ? 'failed' : 'draft'}`}>
          {IMAGE_STATUS_TEXT[image.status]}
        </span>
        {image.status === 'processing' && image.current
          ? ' The current image stays until the new one is ready.'
          : null}
        {image.status === 'failed' && image.error ? ` ${image.error}` : null}
      </p>
      {image.status === 'failed' ? (
        <form method="post" action={`${editorPath(id)}/retry-processing`}>
          <CsrfField req={req} />
          <input type="hidden" name="returnTo" value={editorPath(id)} />
          <button type="submit" class="button--small">
            Retry processing
          </button>
        </form>
      ) : null}
      <p class="notice" data-image-nojs>
        Replacing the image needs JavaScript, which is turned off or has not loaded in this browser.
      </p>
      <div
        class="image-replace"
        data-image-replace
        data-max-bytes={maxBytes}
        data-types={types.join(',')}
        hidden
      >
        <div class="field">
          <label for="f-image-file">{image.current ? 'Replace the image' : 'Add an image'}</label>
          <span class="hint" id="f-image-file-hint">
            JPEG, PNG, HEIC/HEIF, TIFF, WebP or AVIF, up to {formatBytes(maxBytes)}. The file goes straight to
            storage; the current image stays until the new one is processed.
          </span>
          <input
            type="file"
            id="f-image-file"
            accept={types.join(',')}
            aria-describedby="f-image-file-hint"
            data-image-file
          />
        </div>
        <button type="button" data-image-upload>
          Upload image
        </button>
        <div class="image-replace__progress" data-image-progress hidden>
          <progress max={100} value={0} aria-label="Image upload" />{' '}
          <span data-image-percent aria-hidden="true">
            0%
          </span>
        </div>
        <p class="field-error" data-image-error hidden />
      </div>
    </section>
  );
}

function fit(size: { width: number; height: number }, maxWidth: number) {
  if (size.width <= maxWidth) return size;
  return { width: maxWidth, height: Math.round((size.height * maxWidth) / size.width) };
}

// ---------- EXIF ----------

export interface ExifView {
  summary: ReadonlyArray<readonly [string, string]>;
  /** Directory (IFD0, Exif, GPS…) → tag → value as text. */
  directories: ReadonlyArray<readonly [string, ReadonlyArray<readonly [string, string]>]>;
}

export function ExifPanel({ exif }: { exif: ExifView | null }) {
  const count = exif?.directories.reduce((n, [, tags]) => n + tags.length, 0) ?? 0;
  return (
    <section aria-labelledby="exif-heading">
      <h2 id="exif-heading">EXIF of the original</h2>
      {!exif ? (
        <p>No EXIF data: the original has none, or it has not been processed yet.</p>
      ) : (
        <>
          <table class="data-table exif-summary">
            <caption>Camera and exposure</caption>
            <tbody>
              {exif.summary.map(([name, value]) => (
                <tr>
                  <th scope="row">{name}</th>
                  <td>{value}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {count > 0 ? (
            <details>
              <summary>All EXIF tags of the original ({count})</summary>
              {exif.directories.map(([directory, tags]) => (
                <div class="table-scroll">
                  <table class="data-table">
                    <caption>{directory}</caption>
                    <thead>
                      <tr>
                        <th scope="col">Tag</th>
                        <th scope="col">Value</th>
                      </tr>
                    </thead>
                    <tbody>
                      {tags.map(([tag, value]) => (
                        <tr>
                          <th scope="row">{tag}</th>
                          <td class="prewrap">{value}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              ))}
            </details>
          ) : null}
        </>
      )}
    </section>
  );
}

// ---------- the edition ledger ----------

export interface EditionView {
  size: number | null;
  artistProofs: number | null;
  recorded: number;
  available: number | null;
  text: string;
}

export function ImpressionFields({
  values,
  errors,
  idPrefix = 'impression',
}: {
  values: ImpressionFormValues;
  errors: FieldErrors;
  idPrefix?: string;
}) {
  const n = (name: string) => `${idPrefix}.${name}`;
  return (
    <>
      <div class="field-row">
        <SelectField
          name={n('kind')}
          label="Kind"
          value={values.kind}
          options={IMPRESSION_KINDS.map(([value, label]) => ({ value, label }))}
          error={errors[n('kind')]}
        />
        <TextField
          name={n('number')}
          label="Number"
          type="number"
          inputMode="numeric"
          min={1}
          step={1}
          value={values.number}
          error={errors[n('number')]}
          hint="7 for 7/25; optional for proofs (AP 2)."
        />
        <SelectField
          name={n('status')}
          label="Status"
          value={values.status}
          options={IMPRESSION_STATUSES.map(([value, label]) => ({ value, label }))}
          error={errors[n('status')]}
        />
        <TextField
          name={n('printedOn')}
          label="Printed on"
          type="date"
          value={values.printedOn}
          error={errors[n('printedOn')]}
        />
      </div>
      <div class="field-row">
        <TextField name={n('state')} label="State" value={values.state} error={errors[n('state')]} />
        <TextField
          name={n('paper')}
          label="Paper"
          value={values.paper}
          error={errors[n('paper')]}
          hint="If different from the print’s."
        />
        <TextField
          name={n('ink')}
          label="Ink"
          value={values.ink}
          error={errors[n('ink')]}
          hint="If different from the print’s."
        />
        <TextField
          name={n('location')}
          label="Location"
          value={values.location}
          error={errors[n('location')]}
        />
      </div>
      <div class="field-row">
        <TextField
          name={n('price.amount')}
          label="Price"
          inputMode="decimal"
          value={values.priceAmount}
          error={errors[n('price.amount')]}
          hint="Only if different from the print’s price."
        />
        <TextField
          name={n('price.currency')}
          label="Currency"
          value={values.priceCurrency}
          error={errors[n('price.currency')]}
        />
      </div>
      <TextArea
        name={n('notes')}
        label="Private notes"
        value={values.notes}
        error={errors[n('notes')]}
        rows={2}
        hint="Only shown in the studio."
      />
    </>
  );
}

function Money({ price }: { price: StoredImpression['price'] }) {
  if (!price) return null;
  return (
    <>
      {new Intl.NumberFormat('en-GB', { style: 'currency', currency: price.currency }).format(price.amount)}
    </>
  );
}

/**
 * The impression's certificate of authenticity as a PDF, in Danish or English (decision 020): the artist API's
 * GET answers the signed-in studio session too, and opens in the browser's PDF viewer.
 */
function CertificateLinks({
  printId,
  impressionId,
  label,
}: {
  printId: string;
  impressionId: string;
  label: string;
}) {
  const href = (lang: 'da' | 'en') =>
    `/api/v1/artist/prints/${printId}/impressions/${impressionId}/certificate?lang=${lang}`;
  return (
    <span class="certificate-links">
      Certificate (PDF):{' '}
      <a href={href('da')} hreflang="da" type="application/pdf">
        Danish<span class="visually-hidden"> certificate of {label}</span>
      </a>{' '}
      <a href={href('en')} hreflang="en" type="application/pdf">
        English<span class="visually-hidden"> certificate of {label}</span>
      </a>
    </span>
  );
}

export function ImpressionLedger({
  req,
  printId,
  edition,
  impressions,
  addValues,
  errors,
  rowValues,
  plateStates,
}: {
  req: FastifyRequest;
  printId: string;
  edition: EditionView;
  impressions: readonly StoredImpression[];
  addValues: ImpressionFormValues;
  errors: FieldErrors;
  rowValues: ReadonlyMap<string, { status: string; location: string }>;
  /** The print's plate states, to name the one each impression was pulled from. */
  plateStates: ReadonlyArray<{ id: string; numeral: string }>;
}) {
  const numeralOf = new Map(plateStates.map((s) => [s.id, s.numeral]));
  const proofs = impressions.filter((i) => i.kind !== 'numbered');
  const aps = impressions.filter((i) => i.kind === 'AP').length;
  const base = `${editorPath(printId)}/impressions`;
  return (
    <section id="impressions" aria-labelledby="impressions-heading" tabIndex={-1}>
      <h2 id="impressions-heading">Edition ledger</h2>
      <p class="edition-summary" data-edition-summary>
        {edition.size ? (
          <strong>{edition.text || `Edition of ${edition.size}`}</strong>
        ) : (
          <strong>No edition size set.</strong>
        )}{' '}
        {edition.size
          ? `${edition.recorded} of ${edition.size} numbered impressions recorded.`
          : 'Set the edition size above (and save) to record numbered impressions.'}{' '}
        {proofs.length
          ? `${proofs.length} ${proofs.length === 1 ? 'proof' : 'proofs'} recorded${
              edition.artistProofs ? ` (${aps} of ${edition.artistProofs} artist’s proofs)` : ''
            }.`
          : null}
      </p>
      {impressions.length ? (
        <div class="table-scroll">
          <table class="data-table impressions">
            <caption>Impressions</caption>
            <thead>
              <tr>
                <th scope="col">Impression</th>
                <th scope="col">State</th>
                <th scope="col">Printed</th>
                <th scope="col">Paper / ink</th>
                <th scope="col">Status</th>
                <th scope="col">Location</th>
                <th scope="col">Price</th>
                <th scope="col">Private notes</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {impressions.map((i) => {
                const formId = `imp-${i.id}`;
                const typed = rowValues.get(i.id);
                const statusName = `row.${i.id}.status`;
                const locationName = `row.${i.id}.location`;
                const describe = (name: string) => (errors[name] ? `${fieldId(name)}-error` : undefined);
                return (
                  <tr id={`impression-${i.id}`}>
                    <th scope="row">{i.label}</th>
                    <td>
                      {[
                        i.stateId && numeralOf.has(i.stateId) ? `State ${numeralOf.get(i.stateId)}` : null,
                        i.state,
                      ]
                        .filter(Boolean)
                        .join(' — ')}
                    </td>
                    <td>{i.printedOn ?? ''}</td>
                    <td>{[i.paper, i.ink].filter(Boolean).join(' / ')}</td>
                    <td>
                      <label class="visually-hidden" for={fieldId(statusName)}>
                        Status of {i.label}
                      </label>
                      <select
                        id={fieldId(statusName)}
                        name={statusName}
                        form={formId}
                        aria-invalid={errors[statusName] ? 'true' : undefined}
                        aria-describedby={describe(statusName)}
                      >
                        {IMPRESSION_STATUSES.map(([value, label]) => (
                          <option value={value} selected={(typed?.status ?? i.status) === value}>
                            {label}
                          </option>
                        ))}
                      </select>
                      {errors[statusName] ? (
                        <span class="field-error" id={`${fieldId(statusName)}-error`}>
                          {errors[statusName]}
                        </span>
                      ) : null}
                    </td>
                    <td>
                      <label class="visually-hidden" for={fieldId(locationName)}>
                        Location of {i.label}
                      </label>
                      <input
                        type="text"
                        id={fieldId(locationName)}
                        name={locationName}
                        form={formId}
                        value={typed?.location ?? i.location ?? ''}
                        autocomplete="off"
                        aria-invalid={errors[locationName] ? 'true' : undefined}
                        aria-describedby={describe(locationName)}
                      />
                      {errors[locationName] ? (
                        <span class="field-error" id={`${fieldId(locationName)}-error`}>
                          {errors[locationName]}
                        </span>
                      ) : null}
                    </td>
                    <td>
                      <Money price={i.price} />
                    </td>
                    <td class="prewrap">{i.notes ?? ''}</td>
                    <td>
                      <div class="actions actions--row">
                        <form id={formId} method="post" action={`${base}/${i.id}`}>
                          <CsrfField req={req} />
                          <input type="hidden" name="inline" value="1" />
                          <button type="submit" class="button--small">
                            Save<span class="visually-hidden"> {i.label}</span>
                          </button>
                        </form>
                        <a href={`${base}/${i.id}`}>
                          Edit<span class="visually-hidden"> all details of {i.label}</span>
                        </a>
                        <CertificateLinks printId={printId} impressionId={i.id} label={i.label} />
                        {i.status === 'available' || i.status === 'reserved' ? (
                          <a href={`/studio/sales/new?impression=${i.id}`}>
                            Record a sale<span class="visually-hidden"> of {i.label}</span>
                          </a>
                        ) : null}
                        <form
                          method="post"
                          action={`${base}/${i.id}/delete`}
                          data-confirm={`Delete impression ${i.label}? This cannot be undone.`}
                        >
                          <CsrfField req={req} />
                          <input type="hidden" name="confirmed" value="" data-confirmed />
                          <button type="submit" class="button--small button--danger">
                            Delete<span class="visually-hidden"> {i.label}</span>
                          </button>
                        </form>
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <p>No impressions recorded yet.</p>
      )}
      <form method="post" action={base} novalidate class="impression-add" id="impression-add">
        <CsrfField req={req} />
        <fieldset>
          <legend>
            <h3>Record an impression</h3>
          </legend>
          <ImpressionFields values={addValues} errors={errors} />
          <button type="submit">Add impression</button>
        </fieldset>
      </form>
    </section>
  );
}

export function ImpressionEditForm({
  req,
  printId,
  impression,
  values,
  errors,
  certificates = false,
}: {
  req: FastifyRequest;
  printId: string;
  impression: StoredImpression;
  values: ImpressionFormValues;
  errors: FieldErrors;
  /** Offer the certificate and a new verification code (decision 020). */
  certificates?: boolean;
}) {
  const base = `${editorPath(printId)}/impressions/${impression.id}`;
  return (
    <>
      <Problems errors={errors} />
      <form method="post" action={base} novalidate data-guard-changes>
        <CsrfField req={req} />
        <ImpressionFields values={values} errors={errors} />
        <div class="actions">
          <button type="submit">Save impression</button>
          <a href={`${editorPath(printId)}#impressions`}>Cancel</a>
        </div>
      </form>
      <form
        method="post"
        action={`${base}/delete`}
        data-confirm={`Delete impression ${impression.label}? This cannot be undone.`}
      >
        <CsrfField req={req} />
        <input type="hidden" name="confirmed" value="" data-confirmed />
        <button type="submit" class="button--danger">
          Delete impression {impression.label}
        </button>
      </form>
      {certificates ? (
        <section id="certificate" aria-labelledby="certificate-heading" tabIndex={-1}>
          <h2 id="certificate-heading">Certificate of authenticity</h2>
          <p>
            <CertificateLinks printId={printId} impressionId={impression.id} label={impression.label} />
          </p>
          <p>
            Lost or stolen certificate? A new verification code makes every certificate printed before it fail
            the check; print the certificate again afterwards.
          </p>
          <form method="post" action={`${base}/certificate-code`}>
            <CsrfField req={req} />
            <p>
              <input type="checkbox" id="certificate-understood" name="understood" value="1" required />{' '}
              <label for="certificate-understood">
                Certificates of {impression.label} printed so far will no longer verify
              </label>
            </p>
            <button type="submit" class="button--danger">
              Make a new verification code
            </button>
          </form>
        </section>
      ) : null}
    </>
  );
}

// ---------- deleting ----------

export function DeletePrintForm({ req, id, title }: { req: FastifyRequest; id: string; title: string }) {
  return (
    <section aria-labelledby="delete-heading">
      <h2 id="delete-heading">Delete</h2>
      <form
        method="post"
        action={`${editorPath(id)}/delete`}
        data-confirm={`Delete “${title}”? This removes its images.`}
      >
        <CsrfField req={req} />
        <input type="hidden" name="confirmed" value="" data-confirmed />
        <p>Deleting removes the print, its images, its edition ledger and its places in galleries.</p>
        <button type="submit" class="button--danger">
          Delete this print
        </button>
      </form>
    </section>
  );
}

export function ConfirmDelete({
  req,
  action,
  cancel,
  explanation,
  button,
}: {
  req: FastifyRequest;
  action: string;
  cancel: string;
  explanation: ComponentChildren;
  button: string;
}) {
  return (
    <>
      <p>{explanation}</p>
      <div class="actions">
        <form method="post" action={action}>
          <CsrfField req={req} />
          <input type="hidden" name="confirmed" value="1" />
          <button type="submit" class="button--danger">
            {button}
          </button>
        </form>
        <a href={cancel}>Cancel and keep it</a>
      </div>
    </>
  );
}
