// The inventory as a spreadsheet (issue 22): the columns the export writes, and reading a spreadsheet back — the
// file (UTF-8 with or without a byte-order mark, or Windows-1252 as older Danish Excel saves it; comma-, semicolon-
// or tab-separated), each row's cells as print values, and the plan of what an import would do: create, update
// (matched by inventory number, else by id), leave unchanged, or refuse (with the row and the reason per column).
// Pure: no SQL, no fastify. The service loads the catalogue's state and writes the plan (inventory-service.ts).
import { parse } from 'csv-parse/sync';
import { toCsv, type CsvColumn } from '../../platform/csv/index.js';
import type { Localized, PrintRow, PrintUpdate } from '../../platform/db/schema.js';
import { AppError, BadRequestError } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import { slugify } from './kit.js';
import { findTerm, type VocabTerm } from './localize.js';
import { missingForPublication } from './presenters.js';
import { isPublishedStatus } from './policy.js';
import { INVENTORY_NUMBER_MAX, LIMITS } from './schemas.js';

/** The largest file an import reads, and the most rows. */
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 5000;

/** One print as the export writes it (and as the import compares against). */
export interface InventoryRecord {
  id: string;
  inventoryNumber: string | null;
  title: Localized;
  year: number | null;
  technique: string | null;
  plateMaterial: string | null;
  plateHeightMm: number | null;
  plateWidthMm: number | null;
  sheetHeightMm: number | null;
  sheetWidthMm: number | null;
  paper: Localized;
  editionSize: number | null;
  artistProofs: number | null;
  price: string | number | null;
  currency: string | null;
  availability: string | null;
  status: string;
  galleries: readonly string[];
  tags: ReadonlyArray<{ slug: string; label: Localized }>;
  imageFileName: string | null;
}

/** What separates several values in one cell (galleries, tags). */
export const LIST_SEPARATOR = ';';

const list = (values: readonly string[]) => values.join(`${LIST_SEPARATOR} `);
const amount = (v: string | number | null) => (v === null ? null : String(Number(v)));

/** The columns, in the export's order; `readOnly` ones are written by the export and never change a print. */
export const INVENTORY_COLUMNS: ReadonlyArray<
  CsvColumn<InventoryRecord> & { readonly description: string; readonly readOnly?: boolean }
> = [
  { header: 'id', value: (r) => r.id, description: 'The print’s id (empty for a new print)' },
  {
    header: 'inventory_number',
    value: (r) => r.inventoryNumber,
    description: `Your own inventory number (at most ${INVENTORY_NUMBER_MAX} characters, unique among your prints)`,
  },
  { header: 'title_da', value: (r) => r.title.da, description: 'Title in Danish' },
  { header: 'title_en', value: (r) => r.title.en, description: 'Title in English' },
  { header: 'year', value: (r) => r.year, description: 'Year, 1400–2200' },
  {
    header: 'technique',
    value: (r) => r.technique,
    description: 'Technique: a vocabulary key (e.g. etching) or its Danish or English name',
  },
  {
    header: 'plate_material',
    value: (r) => r.plateMaterial,
    description: 'Plate material: a vocabulary key (e.g. copper) or its name',
  },
  { header: 'plate_height_mm', value: (r) => r.plateHeightMm, description: 'Plate height in mm' },
  { header: 'plate_width_mm', value: (r) => r.plateWidthMm, description: 'Plate width in mm' },
  { header: 'sheet_height_mm', value: (r) => r.sheetHeightMm, description: 'Sheet height in mm' },
  { header: 'sheet_width_mm', value: (r) => r.sheetWidthMm, description: 'Sheet width in mm' },
  { header: 'paper_da', value: (r) => r.paper.da, description: 'Paper in Danish' },
  { header: 'paper_en', value: (r) => r.paper.en, description: 'Paper in English' },
  { header: 'edition_size', value: (r) => r.editionSize, description: 'Edition size (whole number)' },
  { header: 'artist_proofs', value: (r) => r.artistProofs, description: 'Artist’s proofs (whole number)' },
  {
    header: 'price',
    value: (r) => amount(r.price),
    description: 'Price, e.g. 2400 or 2400.50 (2400,50 is read too)',
  },
  {
    header: 'currency',
    value: (r) => r.currency,
    description: 'Three-letter currency code, e.g. DKK (DKK when a price has none)',
  },
  {
    header: 'availability',
    value: (r) => r.availability,
    description: 'Availability: a vocabulary key (e.g. available) or its name',
  },
  {
    header: 'status',
    value: (r) => r.status,
    readOnly: true,
    description: 'draft or published (not changed by an import: imported prints are drafts)',
  },
  {
    header: 'galleries',
    value: (r) => list(r.galleries),
    readOnly: true,
    description: 'The galleries the print is in (not changed by an import)',
  },
  {
    header: 'tags_da',
    value: (r) => list(r.tags.map((t) => t.label.da ?? '')),
    description: 'Tags in Danish, separated by “;” (the n-th goes with the n-th English tag)',
  },
  {
    header: 'tags_en',
    value: (r) => list(r.tags.map((t) => t.label.en ?? '')),
    description: 'Tags in English, separated by “;”',
  },
  {
    header: 'image_file_name',
    value: (r) => r.imageFileName,
    description:
      'The file name of the print’s image as uploaded; for a print without an image, the name of the file to ' +
      'upload for it (a later bulk upload of a file with that name adds it to this print)',
  },
];

