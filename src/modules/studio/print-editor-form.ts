// The print editor's form model: what the artist types ↔ the artist API's print body (PrintInput), checked with
// the API's own schema so the studio refuses exactly what the API refuses, and the service's refusals (publishing
// gate, edition ledger, vocabulary) turned into errors next to the fields they are about. Impressions likewise.
import { Compile } from 'typebox/compile';
import type { Language } from '../../platform/db/schema.js';
import { AppError, fieldOf } from '../../platform/errors.js';
import {
  ImpressionCreate,
  LIMITS,
  LOCALIZED_PRINT_FIELDS,
  PrintInput,
  VocabularyCreate,
  type ImpressionInput,
  type LocalizedPrintField,
  type PrintInputBody,
} from '../catalogue/schemas.js';
import type { FieldErrors, FormBody } from './forms.js';
import { formString } from './forms.js';

export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = { da: 'Danish', en: 'English' };

/** Every localized print field, as the editor labels it. */
export const TEXT_LABELS: Readonly<Record<LocalizedPrintField, string>> = {
  title: 'Title',
  artistName: 'Artist name',
  description: 'Description',
  altText: 'Image description (alt text)',
  artistStatement: 'Artist’s statement',
  medium: 'Medium',
  paperType: 'Paper',
  inkType: 'Ink',
  printingPress: 'Printing press',
  subject: 'Subject',
  styleMovement: 'Style or movement',
  editionState: 'State',
  purchaseInfo: 'Purchase information',
  copyrightTerms: 'Copyright and reproduction terms',
  provenance: 'Provenance',
  exhibitionHistory: 'Exhibition history',
  location: 'Location',
  conservationNotes: 'Conservation notes',
};

export const TEXT_FIELDS = Object.keys(LOCALIZED_PRINT_FIELDS) as LocalizedPrintField[];

/** The vocabulary pickers: form field → vocabulary kind and how the editor names one term. */
export const VOCABULARY_PICKERS = {
  technique: { kind: 'technique', label: 'Technique', term: 'technique' },
  plateType: { kind: 'plate_material', label: 'Plate material', term: 'plate material' },
  availability: { kind: 'availability', label: 'Availability', term: 'availability' },
} as const;
export type PickerField = keyof typeof VOCABULARY_PICKERS;
export const PICKER_FIELDS = Object.keys(VOCABULARY_PICKERS) as PickerField[];

export const NUMBER_LABELS: Readonly<Record<string, string>> = {
  year: 'Year',
  'plateDimensions.heightMm': 'Plate height (mm)',
  'plateDimensions.widthMm': 'Plate width (mm)',
  'sheetDimensions.heightMm': 'Sheet height (mm)',
  'sheetDimensions.widthMm': 'Sheet width (mm)',
  editionSize: 'Edition size',
  artistProofs: 'Artist’s proofs',
  'price.amount': 'Price',
  'price.currency': 'Currency',
  zoomMaxPixels: 'Largest zoom size (pixels, long edge)',
};

export interface Pair {
  da: string;
  en: string;
}

/** The form as typed (or as stored): strings throughout, so a re-rendered form shows exactly what was sent. */
export interface PrintFormValues {
  text: Record<LocalizedPrintField, Pair>;
  inventoryNumber: string;
  year: string;
  technique: string;
  plateType: string;
  availability: string;
  plateHeight: string;
  plateWidth: string;
  sheetHeight: string;
  sheetWidth: string;
  editionSize: string;
  artistProofs: string;
  priceAmount: string;
  priceCurrency: string;
  /** This print's zoom limit; empty: the site-wide setting. */
  zoomMaxPixels: string;
  /** One tag per line; line n in Danish pairs with line n in English. */
  tags: Pair;
}

export const DEFAULT_CURRENCY = 'DKK';

