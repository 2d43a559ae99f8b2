// Bad input gets a clear 4xx, never a 5xx (issue 17, item 10): EVERY registered route gets malformed ids in its
// path parameters, odd query values (a redirect target with CR/LF among them) and broken bodies, as a visitor and
// as the signed-in artist, on both engines. The test counts routes and requests and lists every 5xx it meets.
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRoutes } from '../../src/app.js';
import { ENGINES } from '../helpers/db.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { asArtist, createArtist, insertGallery, insertPrint } from '../helpers/catalogue.js';

/** Ids that are not UUIDs, or are only almost: they must never reach the database as ids. */
const BAD_IDS = [
  '------------------------------------',
  'not-an-id',
  '00000000-0000-0000-0000-00000000000g',
  'urn:uuid:3f1c2b1e-8d5a-4c3e-9a1b-2c3d4e5f6a7b',
  '%7B3f1c2b1e-8d5a-4c3e-9a1b-2c3d4e5f6a7b%7D',
  '3F1C2B1E-8D5A-4C3E-9A1B-2C3D4E5F6A7B',
  '%00',
  '%E0%A4%A',
  '..%2F..%2Fetc%2Fpasswd',
  '9'.repeat(40),
  'a'.repeat(400),
];
const BAD_WILDCARDS = ['%00', '..%2F..%2Fconfig', 'images/..%2F..%2Fx', 'x'.repeat(2000), '%E0%A4%A'];
const BAD_QUERIES = [
  '?page=-1&limit=abc&language=xx&q=%00%0d%0a&gallery=zzz&ids=---,x&sort=%3Bdrop&status=weird&technique=%00',
  '?page=99999999999999999999&limit=1e9&from=2026-13-45&to=not-a-day&year=abc&priceMin=-1e400',
  `?next=/en/%0d%0aSet-Cookie:%20x=y&returnTo=//evil.example&q=${'%F0%9F'.repeat(3)}`,
  '?next=%2F%2Fevil.example&language=&page=&limit=',
];
const BAD_BODIES: Array<Pick<InjectOptions, 'payload' | 'headers'>> = [
  { payload: '{"title":', headers: { 'content-type': 'application/json' } },
  { payload: '[1,2,3]', headers: { 'content-type': 'application/json' } },
  {
    payload: JSON.stringify({
      title: 123,
      status: 7,
      printOrders: 'x',
      editionSize: 'many',
      order: -5,
      uploadId: '------------------------------------',
      coverPrintId: 'urn:uuid:3f1c2b1e-8d5a-4c3e-9a1b-2c3d4e5f6a7b',
      ids: ['x'],
      email: { a: 1 },
    }),
    headers: { 'content-type': 'application/json' },
  },
  {
    payload: JSON.stringify({ title: 'x'.repeat(200_000) }),
    headers: { 'content-type': 'application/json' },
  },
  {
    payload: 'title=%ZZ&_csrf=nope&status=%00&position=-3&id=------------------------------------',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  },
  {
    payload: '--b\r\nContent-Disposition: form-data; name="image"; filename="x"\r\n\r\nnot an image\r\n--',
    headers: { 'content-type': 'multipart/form-data; boundary=b' },
  },
  { payload: 'plain text', headers: { 'content-type': 'text/plain' } },
];

interface Route {
  method: string;
  url: string;
}

/** Every route the app registered, HEAD and OPTIONS left out. */
function routesOf(app: FastifyInstance): Route[] {
  const seen = new Set<string>();
  return appRoutes(app).filter((r) => {
    const key = `${r.method} ${r.url}`;
    if (['HEAD', 'OPTIONS', 'TRACE', 'CONNECT'].includes(r.method) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The route's URL with each parameter (and the wildcard) filled by the given value. */
function fill(url: string, value: string, wildcard: string): string {
  return url.replace(/:[A-Za-z]+/g, value).replace(/\*$/, wildcard);
}

/** The route's URL with values that get a handler past its lookups: a language, real ids, well-formed others. */
function plausible(url: string, ids: { print: string; gallery: string }): string {
  return url
    .replace(/:([A-Za-z]+)/g, (_m, name: string) => {
      if (name === 'lang') return 'en';
      if (/gallery/i.test(name)) return ids.gallery;
      if (/print/i.test(name) || name === 'id') return ids.print;
      return '3f1c2b1e-8d5a-4c3e-9a1b-2c3d4e5f6a7b';
    })
    .replace(/\*$/, 'images/3f1c2b1e-8d5a-4c3e-9a1b-2c3d4e5f6a7b/g/x.webp');
}

describe.each(ENGINES)('malformed input on %s', (engine) => {
  let t: TestApp;
  let artist: Record<string, string>;
  let ids: { print: string; gallery: string };

  beforeAll(async () => {
    t = await openTestApp(engine);
    const artistId = await createArtist(t.handle, 'Fuzzed Artist');
    artist = await asArtist(t.config, t.handle, artistId);
    // Some real rows, so handlers that found nothing are not the only ones asked.
    const print = await insertPrint(t.handle, artistId, { status: 'published' });
    ids = { print, gallery: await insertGallery(t.handle, artistId, [print]) };
  }, 60_000);
  afterAll(() => t?.cleanup());

  it('answers every malformed request to every route without a 5xx', async () => {
    const routes = routesOf(t.app);
    expect(routes.length).toBeGreaterThan(100);
    const failures: string[] = [];
    let requests = 0;
    // Over real HTTP, not inject(): a header the app cannot send (a Location with CR/LF) fails only on a socket.
    const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const send = async (options: InjectOptions) => {
      requests += 1;
      const res = await fetch(`${base}${String(options.url)}`, {
        method: options.method as string,
        headers: options.headers as Record<string, string>,
        body: options.payload as string | undefined,
        redirect: 'manual',
      });
      const body = await res.text();
      if (res.status >= 500)
        failures.push(`${options.method} ${String(options.url)} → ${res.status} ${body.slice(0, 160)}`);
    };
    for (const route of routes) {
      const urls = new Set<string>();
      for (const id of BAD_IDS) urls.add(fill(route.url, id, BAD_WILDCARDS[0]!));
      for (const wildcard of BAD_WILDCARDS) urls.add(fill(route.url, BAD_IDS[0]!, wildcard));
      const plain = plausible(route.url, ids);
      urls.add(plain);
      for (const query of BAD_QUERIES) {
        urls.add(`${plain}${query}`);
        urls.add(`${fill(route.url, BAD_IDS[0]!, BAD_WILDCARDS[0]!)}${query}`);
      }
      for (const headers of [{}, artist]) {
        for (const url of urls) {
          await send({ method: route.method as InjectOptions['method'], url, headers });
        }
        if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(route.method)) {
          for (const body of BAD_BODIES) {
            await send({
              method: route.method as InjectOptions['method'],
              url: plain,
              payload: body.payload,
              headers: { ...headers, ...body.headers, origin: t.config.publicUrl },
            });
          }
        }
      }
    }
    console.log(`malformed input on ${engine}: ${requests} requests to ${routes.length} routes`);
    expect(failures).toEqual([]);
  }, 600_000);
});