export const COLUMN_NAMES: readonly string[] = INVENTORY_COLUMNS.map((c) => c.header);
const READ_ONLY = new Set(INVENTORY_COLUMNS.filter((c) => c.readOnly).map((c) => c.header));

/** The whole export: BOM, header row, one row per print (RFC 4180, formula-guarded cells). */
export function inventoryCsv(records: Iterable<InventoryRecord>): string {
  return toCsv(INVENTORY_COLUMNS, records);
}

// ---------- reading the file ----------

export interface ParsedFile {
  delimiter: ',' | ';' | '\t';
  encoding: 'utf-8' | 'windows-1252';
  /** Known column names present in the file, in the file's order. */
  columns: string[];
  /** Data rows; `row` is the spreadsheet's row number (the header is row 1). */
  rows: Array<{ row: number; cells: Record<string, string>; cellCount: number }>;
}

function fileError(message: string, code: 'BAD_REQUEST' | 'PAYLOAD_TOO_LARGE' = 'BAD_REQUEST'): AppError {
  return code === 'BAD_REQUEST'
    ? new BadRequestError(`file: ${message}`, { field: 'file' })
    : new AppError(code, `file: ${message}`, { field: 'file' });
}

function decode(bytes: Uint8Array): { text: string; encoding: ParsedFile['encoding'] } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // Not UTF-8: older Excel versions save "CSV (semicolon separated)" in the Windows code page.
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
}

/** The header's separator: the most frequent of ; , and tab outside quotes on the first line. */
function detectDelimiter(text: string): ParsedFile['delimiter'] {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch] += 1;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[',']) return '\t';
  return ',';
}