export function emptyPrintForm(): PrintFormValues {
  return {
    text: Object.fromEntries(TEXT_FIELDS.map((f) => [f, { da: '', en: '' }])) as Record<
      LocalizedPrintField,
      Pair
    >,
    inventoryNumber: '',
    year: '',
    technique: '',
    plateType: '',
    availability: '',
    plateHeight: '',
    plateWidth: '',
    sheetHeight: '',
    sheetWidth: '',
    editionSize: '',
    artistProofs: '',
    priceAmount: '',
    priceCurrency: DEFAULT_CURRENCY,
    zoomMaxPixels: '',
    tags: { da: '', en: '' },
  };
}

/** What the editor reads of the artist API's print detail. */
export interface StoredPrint {
  localized: Record<LocalizedPrintField, { da?: string; en?: string }>;
  inventoryNumber?: string | null;
  year: number | null;
  techniqueKey: string | null;
  plateTypeKey: string | null;
  availabilityKey: string | null;
  plateDimensions: { heightMm: number; widthMm: number } | null;
  sheetDimensions: { heightMm: number; widthMm: number } | null;
  editionSize: number | null;
  artistProofs: number | null;
  price: number | null;
  priceCurrency: string | null;
  zoomMaxPixels?: number | null;
  tags: ReadonlyArray<{ label: { da?: string; en?: string } }>;
}

const str = (n: number | null | undefined): string => (n === null || n === undefined ? '' : String(n));

/** The stored print as form values. */
export function storedPrintForm(p: StoredPrint): PrintFormValues {
  return {
    text: Object.fromEntries(
      TEXT_FIELDS.map((f) => [f, { da: p.localized[f]?.da ?? '', en: p.localized[f]?.en ?? '' }]),
    ) as Record<LocalizedPrintField, Pair>,
    inventoryNumber: p.inventoryNumber ?? '',
    year: str(p.year),
    technique: p.techniqueKey ?? '',
    plateType: p.plateTypeKey ?? '',
    availability: p.availabilityKey ?? '',
    plateHeight: str(p.plateDimensions?.heightMm),
    plateWidth: str(p.plateDimensions?.widthMm),
    sheetHeight: str(p.sheetDimensions?.heightMm),
    sheetWidth: str(p.sheetDimensions?.widthMm),
    editionSize: str(p.editionSize),
    artistProofs: str(p.artistProofs),
    priceAmount: p.price === null ? '' : String(p.price),
    priceCurrency: p.priceCurrency ?? DEFAULT_CURRENCY,
    zoomMaxPixels: str(p.zoomMaxPixels),
    tags: {
      da: p.tags.map((t) => t.label.da ?? '').join('\n'),
      en: p.tags.map((t) => t.label.en ?? '').join('\n'),
    },
  };
}

/** A submitted value exactly as sent (tags keep their leading blank lines, which pair them). */
function rawString(body: FormBody | undefined, name: string): string {
  const value = body?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first.replace(/\r\n?/g, '\n') : '';
}

/** The form as the artist typed it. */
export function typedPrintForm(body: FormBody | undefined): PrintFormValues {
  return {
    text: Object.fromEntries(
      TEXT_FIELDS.map((f) => [f, { da: formString(body, `${f}.da`), en: formString(body, `${f}.en`) }]),
    ) as Record<LocalizedPrintField, Pair>,
    inventoryNumber: formString(body, 'inventoryNumber'),
    year: formString(body, 'year'),
    technique: formString(body, 'technique'),
    plateType: formString(body, 'plateType'),
    availability: formString(body, 'availability'),
    plateHeight: formString(body, 'plateDimensions.heightMm'),
    plateWidth: formString(body, 'plateDimensions.widthMm'),
    sheetHeight: formString(body, 'sheetDimensions.heightMm'),
    sheetWidth: formString(body, 'sheetDimensions.widthMm'),
    editionSize: formString(body, 'editionSize'),
    artistProofs: formString(body, 'artistProofs'),
    priceAmount: formString(body, 'price.amount'),
    priceCurrency: formString(body, 'price.currency').toUpperCase(),
    zoomMaxPixels: formString(body, 'zoomMaxPixels'),
    tags: {
      da: rawString(body, 'tags.da').replace(/\s+$/, ''),
      en: rawString(body, 'tags.en').replace(/\s+$/, ''),
    },
  };
}

