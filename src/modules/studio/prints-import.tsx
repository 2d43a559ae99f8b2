// The inventory spreadsheet in the studio (issue 22): "Export CSV" (the whole inventory, one row per print) and
// /studio/prints/import — upload a CSV in the export's columns, see what it would do row by row (created,
// updated, unchanged, refused with the reason per column), then apply all of it in one transaction. The same
// service methods as the artist API (catalogue/inventory-service.ts).
//
// Works without JavaScript: the file goes up in a multipart form, read here into a plain object before the CSRF
// check looks for `_csrf`. The preview carries the file on to "Apply" in a hidden field (base64), and applying plans
// again inside its transaction: what is applied is what the preview said, unless the catalogue changed meanwhile
// (then the new plan is shown instead).
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf, requireArtist } from '../../platform/auth-context.js';
import { sendCsv } from '../../platform/csv/index.js';
import { AppError } from '../../platform/errors.js';
import { formatBytes } from '../../platform/format-bytes.js';
import type { ImportResult, ImportRowOut } from '../catalogue/index.js';
import { INVENTORY_COLUMNS, IMPORT_MAX_BYTES, IMPORT_MAX_ROWS } from '../catalogue/inventory-csv.js';
import type { StudioDeps } from './context.js';
import { ErrorSummary, fieldId, type FieldErrors } from './forms.js';
import { CsrfField, sendStudioPage } from './layout.js';

/** What the import form sends, read from multipart/form-data. */
interface ImportForm {
  _csrf?: string;
  intent?: string;
  /** The chosen file (preview). */
  file?: { name: string; bytes: Buffer };
  /** The previewed file, base64 (apply). */
  csv?: string;
}

/** The largest form read: the file, or the previewed file in base64 (4/3 of it), plus the other fields. */
const FORM_MAX_BYTES = Math.ceil((IMPORT_MAX_BYTES * 4) / 3) + 64 * 1024;
const MAX_LABEL = formatBytes(IMPORT_MAX_BYTES);

const ACTION_LABELS: Readonly<Record<ImportRowOut['action'], string>> = {
  create: 'New draft',
  update: 'Update',
  unchanged: 'Unchanged',
  refused: 'Refused',
};

const FIELD_LABELS = { file: 'Spreadsheet (CSV)' };

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

function summaryText(s: ImportResult['summary'], applied: boolean): string {
  const parts = applied
    ? [
        `${plural(s.create, 'print')} created as drafts`,
        `${plural(s.update, 'print')} updated`,
        `${plural(s.unchanged, 'row')} unchanged`,
      ]
    : [
        `${plural(s.create, 'new print')}`,
        `${plural(s.update, 'print')} to update`,
        `${plural(s.unchanged, 'row')} unchanged`,
        `${plural(s.refused, 'row')} refused`,
      ];
  return parts.join(', ');
}