/** A column name as people write it: case, spaces and hyphens do not matter. */
export function normalizeHeader(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/** Reads a spreadsheet file; what cannot be read at all is a 400 (413 when too large) naming the problem. */
export function readInventoryFile(input: Uint8Array | string): ParsedFile {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  if (bytes.byteLength > IMPORT_MAX_BYTES) {
    throw fileError(
      `the file is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MB; split it into smaller files`,
      'PAYLOAD_TOO_LARGE',
    );
  }
  const decoded = decode(bytes);
  const encoding = decoded.encoding;
  const text = decoded.text.charCodeAt(0) === 0xfeff ? decoded.text.slice(1) : decoded.text;
  if (text.includes('\u0000')) throw fileError('the file is not a text (CSV) file');
  if (text.trim() === '') throw fileError('the file is empty');
  const delimiter = detectDelimiter(text);
  let records: string[][];
  try {
    records = parse(text, {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: false,
      max_record_size: 256 * 1024,
      to: IMPORT_MAX_ROWS + 2,
    }) as string[][];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw fileError(`cannot read the file as CSV: ${message}`);
  }
  const [header, ...data] = records;
  if (!header) throw fileError('the file is empty');
  const columns = header.map(normalizeHeader);
  const unknown = columns.filter((c) => !COLUMN_NAMES.includes(c));
  if (unknown.length) {
    throw fileError(
      `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((c) => `“${c}”`).join(', ')} in row 1; ` +
        `the columns are: ${COLUMN_NAMES.join(', ')}`,
    );
  }
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c)) throw fileError(`the column “${c}” appears twice in row 1`);
    seen.add(c);
  }
  const rows: ParsedFile['rows'] = [];
  data.forEach((cells, i) => {
    // A blank line (or a row of empty cells, as spreadsheets write them) is skipped, but still counted.
    if (cells.every((c) => c.trim() === '')) return;
    rows.push({
      row: i + 2,
      cellCount: cells.length,
      cells: Object.fromEntries(columns.map((c, j) => [c, unguard(cells[j] ?? '')])),
    });
  });
  if (rows.length > IMPORT_MAX_ROWS) {
    throw fileError(
      `the file has more than ${IMPORT_MAX_ROWS.toLocaleString('en')} rows; split it into smaller files`,
      'PAYLOAD_TOO_LARGE',
    );
  }
  return { delimiter, encoding, columns, rows };
}

/** Undoes the export's formula guard: a leading apostrophe before = + - @ is dropped. */
function unguard(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

// ---------- the plan ----------

export type { VocabTerm };

export interface CurrentPrint {
  row: PrintRow;
  tags: ReadonlyArray<{ slug: string; label: Localized }>;
  galleries: readonly string[];
  /** Numbered impressions and artist's proofs recorded in the ledger (count and highest number). */
  ledger: ReadonlyArray<{ kind: 'numbered' | 'AP'; n: number; max: number | null }>;
  /** The print's current image has processed versions (the publishing gate). */
  imageShown: boolean;
  /** Alt texts of the print's additional images (the gate asks for both languages). */
  additionalImages?: ReadonlyArray<{ id: string; alt_text: Localized }>;
  /** The file name the print's image was uploaded as (null: no image, or no name). */
  fileName: string | null;
}

/** What an import compares the file with: the artist's prints and vocabulary, as one transaction sees them. */
export interface CatalogueState {
  prints: ReadonlyMap<string, CurrentPrint>;
  byInventoryNumber: ReadonlyMap<string, string>;
  /** Prints waiting for an image, by the file name's lower case. */
  byAwaitedImage: ReadonlyMap<string, string>;
  vocabulary: Readonly<Record<'technique' | 'plate_material' | 'availability', readonly VocabTerm[]>>;
}

export interface RowIssue {
  /** The column the issue is about (the file's column name), or "row". */
  field: string;
  message: string;
}

export interface PlannedRow {
  row: number;
  action: 'create' | 'update' | 'unchanged' | 'refused';
  printId: string | null;
  inventoryNumber: string | null;
  title: string;
  changes: Array<{ field: string; from: string; to: string }>;
  reasons: RowIssue[];
  notes: string[];
  /** Column values to write (create: all given; update: the changed ones). */
  values: PrintUpdate;
  /** The print's tags to set, when they change. */
  tags: Array<{ slug: string; label: Localized }> | undefined;
}

export interface ImportPlan {
  rows: PlannedRow[];
  summary: { create: number; update: number; unchanged: number; refused: number };
  delimiter: ParsedFile['delimiter'];
  encoding: ParsedFile['encoding'];
  columns: string[];
}

const LOCALIZED_CELLS = {
  title: { column: 'title', max: LIMITS.short },
  paper: { column: 'paper', max: LIMITS.short },
} as const;

const INTEGER_CELLS = {
  year: { column: 'year', min: 1400, max: 2200, example: '2024' },
  plate_height_mm: { column: 'plate_height_mm', min: 1, max: 100_000, example: '300' },
  plate_width_mm: { column: 'plate_width_mm', min: 1, max: 100_000, example: '400' },
  sheet_height_mm: { column: 'sheet_height_mm', min: 1, max: 100_000, example: '380' },
  sheet_width_mm: { column: 'sheet_width_mm', min: 1, max: 100_000, example: '500' },
  edition_size: { column: 'edition_size', min: 0, max: 100_000, example: '25' },
  artist_proofs: { column: 'artist_proofs', min: 0, max: 10_000, example: '3' },
} as const;

const TERM_CELLS = {
  technique: { column: 'technique_key', kind: 'technique' },
  plate_material: { column: 'plate_material_key', kind: 'plate_material' },
  availability: { column: 'availability_key', kind: 'availability' },
} as const;

/** A whole number as typed in a spreadsheet (spaces as thousands separators allowed). */
function readInteger(cell: string): number | null | 'bad' {
  const v = cell.replace(/[\s\u00a0\u202f]/g, '');
  if (v === '') return null;
  if (!/^\d+$/.test(v)) return 'bad';
  return Number(v);
}

/** A price: 2400, 2400.5, 2400,50, 2 400,50, 2.400,50 or 2,400.50; at most two decimals. */
export function readPrice(cell: string): number | null | 'bad' {
  let v = cell.replace(/[\s\u00a0\u202f]/g, '');
  if (v === '') return null;
  if (/^\d{1,3}(\.\d{3})+(,\d{1,2})?$/.test(v)) v = v.replace(/\./g, '').replace(',', '.');
  else if (/^\d{1,3}(,\d{3})+(\.\d{1,2})?$/.test(v)) v = v.replace(/,/g, '');
  else if (/^\d+,\d{1,2}$/.test(v)) v = v.replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(v)) return 'bad';
  const n = Number(v);
  return n <= 9_999_999_999 ? n : 'bad';
}

