// Certificates of authenticity (issue 18, decision 020) through the app on both engines: the PDF read back with
// poppler (pdftotext for its words, pdftoppm for the page: the picture is there and the QR code decodes with jsQR
// to the verification address), who may have one (401, 404 for another artist's or an unknown print or
// impression), the audit trail, the public verification page in both languages (what it shows and never shows,
// its headers, a draft's impression, unknown codes) and a replaced code that stops verifying.
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import jsQRModule from 'jsqr';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDir, ENGINES } from '../helpers/db.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { asArtist, createArtist, insertGallery, insertPrint, setProfile } from '../helpers/catalogue.js';

const run = promisify(execFile);
/** jsQR is CommonJS with an ES-style default export: take the function whichever way the loader hands it over. */
type Decode = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsQR = ((jsQRModule as unknown as { default?: Decode }).default ?? jsQRModule) as unknown as Decode;
const CODE = /[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){4}/;
const ARTIST = 'Åse Ærø-Ødegaard';

/** A distinctive picture: red left half, blue right half (so the rendered page shows it was embedded). */
const picture = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#c8102e' } })
    .composite([
      {
        input: {
          create: { width: width / 2, height, channels: 3, background: '#1f3fbf' },
        },
        left: width / 2,
        top: 0,
      },
    ])
    .webp({ quality: 90 })
    .toBuffer();