function ColumnsHelp() {
  return (
    <details class="import-columns">
      <summary>The columns</summary>
      <p>
        The first row names the columns; any of them may be left out (a column that is not in the file leaves
        that field as it is, an empty cell clears it). Rows match your prints by <code>inventory_number</code>
        , else by <code>id</code>; other rows become new drafts.
      </p>
      <table class="data-table">
        <caption>Columns of the inventory spreadsheet</caption>
        <thead>
          <tr>
            <th scope="col">Column</th>
            <th scope="col">What it holds</th>
          </tr>
        </thead>
        <tbody>
          {INVENTORY_COLUMNS.map((c) => (
            <tr>
              <th scope="row">
                <code>{c.header}</code>
              </th>
              <td>{c.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function UploadForm({ req, errors }: { req: FastifyRequest; errors: FieldErrors }) {
  const id = fieldId('file');
  const error = errors.file;
  return (
    <form method="post" action="/studio/prints/import" enctype="multipart/form-data" novalidate>
      <CsrfField req={req} />
      <div class={error ? 'field field--error' : 'field'}>
        <label for={id}>Spreadsheet (CSV)</label>
        <span class="hint" id={`${id}-hint`}>
          A CSV file, comma- or semicolon-separated (as Excel saves it in Danish), at most {MAX_LABEL} and{' '}
          {IMPORT_MAX_ROWS.toLocaleString('en')} rows. Nothing changes until you apply it.
        </span>
        {error ? (
          <span class="field-error" id={`${id}-error`}>
            {error}
          </span>
        ) : null}
        <input
          id={id}
          type="file"
          name="file"
          accept=".csv,text/csv"
          aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
          aria-invalid={error ? 'true' : undefined}
        />
      </div>
      <div class="actions">
        <button type="submit" name="intent" value="preview">
          Check the file
        </button>
      </div>
    </form>
  );
}

function PlanTable({ result }: { result: ImportResult }) {
  return (
    <div class="table-scroll">
      <table class="data-table import-plan">
        <caption>
          {result.applied ? 'What the import did' : 'What the import would do'}:{' '}
          {summaryText(result.summary, result.applied)}
        </caption>
        <thead>
          <tr>
            <th scope="col">Row</th>
            <th scope="col">Action</th>
            <th scope="col">Inventory number</th>
            <th scope="col">Title</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {result.rows.map((r) => (
            <tr
              data-row={String(r.row)}
              data-action={r.action}
              class={r.action === 'refused' ? 'row--refused' : undefined}
            >
              <th scope="row">{r.row}</th>
              <td>{ACTION_LABELS[r.action]}</td>
              <td>{r.inventoryNumber ?? ''}</td>
              <td>
                {r.printId && r.action !== 'create' ? (
                  <a href={`/studio/prints/${r.printId}`}>{r.title || 'Untitled print'}</a>
                ) : (
                  r.title
                )}
              </td>
              <td>
                {r.reasons.length ? (
                  <ul class="import-reasons">
                    {r.reasons.map((reason) => (
                      <li>
                        <code>{reason.field}</code>: {reason.message}
                      </li>
                    ))}
                  </ul>
                ) : null}
                {r.changes.length ? (
                  <ul class="import-changes">
                    {r.changes.map((c) => (
                      <li>
                        <code>{c.field}</code>: {c.from === '' ? '(empty)' : c.from} →{' '}
                        {c.to === '' ? '(empty)' : c.to}
                      </li>
                    ))}
                  </ul>
                ) : null}
                {r.notes.map((n) => (
                  <p class="hint">{n}</p>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Preview({ req, result, file }: { req: FastifyRequest; result: ImportResult; file: Buffer }) {
  const s = result.summary;
  const toApply = s.create + s.update;
  return (
    <section aria-labelledby="preview-heading">
      <h2 id="preview-heading">Check before importing</h2>
      <p>
        Read as {result.encoding === 'utf-8' ? 'UTF-8' : 'Windows-1252 (not UTF-8)'},{' '}
        {result.delimiter === ';' ? 'semicolon' : result.delimiter === ',' ? 'comma' : 'tab'}-separated.
        {result.readOnlyColumns.length
          ? ` The columns ${result.readOnlyColumns.join(', ')} are shown in the export but never changed by an import.`
          : ''}
      </p>
      {s.refused ? (
        <div class="error-summary" role="alert" tabIndex={-1} aria-labelledby="refused-title">
          <h2 id="refused-title">
            {plural(s.refused, 'row is', 'rows are')} refused, so nothing can be imported yet
          </h2>
          <p>Fix the rows marked “Refused” in the spreadsheet and upload it again.</p>
        </div>
      ) : null}
      <PlanTable result={result} />
      {s.refused === 0 && toApply > 0 ? (
        <form method="post" action="/studio/prints/import" enctype="multipart/form-data">
          <CsrfField req={req} />
          <input type="hidden" name="csv" value={file.toString('base64')} />
          <div class="actions">
            <button type="submit" name="intent" value="apply">
              Apply:{' '}
              {[
                s.create ? `create ${plural(s.create, 'draft')}` : '',
                s.update ? `update ${plural(s.update, 'print')}` : '',
              ]
                .filter(Boolean)
                .join(' and ')}
            </button>
            <a href="/studio/prints/import">Cancel</a>
          </div>
        </form>
      ) : s.refused === 0 ? (
        <p>Nothing to change: every row already matches your catalogue.</p>
      ) : null}
    </section>
  );
}

/** The form's parts as a plain object (strings and the one file), or undefined when it is not one. */
async function readForm(req: FastifyRequest, body: Buffer): Promise<ImportForm> {
  const type = req.headers['content-type'] ?? '';
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(body), { headers: { 'content-type': type } }).formData();
  } catch {
    throw new AppError('BAD_REQUEST', 'The form could not be read. Choose the file and try again.');
  }
  const out: ImportForm = {};
  for (const [name, value] of form) {
    if (typeof value === 'string') {
      if (name === '_csrf' || name === 'intent' || name === 'csv') out[name] = value;
    } else if (name === 'file' && value.size > 0) {
      out.file = { name: value.name, bytes: Buffer.from(await value.arrayBuffer()) };
    }
  }
  return out;
}

function fileErrors(error: unknown): FieldErrors | undefined {
  if (!(error instanceof AppError) || error.status >= 500 || error.details?.field !== 'file')
    return undefined;
  const text = error.message.replace(/^file: /, '');
  return { file: text.charAt(0).toUpperCase() + text.slice(1) };
}

export const printImportPages: FastifyPluginAsync<StudioDeps> = async (app, deps) => {
  // This plugin's own routes only: the import form, read whole (its size capped) before the CSRF check.
  app.addContentTypeParser(
    'multipart/form-data',
    { parseAs: 'buffer', bodyLimit: FORM_MAX_BYTES },
    async (req: FastifyRequest, body: Buffer) => readForm(req, body),
  );

  app.get('/studio/prints/export.csv', { schema: { hide: true } }, async (req, reply) => {
    requireArtist(req);
    return sendCsv(reply, await deps.catalogue.inventory.exportCsv(actorOf(req)));
  });

  const page = (
    req: FastifyRequest,
    reply: FastifyReply,
    content: { errors?: FieldErrors; result?: ImportResult; file?: Buffer; status?: number; notice?: string },
  ) => {
    const errors = content.errors ?? {};
    return sendStudioPage(req, reply, deps, {
      title: content.result?.applied ? 'Spreadsheet imported' : 'Import prints from a spreadsheet',
      breadcrumbs: [
        ['/studio/prints', 'Prints'],
        [null, 'Import'],
      ],
      status: content.status ?? 200,
      ...(content.notice ? { notice: content.notice } : {}),
      body: (
        <>
          <ErrorSummary errors={errors} labels={FIELD_LABELS} />
          {content.result?.applied ? (
            <section aria-labelledby="result-heading">
              <h2 id="result-heading">{summaryText(content.result.summary, true)}</h2>
              <p>
                New prints are drafts: add their images and publish them from{' '}
                <a href="/studio/prints">Prints</a>.
              </p>
              <PlanTable result={content.result} />
            </section>
          ) : content.result && content.file ? (
            <Preview req={req} result={content.result} file={content.file} />
          ) : (
            <p>
              Update many prints at once, or add new ones, from a spreadsheet. Start from{' '}
              <a href="/studio/prints/export.csv">your inventory as CSV</a> (every column, one row per print),
              change it in your spreadsheet program, save it as CSV and upload it here.
            </p>
          )}
          {content.result?.applied ? null : (
            <section aria-labelledby="upload-heading">
              <h2 id="upload-heading">{content.result ? 'Upload another file' : 'Upload the file'}</h2>
              <UploadForm req={req} errors={errors} />
              <ColumnsHelp />
            </section>
          )}
        </>
      ),
    });
  };

  app.get('/studio/prints/import', { schema: { hide: true } }, async (req, reply) => {
    requireArtist(req);
    return page(req, reply, {});
  });

  app.post('/studio/prints/import', { schema: { hide: true } }, async (req, reply) => {
    requireArtist(req);
    const actor = actorOf(req);
    const form = (req.body && typeof req.body === 'object' ? req.body : {}) as ImportForm;
    if (form.intent === 'apply' && typeof form.csv === 'string') {
      const file = Buffer.from(form.csv, 'base64');
      try {
        const result = await deps.catalogue.inventory.import(actor, file, { dryRun: false });
        return page(req, reply, { result });
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'UNPROCESSABLE') {
          const errors = fileErrors(error);
          if (!errors) throw error;
          return page(req, reply, { errors, status: 422 });
        }
        // The catalogue changed since the preview: show the plan as it is now.
        const result = await deps.catalogue.inventory.import(actor, file, { dryRun: true });
        return page(req, reply, {
          result,
          file,
          status: 409,
          notice:
            'Nothing was imported: your prints changed since the check. Here is what the file would do now.',
        });
      }
    }
    if (!form.file) {
      return page(req, reply, { errors: { file: 'Choose a CSV file to upload' }, status: 422 });
    }
    try {
      const result = await deps.catalogue.inventory.import(actor, form.file.bytes, { dryRun: true });
      return page(req, reply, { result, file: form.file.bytes, status: result.summary.refused ? 422 : 200 });
    } catch (error) {
      const errors = fileErrors(error);
      if (!errors) throw error;
      return page(req, reply, { errors, status: 422 });
    }
  });
};