/** Tag pairs from the two tag cells: the n-th Danish tag goes with the n-th English one. */
function readTags(
  da: string | undefined,
  en: string | undefined,
  issues: RowIssue[],
): Array<{ slug: string; label: Localized }> {
  const split = (cell: string | undefined) => (cell ?? '').split(LIST_SEPARATOR).map((s) => s.trim());
  const das = split(da);
  const ens = split(en);
  const bySlug = new Map<string, Localized>();
  for (let i = 0; i < Math.max(das.length, ens.length); i++) {
    const label: Localized = {};
    if (das[i]) label.da = das[i];
    if (ens[i]) label.en = ens[i];
    if (!label.da && !label.en) continue;
    const longest = Math.max(label.da?.length ?? 0, label.en?.length ?? 0);
    const field = en !== undefined ? 'tags_en' : 'tags_da';
    if (longest > 60) {
      issues.push({ field, message: `the tag “${label.en ?? label.da}” is longer than 60 characters` });
      continue;
    }
    const slug = slugify(label.en ?? label.da ?? '');
    if (!slug) {
      issues.push({ field, message: `the tag “${label.en ?? label.da}” has no letters or digits` });
      continue;
    }
    if (!bySlug.has(slug)) bySlug.set(slug, label);
  }
  if (bySlug.size > 50) issues.push({ field: 'tags_en', message: 'keep to 50 tags or fewer' });
  return [...bySlug].map(([slug, label]) => ({ slug, label }));
}

/** What a row sets, column by column (only the file's columns), and what is wrong with its cells. */
interface RowValues {
  /** Decoded values by prints column (localized as objects of the languages given). */
  localized: Partial<Record<'title' | 'paper', { da?: string | null; en?: string | null }>>;
  scalar: Partial<Record<string, string | number | null>>;
  tags: Array<{ slug: string; label: Localized }> | undefined;
  issues: RowIssue[];
}

