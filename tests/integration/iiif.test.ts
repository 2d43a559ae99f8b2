// IIIF for museums and scholars (decision 023), on both engines, over images the real media pipeline made: every
// manifest and collection validates against the IIIF consortium's Presentation 3.0 JSON schema
// (tests/fixtures/iiif); they are readable from any origin, typed and cached like the pages; a manifest's image
// service is the print's IIIF level 0 tiles, whose info.json and tiles answer at the address it gives; drafts,
// prints in no public gallery and draft galleries answer 404 and none of their tiles is reachable; the licence and
// the zoom limit are settings with clear errors, and no tile is larger than the limit; the print page links its manifest in the head, in the page and in
// its JSON-LD.
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import * as formatsModule from 'ajv-formats';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/db.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { addPrintImage, asArtist } from '../helpers/catalogue.js';
import { seedSite, type SiteFixture } from '../fixtures/site.js';
import { PAGE_CACHE } from '../../src/modules/site/http.js';
import { processImage } from '../../src/modules/media/service.js';
import { hatchingJpeg } from '../fixtures/images.js';

const PRESENTATION = 'application/ld+json;profile="http://iiif.io/api/presentation/3/context.json"';

function presentationSchema(): ValidateFunction {
  const { $schema: _draft, ...schema } = JSON.parse(
    readFileSync(new URL('../fixtures/iiif/iiif_3_0.json', import.meta.url), 'utf8'),
  ) as Record<string, unknown>;
  const ajv = new Ajv({ strict: false, allErrors: true });
  // ajv-formats is CommonJS: its function is the module's default export.
  (formatsModule as unknown as { default: (a: Ajv) => void }).default(ajv);
  return ajv.compile(schema);
}

const validate = presentationSchema();

function expectValid(document: unknown): void {
  const valid = validate(document);
  expect(valid ? [] : validate.errors, JSON.stringify(document).slice(0, 200)).toEqual([]);
}

interface Manifest {
  id: string;
  type: string;
  label: Record<string, string[]>;
  summary?: Record<string, string[]>;
  metadata: Array<{ label: Record<string, string[]>; value: Record<string, string[]> }>;
  rights?: string;
  requiredStatement: { label: Record<string, string[]>; value: Record<string, string[]> };
  provider: Array<{ id: string; type: string; label: Record<string, string[]> }>;
  homepage: Array<{ id: string; language: string[] }>;
  thumbnail: Array<{ id: string; width: number; height: number }>;
  partOf?: Array<{ id: string; type: string }>;
  items: Array<{
    id: string;
    width: number;
    height: number;
    items: Array<{
      items: Array<{
        target: string;
        body: {
          id: string;
          format: string;
          width: number;
          height: number;
          service?: Array<{ id: string; type: string; profile: string }>;
        };
      }>;
    }>;
  }>;
}