describe.each(ENGINES)('certificates on %s', (engine) => {
  let t: TestApp;
  let temp: { dir: string; cleanup(): Promise<void> };
  let artist: Record<string, string>;
  let other: Record<string, string>;
  let printId: string;
  let draftId: string;
  let foreignPrintId: string;
  let numbered: string;
  let proof: string;
  let draftImpression: string;
  let foreignImpression: string;

  /** A 'large' version of the print's image, written where its print's files live. */
  const addLarge = async (id: string, area: 'public' | 'originals') => {
    const { image_id } = await t.handle.db
      .selectFrom('prints')
      .select('image_id')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const key = `images/${image_id}/large.webp`;
    const bytes = await picture(1600, 1200);
    await t.storage.put(area, key, bytes, { contentType: 'image/webp' });
    await t.handle.db
      .insertInto('image_versions')
      .values({
        image_id: image_id!,
        version: 'large',
        storage_key: key,
        width: 1600,
        height: 1200,
        bytes: bytes.length,
        format: 'webp',
      })
      .execute();
  };

  const impression = async (print: string, values: Record<string, unknown>) =>
    (
      await t.handle.db
        .insertInto('impressions')
        .values({ print_id: print, kind: 'numbered', ...values })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;

  beforeAll(async () => {
    t = await openTestApp(engine, { PUBLIC_URL: 'https://gallery.example' });
    temp = await createTempDir('copper-cert-');
    const a = await createArtist(t.handle, 'Account name');
    const b = await createArtist(t.handle, 'Other');
    artist = await asArtist(t.config, t.handle, a);
    other = await asArtist(t.config, t.handle, b);
    await setProfile(t.handle, a, { name: ARTIST, defaultLanguage: 'da' });
    printId = await insertPrint(t.handle, a, {
      title: { da: 'Havn ved daggry', en: 'Harbour at dawn' },
      paper: { da: 'Hahnemühle Kobber', en: 'Hahnemühle Copperplate' },
    });
    await t.handle.db
      .updateTable('prints')
      .set({ artist_proofs: 5, sheet_height_mm: 500, sheet_width_mm: 650 })
      .where('id', '=', printId)
      .execute();
    await insertGallery(t.handle, a, [printId]);
    await addLarge(printId, 'public');
    draftId = await insertPrint(t.handle, a, {
      status: 'draft',
      title: { da: 'Ny tilstand', en: 'New state' },
    });
    await addLarge(draftId, 'originals');
    foreignPrintId = await insertPrint(t.handle, b);
    numbered = await impression(printId, {
      number: 7,
      state: '3rd state',
      printed_on: '2024-03-12',
      status: 'sold',
      location: 'Collector’s flat, Nyhavn',
      price_amount: 4321,
      price_currency: 'DKK',
      notes: 'Sold to Karen Jensen, paid cash',
    });
    proof = await impression(printId, { kind: 'AP', number: 2 });
    draftImpression = await impression(draftId, { number: 1, status: 'destroyed' });
    foreignImpression = await impression(foreignPrintId, { number: 1 });
  }, 60_000);
  afterAll(async () => {
    await t?.cleanup();
    await temp?.cleanup();
  });

  const certificateUrl = (print: string, imp: string, query = '') =>
    `/api/v1/artist/prints/${print}/impressions/${imp}/certificate${query}`;
  const get = (url: string, headers: Record<string, string> = artist) =>
    t.app.inject({ method: 'GET', url, headers });

  let n = 0;
  /** The PDF's text (pdftotext -layout) and its page rendered at 150 dpi (raw RGBA). */
  const readBack = async (pdf: Buffer) => {
    const dir = path.join(temp.dir, String((n += 1)));
    await mkdir(dir);
    const file = path.join(dir, 'certificate.pdf');
    await writeFile(file, pdf);
    const { stdout: text } = await run('pdftotext', ['-layout', file, '-']);
    const { stdout: info } = await run('pdfinfo', [file]);
    const { stdout: fonts } = await run('pdffonts', [file]);
    await run('pdftoppm', ['-r', '150', '-png', '-singlefile', file, path.join(dir, 'page')]);
    const { data, info: size } = await sharp(await readFile(path.join(dir, 'page.png')))
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { text, info, fonts, data, width: size.width, height: size.height };
  };

  let code = '';

  it('issues the certificate as an A4 PDF in English: the words, the fonts, the picture and the QR code', async () => {
    const res = await get(certificateUrl(printId, numbered, '?lang=en'));
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(
      /^inline; filename="certificate-harbour-at-dawn-7-25\.pdf"/,
    );
    expect(res.headers['cache-control']).toBe('private, no-store');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    const page = await readBack(pdf);
    const words = page.text.replace(/\s+/g, ' ');
    for (const expected of [
      'CERTIFICATE OF AUTHENTICITY',
      'Harbour at dawn',
      '7/25',
      ARTIST,
      'Etching',
      '300 × 400 mm',
      '500 × 650 mm',
      'Hahnemühle Copperplate',
      '3rd state',
      '12 March 2024',
      'Signature',
    ]) {
      expect(words).toContain(expected);
    }
    code = CODE.exec(words)?.[0] ?? '';
    expect(code).not.toBe('');
    const verifyUrl = `https://gallery.example/en/verify/${code}`;
    expect(words).toContain(verifyUrl);
    // Nothing private of the ledger.
    for (const secret of ['Karen', 'cash', '4321', '4.321', 'Nyhavn', 'sold'])
      expect(words).not.toContain(secret);
    expect(page.info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    expect(page.info).toMatch(/Pages:\s+1\n/);
    // Every font is embedded (EB Garamond subsets).
    const fontRows = page.fonts.split('\n').slice(2).filter(Boolean);
    expect(fontRows.length).toBeGreaterThanOrEqual(2);
    for (const row of fontRows) expect(row).toMatch(/EBGaramond.*\byes\s+yes\s+yes\b/);

    // The picture: red and blue halves of the image version, drawn in the upper part of the page.
    let red = 0;
    let blue = 0;
    for (let y = 0; y < page.height / 2; y += 4) {
      for (let x = 0; x < page.width; x += 4) {
        const i = (y * page.width + x) * 4;
        const [r, g, b] = [page.data[i]!, page.data[i + 1]!, page.data[i + 2]!];
        if (r > 150 && g < 60 && b < 80) red += 1;
        if (b > 140 && r < 70 && g < 100) blue += 1;
      }
    }
    expect(red).toBeGreaterThan(1000);
    expect(blue).toBeGreaterThan(1000);

    // The QR code holds the verification address.
    const qr = jsQR(new Uint8ClampedArray(page.data), page.width, page.height);
    expect(qr?.data).toBe(verifyUrl);
  }, 60_000);

  it("issues it in the artist's default language (Danish) with the same code, and an AP as 'AP 2/5'", async () => {
    const res = await get(certificateUrl(printId, numbered));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-language']).toBe('da');
    const page = await readBack(res.rawPayload);
    const words = page.text.replace(/\s+/g, ' ');
    for (const expected of [
      'ÆGTHEDSCERTIFIKAT',
      'Havn ved daggry',
      'Pladestørrelse',
      '12. marts 2024',
      code,
    ]) {
      expect(words).toContain(expected);
    }
    const qr = jsQR(new Uint8ClampedArray(page.data), page.width, page.height);
    expect(qr?.data).toBe(`https://gallery.example/da/verify/${code}`);

    const ap = await get(certificateUrl(printId, proof, '?lang=en'));
    expect(ap.statusCode).toBe(200);
    const apText = (await readBack(ap.rawPayload)).text.replace(/\s+/g, ' ');
    expect(apText).toContain('AP 2/5');
    expect(apText).not.toContain(code);
  }, 60_000);

  it("links each impression of the studio's ledger to its certificate in both languages", async () => {
    // The studio answers on PUBLIC_URL's host only.
    const res = await get(`/studio/prints/${printId}`, { ...artist, host: 'gallery.example' });
    expect(res.statusCode).toBe(200);
    for (const imp of [numbered, proof]) {
      for (const lang of ['da', 'en']) {
        expect(res.body).toContain(`href="${certificateUrl(printId, imp, `?lang=${lang}`)}"`);
      }
    }
  });

  it('records every certificate issued in the audit trail (a HEAD issues none)', async () => {
    const head = await t.app.inject({
      method: 'HEAD',
      url: certificateUrl(printId, numbered),
      headers: artist,
    });
    expect(head.statusCode).toBe(404);
    const events = await t.handle.db
      .selectFrom('audit_events')
      .select(['action', 'entity_id', 'details'])
      .where('action', '=', 'certificate.issued')
      .where('entity_id', '=', numbered)
      .orderBy('id')
      .execute();
    expect(events.map((e) => (e.details as { lang: string; newCode: boolean }).lang)).toEqual(['en', 'da']);
    expect(events.map((e) => (e.details as { newCode: boolean }).newCode)).toEqual([true, false]);
  });

  it('answers 401 without credentials and 404 for another artist’s or an unknown print or impression', async () => {
    const anon = await get(certificateUrl(printId, numbered), {});
    expect(anon.statusCode).toBe(401);
    expect(anon.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    for (const [headers, url] of [
      [other, certificateUrl(printId, numbered)],
      [artist, certificateUrl(foreignPrintId, foreignImpression)],
      [artist, certificateUrl(printId, foreignImpression)],
      [artist, certificateUrl(draftId, numbered)],
      [artist, certificateUrl(printId, '00000000-0000-4000-8000-000000000000')],
      [artist, certificateUrl('00000000-0000-4000-8000-000000000000', numbered)],
    ] as const) {
      const res = await get(url, headers);
      expect(res.statusCode, url).toBe(404);
      expect(res.json()).toMatchObject({ error: { code: 'RESOURCE_NOT_FOUND' } });
    }
    const foreign = await t.handle.db
      .selectFrom('impressions')
      .select('verification_code')
      .where('id', '=', foreignImpression)
      .executeTakeFirstOrThrow();
    expect(foreign.verification_code).toBeNull();
    const badLang = await get(certificateUrl(printId, numbered, '?lang=de'));
    expect(badLang.statusCode).toBe(400);
    expect(badLang.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    const badId = await get(certificateUrl('not-a-uuid', numbered));
    expect(badId.statusCode).toBe(400);
  });

  it('confirms a real code on the verification page in both languages, showing nothing private', async () => {
    for (const [lang, genuine, field] of [
      ['en', 'This certificate is genuine', 'Plate size'],
      ['da', 'Dette certifikat er ægte', 'Pladestørrelse'],
    ] as const) {
      const res = await get(`/${lang}/verify/${code}`, {});
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['x-robots-tag']).toBe('noindex, nofollow');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      const html = res.body;
      expect(html).toContain('<meta name="robots" content="noindex"/>');
      for (const expected of [genuine, field, '7/25', ARTIST, code, `/${lang}/prints/${printId}`]) {
        expect(html).toContain(expected);
      }
      expect(html).toContain(lang === 'en' ? 'Harbour at dawn' : 'Havn ved daggry');
      expect(html).toMatch(/<img[^>]+class="verify__image"[^>]+srcset="[^"]*large\.webp 1600w"/);
      for (const secret of ['Karen', 'cash', '4321', '4.321', '4,321', 'Nyhavn', 'DKK']) {
        expect(html).not.toContain(secret);
      }
    }
  });

  it("confirms a draft print's impression without its picture or page, and says it is destroyed", async () => {
    const res = await get(certificateUrl(draftId, draftImpression, '?lang=en'));
    expect(res.statusCode).toBe(200);
    const draftCode = CODE.exec((await readBack(res.rawPayload)).text)?.[0];
    expect(draftCode).toBeDefined();
    const page = await get(`/en/verify/${draftCode}`, {});
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('This certificate is genuine');
    expect(page.body).toContain('New state');
    expect(page.body).toContain('destroyed');
    expect(page.body).toContain('The print is not on show on this website at the moment');
    expect(page.body).not.toContain('<img');
    expect(page.body).not.toContain(`/prints/${draftId}`);
    expect(page.body).not.toContain('large.webp');
  }, 30_000);

  it('leads other spellings of a code to its page and answers unknown codes with a helpful 404', async () => {
    const loose = code.toLowerCase().replaceAll('-', '');
    const moved = await get(`/en/verify/${loose}`, {});
    expect(moved.statusCode).toBe(301);
    expect(moved.headers.location).toBe(`/en/verify/${code}`);
    const typed = await get(`/da/verify?code=${encodeURIComponent(code.replaceAll('-', ' '))}`, {});
    expect(typed.statusCode).toBe(303);
    expect(typed.headers.location).toBe(`/da/verify/${code}`);
    const bare = await get(`/verify/${code}`, { 'accept-language': 'en-GB,en;q=0.8' });
    expect(bare.statusCode).toBe(302);
    expect(bare.headers.location).toBe(`/en/verify/${code}`);

    const unknown = 'ABCD-EFGH-JKMN-PQRS-TVWX';
    for (const [lang, title] of [
      ['en', 'No certificate has this code'],
      ['da', 'Ingen certifikater har denne kode'],
    ] as const) {
      for (const url of [
        `/${lang}/verify/${unknown}`,
        `/${lang}/verify/not-a-code`,
        `/${lang}/verify?code=nope`,
      ]) {
        const res = await get(url, {});
        expect(res.statusCode, url).toBe(404);
        expect(res.headers['content-type']).toMatch(/^text\/html/);
        expect(res.headers['x-robots-tag']).toBe('noindex, nofollow');
        expect(res.body).toContain(title);
        expect(res.body).toContain(`action="/${lang}/verify"`);
        expect(res.body).toContain(`href="/${lang}/contact"`);
      }
    }
    const form = await get('/en/verify', {});
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="code"');
  });

  it('makes a new code from the studio only when the artist ticks that old certificates stop verifying', async () => {
    const studio = { cookie: artist.cookie!, host: 'gallery.example' };
    const page = await get(`/studio/prints/${printId}/impressions/${proof}`, studio);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Make a new verification code');
    const codeOf = async () =>
      (
        await t.handle.db
          .selectFrom('impressions')
          .select('verification_code')
          .where('id', '=', proof)
          .executeTakeFirstOrThrow()
      ).verification_code;
    const before = await codeOf();
    expect(before).toMatch(/^[0-9A-Z]{20}$/);
    const post = (fields: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: `/studio/prints/${printId}/impressions/${proof}/certificate-code`,
        headers: { ...studio, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(fields).toString(),
      });
    expect((await post({ understood: '1' })).statusCode).toBe(403); // no CSRF token
    const unticked = await post({ _csrf: artist['x-csrf-token']! });
    expect(unticked.statusCode).toBe(303);
    expect(unticked.headers.location).toBe(`/studio/prints/${printId}/impressions/${proof}#certificate`);
    expect(await codeOf()).toBe(before);
    const done = await post({ _csrf: artist['x-csrf-token']!, understood: '1' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(
      `/studio/prints/${printId}?notice=certificate-code#impression-${proof}`,
    );
    const after = await codeOf();
    expect(after).not.toBe(before);
    expect((await get(`/en/verify/${before!.match(/.{4}/g)!.join('-')}`, {})).statusCode).toBe(404);
    expect((await get(`/en/verify/${after!.match(/.{4}/g)!.join('-')}`, {})).statusCode).toBe(200);
  });

  it('replaces a code for a lost certificate: the old code stops verifying, the new one verifies', async () => {
    const url = `${certificateUrl(printId, numbered)}/code`;
    const noCsrf = await t.app.inject({ method: 'POST', url, headers: { cookie: artist.cookie! } });
    expect(noCsrf.statusCode).toBe(403);
    const anon = await t.app.inject({ method: 'POST', url });
    expect(anon.statusCode).toBe(401);
    const foreign = await t.app.inject({ method: 'POST', url, headers: other });
    expect(foreign.statusCode).toBe(404);

    const res = await t.app.inject({ method: 'POST', url, headers: artist });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ code: string; verifyUrl: { da: string; en: string } }>();
    expect(body.code).toMatch(new RegExp(`^${CODE.source}$`));
    expect(body.code).not.toBe(code);
    expect(body.verifyUrl.en).toBe(`https://gallery.example/en/verify/${body.code}`);
    expect((await get(`/en/verify/${code}`, {})).statusCode).toBe(404);
    expect((await get(`/en/verify/${body.code}`, {})).statusCode).toBe(200);
    const audit = await t.handle.db
      .selectFrom('audit_events')
      .select('action')
      .where('action', '=', 'certificate.code_replaced')
      .where('entity_id', '=', numbered)
      .execute();
    expect(audit).toHaveLength(1);
    code = body.code;
  });

  it('stops verifying when the impression is deleted', async () => {
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/artist/prints/${printId}/impressions/${numbered}`,
      headers: artist,
    });
    expect(del.statusCode).toBe(204);
    expect((await get(`/en/verify/${code}`, {})).statusCode).toBe(404);
  });
});
