// The inventory spreadsheet (issue 22) through the artist API, on PGlite and real PostgreSQL: the export's columns
// and cells; export → import changes nothing; a dry run's plan is what applying does (rows, audit events); refusals
// name the row and the column; a refused row or a failure half-way applies nothing (one transaction); another
// artist's ids are refused without a leak; files as spreadsheets write them (semicolons, BOM, Windows-1252,
// decimal commas) are read; malformed files are 4xx, never 5xx.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/db.js';
import { asArtist, createArtist, insertGallery, insertPrint } from '../helpers/catalogue.js';
import { COLUMN_NAMES } from '../../src/modules/catalogue/inventory-csv.js';
import { hatchingJpeg } from '../fixtures/images.js';

const BOM = '\uFEFF';

interface ImportAnswer {
  dryRun: boolean;
  applied: boolean;
  summary: { create: number; update: number; unchanged: number; refused: number };
  delimiter: string;
  encoding: string;
  rows: Array<{
    row: number;
    action: string;
    printId: string | null;
    inventoryNumber: string | null;
    title: string;
    changes: Array<{ field: string; from: string; to: string }>;
    reasons: Array<{ field: string; message: string }>;
    notes: string[];
  }>;
}

/** A CSV of the given columns (comma-separated unless told). */
function csv(columns: string[], rows: Array<Array<string | number>>, delimiter = ','): string {
  const cell = (v: string | number) => {
    const s = String(v);
    return /[",;\r\n\t]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [columns, ...rows].map((r) => r.map(cell).join(delimiter)).join('\r\n') + '\r\n';
}

/** Parses our own export (no quoted line breaks in these fixtures) into header → cell maps. */
function readExport(body: string): Array<Record<string, string>> {
  const lines = body
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n');
  const split = (line: string) => {
    const out: string[] = [];
    let cur = '';
    let q = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      if (q && ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') q = !q;
      else if (ch === ',' && !q) {
        out.push(cur);
        cur = '';
      } else cur += ch;
    }
    out.push(cur);
    return out;
  };
  const [header, ...rest] = lines.map(split);
  return rest.map((cells) => Object.fromEntries(header!.map((h, i) => [h, cells[i] ?? ''])));
}

describe.each(ENGINES)('inventory export and import on %s', (engine) => {
  let t: TestApp;
  let artistId: string;
  let otherId: string;
  let auth: Record<string, string>;
  let otherAuth: Record<string, string>;
  const ids = { harbour: '', church: '', formula: '', theirs: '' };

  beforeAll(async () => {
    t = await openTestApp(engine);
    artistId = await createArtist(t.handle, 'First');
    otherId = await createArtist(t.handle, 'Second');
    auth = await asArtist(t.config, t.handle, artistId);
    otherAuth = await asArtist(t.config, t.handle, otherId);
    ids.harbour = await insertPrint(t.handle, artistId, { title: { da: 'Havn', en: 'Harbour' } });
    ids.church = await insertPrint(t.handle, artistId, {
      status: 'draft',
      title: { da: 'Kirke, nat', en: 'Church "at night"' },
      withImage: false,
    });
    ids.formula = await insertPrint(t.handle, artistId, {
      status: 'draft',
      title: { en: '=HYPERLINK("http://evil.example")' },
      withImage: false,
    });
    ids.theirs = await insertPrint(t.handle, otherId, { title: { en: 'THEIR SECRET PRINT' } });
    const db = t.handle.db;
    await db
      .updateTable('prints')
      .set({ inventory_number: 'E-001', price_amount: '2400.50', price_currency: 'DKK', artist_proofs: 3 })
      .where('id', '=', ids.harbour)
      .execute();
    await db.updateTable('prints').set({ inventory_number: 'E-002' }).where('id', '=', ids.church).execute();
    await db
      .updateTable('images')
      .set({ original_filename: 'havn.jpg' })
      .where('print_id', '=', ids.harbour)
      .execute();
    await insertGallery(t.handle, artistId, [ids.harbour], 'published', { da: 'Havne', en: 'Harbours' });
    // Tags with both languages and one with English only.
    for (const [slug, label] of [
      ['sea', { da: 'hav', en: 'sea' }],
      ['night', { en: 'night' }],
    ] as const) {
      const tag = await db
        .insertInto('tags')
        .values({ artist_id: artistId, slug, label: JSON.stringify(label) })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db.insertInto('print_tags').values({ print_id: ids.harbour, tag_id: tag.id }).execute();
    }
    // Two numbered impressions recorded: the edition size cannot go below 2 (the ledger's rule).
    await db
      .insertInto('impressions')
      .values([
        { print_id: ids.harbour, kind: 'numbered', number: 1 },
        { print_id: ids.harbour, kind: 'numbered', number: 2 },
      ])
      .execute();
  });
  afterAll(() => t?.cleanup());

  const exportCsv = async (headers = auth) => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/artist/prints/export.csv', headers });
    expect(res.statusCode, res.body).toBe(200);
    return res;
  };

  const importCsv = (body: string | Buffer, dryRun: boolean, headers = auth, type = 'text/csv') =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/artist/prints/import${dryRun ? '?dryRun=true' : ''}`,
      headers: { ...headers, 'content-type': type },
      payload: body,
    });

  const snapshot = async () => ({
    prints: await t.handle.db
      .selectFrom('prints')
      .select(['id', 'updated_at', 'status', 'inventory_number'])
      .orderBy('id')
      .execute(),
    audit: Number(
      (
        await t.handle.db
          .selectFrom('audit_events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
    tags: await t.handle.db
      .selectFrom('print_tags')
      .selectAll()
      .orderBy('print_id')
      .orderBy('tag_id')
      .execute(),
  });

  it('exports one row per print of the artist with the documented columns, a BOM and guarded formulas', async () => {
    const res = await exportCsv();
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="inventory-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.body.startsWith(BOM)).toBe(true);
    expect(res.body.split('\r\n')[0]).toBe(`${BOM}${COLUMN_NAMES.join(',')}`);
    const rows = readExport(res.body);
    expect(rows.map((r) => r.id).sort()).toEqual([ids.harbour, ids.church, ids.formula].sort());
    expect(res.body).not.toContain('THEIR SECRET');
    // Inventory-number order, numberless last.
    expect(rows.map((r) => r.inventory_number)).toEqual(['E-001', 'E-002', '']);
    expect(rows[0]).toMatchObject({
      title_da: 'Havn',
      title_en: 'Harbour',
      year: '2023',
      technique: 'etching',
      plate_material: 'copper',
      plate_height_mm: '300',
      plate_width_mm: '400',
      paper_en: 'Hahnemühle',
      edition_size: '25',
      artist_proofs: '3',
      price: '2400.5',
      currency: 'DKK',
      status: 'published',
      galleries: 'Harbours',
      tags_da: '; hav',
      tags_en: 'night; sea',
      image_file_name: 'havn.jpg',
    });
    expect(rows[1]).toMatchObject({ title_en: 'Church "at night"', title_da: 'Kirke, nat', status: 'draft' });
    expect(rows[2]!.title_en).toBe(`'=HYPERLINK("http://evil.example")`);
  });

  it('imports its own export as a no-op: every row unchanged, nothing written', async () => {
    const file = (await exportCsv()).body;
    const before = await snapshot();
    const dry = await importCsv(file, true);
    expect(dry.statusCode, dry.body).toBe(200);
    const plan = dry.json<ImportAnswer>();
    expect(plan.summary).toEqual({ create: 0, update: 0, unchanged: 3, refused: 0 });
    expect(plan).toMatchObject({ dryRun: true, applied: false, delimiter: ',', encoding: 'utf-8' });
    const applied = await importCsv(file, false);
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json<ImportAnswer>().summary).toEqual(plan.summary);
    expect(await snapshot()).toEqual(before);
  });

  it('reads the export as Danish Excel saves it: semicolons, Windows-1252 or UTF-8 with BOM, decimal commas', async () => {
    const columns = ['inventory_number', 'title_da', 'price', 'currency'];
    const text = csv(columns, [['E-001', 'Havn', '2.400,50', 'DKK']], ';');
    const latin1 = Buffer.from(text.replace('Havn', 'Havn ved Åen'), 'latin1');
    const dry1252 = await importCsv(latin1, true);
    expect(dry1252.statusCode, dry1252.body).toBe(200);
    const plan1252 = dry1252.json<ImportAnswer>();
    expect(plan1252).toMatchObject({ delimiter: ';', encoding: 'windows-1252' });
    expect(plan1252.rows[0]).toMatchObject({
      action: 'update',
      printId: ids.harbour,
      changes: [{ field: 'title_da', from: 'Havn', to: 'Havn ved Åen' }],
    });
    const dryBom = await importCsv(BOM + text, true);
    expect(dryBom.json<ImportAnswer>()).toMatchObject({
      delimiter: ';',
      encoding: 'utf-8',
      summary: { unchanged: 1, update: 0 },
    });
  });

  it('applies exactly the dry run’s plan, in one go, with one audit event per created or updated print', async () => {
    const columns = [
      'id',
      'inventory_number',
      'title_da',
      'title_en',
      'year',
      'technique',
      'price',
      'status',
      'tags_en',
    ];
    const file = csv(columns, [
      // Matched by inventory number: the price changes.
      ['', 'E-001', 'Havn', 'Harbour', 2023, 'etching', '2600', 'published', 'night; sea'],
      // Matched by id: gets an inventory number, a technique by its Danish name, and tags.
      [
        ids.church,
        'E-010',
        'Kirke, nat',
        'Church "at night"',
        2021,
        'Akvatinte',
        '',
        'draft',
        'church; night',
      ],
      // New prints, one asking to be published (it stays a draft).
      ['', 'E-011', 'Ny plade', 'New plate', 2025, 'drypoint', '1200,5', 'published', 'new'],
      ['', '', '', 'Untitled study', '', '', '', '', ''],
    ]);
    const before = await snapshot();
    const dry = (await importCsv(file, true)).json<ImportAnswer>();
    expect(dry.summary).toEqual({ create: 2, update: 2, unchanged: 0, refused: 0 });
    expect(dry.rows.map((r) => [r.row, r.action])).toEqual([
      [2, 'update'],
      [3, 'update'],
      [4, 'create'],
      [5, 'create'],
    ]);
    expect(dry.rows[0]!.changes).toEqual([{ field: 'price', from: '2400.5', to: '2600' }]);
    expect(dry.rows[1]!.changes.map((c) => c.field).sort()).toEqual(
      ['inventory_number', 'tags', 'technique', 'year'].sort(),
    );
    expect(dry.rows[2]!.notes.join(' ')).toMatch(/never publishes/);
    expect(await snapshot()).toEqual(before);

    const res = await importCsv(file, false);
    expect(res.statusCode, res.body).toBe(200);
    const applied = res.json<ImportAnswer>();
    expect(applied.applied).toBe(true);
    // The same plan, row by row (new prints now have their ids).
    expect(applied.rows.map(({ printId: _p, ...r }) => r)).toEqual(
      dry.rows.map(({ printId: _p, ...r }) => r),
    );
    const created = applied.rows.filter((r) => r.action === 'create').map((r) => r.printId!);
    expect(created).toHaveLength(2);

    const db = t.handle.db;
    const harbour = await db
      .selectFrom('prints')
      .selectAll()
      .where('id', '=', ids.harbour)
      .executeTakeFirstOrThrow();
    expect(Number(harbour.price_amount)).toBe(2600);
    expect(harbour.status).toBe('published');
    const church = await db
      .selectFrom('prints')
      .selectAll()
      .where('id', '=', ids.church)
      .executeTakeFirstOrThrow();
    expect(church).toMatchObject({ inventory_number: 'E-010', technique_key: 'aquatint', year: 2021 });
    const fresh = await db
      .selectFrom('prints')
      .selectAll()
      .where('id', 'in', created)
      .orderBy('created_at')
      .execute();
    expect(fresh.every((p) => p.status === 'draft' && p.artist_id === artistId)).toBe(true);
    const newPlate = fresh.find((p) => p.inventory_number === 'E-011')!;
    expect(newPlate).toMatchObject({ technique_key: 'drypoint', year: 2025, price_currency: 'DKK' });
    expect(Number(newPlate.price_amount)).toBe(1200.5);
    expect(newPlate.title).toEqual({ da: 'Ny plade', en: 'New plate' });
    const tagSlugs = await db
      .selectFrom('print_tags as pt')
      .innerJoin('tags as t', 't.id', 'pt.tag_id')
      .select(['pt.print_id', 't.slug'])
      .where('pt.print_id', 'in', [ids.church, newPlate.id])
      .orderBy('t.slug')
      .execute();
    expect(tagSlugs.filter((r) => r.print_id === ids.church).map((r) => r.slug)).toEqual(['church', 'night']);
    expect(tagSlugs.filter((r) => r.print_id === newPlate.id).map((r) => r.slug)).toEqual(['new']);

    const events = await db
      .selectFrom('audit_events')
      .select(['action', 'entity_id', 'details', 'artist_id'])
      .where(sql<boolean>`details ->> 'source' = 'import'`)
      .execute();
    expect(events).toHaveLength(4);
    expect(
      events
        .filter((e) => e.action === 'print.created')
        .map((e) => e.entity_id)
        .sort(),
    ).toEqual([...created].sort());
    expect(
      events
        .filter((e) => e.action === 'print.updated')
        .map((e) => e.entity_id)
        .sort(),
    ).toEqual([ids.harbour, ids.church].sort());
    expect(events.every((e) => e.artist_id === artistId)).toBe(true);

    // Importing the same file again changes nothing, except that a row with neither id nor inventory number is
    // always a new print.
    const again = (await importCsv(file, true)).json<ImportAnswer>();
    expect(again.summary).toMatchObject({ create: 1, update: 0, unchanged: 3 });
  });

  it('refuses rows with the row number and the column, and then applies nothing (422)', async () => {
    const columns = ['id', 'inventory_number', 'title_en', 'year', 'technique', 'edition_size', 'price'];
    const file = csv(columns, [
      ['', 'R-1', 'Fine new print', 2020, 'etching', 10, '100'],
      ['', 'R-2', 'Bad technique', 2020, 'woodcut-ish', '', ''],
      ['', 'R-3', 'Bad year', 1200, 'etching', '', ''],
      ['', 'R-4', 'Twin A', 2020, '', '', ''],
      ['', 'R-4', 'Twin B', 2020, '', '', ''],
      [ids.theirs, '', 'Not mine', 2020, '', '', ''],
      ['', 'E-001', 'Harbour', 2023, 'etching', 1, ''],
      ['', 'R-8', 'Bad price', '', '', '', 'ca. 100'],
      ['not-an-id', '', 'Bad id', '', '', '', ''],
      ['', '', '', 2020, '', '', ''],
    ]);
    const before = await snapshot();
    const dry = await importCsv(file, true);
    expect(dry.statusCode).toBe(200);
    const plan = dry.json<ImportAnswer>();
    const refusal = (row: number) => plan.rows.find((r) => r.row === row)!;
    expect(refusal(2).action).toBe('create');
    expect(refusal(3).reasons).toEqual([
      { field: 'technique', message: expect.stringMatching(/unknown technique “woodcut-ish”/) },
    ]);
    expect(refusal(4).reasons).toEqual([
      { field: 'year', message: expect.stringMatching(/from 1400 to 2200/) },
    ]);
    expect(refusal(5).reasons).toEqual([
      { field: 'inventory_number', message: expect.stringMatching(/also on row 6/) },
    ]);
    expect(refusal(6).reasons).toEqual([
      { field: 'inventory_number', message: expect.stringMatching(/also on row 5/) },
    ]);
    expect(refusal(7).reasons).toEqual([
      { field: 'id', message: expect.stringMatching(/no print of yours has this id/) },
    ]);
    expect(refusal(8).reasons).toEqual([
      { field: 'edition_size', message: expect.stringMatching(/2 numbered impressions/) },
    ]);
    expect(refusal(9).reasons[0]?.field).toBe('price');
    expect(refusal(10).reasons[0]?.field).toBe('id');
    expect(refusal(11).reasons).toEqual([
      { field: 'title_en', message: expect.stringMatching(/needs a title/) },
    ]);
    expect(plan.summary).toEqual({ create: 1, update: 0, unchanged: 0, refused: 9 });
    expect(dry.body).not.toContain('THEIR SECRET');

    const res = await importCsv(file, false);
    expect(res.statusCode).toBe(422);
    const error = res.json<{ error: { code: string; message: string; details: { refused: unknown[] } } }>()
      .error;
    expect(error.code).toBe('UNPROCESSABLE');
    expect(error.message).toMatch(
      /9 of 10 rows are refused, so nothing was imported; first: row 3, technique/,
    );
    expect(error.details.refused).toHaveLength(9);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses another artist’s print ids and inventory numbers without touching or showing them', async () => {
    await t.handle.db
      .updateTable('prints')
      .set({ inventory_number: 'THEIRS-1' })
      .where('id', '=', ids.theirs)
      .execute();
    const before = await snapshot();
    // The second artist imports the first artist's ids: "no print of yours", nothing else said.
    const file = csv(['id', 'title_en'], [[ids.harbour, 'Taken over']]);
    const res = await importCsv(file, true, otherAuth);
    const plan = res.json<ImportAnswer>();
    expect(plan.rows[0]).toMatchObject({ action: 'refused', printId: null, reasons: [{ field: 'id' }] });
    expect(res.body).not.toContain('Harbour');
    expect((await importCsv(file, false, otherAuth)).statusCode).toBe(422);
    // The first artist using the second artist's inventory number makes a new print of their own.
    const mine = (
      await importCsv(csv(['inventory_number', 'title_en'], [['THEIRS-1', 'Mine']]), true)
    ).json<ImportAnswer>();
    expect(mine.rows[0]).toMatchObject({ action: 'create', printId: null });
    expect(await snapshot()).toEqual(before);
  });

  it('rolls back every row when one fails half-way through the transaction', async () => {
    // A database failure on the third row, after two rows were written inside the transaction.
    await sql`
      create or replace function test_refuse_boom() returns trigger language plpgsql as $$
      begin
        if new.title ->> 'en' = 'Boom' then raise exception 'boom refused by test trigger'; end if;
        return new;
      end $$;
      create trigger test_refuse_boom before insert on prints for each row execute function test_refuse_boom();
    `.execute(t.handle.db);
    try {
      const before = await snapshot();
      const file = csv(
        ['title_en', 'inventory_number'],
        [
          ['One', 'T-1'],
          ['Two', 'T-2'],
          ['Boom', 'T-3'],
        ],
      );
      expect((await importCsv(file, true)).json<ImportAnswer>().summary.create).toBe(3);
      const res = await importCsv(file, false);
      expect(res.statusCode).toBe(500);
      expect(await snapshot()).toEqual(before);
    } finally {
      await sql`drop trigger test_refuse_boom on prints; drop function test_refuse_boom();`.execute(
        t.handle.db,
      );
    }
  });

  it('answers malformed files with a 4xx naming the problem, never a 5xx', async () => {
    const cases: Array<[string, string | Buffer, string, number, RegExp]> = [
      ['unclosed quote', 'title_en,year\r\n"Open,2020\r\n', 'text/csv', 400, /cannot read the file as CSV/],
      ['unknown column', 'title_en,colour\r\nX,red\r\n', 'text/csv', 400, /unknown column “colour”/],
      ['twice the same column', 'title_en,Title EN\r\nX,Y\r\n', 'text/csv', 400, /appears twice/],
      ['empty', '', 'text/csv', 400, /empty/],
      ['binary', Buffer.from([0, 1, 2, 3, 0, 255]), 'text/csv', 400, /not a text/],
      ['JSON', '{"title":"x"}', 'application/json', 415, /text\/csv/],
      ['too large', 'title_en\r\n' + 'x\r\n'.repeat(2_700_000), 'text/csv', 413, /./],
      ['too many rows', 'title_en\r\n' + 'x\r\n'.repeat(5001), 'text/csv', 413, /more than 5,000 rows/],
    ];
    for (const [name, body, type, status, message] of cases) {
      const res = await importCsv(body, true, auth, type);
      expect(res.statusCode, `${name}: ${res.body.slice(0, 200)}`).toBe(status);
      expect(res.json<{ error: { message: string } }>().error.message, name).toMatch(message);
    }
    // A row with a cell too many is refused by row, not as a file.
    const plan = (await importCsv('title_en,year\r\nX,2020,extra\r\n', true)).json<ImportAnswer>();
    expect(plan.rows[0]).toMatchObject({ row: 2, action: 'refused', reasons: [{ field: 'row' }] });
  });

  it('takes the file as multipart/form-data too', async () => {
    const boundary = 'cpgboundary';
    const body =
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="inventory.csv"\r\n` +
      `Content-Type: text/csv\r\n\r\ninventory_number,title_en\r\nE-001,Harbour\r\n--${boundary}--\r\n`;
    const res = await importCsv(body, true, auth, `multipart/form-data; boundary=${boundary}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<ImportAnswer>().summary.unchanged).toBe(1);
    const none = await importCsv(
      `--${boundary}\r\nContent-Disposition: form-data; name="x"\r\n\r\ny\r\n--${boundary}--\r\n`,
      true,
      auth,
      `multipart/form-data; boundary=${boundary}`,
    );
    expect(none.statusCode).toBe(400);
  });

  it('keeps the inventory number private: the artist API shows it, the public API and pages do not', async () => {
    const own = await t.app.inject({
      method: 'GET',
      url: `/api/v1/artist/prints/${ids.harbour}`,
      headers: auth,
    });
    expect(own.json<{ inventoryNumber: string }>().inventoryNumber).toBe('E-001');
    const pub = await t.app.inject({ method: 'GET', url: `/api/v1/prints/${ids.harbour}` });
    expect(pub.statusCode).toBe(200);
    expect(pub.body).not.toContain('E-001');
    const page = await t.app.inject({ method: 'GET', url: `/en/prints/${ids.harbour}` });
    expect(page.body).not.toContain('E-001');
    // Set, trimmed and refused when taken, through the API.
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/artist/prints/${ids.church}`,
      headers: auth,
      payload: { inventoryNumber: '  E-001 ' },
    });
    expect(put.statusCode).toBe(409);
    expect(put.json()).toMatchObject({ error: { details: { field: 'inventoryNumber' } } });
    const ok = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/artist/prints/${ids.church}`,
      headers: auth,
      payload: { inventoryNumber: '  E-077 ' },
    });
    expect(ok.json<{ inventoryNumber: string }>().inventoryNumber).toBe('E-077');
    const long = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/artist/prints/${ids.church}`,
      headers: auth,
      payload: { inventoryNumber: 'x'.repeat(51) },
    });
    expect(long.statusCode).toBe(400);
  });

  it('lets an image follow by file name: a later upload of that name goes to the waiting print', async () => {
    const file = csv(
      ['inventory_number', 'title_en', 'image_file_name'],
      [['W-1', 'Waiting plate', 'Plade-7.JPG']],
    );
    const applied = (await importCsv(file, false)).json<ImportAnswer>();
    expect(applied.rows[0]).toMatchObject({
      action: 'create',
      changes: expect.arrayContaining([{ field: 'image_file_name', from: '', to: 'Plade-7.JPG' }]),
    });
    const waiting = applied.rows[0]!.printId!;
    const exported = readExport((await exportCsv()).body).find((r) => r.id === waiting)!;
    expect(exported.image_file_name).toBe('Plade-7.JPG');
    // Another print cannot wait for the same name.
    const twin = (
      await importCsv(csv(['title_en', 'image_file_name'], [['Twin', 'plade-7.jpg']]), true)
    ).json<ImportAnswer>();
    expect(twin.rows[0]!.reasons[0]!.message).toMatch(/already waits for an image named/);

    const upload = async (headers: Record<string, string>, name: string) => {
      const jpeg = await hatchingJpeg(120, 90);
      const target = (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/artist/uploads',
          headers,
          payload: { filename: name, contentType: 'image/jpeg', size: jpeg.length },
        })
      ).json<{ uploadId: string; url: string; headers: Record<string, string> }>();
      const put = await t.app.inject({
        method: 'PUT',
        url: new URL(target.url).pathname,
        headers: target.headers,
        payload: jpeg,
      });
      expect(put.statusCode).toBeLessThan(300);
      return target.uploadId;
    };
    const create = (headers: Record<string, string>, uploadId: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/artist/prints?attachByFileName=true',
        headers,
        payload: { uploadId, title: 'From the upload' },
      });
    // Another artist's upload of the same name makes their own new print.
    const theirs = await create(otherAuth, await upload(otherAuth, 'plade-7.jpg'));
    expect(theirs.statusCode).toBe(201);
    expect(theirs.json<{ id: string }>().id).not.toBe(waiting);
    // A different name makes a new print.
    expect((await create(auth, await upload(auth, 'something-else.jpg'))).statusCode).toBe(201);
    // The awaited name (any case) goes to the waiting print, which then waits no more.
    const res = await create(auth, await upload(auth, 'plade-7.jpg'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      id: waiting,
      title: 'Waiting plate',
      imageProcessingStatus: 'processing',
    });
    const row = await t.handle.db
      .selectFrom('prints')
      .selectAll()
      .where('id', '=', waiting)
      .executeTakeFirstOrThrow();
    expect(row.awaited_image_name).toBeNull();
    const again = await create(auth, await upload(auth, 'plade-7.jpg'));
    expect(again.statusCode).toBe(201);
    // Without the switch, POST /prints creates as it always did.
    const plain = await t.app.inject({
      method: 'POST',
      url: '/api/v1/artist/prints',
      headers: auth,
      payload: { uploadId: await upload(auth, 'other.jpg'), title: 'Plain' },
    });
    expect(plain.statusCode).toBe(201);
  });

  describe('the studio pages', () => {
    /** A multipart body of text fields and an optional file, as a browser sends the import form. */
    const multipart = (fields: Record<string, string>, file?: { name: string; content: string | Buffer }) => {
      const boundary = '----cpgform';
      const parts: Buffer[] = [];
      for (const [name, value] of Object.entries(fields)) {
        parts.push(
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
        );
      }
      if (file) {
        parts.push(
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`,
          ),
          Buffer.from(file.content),
          Buffer.from('\r\n'),
        );
      }
      parts.push(Buffer.from(`--${boundary}--\r\n`));
      return { payload: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
    };
    const post = (
      fields: Record<string, string>,
      file?: { name: string; content: string | Buffer },
      csrf = true,
    ) => {
      const { payload, type } = multipart(csrf ? { _csrf: auth['x-csrf-token']!, ...fields } : fields, file);
      return t.app.inject({
        method: 'POST',
        url: '/studio/prints/import',
        headers: { cookie: auth.cookie!, 'content-type': type },
        payload,
      });
    };

    it('links the export and the import from the prints page, and exports the same CSV as the API', async () => {
      const prints = await t.app.inject({
        method: 'GET',
        url: '/studio/prints',
        headers: { cookie: auth.cookie! },
      });
      expect(prints.body).toContain('href="/studio/prints/export.csv"');
      expect(prints.body).toContain('href="/studio/prints/import"');
      const studio = await t.app.inject({
        method: 'GET',
        url: '/studio/prints/export.csv',
        headers: { cookie: auth.cookie! },
      });
      expect(studio.statusCode).toBe(200);
      expect(studio.headers['content-type']).toMatch(/^text\/csv/);
      expect(studio.body).toBe((await exportCsv()).body);
      const form = await t.app.inject({
        method: 'GET',
        url: '/studio/prints/import',
        headers: { cookie: auth.cookie! },
      });
      expect(form.statusCode).toBe(200);
      expect(form.body).toMatch(/<label for="f-file">Spreadsheet \(CSV\)<\/label>/);
      expect(form.body).toContain('enctype="multipart/form-data"');
    });

    it('previews, then applies what it previewed; refuses without the CSRF token; names file errors', async () => {
      const file = csv(
        ['inventory_number', 'title_en', 'year'],
        [
          ['S-1', 'From the studio', 2019],
          ['E-001', 'Harbour', 2023],
        ],
      );
      expect((await post({ intent: 'preview' }, { name: 'x.csv', content: file }, false)).statusCode).toBe(
        403,
      );
      const preview = await post({ intent: 'preview' }, { name: 'x.csv', content: file });
      expect(preview.statusCode, preview.body).toBe(200);
      expect(preview.body).toContain('data-row="2" data-action="create"');
      expect(preview.body).toMatch(/data-row="3" data-action="(unchanged|update)"/);
      const csvField = /name="csv" value="([^"]+)"/.exec(preview.body)?.[1];
      expect(csvField).toBeDefined();
      expect(
        await t.handle.db.selectFrom('prints').select('id').where('inventory_number', '=', 'S-1').execute(),
      ).toEqual([]);
      const applied = await post({ intent: 'apply', csv: csvField! });
      expect(applied.statusCode, applied.body).toBe(200);
      expect(applied.body).toContain('Spreadsheet imported');
      expect(applied.body).toContain('1 print created as drafts');
      const made = await t.handle.db
        .selectFrom('prints')
        .selectAll()
        .where('inventory_number', '=', 'S-1')
        .execute();
      expect(made).toHaveLength(1);
      expect(made[0]).toMatchObject({ status: 'draft', year: 2019, artist_id: artistId });

      const none = await post({ intent: 'preview' });
      expect(none.statusCode).toBe(422);
      expect(none.body).toContain('Choose a CSV file to upload');
      const bad = await post(
        { intent: 'preview' },
        { name: 'x.csv', content: 'title_en,colour\r\nX,red\r\n' },
      );
      expect(bad.statusCode).toBe(422);
      expect(bad.body).toContain('Unknown column “colour”');
      const refused = await post(
        { intent: 'preview' },
        { name: 'x.csv', content: csv(['title_en', 'year'], [['X', 'soon']]) },
      );
      expect(refused.statusCode).toBe(422);
      expect(refused.body).toContain('data-row="2" data-action="refused"');
      expect(refused.body).not.toContain('name="csv"');
    });
  });
});