const INTEGER = /^-?\d+$/;

function integer(
  value: string,
  field: string,
  errors: Record<string, string>,
  message: string,
): number | null | undefined {
  if (value === '') return null;
  const compact = value.replace(/[\s\u00a0\u202f]/g, '');
  if (!INTEGER.test(compact) || !Number.isSafeInteger(Number(compact))) {
    errors[field] = message;
    return undefined;
  }
  return Number(compact);
}

/** "1250", "1 250", "1250.50", "1250,5" → a number; anything else is refused. */
function amount(value: string, field: string, errors: Record<string, string>): number | null | undefined {
  if (value === '') return null;
  const compact = value.replace(/[\s\u00a0\u202f]/g, '');
  if (!/^\d+(?:[.,]\d{1,2})?$/.test(compact)) {
    errors[field] = 'Enter an amount such as 1250 or 1250.50';
    return undefined;
  }
  return Number(compact.replace(',', '.'));
}

function dimensions(
  height: string,
  width: string,
  name: 'plateDimensions' | 'sheetDimensions',
  errors: Record<string, string>,
): { heightMm: number; widthMm: number } | null | undefined {
  const what = name === 'plateDimensions' ? 'plate' : 'sheet';
  const h = integer(height, `${name}.heightMm`, errors, 'Enter the height in whole millimetres, e.g. 300');
  const w = integer(width, `${name}.widthMm`, errors, 'Enter the width in whole millimetres, e.g. 400');
  if (h === undefined || w === undefined) return undefined;
  if (h === null && w === null) return null;
  if (h === null) {
    errors[`${name}.heightMm`] = `Enter the ${what} height too (or clear the width)`;
    return undefined;
  }
  if (w === null) {
    errors[`${name}.widthMm`] = `Enter the ${what} width too (or clear the height)`;
    return undefined;
  }
  return { heightMm: h, widthMm: w };
}

/** Pairs the tag lines by position: a line empty in one language gives a tag in the other language only. */
export function tagsOf(tags: Pair): Array<{ da?: string; en?: string }> {
  const da = tags.da === '' ? [] : tags.da.split('\n');
  const en = tags.en === '' ? [] : tags.en.split('\n');
  const out: Array<{ da?: string; en?: string }> = [];
  for (let i = 0; i < Math.max(da.length, en.length); i += 1) {
    const d = da[i]?.trim() ?? '';
    const e = en[i]?.trim() ?? '';
    if (!d && !e) continue;
    out.push({ ...(d ? { da: d } : {}), ...(e ? { en: e } : {}) });
  }
  return out;
}

const checkPrintInput = Compile(PrintInput);
const checkImpressionInput = Compile(ImpressionCreate);
const checkVocabularyInput = Compile(VocabularyCreate);

interface SchemaError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
}

function schemaMessage(e: SchemaError, value: unknown): string | undefined {
  const limit = e.params.limit as number | undefined;
  switch (e.keyword) {
    case 'maxLength':
      return `Shorten this to ${limit} characters or fewer (it has ${typeof value === 'string' ? value.length : 'more'})`;
    case 'minLength':
      return 'Enter this';
    case 'minimum':
      return `Enter a number of at least ${limit}`;
    case 'maximum':
      return `Enter a number of at most ${limit}`;
    case 'pattern':
      return 'Enter a three-letter currency code, such as DKK, EUR or USD';
    case 'format':
      return e.params.format === 'date' ? 'Enter a date, e.g. 2024-03-18' : 'This is not valid';
    default:
      return undefined;
  }
}

function valueAt(root: unknown, path: string): unknown {
  let node = root;
  for (const part of path.split('/').filter(Boolean)) {
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  }
  return node;
}