function readRowValues(cells: Record<string, string>, state: CatalogueState): RowValues {
  const issues: RowIssue[] = [];
  const out: RowValues = { localized: {}, scalar: {}, tags: undefined, issues };
  const has = (c: string) => Object.hasOwn(cells, c);
  const text = (c: string) => (cells[c] ?? '').trim();
  if (has('inventory_number')) {
    const v = text('inventory_number');
    if (v.length > INVENTORY_NUMBER_MAX) {
      issues.push({
        field: 'inventory_number',
        message: `is longer than ${INVENTORY_NUMBER_MAX} characters`,
      });
    } else out.scalar.inventory_number = v === '' ? null : v;
  }
  for (const [base, spec] of Object.entries(LOCALIZED_CELLS) as Array<
    [keyof typeof LOCALIZED_CELLS, (typeof LOCALIZED_CELLS)[keyof typeof LOCALIZED_CELLS]]
  >) {
    for (const lang of ['da', 'en'] as const) {
      const c = `${base}_${lang}`;
      if (!has(c)) continue;
      const v = text(c);
      if (v.length > spec.max) {
        issues.push({ field: c, message: `is longer than ${spec.max} characters` });
        continue;
      }
      out.localized[spec.column] = { ...out.localized[spec.column], [lang]: v === '' ? null : v };
    }
  }
  for (const [c, spec] of Object.entries(INTEGER_CELLS)) {
    if (!has(c)) continue;
    const n = readInteger(cells[c] ?? '');
    if (n === 'bad' || (n !== null && (n < spec.min || n > spec.max))) {
      issues.push({
        field: c,
        message: `“${text(c)}” is not a whole number from ${spec.min} to ${spec.max >= 10_000 ? spec.max.toLocaleString('en') : spec.max} (e.g. ${spec.example})`,
      });
    } else out.scalar[spec.column] = n;
  }
  for (const [c, spec] of Object.entries(TERM_CELLS) as Array<
    [keyof typeof TERM_CELLS, (typeof TERM_CELLS)[keyof typeof TERM_CELLS]]
  >) {
    if (!has(c)) continue;
    const v = text(c);
    if (v === '') {
      out.scalar[spec.column] = null;
      continue;
    }
    const terms = state.vocabulary[spec.kind];
    const found = findTerm(terms, v);
    if (found) out.scalar[spec.column] = found.key;
    else {
      issues.push({
        field: c,
        message: `unknown ${c.replace('_', ' ')} “${v}”; known: ${terms.map((t) => t.key).join(', ')}`,
      });
    }
  }
  if (has('price')) {
    const p = readPrice(cells.price ?? '');
    if (p === 'bad') {
      issues.push({ field: 'price', message: `“${text('price')}” is not a price (e.g. 2400 or 2400.50)` });
    } else out.scalar.price_amount = p;
  }
  if (has('currency')) {
    const v = text('currency').toUpperCase();
    if (v !== '' && !/^[A-Z]{3}$/.test(v)) {
      issues.push({
        field: 'currency',
        message: `“${text('currency')}” is not a three-letter code like DKK`,
      });
    } else out.scalar.price_currency = v === '' ? null : v;
  }
  if (has('image_file_name')) {
    // A path as some programs write it (C:\fakepath\plate.jpg) counts by its last part.
    const v = text('image_file_name').split(/[\\/]/).pop()!.trim();
    if (v.length > 255) issues.push({ field: 'image_file_name', message: 'is longer than 255 characters' });
    else out.scalar.awaited_image_name = v === '' ? null : v;
  }
  if (has('tags_da') || has('tags_en')) {
    out.tags = readTags(
      has('tags_da') ? cells.tags_da : undefined,
      has('tags_en') ? cells.tags_en : undefined,
      issues,
    );
  }
  return out;
}

