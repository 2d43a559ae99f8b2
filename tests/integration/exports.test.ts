// The printmaker's business exports (issue 18, docs/exports.md) through the app on both engines: the price list
// PDF read back with poppler (pdftotext -layout for its words, pdfinfo for A4 and the page count, pdffonts for the
// embedded fonts, pdfimages for the picture) — which prints it lists (available ones only: never a sold-out print,
// a draft, a print without impressions or another artist's), the prices and counts, æøå intact, the gallery
// filter and bad input; and the impression ledger CSV parsed back (a row per impression, the marking, the private
// notes with a formula-looking one neutralised). The studio's links and downloads go through the same service.
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDir, ENGINES } from '../helpers/db.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { asArtist, createArtist, insertGallery, insertPrint, setProfile } from '../helpers/catalogue.js';

const run = promisify(execFile);
const ARTIST = 'Åse Ærø-Ødegaard';
/** pdftotext's layout and Intl's no-break spaces, as single spaces. */
const squash = (s: string) => s.replace(/\s+/g, ' ');

describe.each(ENGINES)('price list and ledger exports on %s', (engine) => {
  let t: TestApp;
  let temp: { dir: string; cleanup(): Promise<void> };
  let artist: Record<string, string>;
  let other: Record<string, string>;
  let many: Record<string, string>;
  let galleryId: string;
  let foreignGalleryId: string;
  let impressionCount = 0;

  const impression = async (print: string, values: Record<string, unknown>) => {
    impressionCount++;
    return (
      await t.handle.db
        .insertInto('impressions')
        .values({ print_id: print, kind: 'numbered', ...values })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  };

  const setPrice = (id: string, amount: number) =>
    t.handle.db
      .updateTable('prints')
      .set({
        price_amount: amount,
        price_currency: 'DKK',
        artist_proofs: 5,
        inventory_number: `INV-${amount}`,
      })
      .where('id', '=', id)
      .execute();

  beforeAll(async () => {
    t = await openTestApp(engine);
    temp = await createTempDir('copper-exports-');
    const a = await createArtist(t.handle, 'Account name');
    const b = await createArtist(t.handle, 'Other');
    const c = await createArtist(t.handle, 'Prolific');
    artist = await asArtist(t.config, t.handle, a);
    other = await asArtist(t.config, t.handle, b);
    many = await asArtist(t.config, t.handle, c);
    await setProfile(t.handle, a, { name: ARTIST, defaultLanguage: 'da' });

    // Available: two of three numbered impressions (one at its own price), and an artist's proof.
    const harbour = await insertPrint(t.handle, a, {
      title: { da: 'Kobberstik ved åen', en: 'Copper by the stream' },
      year: 2021,
    });
    await setPrice(harbour, 4800);
    await impression(harbour, { number: 1 });
    await impression(harbour, { number: 2, price_amount: 5200, price_currency: 'DKK' });
    await impression(harbour, {
      number: 3,
      status: 'sold',
      notes: '=HYPERLINK("https://evil.example","click")',
      location: 'Samler på Østerbro',
    });
    await impression(harbour, { kind: 'AP', number: 2, status: 'reserved' });
    // Its medium version really stored (public area), so the list carries a picture.
    const { image_id } = await t.handle.db
      .selectFrom('prints')
      .select('image_id')
      .where('id', '=', harbour)
      .executeTakeFirstOrThrow();
    const medium = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#9a4a2a' } })
      .webp()
      .toBuffer();
    await t.storage.put('public', `${image_id}/medium.webp`, medium, { contentType: 'image/webp' });

    const soldOut = await insertPrint(t.handle, a, { title: { da: 'Udsolgt nat', en: 'Sold-out night' } });
    await setPrice(soldOut, 3000);
    await impression(soldOut, { number: 1, status: 'sold' });
    await impression(soldOut, { number: 2, status: 'gifted' });
    const draft = await insertPrint(t.handle, a, {
      status: 'draft',
      title: { da: 'Kladde', en: 'Draft plate' },
    });
    await impression(draft, { number: 1 });
    await insertPrint(t.handle, a, { title: { da: 'Uden tryk', en: 'No impressions' } });
    const unpriced = await insertPrint(t.handle, a, {
      title: { da: 'Mågerne', en: 'The gulls' },
      editionSize: 10,
    });
    await impression(unpriced, { number: 4 });
    galleryId = await insertGallery(t.handle, a, [unpriced, soldOut], 'published', {
      da: 'Sommerudstilling',
      en: 'Summer show',
    });

    const foreign = await insertPrint(t.handle, b, { title: { da: 'Fremmed plade', en: 'Foreign plate' } });
    await impression(foreign, { number: 1, notes: 'not yours' });
    impressionCount--;
    foreignGalleryId = await insertGallery(t.handle, b, [foreign]);

    for (let i = 1; i <= 24; i++) {
      const id = await insertPrint(t.handle, c, {
        title: { da: `Plade ${i}`, en: `Plate ${i}` },
        withImage: false,
      });
      await t.handle.db
        .insertInto('impressions')
        .values({ print_id: id, kind: 'numbered', number: 1 })
        .execute();
    }
  }, 120_000);
  afterAll(async () => {
    await t?.cleanup();
    await temp?.cleanup();
  });

  const get = (url: string, headers: Record<string, string> = artist) =>
    t.app.inject({ method: 'GET', url, headers });

  let n = 0;
  /** The PDF's text, pdfinfo, pdffonts and pdfimages -list. */
  const readPdf = async (body: Buffer) => {
    const file = path.join(temp.dir, `list-${++n}.pdf`);
    await writeFile(file, body);
    const [text, info, fonts, images] = await Promise.all([
      run('pdftotext', ['-layout', file, '-']),
      run('pdfinfo', [file]),
      run('pdffonts', [file]),
      run('pdfimages', ['-list', file]),
    ]);
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info.stdout)?.[1]);
    const imageCount = images.stdout.trim().split('\n').length - 2;
    return { text: squash(text.stdout), info: info.stdout, fonts: fonts.stdout, pages, imageCount };
  };

  it('lists the available prints in Danish: prices, counts, æøå, the picture; A4 with embedded fonts', async () => {
    const res = await get('/api/v1/artist/price-list?lang=da');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-language']).toBe('da');
    expect(res.headers['content-disposition']).toMatch(
      /^inline; filename="prisliste-\d{4}-\d{2}-\d{2}\.pdf"/,
    );
    const pdf = await readPdf(res.rawPayload);
    expect(pdf.text).toContain('Prisliste');
    expect(pdf.text).toContain(ARTIST);
    expect(pdf.text).toContain('Kobberstik ved åen');
    expect(pdf.text).toContain('2021');
    // Two available numbered impressions: one at the print's price, one at its own.
    expect(pdf.text).toContain('4.800,00-5.200,00 kr.');
    expect(pdf.text).toContain('2 til salg');
    expect(pdf.text).toContain('Plade 300 × 400 mm');
    expect(pdf.text).toContain('Oplag 25');
    expect(pdf.text).toContain('Mågerne');
    expect(pdf.text).toContain('Pris efter aftale');
    expect(pdf.text).toContain('1 til salg');
    expect(pdf.text).toContain('Side 1 af 1');
    for (const absent of ['Udsolgt nat', 'Kladde', 'Uden tryk', 'Fremmed plade', 'Sold-out'])
      expect(pdf.text).not.toContain(absent);
    expect(pdf.info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    expect(pdf.pages).toBe(1);
    expect(pdf.fonts).toMatch(/EBGaramond/);
    expect(pdf.fonts).not.toMatch(/\bno\s+(?:yes|no)\s+(?:yes|no)\s+\d+\s+\d+\s*$/m);
    // The stored medium version, converted to JPEG (the other prints' versions are not in storage).
    expect(pdf.imageCount).toBe(1);
  });

  it('speaks English, defaults to the artist’s language, and filters by gallery', async () => {
    const en = await readPdf((await get('/api/v1/artist/price-list?lang=en')).rawPayload);
    expect(en.text).toContain('Price list');
    expect(en.text).toContain('Copper by the stream');
    expect(en.text).toContain('DKK 4,800.00–5,200.00');
    expect(en.text).toContain('2 available');
    expect(en.text).toContain('Edition of 25');
    expect(en.text).toContain('Price on request');
    expect(en.text).toContain('Page 1 of 1');

    const byDefault = await get('/api/v1/artist/price-list');
    expect(byDefault.headers['content-language']).toBe('da');

    const gallery = await readPdf(
      (await get(`/api/v1/artist/price-list?lang=en&gallery=${galleryId}`)).rawPayload,
    );
    expect(gallery.text).toContain('Gallery: Summer show');
    expect(gallery.text).toContain('The gulls');
    expect(gallery.text).not.toContain('Copper by the stream');
    expect(gallery.text).not.toContain('Sold-out night');
  });

  it('grows by pages with many prints, numbered on every page', async () => {
    const res = await get('/api/v1/artist/price-list?lang=en', many);
    const pdf = await readPdf(res.rawPayload);
    expect(pdf.pages).toBeGreaterThanOrEqual(3);
    for (let i = 1; i <= 24; i++) expect(pdf.text).toMatch(new RegExp(`Plate ${i}\\b`));
    expect(pdf.text).toContain(`Page ${pdf.pages} of ${pdf.pages}`);
    expect(pdf.text).not.toContain('Copper by the stream');
  });

  it('refuses without an artist, bad input, and another artist’s gallery', async () => {
    const anonymous = await get('/api/v1/artist/price-list', {});
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    for (const query of ['lang=de', 'gallery=nope', 'lang=da&gallery=123', 'colour=red']) {
      const res = await get(`/api/v1/artist/price-list?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json(), query).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    }
    const foreign = await get(`/api/v1/artist/price-list?gallery=${foreignGalleryId}`);
    expect(foreign.statusCode).toBe(404);
    // The other artist sees their own print, never this artist's.
    const theirs = await readPdf((await get('/api/v1/artist/price-list?lang=en', other)).rawPayload);
    expect(theirs.text).toContain('Foreign plate');
    expect(theirs.text).not.toContain('Copper by the stream');
  });

  const parseCsv = (body: string) => {
    expect(body.startsWith('\uFEFF')).toBe(true);
    return parse(body.slice(1), { columns: true }) as Array<Record<string, string>>;
  };

  it('exports the impression ledger as CSV: a row per impression, the marking, notes guarded', async () => {
    const res = await get('/api/v1/artist/impressions/export.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="impressions-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    expect(res.body).toContain('\r\n');
    const rows = parseCsv(res.body);
    expect(Object.keys(rows[0]!)).toEqual([
      'impression_id',
      'print_id',
      'inventory_number',
      'title_da',
      'title_en',
      'marking',
      'kind',
      'number',
      'state',
      'printed_on',
      'paper',
      'status',
      'location',
      'price',
      'currency',
      'notes',
      'created_at',
      'updated_at',
    ]);
    expect(rows).toHaveLength(impressionCount);
    const harbour = rows.filter((r) => r.title_en === 'Copper by the stream');
    expect(harbour.map((r) => r.marking)).toEqual(['1/25', '2/25', '3/25', 'AP 2/5']);
    expect(harbour.map((r) => r.status)).toEqual(['available', 'available', 'sold', 'reserved']);
    expect(harbour[1]).toMatchObject({ price: '5200', currency: 'DKK', inventory_number: 'INV-4800' });
    expect(harbour[2]).toMatchObject({
      title_da: 'Kobberstik ved åen',
      location: 'Samler på Østerbro',
      notes: `'=HYPERLINK("https://evil.example","click")`,
    });
    expect(rows.some((r) => r.title_en === 'Draft plate')).toBe(true);
    expect(rows.some((r) => r.title_en === 'Foreign plate')).toBe(false);
    expect(res.body).not.toContain('not yours');

    expect((await get('/api/v1/artist/impressions/export.csv', {})).statusCode).toBe(401);
  });

  it('links both exports from the studio and serves them there', async () => {
    const prints = await get('/studio/prints');
    expect(prints.statusCode).toBe(200);
    expect(prints.body).toContain('href="/studio/prints/price-list.pdf?lang=da"');
    expect(prints.body).toContain('href="/studio/prints/price-list.pdf?lang=en"');
    expect(prints.body).toContain('href="/studio/prints/impressions.csv"');
    const gallery = await get(`/studio/galleries/${galleryId}`);
    expect(gallery.body).toContain(`href="/studio/prints/price-list.pdf?lang=da&amp;gallery=${galleryId}"`);

    const pdf = await get('/studio/prints/price-list.pdf?lang=en');
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((await readPdf(pdf.rawPayload)).text).toContain('Copper by the stream');
    expect((await get('/studio/prints/price-list.pdf?lang=xx')).statusCode).toBe(400);
    expect((await get(`/studio/prints/price-list.pdf?gallery=${foreignGalleryId}`)).statusCode).toBe(404);
    const csv = await get('/studio/prints/impressions.csv');
    expect(csv.statusCode).toBe(200);
    expect(parseCsv(csv.body)).toHaveLength(impressionCount);
    const signedOut = await get('/studio/prints/impressions.csv', {});
    expect(signedOut.statusCode).toBe(303);
  });
});