/** The schema's refusals of a body, each at its form field (first one per field). */
function schemaErrors(
  check: { Check(v: unknown): boolean; Errors(v: unknown): Iterable<unknown> },
  body: unknown,
  fieldOf: (path: string) => string,
): Record<string, string> {
  if (check.Check(body)) return {};
  const errors: Record<string, string> = {};
  for (const raw of check.Errors(body)) {
    const e = raw as SchemaError;
    const message = schemaMessage(e, valueAt(body, e.instancePath));
    const field = fieldOf(e.instancePath);
    if (message && !errors[field]) errors[field] = message;
  }
  return errors;
}

/** '/title/da' → 'title.da', '/tags/3/en' → 'tags.en', '/plateDimensions/heightMm' → 'plateDimensions.heightMm'. */
export function printFieldOfPath(path: string): string {
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'tags') return `tags.${parts[2] === 'da' ? 'da' : 'en'}`;
  return parts.join('.');
}

export interface ParsedPrintForm {
  input: PrintInputBody;
  errors: FieldErrors;
}

/** The typed form as the artist API's body (every field sent, so clearing one clears it), or per-field errors. */
export function printInputOf(values: PrintFormValues): ParsedPrintForm {
  const errors: Record<string, string> = {};
  const text = Object.fromEntries(TEXT_FIELDS.map((f) => [f, { ...values.text[f] }])) as Record<
    LocalizedPrintField,
    Pair
  >;
  if (!values.text.title.da && !values.text.title.en) {
    errors['title.da'] = 'Enter a title, in Danish or English (both are needed to publish)';
  }
  const year = integer(values.year, 'year', errors, 'Enter the year as a number, e.g. 2024');
  const editionSize = integer(
    values.editionSize,
    'editionSize',
    errors,
    'Enter the edition size as a whole number, e.g. 25',
  );
  const artistProofs = integer(
    values.artistProofs,
    'artistProofs',
    errors,
    'Enter the number of artist’s proofs as a whole number, e.g. 3',
  );
  const zoomMaxPixels = integer(
    values.zoomMaxPixels,
    'zoomMaxPixels',
    errors,
    'Enter the largest zoom size as a whole number of pixels, e.g. 4000, or leave it empty',
  );
  const plateDimensions = dimensions(values.plateHeight, values.plateWidth, 'plateDimensions', errors);
  const sheetDimensions = dimensions(values.sheetHeight, values.sheetWidth, 'sheetDimensions', errors);
  const priceAmount = amount(values.priceAmount, 'price.amount', errors);
  const currency = values.priceCurrency || DEFAULT_CURRENCY;
  const input: PrintInputBody = {
    ...text,
    inventoryNumber: values.inventoryNumber || null,
    year: year ?? null,
    technique: values.technique || null,
    plateType: values.plateType || null,
    availability: values.availability || null,
    plateDimensions: plateDimensions ?? null,
    sheetDimensions: sheetDimensions ?? null,
    editionSize: editionSize ?? null,
    artistProofs: artistProofs ?? null,
    zoomMaxPixels: zoomMaxPixels ?? null,
    price: priceAmount === null || priceAmount === undefined ? null : { amount: priceAmount, currency },
    tags: tagsOf(values.tags),
  };
  if (values.priceCurrency && !/^[A-Z]{3}$/.test(values.priceCurrency)) {
    errors['price.currency'] = 'Enter a three-letter currency code, such as DKK, EUR or USD';
  }
  if (input.tags && input.tags.length > 50) errors['tags.en'] = 'Keep to 50 tags or fewer';
  for (const [field, message] of Object.entries(schemaErrors(checkPrintInput, input, printFieldOfPath))) {
    if (!errors[field]) errors[field] = message;
  }
  return { input, errors };
}

/** Form field of a publishing-gate entry ("title (da)" → title.da, "image (processed)" → image). */
/** "images.<id>.altText (da)": an additional image's alt text the gate still needs (decision 024). */
const ADDITIONAL_ALT = /^images\.[0-9a-f-]+\.altText \((da|en)\)$/;

