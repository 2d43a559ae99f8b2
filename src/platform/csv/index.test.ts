import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { attachment, toCsv, type CsvColumn } from './index.js';

interface Row {
  title: string;
  year: number | null;
  sold: Date | null;
}
const columns: CsvColumn<Row>[] = [
  { header: 'Title', value: (r) => r.title },
  { header: 'Year', value: (r) => r.year },
  { header: 'Sold', value: (r) => r.sold },
];

describe('toCsv', () => {
  const csv = toCsv(columns, [
    { title: 'Havn ved Ærø, "morgen"', year: 2015, sold: new Date('2026-03-01T12:00:00Z') },
    { title: 'Linje 1\nlinje 2; med komma, og semikolon', year: null, sold: null },
    { title: '=HYPERLINK("http://evil.test")', year: 1999, sold: null },
    { title: '-2+3', year: 2000, sold: null },
  ]);

  it('starts with a UTF-8 byte-order mark and ends every record with CRLF', () => {
    expect(csv.startsWith('\uFEFFTitle,Year,Sold\r\n')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('reads back, through a real CSV parser, as the same cells (quotes, commas, line breaks, Danish letters)', () => {
    const records = parse(csv, { bom: true }) as string[][];
    expect(records).toEqual([
      ['Title', 'Year', 'Sold'],
      ['Havn ved Ærø, "morgen"', '2015', '2026-03-01T12:00:00.000Z'],
      ['Linje 1\nlinje 2; med komma, og semikolon', '', ''],
      [`'=HYPERLINK("http://evil.test")`, '1999', ''],
      [`'-2+3`, '2000', ''],
    ]);
  });

  it('quotes only the cells that need it, doubling inner quotes (RFC 4180)', () => {
    expect(csv).toContain('"Havn ved Ærø, ""morgen"""');
    expect(csv).toContain("\r\n'-2+3,2000,\r\n");
  });
});

describe('attachment', () => {
  it('gives an ASCII fallback and the UTF-8 name', () => {
    expect(attachment('salg-2026-ærø.csv')).toBe(
      `attachment; filename="salg-2026-_r_.csv"; filename*=UTF-8''salg-2026-%C3%A6r%C3%B8.csv`,
    );
  });
});
