// The impression ledger as a spreadsheet: one row per impression of the artist's prints, through the project's CSV
// helper (platform/csv: RFC 4180, UTF-8 with a byte-order mark, formula-looking cells prefixed with an apostrophe),
// the same dialect as the inventory export (docs/inventory-spreadsheet.md). Export only: the artist's own file, so
// it carries the private notes, location and prices. Pure: no SQL.
import { toCsv, type CsvColumn } from '../../platform/csv/index.js';
import { sheetMarking } from '../certificates/marking.js';
import type { LedgerRow } from './repository.js';

const amount = (v: string | number | null) => (v === null ? null : String(Number(v)));

/** The columns, in the export's order, with what each holds (the documentation lists them). */
export const LEDGER_COLUMNS: ReadonlyArray<CsvColumn<LedgerRow> & { readonly description: string }> = [
  { header: 'impression_id', value: (r) => r.impression_id, description: 'The impression’s id' },
  { header: 'print_id', value: (r) => r.print_id, description: 'The print’s id' },
  {
    header: 'inventory_number',
    value: (r) => r.inventory_number,
    description: 'The print’s inventory number',
  },
  { header: 'title_da', value: (r) => r.title.da, description: 'The print’s title in Danish' },
  { header: 'title_en', value: (r) => r.title.en, description: 'The print’s title in English' },
  {
    header: 'marking',
    value: (r) => sheetMarking(r.kind, r.number, r.edition_size, r.artist_proofs),
    description: 'The number as written on the sheet: 7/25, AP 2/5, BAT',
  },
  { header: 'kind', value: (r) => r.kind, description: 'numbered, AP, TP, PP, BAT or HC' },
  { header: 'number', value: (r) => r.number, description: 'The number within its kind' },
  { header: 'state', value: (r) => r.state, description: 'The state it was printed in' },
  { header: 'printed_on', value: (r) => r.printed_on, description: 'The day it was printed (YYYY-MM-DD)' },
  { header: 'paper', value: (r) => r.paper, description: 'Its paper' },
  {
    header: 'status',
    value: (r) => r.status,
    description: 'available, reserved, sold, gifted or destroyed',
  },
  { header: 'location', value: (r) => r.location, description: 'Where it is' },
  {
    header: 'price',
    value: (r) => amount(r.price_amount),
    description: 'The impression’s own price (empty: the print’s price applies)',
  },
  { header: 'currency', value: (r) => r.price_currency, description: 'The price’s currency, e.g. DKK' },
  { header: 'notes', value: (r) => r.notes, description: 'Your private notes' },
  { header: 'created_at', value: (r) => r.created_at, description: 'When it was recorded (UTC, ISO 8601)' },
  { header: 'updated_at', value: (r) => r.updated_at, description: 'When it last changed (UTC, ISO 8601)' },
];

/** The whole export: BOM, header row, one row per impression. */
export function ledgerCsv(rows: Iterable<LedgerRow>): string {
  return toCsv(LEDGER_COLUMNS, rows);
}