function gateField(item: string): { field: string; message: string } | undefined {
  const extra = ADDITIONAL_ALT.exec(item);
  if (extra?.[1])
    return {
      field: 'image',
      message: `Enter the ${LANGUAGE_NAMES[extra[1] as Language]} alt text of every additional image to publish`,
    };
  const m = /^(\w+)(?: \((da|en|processed)\))?$/.exec(item);
  if (!m?.[1]) return undefined;
  const [, name, lang] = m;
  if (name === 'image') {
    return { field: 'image', message: 'Add an image and wait until it is processed to publish' };
  }
  if (lang === 'da' || lang === 'en') {
    const label = TEXT_LABELS[name as LocalizedPrintField] ?? name;
    return {
      field: `${name}.${lang}`,
      message: `Enter the ${LANGUAGE_NAMES[lang]} ${label.toLowerCase()} to publish`,
    };
  }
  if (name === 'technique') return { field: 'technique', message: 'Choose the technique to publish' };
  if (name === 'year') return { field: 'year', message: 'Enter the year to publish' };
  return { field: name, message: 'Needed to publish' };
}

/** The publishing gate's list as the languages each localized field still lacks (for BilingualField). */
export function missingByField(missing: readonly string[]): Map<string, Language[]> {
  const out = new Map<string, Language[]>();
  for (const item of missing) {
    const m = /^(\w+)(?: \((da|en)\))?/.exec(item);
    if (!m?.[1]) continue;
    const list = out.get(m[1]) ?? [];
    if (m[2] === 'da' || m[2] === 'en') list.push(m[2]);
    out.set(m[1], list);
  }
  return out;
}

/** "title (da)" → "Title (Danish)", for the list at the top of the editor. */
export function describeMissing(item: string): string {
  const extra = ADDITIONAL_ALT.exec(item);
  if (extra?.[1]) return `Alt text of an additional image (${LANGUAGE_NAMES[extra[1] as Language]})`;
  if (item.startsWith('image')) return 'A processed image';
  const m = /^(\w+)(?: \((da|en)\))?$/.exec(item);
  if (!m?.[1]) return item;
  const label = TEXT_LABELS[m[1] as LocalizedPrintField] ?? NUMBER_LABELS[m[1]] ?? m[1];
  const name = m[1] === 'technique' ? 'Technique' : label;
  return m[2] === 'da' || m[2] === 'en' ? `${name} (${LANGUAGE_NAMES[m[2]]})` : name;
}

/** API field names (an error's details.field) → the editor's form fields. */
const MESSAGE_FIELDS: Readonly<Record<string, string>> = {
  technique: 'technique',
  plateType: 'plateType',
  availability: 'availability',
  editionSize: 'editionSize',
  editionInfo: 'editionSize',
  artistProofs: 'artistProofs',
  dimensions: 'plateDimensions.heightMm',
  plateDimensions: 'plateDimensions.heightMm',
  sheetDimensions: 'sheetDimensions.heightMm',
  price: 'price.amount',
  priceCurrency: 'price.currency',
  tags: 'tags.en',
  year: 'year',
  inventoryNumber: 'inventoryNumber',
  zoomMaxPixels: 'zoomMaxPixels',
};

/**
 * The service's refusal of a print change as field errors: the publishing gate's `missing` list, and errors that
 * name their field (`details.field`: "technique", "editionSize", …). Undefined for errors that are not the
 * artist's to fix in the form (those propagate).
 */
export function serviceFieldErrors(error: unknown): FieldErrors | undefined {
  if (!(error instanceof AppError) || error.status >= 500 || error.status === 404) return undefined;
  const errors: Record<string, string> = {};
  if (error.code === 'UNPROCESSABLE' && Array.isArray(error.details?.missing)) {
    for (const item of error.details.missing as unknown[]) {
      const found = typeof item === 'string' ? gateField(item) : undefined;
      if (found && !errors[found.field]) errors[found.field] = found.message;
    }
    if (Object.keys(errors).length) return errors;
  }
  // The field comes from the error itself (details.field, as the API names it); the text after its name is shown.
  const named = fieldOf(error);
  const field = named ? MESSAGE_FIELDS[named.split('.')[0] ?? ''] : undefined;
  if (field) {
    const text = error.message.replace(/^(?:body\.)?[A-Za-z.[\]0-9]+: /, '');
    errors[field] = text.charAt(0).toUpperCase() + text.slice(1);
    return errors;
  }
  return { _form: error.message };
}