const shown = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/** The row's values merged over the current print (create: over an empty draft), and what changes. */
function merge(
  current: CurrentPrint | undefined,
  values: RowValues,
): { merged: PrintRow; update: PrintUpdate; changes: PlannedRow['changes']; tagsChanged: boolean } {
  const base = (current?.row ?? {
    title: {},
    paper: {},
    status: 'draft',
    price_amount: null,
    price_currency: null,
  }) as PrintRow;
  const merged = { ...base } as PrintRow & Record<string, unknown>;
  const update: Record<string, unknown> = {};
  const changes: PlannedRow['changes'] = [];
  for (const [column, langs] of Object.entries(values.localized) as Array<
    ['title' | 'paper', { da?: string | null; en?: string | null }]
  >) {
    const before: Localized = base[column] ?? {};
    const after: Localized = { ...before };
    for (const lang of ['da', 'en'] as const) {
      if (!(lang in langs)) continue;
      const v = langs[lang];
      if (v) after[lang] = v;
      else delete after[lang];
      if ((before[lang] ?? '') !== (after[lang] ?? '')) {
        changes.push({ field: `${column}_${lang}`, from: before[lang] ?? '', to: after[lang] ?? '' });
      }
    }
    merged[column] = after;
    if ((before.da ?? '') !== (after.da ?? '') || (before.en ?? '') !== (after.en ?? '') || !current) {
      update[column] = JSON.stringify(after);
    }
  }
  const scalar = { ...values.scalar };
  // A price without a currency keeps the print's currency, else the studio's default.
  if (scalar.price_amount !== undefined && scalar.price_amount !== null) {
    if (scalar.price_currency === undefined || scalar.price_currency === null) {
      scalar.price_currency = base.price_currency ?? 'DKK';
    }
  }
  for (const [column, value] of Object.entries(scalar)) {
    const before = (base as unknown as Record<string, unknown>)[column] ?? null;
    const same =
      column === 'price_amount' ? (before === null ? null : Number(before)) === value : before === value;
    merged[column] = value;
    if (!same || !current) {
      if (value !== null || current) update[column] = value;
      if (!same) {
        changes.push({
          field:
            column === 'price_amount'
              ? 'price'
              : column === 'price_currency'
                ? 'currency'
                : column === 'awaited_image_name'
                  ? 'image_file_name'
                  : column.replace(/_key$/, ''),
          from: column === 'price_amount' && before !== null ? String(Number(before)) : shown(before),
          to: shown(value),
        });
      }
    }
  }
  let tagsChanged = false;
  if (values.tags) {
    const before = (current?.tags ?? []).map((t) => t.slug).sort();
    const after = values.tags.map((t) => t.slug).sort();
    tagsChanged = before.join('\n') !== after.join('\n');
    if (tagsChanged) {
      changes.push({
        field: 'tags',
        from: (current?.tags ?? []).map((t) => t.label.en ?? t.label.da ?? t.slug).join(`${LIST_SEPARATOR} `),
        to: values.tags.map((t) => t.label.en ?? t.label.da ?? t.slug).join(`${LIST_SEPARATOR} `),
      });
    }
  }
  return { merged, update: update as PrintUpdate, changes, tagsChanged };
}

/** The rules that span fields and tables, on the merged print (the service's #check, without the database). */
function crossChecks(merged: PrintRow, current: CurrentPrint | undefined, issues: RowIssue[]) {
  if (merged.price_amount !== null && merged.price_currency === null) {
    issues.push({ field: 'currency', message: 'a price needs a currency' });
  }
  if (!current) return;
  const numbered = current.ledger.find((r) => r.kind === 'numbered');
  if (
    numbered &&
    (merged.edition_size === null || merged.edition_size < Math.max(numbered.n, numbered.max ?? 0))
  ) {
    issues.push({
      field: 'edition_size',
      message: `${numbered.n} numbered impressions are recorded (highest number ${numbered.max}); the edition size cannot be ${merged.edition_size ?? 'empty'}`,
    });
  }
  const ap = current.ledger.find((r) => r.kind === 'AP');
  if (ap && merged.artist_proofs !== null && merged.artist_proofs < Math.max(ap.n, ap.max ?? 0)) {
    issues.push({
      field: 'artist_proofs',
      message: `${ap.n} artist’s proofs are recorded (highest number ${ap.max}); there cannot be ${merged.artist_proofs}`,
    });
  }
  if (isPublishedStatus(current.row.status)) {
    const missing = missingForPublication(merged, current.imageShown, current.additionalImages);
    const before = new Set(missingForPublication(current.row, current.imageShown, current.additionalImages));
    const lost = missing.filter((m) => !before.has(m));
    if (lost.length) {
      issues.push({
        field: lost[0]!.startsWith('title') ? `title_${lost[0]!.slice(-3, -1)}` : lost[0]!.split(' ')[0]!,
        message: `the print is published and needs ${lost.join(', ')}; unpublish it first to clear this`,
      });
    }
  }
}

