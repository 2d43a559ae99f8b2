// CSV exports the way spreadsheet programs open them: RFC 4180 (CRLF, quotes doubled, fields with separators,
// quotes or line breaks quoted), UTF-8 with a byte-order mark so Excel reads Danish letters (æ, ø, å) right.
// Formula injection: a cell that starts with =, +, -, @, tab or carriage return is prefixed with an apostrophe
// (OWASP's advice), because the values come from visitors and the artist and the files are opened in Excel.
import type { FastifyReply } from 'fastify';
import { stringify } from 'csv-stringify/sync';

export type CsvValue = string | number | boolean | Date | null | undefined;

export interface CsvColumn<Row> {
  /** The header cell. */
  readonly header: string;
  readonly value: (row: Row) => CsvValue;
}

const BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** The whole file: BOM, header row, one row per item, CRLF line ends. */
export function toCsv<Row>(columns: readonly CsvColumn<Row>[], rows: Iterable<Row>): string {
  const records: string[][] = [columns.map((c) => cell(c.header))];
  for (const row of rows) records.push(columns.map((c) => cell(c.value(row))));
  return BOM + stringify(records, { record_delimiter: 'windows' });
}

/** A Content-Disposition value for a download with a non-ASCII-safe file name (RFC 6266 / RFC 5987). */
export function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** Answers with a CSV file to download. */
export function sendCsv(
  reply: FastifyReply,
  file: { readonly fileName: string; readonly csv: string },
): FastifyReply {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', attachment(file.fileName))
    .send(file.csv);
}