// ---------- vocabulary terms ----------

export interface TermInput {
  field: PickerField;
  label: Pair;
}

/** The "add a term" fields of one picker; errors under `newTerm.<field>.<lang>`. */
export function termInputOf(
  body: FormBody | undefined,
): { term: TermInput; errors: FieldErrors } | undefined {
  const field = formString(body, 'addTerm') as PickerField;
  if (!PICKER_FIELDS.includes(field)) return undefined;
  const label = { da: formString(body, `newTerm.${field}.da`), en: formString(body, `newTerm.${field}.en`) };
  const errors: Record<string, string> = {};
  const { term } = VOCABULARY_PICKERS[field];
  for (const lang of ['da', 'en'] as const) {
    if (!label[lang]) errors[`newTerm.${field}.${lang}`] = `Enter the new ${term} in ${LANGUAGE_NAMES[lang]}`;
  }
  const body2 = { kind: VOCABULARY_PICKERS[field].kind, label };
  if (!Object.keys(errors).length) {
    Object.assign(
      errors,
      schemaErrors(
        checkVocabularyInput,
        body2,
        (path) => `newTerm.${field}.${path.endsWith('da') ? 'da' : 'en'}`,
      ),
    );
  }
  return { term: { field, label }, errors };
}

// ---------- impressions ----------

export const IMPRESSION_KINDS = [
  ['numbered', 'Numbered impression'],
  ['AP', 'AP — artist’s proof'],
  ['TP', 'TP — trial proof'],
  ['PP', 'PP — printer’s proof'],
  ['BAT', 'BAT — bon à tirer'],
  ['HC', 'HC — hors commerce'],
] as const;

export const IMPRESSION_STATUSES = [
  ['available', 'Available'],
  ['sold', 'Sold'],
  ['reserved', 'Reserved'],
  ['gifted', 'Gifted'],
  ['destroyed', 'Destroyed'],
] as const;

export interface ImpressionFormValues {
  kind: string;
  number: string;
  state: string;
  printedOn: string;
  paper: string;
  ink: string;
  status: string;
  location: string;
  priceAmount: string;
  priceCurrency: string;
  notes: string;
}

export function emptyImpressionForm(): ImpressionFormValues {
  return {
    kind: 'numbered',
    number: '',
    state: '',
    printedOn: '',
    paper: '',
    ink: '',
    status: 'available',
    location: '',
    priceAmount: '',
    priceCurrency: DEFAULT_CURRENCY,
    notes: '',
  };
}

export interface StoredImpression {
  id: string;
  kind: string;
  number: number | null;
  label: string;
  state: string | null;
  /** The plate state it was pulled from (decision 025), when recorded. */
  stateId: string | null;
  printedOn: string | null;
  paper: string | null;
  ink: string | null;
  status: string;
  location: string | null;
  price: { amount: number; currency: string } | null;
  notes: string | null;
}

export function storedImpressionForm(i: StoredImpression): ImpressionFormValues {
  return {
    kind: i.kind,
    number: str(i.number),
    state: i.state ?? '',
    printedOn: i.printedOn ?? '',
    paper: i.paper ?? '',
    ink: i.ink ?? '',
    status: i.status,
    location: i.location ?? '',
    priceAmount: i.price ? String(i.price.amount) : '',
    priceCurrency: i.price?.currency ?? DEFAULT_CURRENCY,
    notes: i.notes ?? '',
  };
}

export function typedImpressionForm(body: FormBody | undefined): ImpressionFormValues {
  const f = (name: string) => formString(body, `impression.${name}`);
  return {
    kind: f('kind'),
    number: f('number'),
    state: f('state'),
    printedOn: f('printedOn'),
    paper: f('paper'),
    ink: f('ink'),
    status: f('status'),
    location: f('location'),
    priceAmount: f('price.amount'),
    priceCurrency: f('price.currency').toUpperCase() || DEFAULT_CURRENCY,
    notes: f('notes'),
  };
}