const titleOf = (t: Localized | undefined) => t?.en ?? t?.da ?? '';

/**
 * image_file_name: for a print without an image, the name of the file a later bulk upload attaches to it — one
 * print per name (in the file and among the artist's prints). A print that has an image keeps it (a note says so).
 */
function imageName(
  row: number,
  cell: string | undefined,
  current: CurrentPrint | undefined,
  values: RowValues,
  byImage: ReadonlyMap<string, number[]>,
  state: CatalogueState,
  reasons: RowIssue[],
  notes: string[],
) {
  const raw = values.scalar.awaited_image_name;
  if (raw === undefined) return;
  const name = raw === null ? null : String(raw);
  if (current && (current.row.image_id !== null || current.row.image_status !== 'none')) {
    delete values.scalar.awaited_image_name;
    if (name && name.toLowerCase() !== (current.fileName ?? '').toLowerCase()) {
      notes.push(
        'Already has an image: image_file_name is not changed (replace the image in the print editor).',
      );
    }
    return;
  }
  if (!name) return;
  const lower = name.toLowerCase();
  const others = (byImage.get(cell?.trim().toLowerCase() ?? '') ?? []).filter((x) => x !== row);
  if (others.length) {
    reasons.push({ field: 'image_file_name', message: `“${name}” is also on row ${others.join(', ')}` });
    return;
  }
  const waiting = state.byAwaitedImage.get(lower);
  if (waiting && waiting !== current?.row.id) {
    const other = state.prints.get(waiting);
    reasons.push({
      field: 'image_file_name',
      message: `another print (“${titleOf(other?.row.title)}”) already waits for an image named “${name}”`,
    });
  }
}