describe.each(ENGINES)('IIIF manifests and collections on %s', (engine) => {
  let t: TestApp;
  let f: SiteFixture;

  beforeAll(async () => {
    t = await openTestApp(engine);
    f = await seedSite(t.handle, { process: { storage: t.storage } });
  }, 180_000);
  afterAll(() => t?.cleanup());

  /** GET through the app; an absolute URL must be on PUBLIC_URL. */
  function get(url: string, headers: Record<string, string> = {}) {
    const path = url.startsWith('http') ? url.slice(t.config.publicUrl.length) : url;
    if (url.startsWith('http')) expect(url.startsWith(`${t.config.publicUrl}/`), url).toBe(true);
    return t.app.inject({ method: 'GET', url: path, headers });
  }

  async function manifestOf(printId: string): Promise<Manifest> {
    const res = await get(`/iiif/prints/${printId}/manifest`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe(PRESENTATION);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    const manifest = res.json<Manifest>();
    expectValid(manifest);
    return manifest;
  }

  it('serves a valid manifest of a public print: both languages, copyright, the artist, its page', async () => {
    const res = await get(`/iiif/prints/${f.prints.a}/manifest`);
    expect(res.headers['cache-control']).toBe(PAGE_CACHE);
    const etag = res.headers.etag as string;
    expect(etag).toBeTruthy();
    expect((await get(`/iiif/prints/${f.prints.a}/manifest`, { 'if-none-match': etag })).statusCode).toBe(
      304,
    );

    const m = await manifestOf(f.prints.a);
    expect(m.id).toBe(`${t.config.publicUrl}/iiif/prints/${f.prints.a}/manifest`);
    expect(m.type).toBe('Manifest');
    expect(m.label).toEqual({ da: ['Havn om natten'], en: ['Harbour at night'] });
    // The description exists in English only: the Danish page shows it too, but it is English text.
    expect(m.summary).toEqual({ en: ['Boats moored under a dark sky.'] });
    const fact = (en: string) => m.metadata.find((e) => e.label.en?.[0] === en)?.value;
    expect(fact('Artist')).toEqual({ da: ['Ada Etcher'], en: ['Ada Etcher'] });
    expect(fact('Year')).toEqual({ da: ['2019'], en: ['2019'] });
    expect(fact('Technique')?.en?.[0]).toMatch(/etching/i);
    expect(fact('Technique')?.da?.[0]).toMatch(/radering/i);
    expect(fact('Paper')).toEqual({ da: ['Hahnemühle kobbertryk'], en: ['Hahnemühle copperplate'] });
    expect(m.metadata.find((e) => e.label.en?.[0] === 'Plate size')?.label.da).toEqual(['Pladestørrelse']);
    // What visitors may not see is not in it.
    expect(JSON.stringify(m)).not.toContain('PRIVATE');
    expect(JSON.stringify(m)).not.toContain('DKK');
    expect(m.metadata.map((e) => e.label.en?.[0])).not.toContain('Price');
    // No licence chosen: no rights; the copyright line is the required statement, in both languages.
    expect(m.rights).toBeUndefined();
    expect(m.requiredStatement.label).toEqual({ da: ['Ophavsret'], en: ['Copyright'] });
    expect(m.requiredStatement.value.en?.[0]).toBe(
      '© 2019 Ada Etcher. All rights reserved. Not to be reproduced without permission.',
    );
    expect(m.requiredStatement.value.da?.[0]).toMatch(/^© 2019 Ada Etcher\. .*Må ikke gengives/);
    expect(m.provider).toEqual([
      expect.objectContaining({
        id: `${t.config.publicUrl}/`,
        type: 'Agent',
        label: { da: ['Ada Etcher'], en: ['Ada Etcher'] },
      }),
    ]);
    expect(m.homepage.map((h) => [h.id, h.language])).toEqual([
      [`${t.config.publicUrl}/da/prints/${f.prints.a}`, ['da']],
      [`${t.config.publicUrl}/en/prints/${f.prints.a}`, ['en']],
    ]);
    expect(m.partOf).toEqual([
      { id: `${t.config.publicUrl}/iiif/galleries/${f.galleries.main}/collection`, type: 'Collection' },
    ]);
    for (const home of m.homepage) expect((await get(home.id)).statusCode).toBe(200);
    const thumb = await get(m.thumbnail[0]!.id);
    expect(thumb.statusCode).toBe(200);
    expect((await sharp(thumb.rawPayload).metadata()).width).toBe(m.thumbnail[0]!.width);
  });

  it('paints the picture on one canvas with its IIIF level 0 image service, whose tiles answer', async () => {
    const m = await manifestOf(f.prints.a);
    expect(m.items).toHaveLength(1);
    const canvas = m.items[0]!;
    const annotation = canvas.items[0]!.items[0]!;
    expect(annotation.target).toBe(canvas.id);
    // The fixture's plate is 2400 × 1800, under the default zoom limit: the canvas is the full picture.
    expect([canvas.width, canvas.height]).toEqual([2400, 1800]);
    const body = annotation.body;
    expect(body.format).toBe('image/webp');
    const picture = await get(body.id);
    expect(picture.statusCode).toBe(200);
    expect((await sharp(picture.rawPayload).metadata()).width).toBe(body.width);
    const service = body.service?.[0];
    expect(service).toMatchObject({ type: 'ImageService3', profile: 'level0' });
    expect(service!.id).toBe(
      `${t.config.publicUrl}/media/images/${f.images[f.prints.a]}/${service!.id.split('/').at(-2)}/iiif`,
    );

    const info = await get(`${service!.id}/info.json`);
    expect(info.statusCode).toBe(200);
    expect(info.headers['content-type']).toBe('application/json');
    expect(info.headers['access-control-allow-origin']).toBe('*');
    expect(info.json()).toMatchObject({
      id: service!.id,
      type: 'ImageService3',
      profile: 'level0',
      width: 2400,
      height: 1800,
      maxWidth: 2400,
      maxHeight: 1800,
    });
    const tile = await get(`${service!.id}/0,0,256,256/256,256/0/default.jpg`);
    expect(tile.statusCode).toBe(200);
    expect(tile.headers['content-type']).toBe('image/jpeg');
    expect(await sharp(tile.rawPayload).metadata()).toMatchObject({ width: 256, height: 256 });
  });

  it('describes a print without zoom tiles with its picture alone', async () => {
    const m = await manifestOf(f.prints.b);
    const body = m.items[0]!.items[0]!.items[0]!.body;
    expect(body.service).toBeUndefined();
    expect([m.items[0]!.width, m.items[0]!.height]).toEqual([body.width, body.height]);
    expect(m.summary).toBeUndefined();
  });

  it('answers 404 for drafts, prints in no public gallery and unknown ids; their tiles are not reachable', async () => {
    for (const id of [f.prints.draft, f.prints.loose, '00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const res = await get(`/iiif/prints/${id}/manifest`);
      expect(res.statusCode, id).toBe(404);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.json()).toEqual({ error: { code: 'RESOURCE_NOT_FOUND', message: 'Print not found' } });
    }
    // Their files (versions, info.json, tiles) stay in the private area: /media serves none of them.
    for (const printId of [f.prints.draft, f.prints.loose]) {
      const keys: string[] = [];
      for await (const o of t.storage.list('originals', `images/${f.images[printId]}/`)) keys.push(o.key);
      const tiles = keys.filter((k) => k.includes('/iiif/'));
      expect(tiles.length, printId).toBeGreaterThan(1);
      for (const key of [
        tiles.find((k) => k.endsWith('/info.json'))!,
        tiles.find((k) => k.endsWith('.jpg'))!,
      ])
        expect((await get(`/media/${key}`)).statusCode, key).toBe(404);
    }
    for (const id of [f.galleries.draft, '00000000-0000-4000-8000-000000000000', 'x']) {
      const res = await get(`/iiif/galleries/${id}/collection`);
      expect(res.statusCode, id).toBe(404);
      expect(res.json()).toEqual({ error: { code: 'RESOURCE_NOT_FOUND', message: 'Gallery not found' } });
    }
  });

  it('lists a public gallery’s prints’ manifests in the artist’s order as a valid collection', async () => {
    const res = await get(`/iiif/galleries/${f.galleries.main}/collection`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe(PRESENTATION);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['cache-control']).toBe(PAGE_CACHE);
    const collection = res.json<{
      id: string;
      type: string;
      label: Record<string, string[]>;
      summary: Record<string, string[]>;
      items: Array<{ id: string; type: string; label: Record<string, string[]> }>;
    }>();
    expectValid(collection);
    expect(collection).toMatchObject({
      id: `${t.config.publicUrl}/iiif/galleries/${f.galleries.main}/collection`,
      type: 'Collection',
      label: { da: ['Kysten'], en: ['The coast'] },
      summary: { da: ['Raderinger fra kysten.'], en: ['Etchings from the coast.'] },
    });
    // The main gallery holds A, the draft D, B and C: visitors see A, B, C.
    expect(collection.items.map((i) => [i.type, i.label.en?.[0]])).toEqual([
      ['Manifest', 'Harbour at night'],
      ['Manifest', 'Fjord'],
      ['Manifest', 'Heath'],
    ]);
    for (const item of collection.items) {
      const manifest = await get(item.id);
      expect(manifest.statusCode, item.id).toBe(200);
      expectValid(manifest.json());
    }
    const second = await get(`/iiif/galleries/${f.galleries.second}/collection`);
    expectValid(second.json());
    expect(second.json<{ items: Array<{ id: string }> }>().items.map((i) => i.id)).toEqual([
      `${t.config.publicUrl}/iiif/prints/${f.prints.c}/manifest`,
      `${t.config.publicUrl}/iiif/prints/${f.prints.a}/manifest`,
    ]);
  });

  it('states the licence the artist chose, from the known list only', async () => {
    const headers = await asArtist(t.config, t.handle, f.artistId);
    const refused = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/artist/settings',
      headers,
      payload: { licenceUrl: 'https://example.com/my-licence' },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe('BAD_REQUEST');
    const saved = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/artist/settings',
      headers,
      payload: { licenceUrl: 'http://creativecommons.org/licenses/by-nc-nd/4.0/' },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ licenceUrl: 'http://creativecommons.org/licenses/by-nc-nd/4.0/' });
    await expect
      .poll(async () => (await manifestOf(f.prints.a)).rights, { timeout: 10_000 })
      .toBe('http://creativecommons.org/licenses/by-nc-nd/4.0/');
    const cleared = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/artist/settings',
      headers,
      payload: { licenceUrl: null },
    });
    expect(cleared.statusCode).toBe(200);
    await expect.poll(async () => (await manifestOf(f.prints.a)).rights, { timeout: 10_000 }).toBeUndefined();
  });

  it('refuses a zoom limit outside 1000–20000 pixels', async () => {
    const headers = await asArtist(t.config, t.handle, f.artistId);
    for (const zoomMaxPixels of [999, 20_001, 1.5, '4000']) {
      const res = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/artist/settings',
        headers,
        payload: { zoomMaxPixels },
      });
      expect(res.statusCode, String(zoomMaxPixels)).toBe(400);
    }
    const current = await t.app.inject({ method: 'GET', url: '/api/v1/artist/settings', headers });
    expect(current.json()).toMatchObject({ zoomMaxPixels: 6000 });
  });

  it('links the manifest from the print page: head, a visible link in both languages, and JSON-LD', async () => {
    const manifest = `${t.config.publicUrl}/iiif/prints/${f.prints.a}/manifest`;
    for (const [lang, text] of [
      ['en', 'IIIF manifest (for museum viewers)'],
      ['da', 'IIIF-manifest (til museumsfremvisere)'],
    ] as const) {
      const page = await get(`/${lang}/prints/${f.prints.a}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(
        `<link rel="alternate" type="application/ld+json;profile=&quot;http://iiif.io/api/presentation/3/context.json&quot;" href="${manifest}"/>`,
      );
      expect(page.body).toContain(`href="/iiif/prints/${f.prints.a}/manifest"`);
      expect(page.body).toContain(`>${text}</a>`);
      const ld = JSON.parse(
        /<script type="application\/ld\+json">([^]*?)<\/script>/.exec(page.body)![1]!,
      ) as { subjectOf?: { url: string; encodingFormat: string } };
      expect(ld.subjectOf).toMatchObject({ url: manifest, encodingFormat: PRESENTATION });
    }
    const gallery = await get(`/en/galleries/${f.galleries.main}`);
    expect(gallery.body).toContain(
      `href="${t.config.publicUrl}/iiif/galleries/${f.galleries.main}/collection"`,
    );
    // A print without a picture has no manifest, so no link.
    const withoutImage = await t.handle.db
      .updateTable('prints')
      .set({ image_id: null })
      .where('id', '=', f.prints.c)
      .returning('id')
      .executeTakeFirstOrThrow();
    const page = await get(`/en/prints/${withoutImage.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('/iiif/prints/');
    expect((await get(`/iiif/prints/${f.prints.c}/manifest`)).statusCode).toBe(404);
  });

  it('cuts no tile larger than the zoom limit: the manifest and info.json give the limited size', async () => {
    const headers = await asArtist(t.config, t.handle, f.artistId);
    const saved = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/artist/settings',
      headers,
      payload: { zoomMaxPixels: 1200 },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    // What the worker does for the regeneration the change queues (this app runs no worker).
    const deps = { db: t.handle.db, storage: t.storage, maxPixels: 50_000_000, maxBytes: 50_000_000 };
    expect((await processImage(deps, f.images[f.prints.a]!)).status).toBe('completed');
    let service = '';
    await expect
      .poll(
        async () => {
          const canvas = (await manifestOf(f.prints.a)).items[0]!;
          service = canvas.items[0]!.items[0]!.body.service![0]!.id;
          return [canvas.width, canvas.height];
        },
        { timeout: 20_000 },
      )
      .toEqual([1200, 900]);
    expect((await get(`${service}/info.json`)).json()).toMatchObject({
      width: 1200,
      height: 900,
      maxWidth: 1200,
      maxHeight: 900,
    });
    expect((await get(`${service}/1024,768,176,132/176,132/0/default.jpg`)).statusCode).toBe(200);
    // The 2400-wide picture's tiles beyond 1200 were never written.
    expect((await get(`${service}/1280,0,256,256/256,256/0/default.jpg`)).statusCode).toBe(404);
    expect((await get(`${service}/2048,1536,352,264/352,264/0/default.jpg`)).statusCode).toBe(404);
  });

  it('paints every image of a print on its own canvas, the primary first, each with its image service', async () => {
    // An additional image (decision 024) of the public print a: added through the artist API, processed by the
    // worker's pipeline.
    const headers = await asArtist(t.config, t.handle, f.artistId);
    const versoId = await addPrintImage(
      t.app,
      t.storage,
      headers,
      f.prints.a,
      await hatchingJpeg(1000, 800),
      {
        role: 'verso',
        altText: { da: 'Bagsiden med stempel', en: 'The back, stamped' },
        filename: 'verso.jpg',
      },
    );
    const deps = { db: t.handle.db, storage: t.storage, maxPixels: 50_000_000, maxBytes: 50_000_000 };
    expect((await processImage(deps, versoId)).status).toBe('completed');

    let m: Manifest | undefined;
    await expect
      .poll(
        async () => {
          m = await manifestOf(f.prints.a);
          return m.items.length;
        },
        { timeout: 20_000 },
      )
      .toBe(2);
    const [primary, verso] = m!.items as [Manifest['items'][number], Manifest['items'][number]];
    expect(primary.id).toMatch(/\/canvas\/1$/);
    expect(verso.id).toMatch(/\/canvas\/2$/);
    expect(primary.items[0]!.items[0]!.body.service![0]!.id).toContain(`/images/${f.images[f.prints.a]}/`);
    expect((verso as { label?: unknown }).label).toEqual({ da: ['Bagsiden'], en: ['Verso (the back)'] });
    expect([verso.width, verso.height]).toEqual([1000, 800]);
    const body = verso.items[0]!.items[0]!.body;
    expect(body.id).toContain(`/images/${versoId}/`);
    expect((await get(body.id)).statusCode).toBe(200);
    const service = body.service?.[0];
    expect(service).toMatchObject({ type: 'ImageService3', profile: 'level0' });
    expect((await get(`${service!.id}/info.json`)).json()).toMatchObject({ width: 1000, height: 800 });
    expect((await get(`${service!.id}/0,0,256,256/256,256/0/default.jpg`)).statusCode).toBe(200);
  });
});
