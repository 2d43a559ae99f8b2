// Reading an inventory spreadsheet and planning its import, without a database: files as spreadsheet programs
// write them, cells read per column with the reason when they cannot be, and the plan's matching rules.
import { describe, expect, it } from 'vitest';
import type { PrintRow } from '../../platform/db/schema.js';
import {
  COLUMN_NAMES,
  inventoryCsv,
  planImport,
  readInventoryFile,
  readPrice,
  type CatalogueState,
  type CurrentPrint,
  type InventoryRecord,
} from './inventory-csv.js';

const A = '3f1c2b1e-8d5a-4c3e-9a1b-2c3d4e5f6a7b';
const B = '4a2d3c2f-9e6b-4d4f-8b2c-3d4e5f6a7b8c';

function print(id: string, over: Partial<PrintRow> = {}): CurrentPrint {
  return {
    row: {
      id,
      artist_id: 'artist',
      status: 'draft',
      title: { da: 'Havn', en: 'Harbour' },
      alt_text: { da: 'a', en: 'a' },
      paper: {},
      year: 2020,
      technique_key: 'etching',
      plate_material_key: null,
      availability_key: null,
      plate_height_mm: null,
      plate_width_mm: null,
      sheet_height_mm: null,
      sheet_width_mm: null,
      edition_size: null,
      artist_proofs: null,
      price_amount: null,
      price_currency: null,
      inventory_number: null,
      awaited_image_name: null,
      image_id: null,
      image_status: 'none',
      ...over,
    } as unknown as PrintRow,
    tags: [],
    galleries: [],
    ledger: [],
    imageShown: true,
    fileName: null,
  };
}

function state(prints: CurrentPrint[]): CatalogueState {
  return {
    prints: new Map(prints.map((p) => [p.row.id, p])),
    byInventoryNumber: new Map(
      prints.filter((p) => p.row.inventory_number).map((p) => [p.row.inventory_number!, p.row.id]),
    ),
    byAwaitedImage: new Map(
      prints
        .filter((p) => p.row.awaited_image_name)
        .map((p) => [p.row.awaited_image_name!.toLowerCase(), p.row.id]),
    ),
    vocabulary: {
      technique: [
        { key: 'etching', label: { da: 'Radering', en: 'Etching' } },
        { key: 'aquatint', label: { da: 'Akvatinte', en: 'Aquatint' } },
      ],
      plate_material: [{ key: 'copper', label: { da: 'Kobber', en: 'Copper' } }],
      availability: [{ key: 'available', label: { da: 'Til salg', en: 'Available' } }],
    },
  };
}

describe('reading the file', () => {
  it('reads commas, semicolons and tabs from the header row, a BOM, CRLF and quoted separators', () => {
    const comma = readInventoryFile('\uFEFFtitle_en,year\r\n"Sea, calm",2020\r\n');
    expect(comma).toMatchObject({ delimiter: ',', encoding: 'utf-8', columns: ['title_en', 'year'] });
    expect(comma.rows).toEqual([{ row: 2, cellCount: 2, cells: { title_en: 'Sea, calm', year: '2020' } }]);
    const semi = readInventoryFile('title_en;year\nSea, calm;2020\n');
    expect(semi.delimiter).toBe(';');
    expect(semi.rows[0]!.cells.title_en).toBe('Sea, calm');
    expect(readInventoryFile('title_en\tyear\nSea\t2020\n').delimiter).toBe('\t');
  });

  it('falls back to Windows-1252 for a file that is not UTF-8', () => {
    const parsed = readInventoryFile(Buffer.from('title_da;year\r\nÅen ved Ærø;2020\r\n', 'latin1'));
    expect(parsed.encoding).toBe('windows-1252');
    expect(parsed.rows[0]!.cells.title_da).toBe('Åen ved Ærø');
  });

  it('counts rows as a spreadsheet does: blank rows are skipped but keep their numbers', () => {
    const parsed = readInventoryFile('title_en,year\r\nA,2020\r\n,\r\n\r\nB,2021\r\n');
    expect(parsed.rows.map((r) => [r.row, r.cells.title_en])).toEqual([
      [2, 'A'],
      [5, 'B'],
    ]);
  });

  it('accepts headers in any case, with spaces or hyphens, and refuses unknown or repeated ones', () => {
    expect(readInventoryFile('Title EN,Inventory-Number\r\nA,1\r\n').columns).toEqual([
      'title_en',
      'inventory_number',
    ]);
    expect(() => readInventoryFile('title,year\r\nA,1\r\n')).toThrow(/unknown column “title”/);
    expect(() => readInventoryFile('year,Year\r\n1,2\r\n')).toThrow(/appears twice/);
    expect(() => readInventoryFile('   ')).toThrow(/empty/);
    expect(() => readInventoryFile('title_en\r\n"open\r\n')).toThrow(/cannot read the file as CSV/);
  });

  it('undoes the export’s formula guard', () => {
    const parsed = readInventoryFile(`title_en\r\n'=SUM(A1)\r\n'-5 degrees\r\n'plain\r\n`);
    expect(parsed.rows.map((r) => r.cells.title_en)).toEqual(['=SUM(A1)', '-5 degrees', "'plain"]);
  });

  it('refuses files over the size and row caps with 413', () => {
    expect(() => readInventoryFile(Buffer.alloc(5 * 1024 * 1024 + 1, 0x41))).toThrow(/larger than 5 MB/);
    try {
      readInventoryFile('title_en\r\n' + 'x\r\n'.repeat(5001));
      expect.unreachable();
    } catch (error) {
      expect((error as { status: number }).status).toBe(413);
    }
  });
});