/** What importing the file would do, row by row (the same answer for a dry run and for the run that applies it). */
export function planImport(file: ParsedFile, state: CatalogueState): ImportPlan {
  const expected = file.columns.length;
  // Which rows share an inventory number or an id (each such row is refused: which one is right is the artist's call).
  const byNumber = new Map<string, number[]>();
  const byId = new Map<string, number[]>();
  const byImage = new Map<string, number[]>();
  for (const r of file.rows) {
    const image = r.cells.image_file_name?.trim().toLowerCase();
    if (image) byImage.set(image, [...(byImage.get(image) ?? []), r.row]);
    const n = r.cells.inventory_number?.trim();
    if (n) byNumber.set(n, [...(byNumber.get(n) ?? []), r.row]);
    const id = r.cells.id?.trim().toLowerCase();
    if (id) byId.set(id, [...(byId.get(id) ?? []), r.row]);
  }
  const targeted = new Map<string, number>();
  const rows: PlannedRow[] = file.rows.map((r) => {
    const values = readRowValues(r.cells, state);
    const reasons = values.issues;
    const notes: string[] = [];
    if (r.cellCount !== expected) {
      reasons.unshift({
        field: 'row',
        message: `has ${r.cellCount} cells but the header has ${expected}; check for a missing or extra separator`,
      });
    }
    const idCell = r.cells.id?.trim().toLowerCase() ?? '';
    const number = r.cells.inventory_number?.trim() ?? '';
    if (number && (byNumber.get(number)?.length ?? 0) > 1) {
      const others = byNumber.get(number)!.filter((x) => x !== r.row);
      reasons.push({
        field: 'inventory_number',
        message: `“${number}” is also on row ${others.join(', ')}; each inventory number belongs to one print`,
      });
    }
    if (idCell && (byId.get(idCell)?.length ?? 0) > 1) {
      const others = byId.get(idCell)!.filter((x) => x !== r.row);
      reasons.push({ field: 'id', message: `the same id is also on row ${others.join(', ')}` });
    }
    // Matching: by inventory number, else by id. An id that is not one of the artist's prints is refused
    // (another artist's print looks exactly like one that does not exist).
    let current: CurrentPrint | undefined;
    const numberOwner = number ? state.byInventoryNumber.get(number) : undefined;
    if (idCell && !isUuid(idCell)) {
      reasons.push({
        field: 'id',
        message: `“${r.cells.id?.trim()}” is not a print id; leave it empty for a new print`,
      });
    } else if (idCell) {
      current = state.prints.get(idCell);
      if (!current) {
        reasons.push({
          field: 'id',
          message: 'no print of yours has this id; leave the id empty to create a new print',
        });
      } else if (numberOwner && numberOwner !== idCell) {
        const other = state.prints.get(numberOwner);
        reasons.push({
          field: 'inventory_number',
          message: `“${number}” is the inventory number of another print (“${titleOf(other?.row.title)}”, id ${numberOwner})`,
        });
      }
    } else if (numberOwner) current = state.prints.get(numberOwner);
    if (current) {
      const first = targeted.get(current.row.id);
      if (first !== undefined) {
        reasons.push({ field: 'row', message: `row ${first} already changes this print` });
      } else targeted.set(current.row.id, r.row);
    }
    imageName(r.row, r.cells.image_file_name, current, values, byImage, state, reasons, notes);
    const { merged, update, changes, tagsChanged } = merge(current, values);
    if (!current && !merged.title.da && !merged.title.en) {
      reasons.push({ field: 'title_en', message: 'a new print needs a title, in Danish or English' });
    }
    crossChecks(merged, current, reasons);
    const status = r.cells.status?.trim().toLowerCase();
    if (status && isPublishedStatus(status) && !isPublishedStatus(current?.row.status ?? 'draft')) {
      notes.push('Stays a draft: an import never publishes. Publish it in the print editor.');
    }
    if (current && Object.hasOwn(r.cells, 'galleries')) {
      const listed = (r.cells.galleries ?? '')
        .split(LIST_SEPARATOR)
        .map((g) => g.trim())
        .filter(Boolean)
        .sort();
      if (listed.join('\n') !== [...current.galleries].sort().join('\n')) {
        notes.push('Gallery membership is not changed by an import; use the gallery pages.');
      }
    }
    const action: PlannedRow['action'] = reasons.length
      ? 'refused'
      : !current
        ? 'create'
        : changes.length
          ? 'update'
          : 'unchanged';
    return {
      row: r.row,
      action,
      printId: current?.row.id ?? null,
      inventoryNumber: merged.inventory_number ?? null,
      title: titleOf(merged.title),
      changes: action === 'refused' || action === 'unchanged' ? [] : changes,
      reasons,
      notes,
      values: action === 'create' || action === 'update' ? update : {},
      tags:
        (action === 'create' && values.tags?.length) || (action === 'update' && tagsChanged)
          ? values.tags
          : undefined,
    };
  });
  const summary = { create: 0, update: 0, unchanged: 0, refused: 0 };
  for (const r of rows) summary[r.action] += 1;
  return { rows, summary, delimiter: file.delimiter, encoding: file.encoding, columns: file.columns };
}

/** Columns of the file that an import reads but never writes. */
export function readOnlyColumns(plan: ImportPlan): string[] {
  return plan.columns.filter((c) => READ_ONLY.has(c));
}