const impressionField = (path: string): string => {
  const parts = path.split('/').filter(Boolean);
  return `impression.${parts.join('.')}`;
};

/** The full impression form as the API body (every field), or per-field errors under `impression.*`. */
export function impressionInputOf(values: ImpressionFormValues): {
  input: ImpressionInput & { kind: NonNullable<ImpressionInput['kind']> };
  errors: FieldErrors;
} {
  const errors: Record<string, string> = {};
  const kinds = IMPRESSION_KINDS.map(([k]) => k) as string[];
  const statuses = IMPRESSION_STATUSES.map(([s]) => s) as string[];
  if (!kinds.includes(values.kind)) errors['impression.kind'] = 'Choose numbered or a kind of proof';
  if (!statuses.includes(values.status)) errors['impression.status'] = 'Choose a status';
  const number = integer(
    values.number,
    'impression.number',
    errors,
    'Enter the number as a whole number, e.g. 7',
  );
  if (values.kind === 'numbered' && number === null) {
    errors['impression.number'] = 'Enter the number of this impression, e.g. 7 for 7/25';
  }
  if (values.printedOn && !/^\d{4}-\d{2}-\d{2}$/.test(values.printedOn)) {
    errors['impression.printedOn'] = 'Enter a date, e.g. 2024-03-18';
  }
  const price = amount(values.priceAmount, 'impression.price.amount', errors);
  const input = {
    kind: (kinds.includes(values.kind) ? values.kind : 'numbered') as NonNullable<ImpressionInput['kind']>,
    number: number ?? null,
    state: values.state || null,
    printedOn: values.printedOn || null,
    paper: values.paper || null,
    ink: values.ink || null,
    status: (statuses.includes(values.status) ? values.status : 'available') as never,
    location: values.location || null,
    price:
      price === null || price === undefined
        ? null
        : { amount: price, currency: values.priceCurrency || DEFAULT_CURRENCY },
    notes: values.notes || null,
  };
  for (const [field, message] of Object.entries(schemaErrors(checkImpressionInput, input, impressionField))) {
    if (!errors[field]) errors[field] = message;
  }
  return { input, errors };
}

/** The inline row edit of the ledger table: status and location only, named `row.<id>.*`. */
export function inlineImpressionInputOf(
  body: FormBody | undefined,
  id: string,
): { input: ImpressionInput; values: { status: string; location: string }; errors: FieldErrors } {
  const values = {
    status: formString(body, `row.${id}.status`),
    location: formString(body, `row.${id}.location`),
  };
  const errors: Record<string, string> = {};
  if (!IMPRESSION_STATUSES.some(([s]) => s === values.status)) errors[`row.${id}.status`] = 'Choose a status';
  if (values.location.length > LIMITS.short) {
    errors[`row.${id}.location`] =
      `Shorten this to ${LIMITS.short} characters or fewer (it has ${values.location.length})`;
  }
  return {
    input: {
      status: values.status as never,
      location: values.location || null,
    },
    values,
    errors,
  };
}

/** The service's refusal of an impression change, at the impression form's fields (`prefix` + field). */
export function impressionServiceErrors(error: unknown, prefix = 'impression.'): FieldErrors | undefined {
  if (!(error instanceof AppError) || error.status >= 500 || error.status === 404) return undefined;
  if (error.code === 'CONFLICT' && /impressions_print_kind_number/.test(error.message)) {
    return { [`${prefix}number`]: 'There is already an impression with this kind and number' };
  }
  const m = /^(?:body\.)?([A-Za-z]+): (.+)$/s.exec(error.message);
  if (m?.[1] && m[2]) {
    return { [`${prefix}${m[1]}`]: m[2].charAt(0).toUpperCase() + m[2].slice(1) };
  }
  return { _form: error.message };
}