describe('cells', () => {
  it.each([
    ['2400', 2400],
    ['2400.5', 2400.5],
    ['2400,50', 2400.5],
    ['2 400,50', 2400.5],
    ['2.400,50', 2400.5],
    ['2,400.50', 2400.5],
    ['', null],
    ['2400,505', 'bad'],
    ['-5', 'bad'],
    ['ca. 100', 'bad'],
  ])('reads the price %j as %j', (cell, expected) => {
    expect(readPrice(cell)).toBe(expected);
  });
});

describe('the plan', () => {
  const plan = (text: string, prints: CurrentPrint[] = []) =>
    planImport(readInventoryFile(text), state(prints));

  it('matches by inventory number first, else by id, and creates the rest', () => {
    const p = plan('id,inventory_number,title_en\r\n,N-1,Harbour\r\n' + `${B},,New title\r\n,,Fresh\r\n`, [
      print(A, { inventory_number: 'N-1' }),
      print(B),
    ]);
    expect(p.rows.map((r) => [r.row, r.action, r.printId])).toEqual([
      [2, 'unchanged', A],
      [3, 'update', B],
      [4, 'create', null],
    ]);
    expect(p.rows[1]!.changes).toEqual([{ field: 'title_en', from: 'Harbour', to: 'New title' }]);
  });

  it('reads vocabulary by key or by either language’s name, case-insensitive', () => {
    const p = plan('id,technique,plate_material\r\n' + `${A},AKVATINTE,Kobber\r\n`, [print(A)]);
    expect(p.rows[0]!.values).toEqual({ technique_key: 'aquatint', plate_material_key: 'copper' });
  });

  it('refuses per column with a reason the artist can act on', () => {
    const p = plan(
      'id,title_en,year,technique,edition_size,currency,inventory_number\r\n' +
        `,X,20,,,,\r\n,X,2020,mezzotint,,,\r\n,X,2020,,-1,,\r\n,X,2020,,,kroner,\r\n,X,2020,,,,${'n'.repeat(51)}\r\n`,
    );
    expect(p.rows.map((r) => r.reasons.map((x) => x.field))).toEqual([
      ['year'],
      ['technique'],
      ['edition_size'],
      ['currency'],
      ['inventory_number'],
    ]);
    expect(p.rows[1]!.reasons[0]!.message).toMatch(/known: etching, aquatint/);
  });

  it('refuses an id that is not one of the artist’s prints, and a number that belongs to another print', () => {
    const p = plan(`id,inventory_number\r\n${B},\r\n${A},N-2\r\n`, [
      print(A),
      print('5b3e4d3a-0f7c-4e5a-9c3d-4e5f6a7b8c9d', { inventory_number: 'N-2' }),
    ]);
    expect(p.rows[0]!.reasons[0]!.message).toMatch(/no print of yours has this id/);
    expect(p.rows[1]!.reasons[0]).toMatchObject({ field: 'inventory_number' });
    expect(p.rows[1]!.reasons[0]!.message).toMatch(/inventory number of another print/);
  });

  it('keeps the ledger and the publishing gate: no edition below the recorded impressions, no published print without a title', () => {
    const published = print(A, { status: 'published' });
    const withLedger: CurrentPrint = {
      ...print(B, { edition_size: 10 }),
      ledger: [{ kind: 'numbered', n: 3, max: 7 }],
    };
    const p = plan(`id,title_en,edition_size\r\n${A},,\r\n${B},Harbour,5\r\n`, [published, withLedger]);
    expect(p.rows[0]!.reasons).toEqual([
      { field: 'title_en', message: expect.stringMatching(/published and needs title \(en\)/) },
    ]);
    expect(p.rows[1]!.reasons).toEqual([
      { field: 'edition_size', message: expect.stringMatching(/highest number 7/) },
    ]);
  });

  it('records the image file name a print without an image waits for, one print per name', () => {
    const waiting = print(B, { awaited_image_name: 'kirke.jpg' });
    const withImage: CurrentPrint = {
      ...print(A, { image_id: B, image_status: 'completed' } as Partial<PrintRow>),
      fileName: 'havn.jpg',
    };
    const p = plan(
      'id,title_en,image_file_name\r\n' +
        `,New,C:\\fakepath\\ny.jpg\r\n,Twin,twin.jpg\r\n,Twin 2,TWIN.jpg\r\n,Other,Kirke.JPG\r\n${A},Harbour,other.jpg\r\n`,
      [waiting, withImage],
    );
    expect(p.rows[0]).toMatchObject({ action: 'create', values: { awaited_image_name: 'ny.jpg' } });
    expect(p.rows[1]!.reasons[0]).toMatchObject({
      field: 'image_file_name',
      message: expect.stringMatching(/also on row 4/),
    });
    expect(p.rows[2]!.reasons[0]!.field).toBe('image_file_name');
    expect(p.rows[3]!.reasons[0]!.message).toMatch(/already waits for an image named/);
    expect(p.rows[4]).toMatchObject({ action: 'unchanged' });
    expect(p.rows[4]!.notes.join(' ')).toMatch(/Already has an image/);
  });

  it('never publishes, and says so', () => {
    const p = plan('title_en,status\r\nNew,published\r\n');
    expect(p.rows[0]!.action).toBe('create');
    expect(p.rows[0]!.values).not.toHaveProperty('status');
    expect(p.rows[0]!.notes.join(' ')).toMatch(/never publishes/);
  });

  it('reads its own export back as unchanged', () => {
    const current = print(A, {
      inventory_number: 'E-1',
      price_amount: '100.50' as unknown as PrintRow['price_amount'],
      price_currency: 'EUR',
      paper: { da: 'Bütten' },
      title: { en: '=1+1' },
    });
    const withTags: CurrentPrint = {
      ...current,
      tags: [
        { slug: 'sea', label: { da: 'hav', en: 'sea' } },
        { slug: 'night', label: { en: 'night' } },
      ],
      galleries: ['Harbours', 'Nights'],
      row: { ...current.row, image_id: B, image_status: 'completed' },
      fileName: 'harbour.jpg',
    };
    const record: InventoryRecord = {
      id: A,
      inventoryNumber: 'E-1',
      title: { en: '=1+1' },
      year: 2020,
      technique: 'etching',
      plateMaterial: null,
      plateHeightMm: null,
      plateWidthMm: null,
      sheetHeightMm: null,
      sheetWidthMm: null,
      paper: { da: 'Bütten' },
      editionSize: null,
      artistProofs: null,
      price: '100.50',
      currency: 'EUR',
      availability: null,
      status: 'draft',
      galleries: ['Harbours', 'Nights'],
      tags: withTags.tags,
      imageFileName: 'harbour.jpg',
    };
    const file = inventoryCsv([record]);
    expect(file.split('\r\n')[0]).toBe(`\uFEFF${COLUMN_NAMES.join(',')}`);
    const p = plan(file, [withTags]);
    expect(p.rows[0]).toMatchObject({ action: 'unchanged', reasons: [], notes: [] });
  });
});
