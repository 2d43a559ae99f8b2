// The sales and the contacts as spreadsheets, through the project's CSV helper (platform/csv: RFC 4180, UTF-8 with
// a byte-order mark, formula-looking cells prefixed with an apostrophe) — the dialect of the impression ledger
// export (docs/exports.md). The artist's own files: notes included. Pure: no SQL.
import type { CsvColumn } from '../../platform/csv/index.js';
import type { ContactRow } from './repository.js';
import type { SaleView } from './service.js';

type Described<Row> = CsvColumn<Row> & { readonly description: string };

/** The columns of the contacts export, in order, with what each holds (docs/sales.md lists them). */
export const CONTACT_COLUMNS: ReadonlyArray<Described<ContactRow>> = [
  { header: 'contact_id', value: (r) => r.id, description: 'The contact’s id' },
  {
    header: 'kind',
    value: (r) => r.kind,
    description: 'collector, dealer (a gallery or dealer) or institution',
  },
  { header: 'name', value: (r) => r.name, description: 'Name' },
  { header: 'organisation', value: (r) => r.organisation, description: 'Gallery, company or institution' },
  { header: 'email', value: (r) => r.email, description: 'E-mail address' },
  { header: 'phone', value: (r) => r.phone, description: 'Phone number' },
  { header: 'address', value: (r) => r.address, description: 'Postal address (line breaks kept)' },
  { header: 'notes', value: (r) => r.notes, description: 'Your private notes' },
  { header: 'created_at', value: (r) => r.created_at, description: 'When it was recorded (UTC, ISO 8601)' },
  { header: 'updated_at', value: (r) => r.updated_at, description: 'When it last changed (UTC, ISO 8601)' },
];

const join = (s: SaleView, f: (i: SaleView['impressions'][number]) => string | undefined) =>
  s.impressions.map((i) => f(i) ?? '').join('; ');

/** The columns of the sales export: one row per sale, its impressions joined with "; ". */
export const SALE_COLUMNS: ReadonlyArray<Described<SaleView>> = [
  { header: 'sale_id', value: (s) => s.id, description: 'The sale’s id' },
  { header: 'date', value: (s) => s.date, description: 'The day of the sale (YYYY-MM-DD)' },
  { header: 'buyer', value: (s) => s.buyer?.name, description: 'The buyer’s name (empty: contact deleted)' },
  {
    header: 'buyer_organisation',
    value: (s) => s.buyer?.organisation,
    description: 'The buyer’s organisation',
  },
  { header: 'buyer_id', value: (s) => s.buyer?.id, description: 'The buyer’s contact id' },
  {
    header: 'impressions',
    value: (s) =>
      s.impressions.map((i) => `${i.printTitle.en || i.printTitle.da || ''} ${i.marking}`.trim()).join('; '),
    description: 'Title (English, else Danish) and marking of each impression sold, separated by "; "',
  },
  {
    header: 'title_da',
    value: (s) => join(s, (i) => i.printTitle.da),
    description: 'Danish titles, "; "-separated',
  },
  {
    header: 'impression_ids',
    value: (s) => join(s, (i) => i.impressionId),
    description: 'The impressions’ ids',
  },
  { header: 'price', value: (s) => s.price.amount, description: 'The price of the whole sale' },
  { header: 'currency', value: (s) => s.price.currency, description: 'Its currency, e.g. DKK' },
  { header: 'channel', value: (s) => s.channel, description: 'studio, gallery, fair, online or commission' },
  { header: 'invoice_number', value: (s) => s.invoiceNumber, description: 'The invoice number' },
  { header: 'notes', value: (s) => s.notes, description: 'Your private notes' },
  { header: 'recorded_at', value: (s) => s.createdAt, description: 'When it was recorded (UTC, ISO 8601)' },
];
