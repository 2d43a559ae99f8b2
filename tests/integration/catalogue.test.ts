// The catalogue API end to end on both engines: public visibility, pagination, filters, language fallback,
// gallery ordering, the publishing gate, the impression ledger, multipart upload and every error code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/db.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { asArtist, createArtist, insertGallery, insertPrint, positions } from '../helpers/catalogue.js';

const BAD_UUID = 'not-a-uuid';
const MISSING = '00000000-0000-4000-8000-000000000000';

function multipart(fields: Record<string, string>, file?: { name: string; type: string; data: Buffer }) {
  const boundary = '----cpgtest' + Math.random().toString(16).slice(2);
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  if (file) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
    );
    chunks.push(file.data, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describe.each(ENGINES)('catalogue API on %s', (engine) => {
  let t: TestApp;
  let artist: string;
  let other: string;
  let auth: Record<string, string>;
  let otherAuth: Record<string, string>;

  beforeAll(async () => {
    t = await openTestApp(engine, { UPLOAD_MAX_BYTES: '4096' });
    artist = await createArtist(t.handle);
    other = await createArtist(t.handle, 'Other');
    auth = await asArtist(t.config, t.handle, artist);
    otherAuth = await asArtist(t.config, t.handle, other);
  });
  afterAll(() => t?.cleanup());

  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers });
  const send = (method: 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown, headers = auth) =>
    t.app.inject({ method, url, headers, ...(body === undefined ? {} : { payload: body as object }) });

  describe('public API', () => {
    let gallery: string;
    let draftGallery: string;
    let printA: string;
    let printB: string;
    let draftPrint: string;

    beforeAll(async () => {
      printA = await insertPrint(t.handle, artist, {
        title: { da: 'Nyhavn', en: 'Nyhavn Canal' },
        technique: 'etching',
        year: 2021,
        paper: { da: 'Somerset', en: 'Somerset Velvet' },
      });
      printB = await insertPrint(t.handle, artist, {
        title: { en: 'Little Mermaid' },
        altText: { en: 'A statue' },
        technique: 'aquatint',
        plateMaterial: 'zinc',
        year: 2023,
      });
      draftPrint = await insertPrint(t.handle, artist, {
        status: 'draft',
        title: { da: 'Kladde', en: 'Draft' },
      });
      gallery = await insertGallery(t.handle, artist, [printA, draftPrint, printB]);
      draftGallery = await insertGallery(t.handle, artist, [printA], 'draft');
    });

    it('lists only published galleries with published print counts', async () => {
      const res = await get('/api/v1/galleries?limit=100');
      expect(res.statusCode).toBe(200);
      const body = res.json();
      const ids = body.galleries.map((g: { id: string }) => g.id);
      expect(ids).toContain(gallery);
      expect(ids).not.toContain(draftGallery);
      expect(body.galleries.find((g: { id: string }) => g.id === gallery).printCount).toBe(2);
      expect(body).toMatchObject({ currentPage: 1, totalPages: 1 });
      expect(body.totalCount).toBe(ids.length);
    });

    it('paginates: page beyond the end is empty with totals; page 0 and limit 101 are refused', async () => {
      const beyond = (await get('/api/v1/galleries?page=99&limit=1')).json();
      expect(beyond.galleries).toEqual([]);
      expect(beyond.currentPage).toBe(99);
      expect(beyond.totalPages).toBe(beyond.totalCount);
      for (const q of ['page=0', 'limit=101', 'limit=0', 'page=abc', 'language=fr', 'unknown=1']) {
        const res = await get(`/api/v1/galleries?${q}`);
        expect(res.statusCode, q).toBe(400);
        expect(res.json().error.code).toBe('BAD_REQUEST');
      }
      const bad = (await get('/api/v1/galleries?limit=101')).json();
      expect(bad.error.message).toMatch(/limit/);
    });

    it('shows a gallery with published prints in dense order; drafts answer 404', async () => {
      const res = await get(`/api/v1/galleries/${gallery}?language=da`);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.title).toBe('Galleri');
      expect(body.prints.map((p: { id: string; order: number }) => [p.id, p.order])).toEqual([
        [printA, 1],
        [printB, 2],
      ]);
      expect(body.prints[0].thumbnailUrl).toMatch(/thumbnail\.webp$/);
      expect(JSON.stringify(body)).not.toContain(draftPrint);
      expect((await get(`/api/v1/galleries/${draftGallery}`)).statusCode).toBe(404);
      expect((await get(`/api/v1/galleries/${MISSING}`)).json().error.code).toBe('RESOURCE_NOT_FOUND');
      expect((await get(`/api/v1/galleries/${BAD_UUID}`)).statusCode).toBe(400);
    });

    it('filters gallery prints by technique (key or label), year, plateType and paperType', async () => {
      const url = `/api/v1/galleries/${gallery}/prints`;
      const ids = async (q: string) =>
        (await get(`${url}?${q}`)).json().prints.map((p: { id: string }) => p.id);
      expect(await ids('technique=etching')).toEqual([printA]);
      expect(await ids('technique=Akvatinte')).toEqual([printB]);
      expect(await ids('year=2023')).toEqual([printB]);
      expect(await ids('plateType=zinc')).toEqual([printB]);
      expect(await ids('plateType=Kobber')).toEqual([printA]);
      expect(await ids('paperType=velvet')).toEqual([printA]);
      expect(await ids('technique=mezzotint')).toEqual([]);
      const page2 = (await get(`${url}?limit=1&page=2`)).json();
      expect(page2).toMatchObject({ totalCount: 2, currentPage: 2, totalPages: 2 });
      expect(page2.prints[0]).toMatchObject({ id: printB, order: 2 });
      expect((await get(`${url}?year=1200`)).statusCode).toBe(400);
    });

    it('serves a print in the requested language, falling back and saying so', async () => {
      const da = (await get(`/api/v1/prints/${printB}?language=da`)).json();
      expect(da.title).toBe('Little Mermaid');
      expect(da.fallbackFields).toEqual(expect.arrayContaining(['title', 'altText']));
      expect(da.technique).toBe('Akvatinte');
      expect(da.plateType).toBe('Zink');
      expect(da.language).toBe('da');
      const en = (await get(`/api/v1/prints/${printA}`)).json();
      expect(en).toMatchObject({
        title: 'Nyhavn Canal',
        technique: 'Etching',
        dimensions: '30 × 40 cm',
        plateDimensions: { heightMm: 300, widthMm: 400, text: '30 × 40 cm' },
        year: 2021,
        editionSize: 25,
        paperType: 'Somerset Velvet',
        fallbackFields: [],
      });
      expect(en.images.map((i: { version: string }) => i.version)).toEqual(['thumbnail', 'medium']);
      expect(en).not.toHaveProperty('conservationNotes');
      const only = (await get(`/api/v1/prints/${printA}?imageVersion=medium`)).json();
      expect(only.images).toHaveLength(1);
      expect((await get(`/api/v1/prints/${printA}?imageVersion=desktop`)).statusCode).toBe(400);
      expect((await get(`/api/v1/prints/${draftPrint}`)).statusCode).toBe(404);
    });

    it('summarizes the edition from the ledger: recorded and available', async () => {
      for (const [n, status] of [
        [1, 'sold'],
        [2, 'available'],
        [3, 'available'],
      ] as const) {
        const res = await send('POST', `/api/v1/artist/prints/${printA}/impressions`, {
          kind: 'numbered',
          number: n,
          status,
        });
        expect(res.statusCode).toBe(201);
      }
      const edition = (await get(`/api/v1/prints/${printA}`)).json().edition;
      expect(edition).toMatchObject({
        size: 25,
        recorded: 3,
        available: 2,
        text: 'Edition of 25 — 2 available',
      });
      expect((await get(`/api/v1/prints/${printA}?language=da`)).json().edition.text).toBe(
        'Oplag på 25 — 2 til salg',
      );
    });

    it('shows a change made outside this process (plain SQL, as another dyno or the worker) in the next answer', async () => {
      const title = async () => (await get(`/api/v1/prints/${printB}`)).json().title as string;
      const listed = async () =>
        ((await get(`/api/v1/galleries/${gallery}`)).json().prints as Array<{ id: string }>).map((p) => p.id);
      expect(await title()).toBe('Little Mermaid');
      expect(await listed()).toContain(printB);
      // Answered from the cache now; the change commits without this process's catalogue services knowing.
      await t.handle.db
        .updateTable('prints')
        .set({ title: JSON.stringify({ en: 'The Little Mermaid' }) })
        .where('id', '=', printB)
        .execute();
      expect(await title()).toBe('The Little Mermaid');
      await t.handle.db.updateTable('prints').set({ status: 'draft' }).where('id', '=', printB).execute();
      expect((await get(`/api/v1/prints/${printB}`)).statusCode).toBe(404);
      expect(await listed()).not.toContain(printB);
      await t.handle.db
        .updateTable('prints')
        .set({ status: 'published', title: JSON.stringify({ en: 'Little Mermaid' }) })
        .where('id', '=', printB)
        .execute();
      expect(await title()).toBe('Little Mermaid');
    });

    it('lists the vocabulary in both languages', async () => {
      const res = (await get('/api/v1/vocabulary?kind=technique')).json();
      expect(res.terms).toEqual(
        expect.arrayContaining([
          { kind: 'technique', key: 'drypoint', label: { da: 'Tørnål', en: 'Drypoint' }, builtIn: true },
        ]),
      );
    });
  });

  describe('artist API: authentication and ownership', () => {
    it('answers 401 without credentials, before validation', async () => {
      for (const [method, url] of [
        ['GET', '/api/v1/artist/galleries'],
        ['POST', '/api/v1/artist/galleries'],
        ['GET', `/api/v1/artist/prints/${BAD_UUID}`],
        ['GET', '/api/v1/artist/settings'],
      ] as const) {
        const res = await t.app.inject({ method, url });
        expect(res.statusCode, url).toBe(401);
        expect(res.json().error.code).toBe('UNAUTHORIZED');
      }
    });

    it("answers 404 for another artist's gallery and print", async () => {
      const print = await insertPrint(t.handle, artist, { status: 'draft' });
      const gallery = await insertGallery(t.handle, artist, [print], 'draft');
      expect((await get(`/api/v1/artist/galleries/${gallery}`, otherAuth)).statusCode).toBe(404);
      expect((await get(`/api/v1/artist/prints/${print}`, otherAuth)).statusCode).toBe(404);
      expect((await send('DELETE', `/api/v1/artist/prints/${print}`, undefined, otherAuth)).statusCode).toBe(
        404,
      );
      expect(
        (await send('PUT', `/api/v1/artist/galleries/${gallery}`, { title: 'x' }, otherAuth)).statusCode,
      ).toBe(404);
      const list = (await get('/api/v1/artist/prints', otherAuth)).json();
      expect(list.prints).toEqual([]);
      expect((await get(`/api/v1/artist/prints/${print}`, auth)).statusCode).toBe(200);
    });
  });

  describe('artist API: galleries and ordering', () => {
    let gallery: string;
    let p: string[];

    beforeAll(async () => {
      p = [];
      for (let i = 0; i < 4; i += 1)
        p.push(await insertPrint(t.handle, artist, { title: { da: `P${i}`, en: `P${i}` } }));
    });

    it('creates a draft gallery from a plain title in the given language and audits it', async () => {
      const res = await send('POST', '/api/v1/artist/galleries?language=da', {
        title: 'Havne',
        description: 'Om havne',
      });
      expect(res.statusCode).toBe(201);
      const body = res.json();
      expect(body).toMatchObject({
        status: 'draft',
        title: 'Havne',
        printCount: 0,
        localized: { title: { da: 'Havne' } },
      });
      gallery = body.id;
      const audit = await t.handle.db
        .selectFrom('audit_events')
        .select(['action', 'artist_id'])
        .where('entity_id', '=', gallery)
        .execute();
      expect(audit).toEqual([{ action: 'gallery.created', artist_id: artist }]);
    });

    it('refuses to publish without the title in both languages, listing what is missing', async () => {
      const res = await send('PUT', `/api/v1/artist/galleries/${gallery}`, { status: 'published' });
      expect(res.statusCode).toBe(422);
      expect(res.json().error.message).toContain('title (en)');
      const ok = await send('PUT', `/api/v1/artist/galleries/${gallery}`, {
        status: 'published',
        title: { en: 'Harbours' },
      });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({
        status: 'published',
        localized: { title: { da: 'Havne', en: 'Harbours' } },
      });
    });

    it('adds prints (end or position), 409 when already there, and keeps the order dense', async () => {
      for (const id of [p[0], p[1], p[2]]) {
        expect((await send('POST', `/api/v1/artist/galleries/${gallery}/prints/${id}`)).statusCode).toBe(201);
      }
      const at1 = await send('POST', `/api/v1/artist/galleries/${gallery}/prints/${p[3]}`, { order: 1 });
      expect(at1.json()).toEqual({ printId: p[3], order: 1 });
      expect(await positions(t.handle, gallery)).toEqual([
        [p[3], 1],
        [p[0], 2],
        [p[1], 3],
        [p[2], 4],
      ]);
      const dup = await send('POST', `/api/v1/artist/galleries/${gallery}/prints/${p[0]}`);
      expect(dup.statusCode).toBe(409);
      expect(dup.json().error.code).toBe('CONFLICT');
      expect((await send('POST', `/api/v1/artist/galleries/${gallery}/prints/${MISSING}`)).statusCode).toBe(
        404,
      );
      expect(
        (await send('POST', `/api/v1/artist/galleries/${gallery}/prints/${p[0]}`, { order: 1, extra: true }))
          .statusCode,
      ).toBe(400);
    });

    it('moves one print to a position', async () => {
      const res = await send('POST', `/api/v1/artist/galleries/${gallery}/prints/${p[3]}/move`, {
        position: 4,
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().prints.map((x: { printId: string }) => x.printId)).toEqual([p[0], p[1], p[2], p[3]]);
      await send('POST', `/api/v1/artist/galleries/${gallery}/prints/${p[2]}/move`, { position: 1 });
      expect(await positions(t.handle, gallery)).toEqual([
        [p[2], 1],
        [p[0], 2],
        [p[1], 3],
        [p[3], 4],
      ]);
      expect(
        (await send('POST', `/api/v1/artist/galleries/${gallery}/prints/${p[2]}/move`, { position: 5 }))
          .statusCode,
      ).toBe(400);
    });

    it('reorders by a full list; refuses partial, duplicate and out-of-range lists', async () => {
      const url = `/api/v1/artist/galleries/${gallery}/prints`;
      const full = [p[0], p[1], p[2], p[3]].map((id, i) => ({ printId: id, newOrder: 4 - i }));
      const res = await send('PUT', url, { printOrders: full });
      expect(res.statusCode).toBe(200);
      expect(res.json().prints.map((x: { printId: string; order: number }) => [x.printId, x.order])).toEqual([
        [p[3], 1],
        [p[2], 2],
        [p[1], 3],
        [p[0], 4],
      ]);
      const bad = [
        full.slice(1),
        [...full.slice(0, 3), { printId: p[0], newOrder: 1 }],
        full.map((o, i) => (i === 0 ? { ...o, newOrder: 9 } : o)),
        full.map((o, i) => (i === 0 ? { ...o, newOrder: full[1]!.newOrder } : o)),
        full.map((o, i) => (i === 0 ? { ...o, printId: MISSING } : o)),
      ];
      for (const printOrders of bad) {
        const r = await send('PUT', url, { printOrders });
        expect(r.statusCode, JSON.stringify(printOrders)).toBe(400);
      }
      expect(await positions(t.handle, gallery)).toHaveLength(4);
    });

    it('removes a print and closes the gap; deleting a print keeps every gallery dense', async () => {
      await send('DELETE', `/api/v1/artist/galleries/${gallery}/prints/${p[2]}`).then((r) =>
        expect(r.statusCode).toBe(204),
      );
      expect((await positions(t.handle, gallery)).map(([, pos]) => pos)).toEqual([1, 2, 3]);
      expect((await send('DELETE', `/api/v1/artist/galleries/${gallery}/prints/${p[2]}`)).statusCode).toBe(
        404,
      );
      expect((await send('DELETE', `/api/v1/artist/prints/${p[1]}`)).statusCode).toBe(204);
      expect(await positions(t.handle, gallery)).toEqual([
        [p[3], 1],
        [p[0], 2],
      ]);
    });

    it('keeps the order dense under concurrent adds', async () => {
      const extra: string[] = [];
      for (let i = 0; i < 5; i += 1) extra.push(await insertPrint(t.handle, artist));
      const results = await Promise.all(
        extra.map((id) => send('POST', `/api/v1/artist/galleries/${gallery}/prints/${id}`, { order: 1 })),
      );
      expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201]);
      expect((await positions(t.handle, gallery)).map(([, pos]) => pos)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    });

    it('lists, paginates and deletes galleries', async () => {
      const list = (await get('/api/v1/artist/galleries?limit=1', auth)).json();
      expect(list.galleries).toHaveLength(1);
      expect(list.totalCount).toBeGreaterThanOrEqual(2);
      const detail = (await get(`/api/v1/artist/galleries/${gallery}`, auth)).json();
      expect(detail.prints).toHaveLength(7);
      expect((await send('DELETE', `/api/v1/artist/galleries/${gallery}`)).statusCode).toBe(204);
      expect((await get(`/api/v1/artist/galleries/${gallery}`, auth)).statusCode).toBe(404);
    });
  });

  describe('artist API: prints', () => {
    let print: string;

    it('creates a draft from JSON with localized and legacy fields', async () => {
      const res = await send('POST', '/api/v1/artist/prints?language=da', {
        title: { da: 'Øresund', en: 'Øresund Bridge' },
        description: 'En bro',
        technique: 'Etching',
        plateType: 'Copper',
        dimensions: '40cm x 60cm',
        editionInfo: '5/50',
        paperType: 'Somerset Velvet',
        inkType: 'Oil-based',
        printingPress: 'Press Z',
        artistName: 'Anna',
        styleMovement: 'Realism',
        year: 2023,
        price: 2500,
        tags: ['Harbour', { da: 'Bro', en: 'Bridge' }],
      });
      expect(res.statusCode).toBe(201);
      const body = res.json();
      print = body.id;
      expect(body).toMatchObject({
        status: 'draft',
        title: 'Øresund',
        technique: 'Radering',
        techniqueKey: 'etching',
        plateTypeKey: 'copper',
        dimensions: '40 × 60 cm',
        editionInfo: '50',
        editionSize: 50,
        paperType: 'Somerset Velvet',
        price: 2500,
        priceCurrency: 'DKK',
        imageProcessingStatus: null,
        localized: { description: { da: 'En bro' }, inkType: { da: 'Oil-based' } },
      });
      expect(body.tags.map((x: { slug: string }) => x.slug)).toEqual(['bridge', 'harbour']);
      expect(body.missingForPublication).toEqual(['altText (da)', 'altText (en)', 'image (processed)']);
    });

    it('updates with editionInfo as an integer, keeps other fields, refuses unknown vocabulary', async () => {
      const res = await send('PUT', `/api/v1/artist/prints/${print}`, {
        editionInfo: 60,
        description: { en: 'A bridge' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        editionInfo: '60',
        localized: { description: { da: 'En bro', en: 'A bridge' } },
      });
      const bad = await send('PUT', `/api/v1/artist/prints/${print}`, { technique: 'woodcut' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.message).toContain('woodcut');
    });

    it('refuses unknown fields, wrong types, overlong strings and malformed ids with 400', async () => {
      const cases: Array<[string, unknown]> = [
        [`/api/v1/artist/prints/${print}`, { colour: 'red' }],
        [`/api/v1/artist/prints/${print}`, { year: 'soon' }],
        [`/api/v1/artist/prints/${print}`, { title: 'x'.repeat(201) }],
        [`/api/v1/artist/prints/${print}`, { title: { fr: 'Pont' } }],
        [`/api/v1/artist/prints/${BAD_UUID}`, { year: 2020 }],
      ];
      for (const [url, body] of cases) {
        const res = await send('PUT', url, body);
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
        expect(res.json().error.code).toBe('BAD_REQUEST');
      }
      expect(
        (await send('PUT', `/api/v1/artist/prints/${print}`, { colour: 'red' })).json().error.message,
      ).toMatch(/colour/);
    });

    it('gates publication: lists what is missing per language, then publishes', async () => {
      const res = await send('PUT', `/api/v1/artist/prints/${print}`, { status: 'published' });
      expect(res.statusCode).toBe(422);
      expect(res.json().error.message).toBe(
        'Cannot publish the print: missing altText (da), altText (en), image (processed)',
      );
      expect((await get(`/api/v1/prints/${print}`)).statusCode).toBe(404);
      const ready = await insertPrint(t.handle, artist, { status: 'draft' });
      const ok = await send('PUT', `/api/v1/artist/prints/${ready}`, { status: 'published' });
      expect(ok.statusCode).toBe(200);
      expect(ok.json().publishedAt).not.toBeNull();
      // Public once it is in a published gallery too (decision 008).
      expect((await get(`/api/v1/prints/${ready}`)).statusCode).toBe(404);
      await insertGallery(t.handle, artist, [ready], 'published');
      expect((await get(`/api/v1/prints/${ready}`)).statusCode).toBe(200);
      const unset = await send('PUT', `/api/v1/artist/prints/${ready}`, { year: null });
      expect(unset.statusCode).toBe(422);
      expect(unset.json().error.message).toContain('year');
    });

    it('keeps the edition ledger consistent', async () => {
      const url = `/api/v1/artist/prints/${print}/impressions`;
      const first = await send('POST', url, {
        kind: 'numbered',
        number: 7,
        status: 'available',
        printedOn: '2024-03-01',
      });
      expect(first.statusCode).toBe(201);
      expect(first.json()).toMatchObject({ label: '7/60', printedOn: '2024-03-01' });
      const twice = await send('POST', url, { kind: 'numbered', number: 7 });
      expect(twice.statusCode).toBe(409);
      // Refusals name the field they are about, for forms to mark it without reading the message.
      expect(twice.json().error.details).toEqual({ field: 'number' });
      const beyond = await send('POST', url, { kind: 'numbered', number: 61 });
      expect(beyond.statusCode).toBe(400);
      expect(beyond.json().error.details).toEqual({ field: 'number' });
      expect((await send('POST', url, { kind: 'numbered' })).statusCode).toBe(400);
      expect((await send('POST', url, { kind: 'XX', number: 1 })).statusCode).toBe(400);
      const ap = await send('POST', url, { kind: 'AP', number: 1, price: { amount: 100, currency: 'EUR' } });
      expect(ap.json()).toMatchObject({ label: 'AP 1', price: { amount: 100, currency: 'EUR' } });
      const shrink = await send('PUT', `/api/v1/artist/prints/${print}`, { editionSize: 5 });
      expect(shrink.statusCode).toBe(409);
      expect(shrink.json().error.details).toEqual({ field: 'editionSize' });
      expect(shrink.json().error.message).toMatch(/highest number 7/);
      const id = first.json().id;
      const upd = await send('PUT', `${url}/${id}`, { status: 'sold', notes: 'Sold at the fair' });
      expect(upd.json()).toMatchObject({ status: 'sold', notes: 'Sold at the fair' });
      expect((await send('PUT', `${url}/${id}`, { number: 70 })).statusCode).toBe(400);
      const list = (await get(url, auth)).json();
      expect(list.impressions).toHaveLength(2);
      expect(list.edition).toMatchObject({ size: 60, recorded: 1, available: 0 });
      expect((await send('DELETE', `${url}/${id}`)).statusCode).toBe(204);
      expect((await send('DELETE', `${url}/${id}`)).statusCode).toBe(404);
      expect((await send('PUT', `/api/v1/artist/prints/${print}`, { editionSize: 5 })).statusCode).toBe(200);
      expect((await get(url, otherAuth)).statusCode).toBe(404);
    });

    it('lists prints with filters and tags', async () => {
      const list = (await get('/api/v1/artist/prints?technique=etching&status=draft&limit=100', auth)).json();
      expect(list.prints.map((x: { id: string }) => x.id)).toContain(print);
      const tags = (await get('/api/v1/artist/tags', auth)).json().tags;
      expect(tags.find((x: { slug: string }) => x.slug === 'bridge')).toMatchObject({
        label: { da: 'Bro', en: 'Bridge' },
        printCount: 1,
      });
    });

    it('accepts multipart with the image, stores the original, answers 202 processing', async () => {
      const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Array(100).fill(1), 0xff, 0xd9]);
      const form = multipart(
        { title: 'Upload', technique: 'drypoint', year: '2020', editionInfo: '12', artist_name: 'Anna' },
        { name: 'plate.jpg', type: 'image/jpeg', data: jpeg },
      );
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/artist/prints',
        headers: { ...auth, ...form.headers },
        payload: form.payload,
      });
      expect(res.statusCode, res.body).toBe(202);
      const body = res.json();
      expect(body).toMatchObject({
        imageProcessingStatus: 'processing',
        title: 'Upload',
        editionSize: 12,
        artistName: 'Anna',
      });
      const stored = await t.storage.head('originals', `originals/${body.baseImageId}/original`);
      expect(stored?.size).toBe(jpeg.length);
      const image = await t.handle.db
        .selectFrom('images')
        .selectAll()
        .where('id', '=', body.baseImageId)
        .executeTakeFirst();
      expect(image).toMatchObject({ status: 'processing', print_id: body.id, original_bytes: jpeg.length });

      // A JPEG start, so the size (not the type) is what is refused.
      const tooBig = multipart(
        { title: 'Big' },
        { name: 'big.jpg', type: 'image/jpeg', data: Buffer.concat([jpeg, Buffer.alloc(5000, 1)]) },
      );
      const big = await t.app.inject({
        method: 'POST',
        url: '/api/v1/artist/prints',
        headers: { ...auth, ...tooBig.headers },
        payload: tooBig.payload,
      });
      expect(big.statusCode).toBe(413);
      const pdf = multipart(
        { title: 'Doc' },
        { name: 'a.pdf', type: 'application/pdf', data: Buffer.from('%PDF') },
      );
      const wrong = await t.app.inject({
        method: 'POST',
        url: '/api/v1/artist/prints',
        headers: { ...auth, ...pdf.headers },
        payload: pdf.payload,
      });
      expect(wrong.statusCode).toBe(415);
      const noFile = multipart({ title: 'None' });
      const none = await t.app.inject({
        method: 'POST',
        url: '/api/v1/artist/prints',
        headers: { ...auth, ...noFile.headers },
        payload: noFile.payload,
      });
      expect(none.statusCode).toBe(400);
      const badField = multipart({ colour: 'red' }, { name: 'p.jpg', type: 'image/jpeg', data: jpeg });
      const bf = await t.app.inject({
        method: 'POST',
        url: '/api/v1/artist/prints',
        headers: { ...auth, ...badField.headers },
        payload: badField.payload,
      });
      expect(bf.statusCode).toBe(400);
    });

    it('deletes a print with its impressions', async () => {
      expect((await send('DELETE', `/api/v1/artist/prints/${print}`)).statusCode).toBe(204);
      expect((await get(`/api/v1/artist/prints/${print}`, auth)).statusCode).toBe(404);
      const left = await t.handle.db
        .selectFrom('impressions')
        .select('id')
        .where('print_id', '=', print)
        .execute();
      expect(left).toEqual([]);
    });
  });

  describe('artist API: vocabulary and settings', () => {
    it('adds a vocabulary term in both languages; 409 on a duplicate key', async () => {
      const res = await send('POST', '/api/v1/artist/vocabulary', {
        kind: 'technique',
        label: { da: 'Collagraf', en: 'Collagraph' },
      });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toEqual({
        kind: 'technique',
        key: 'collagraph',
        label: { da: 'Collagraf', en: 'Collagraph' },
        builtIn: false,
      });
      expect(
        (
          await send('POST', '/api/v1/artist/vocabulary', {
            kind: 'technique',
            key: 'etching',
            label: { da: 'a', en: 'b' },
          })
        ).statusCode,
      ).toBe(409);
      expect(
        (
          await send('POST', '/api/v1/artist/vocabulary', {
            kind: 'technique',
            label: { en: 'Only English' },
          })
        ).statusCode,
      ).toBe(400);
      const print = await send('POST', '/api/v1/artist/prints', { title: 'C', technique: 'Collagraf' });
      expect(print.json().techniqueKey).toBe('collagraph');
    });

    it('reads and updates settings', async () => {
      expect((await get('/api/v1/artist/settings', auth)).json()).toMatchObject({
        profileName: null,
        defaultLanguage: 'da',
      });
      const res = await send('PUT', '/api/v1/artist/settings', {
        profileName: 'Anna Printmaker',
        bio: { da: 'Grafiker', en: 'Printmaker' },
        contactEmail: 'Anna@Example.COM',
        copyrightLine: '© Anna',
        watermarkText: 'Anna',
        watermarkPlacement: 'bottom-left',
        defaultLanguage: 'en',
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        contactEmail: 'anna@example.com',
        watermarkPlacement: 'bottom-left',
        defaultLanguage: 'en',
      });
      expect(
        (await send('PUT', '/api/v1/artist/settings', { watermarkPlacement: 'middle' })).statusCode,
      ).toBe(400);
      expect((await send('PUT', '/api/v1/artist/settings', { contactEmail: 'nope' })).statusCode).toBe(400);
      expect((await get('/api/v1/artist/settings', otherAuth)).json().profileName).toBeNull();
    });
  });
});
