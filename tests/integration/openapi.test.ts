// The generated OpenAPI document: OpenAPI 3.1, every catalogue route documented and every documented route real,
// the published contracts' paths all present, and actual responses valid against the documented schemas.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Fastify from 'fastify';
import { Ajv2020 } from 'ajv/dist/2020.js';
import * as formatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/db.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { asArtist, createArtist, insertGallery, insertPrint } from '../helpers/catalogue.js';
import { cataloguePlugin } from '../../src/modules/catalogue/plugin.js';
import { createCatalogue } from '../../src/modules/catalogue/index.js';

const REFERENCE = path.resolve(import.meta.dirname, '../../../shared/reference/openapi');
const METHODS = ['get', 'post', 'put', 'delete', 'patch'] as const;

type Doc = {
  openapi: string;
  paths: Record<
    string,
    Record<string, { responses?: Record<string, { content?: Record<string, { schema: object }> }> }>
  >;
};

const toOpenApiPath = (url: string) => url.replace(/:([A-Za-z]+)/g, '{$1}');

async function contractOperations(file: string, prefix: string): Promise<string[]> {
  const spec = parse(await readFile(path.join(REFERENCE, file), 'utf8')) as Doc;
  const ops: string[] = [];
  for (const [p, item] of Object.entries(spec.paths)) {
    for (const m of METHODS) if (item[m]) ops.push(`${m.toUpperCase()} ${prefix}${p}`);
  }
  return ops;
}

describe.each(ENGINES)('OpenAPI document on %s', (engine) => {
  let t: TestApp;
  let doc: Doc;
  let headers: Record<string, string>;
  let galleryId: string;
  let printId: string;

  beforeAll(async () => {
    t = await openTestApp(engine);
    doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as Doc;
    const artist = await createArtist(t.handle);
    headers = await asArtist(t.config, t.handle, artist);
    printId = await insertPrint(t.handle, artist);
    galleryId = await insertGallery(t.handle, artist, [printId]);
  });
  afterAll(() => t?.cleanup());

  const documented = () =>
    Object.entries(doc.paths).flatMap(([p, item]) =>
      METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${p}`),
    );

  it('is OpenAPI 3.1 and validates against the OpenAPI 3.1 schema', async () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(doc.paths).length).toBeGreaterThan(15);
    const validator = new Validator();
    const result = await validator.validate(doc as unknown as Parameters<Validator['validate']>[0]);
    expect(validator.version).toBe('3.1');
    expect(result.valid, JSON.stringify(result.errors, null, 2)?.slice(0, 2000)).toBe(true);
  });

  it('documents every catalogue route, and every documented /api/v1 route exists', async () => {
    // Collect the real routes of the catalogue plugin through an onRoute hook on a bare instance.
    const bare = Fastify();
    const real: string[] = [];
    bare.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const m of methods) if (m !== 'HEAD') real.push(`${m} ${toOpenApiPath(route.url)}`);
    });
    bare.decorateRequest('artist', null);
    await bare.register(cataloguePlugin, {
      config: t.config,
      database: t.handle,
      storage: t.storage,
      queue: undefined,
      service: createCatalogue({ db: t.handle.db, storage: t.storage }),
    });
    await bare.ready();
    await bare.close();
    const docs = documented().filter((op) => op.includes(' /api/v1/'));
    expect(real.length).toBeGreaterThan(20);
    expect(real.filter((op) => !docs.includes(op))).toEqual([]);
    for (const op of docs) {
      const [method, p] = op.split(' ') as [string, string];
      const url = p.replace(/\{([A-Za-z]+)\}/g, ':$1');
      expect(t.app.hasRoute({ method: method as 'GET', url }), op).toBe(true);
    }
  });

  it('contains every path and method of the published public and artist contracts', async () => {
    const expected = [
      ...(await contractOperations('content-management-public-api-specification.yaml', '/api/v1')),
      ...(await contractOperations('content-management-artist-api-specification.yaml', '/api/v1/artist')),
    ];
    expect(expected.length).toBe(18);
    expect(expected.filter((op) => !documented().includes(op))).toEqual([]);
  });

  it('answers with bodies valid against the documented response schemas', async () => {
    const formats = (formatsModule as unknown as { default: (a: Ajv2020) => void }).default;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    formats(ajv);
    const check = async (method: 'GET', url: string, docPath: string, status = 200, auth = false) => {
      const res = await t.app.inject({ method, url, headers: auth ? headers : {} });
      expect(res.statusCode, url).toBe(status);
      const schema =
        doc.paths[docPath]?.[method.toLowerCase()]?.responses?.[String(status)]?.content?.['application/json']
          ?.schema;
      expect(schema, `${docPath} ${status}`).toBeDefined();
      const validate = ajv.compile(schema!);
      expect(validate(res.json()), `${url}: ${ajv.errorsText(validate.errors)}`).toBe(true);
      return res.json();
    };
    await check('GET', '/api/v1/galleries', '/api/v1/galleries');
    await check('GET', `/api/v1/galleries/${galleryId}`, '/api/v1/galleries/{galleryId}');
    await check('GET', `/api/v1/galleries/${galleryId}/prints`, '/api/v1/galleries/{galleryId}/prints');
    const print = await check('GET', `/api/v1/prints/${printId}`, '/api/v1/prints/{printId}');
    expect(print.images.length).toBeGreaterThan(0);
    await check('GET', '/api/v1/vocabulary', '/api/v1/vocabulary');
    await check('GET', '/api/v1/artist/exhibitions', '/api/v1/artist/exhibitions', 200, true);
    await check(
      'GET',
      `/api/v1/prints/00000000-0000-4000-8000-000000000000`,
      '/api/v1/prints/{printId}',
      404,
    );
    await check('GET', '/api/v1/artist/galleries', '/api/v1/artist/galleries', 200, true);
    await check(
      'GET',
      `/api/v1/artist/galleries/${galleryId}`,
      '/api/v1/artist/galleries/{galleryId}',
      200,
      true,
    );
    await check(
      'GET',
      `/api/v1/artist/galleries/${galleryId}/prints`,
      '/api/v1/artist/galleries/{galleryId}/prints',
      200,
      true,
    );
    await check('GET', '/api/v1/artist/prints', '/api/v1/artist/prints', 200, true);
    await check('GET', `/api/v1/artist/prints/${printId}`, '/api/v1/artist/prints/{printId}', 200, true);
    await check(
      'GET',
      `/api/v1/artist/prints/${printId}/impressions`,
      '/api/v1/artist/prints/{printId}/impressions',
      200,
      true,
    );
    await check('GET', '/api/v1/artist/tags', '/api/v1/artist/tags', 200, true);
    await check('GET', '/api/v1/artist/settings', '/api/v1/artist/settings', 200, true);
    await check('GET', '/api/v1/artist/settings', '/api/v1/artist/settings', 401);
  });
});
