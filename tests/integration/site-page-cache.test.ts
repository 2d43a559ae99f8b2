// Rendered public pages are kept between requests (src/modules/site/page-cache.ts): they are sent compressed the way
// the browser asks, revalidate with their ETag, and a change committed by anyone — plain SQL standing in for the
// worker or another web process — shows on the very next request. The batched generation clock shares reads under
// load but never answers a request with a read that started before the request arrived.
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { BatchedClock } from '../../src/modules/catalogue/generation.js';
import { chooseEncoding } from '../../src/modules/site/page-cache.js';
import { ENGINES } from '../helpers/db.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { seedSite, type SiteFixture } from '../fixtures/site.js';

describe('the batched generation clock', () => {
  it('answers every caller with a read that started after it asked, sharing reads under load', async () => {
    let generation = 0;
    let reads = 0;
    const started: number[] = [];
    const clock = new BatchedClock({
      now: async () => {
        reads += 1;
        started.push(performance.now());
        const value = ++generation;
        await new Promise((r) => setTimeout(r, 3));
        return value;
      },
    });
    const asked: Array<{ at: number; value: Promise<number> }> = [];
    for (let i = 0; i < 200; i += 1) {
      asked.push({ at: performance.now(), value: clock.now() });
      if (i % 20 === 0) await new Promise((r) => setTimeout(r, 1));
    }
    const values = await Promise.all(asked.map((a) => a.value));
    expect(reads).toBeLessThan(60);
    for (const [i, a] of asked.entries()) {
      // The read that produced the value (generation n is the n-th read) started after the call.
      expect(started[values[i]! - 1]!).toBeGreaterThanOrEqual(a.at);
    }
    // Alone, a caller is answered by its own read at once.
    const before = reads;
    await new Promise((r) => setTimeout(r, 10));
    expect(await clock.now()).toBe(generation);
    expect(reads).toBe(before + 1);
  });

  it('passes a failed read on to the callers that shared it, and reads again for the next ones', async () => {
    let fail = true;
    const clock = new BatchedClock({
      now: async () => {
        if (fail) throw new Error('database away');
        return 7;
      },
    });
    await expect(clock.now()).rejects.toThrow('database away');
    fail = false;
    expect(await clock.now()).toBe(7);
  });

  it('chooses brotli, else gzip, honouring q=0', () => {
    expect(chooseEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(chooseEncoding('gzip;q=1.0, br;q=0')).toBe('gzip');
    expect(chooseEncoding('identity')).toBeUndefined();
    expect(chooseEncoding(undefined)).toBeUndefined();
    expect(chooseEncoding('*')).toBe('br');
  });
});

describe.each(ENGINES)('kept pages on %s', (engine) => {
  let t: TestApp;
  let f: SiteFixture;
  beforeAll(async () => {
    t = await openTestApp(engine);
    f = await seedSite(t.handle);
  });
  afterAll(() => t?.cleanup());

  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers });

  it('sends the same page compressed as asked, with its ETag, and 304 when it is unchanged', async () => {
    const url = `/en/galleries/${f.galleries.main}`;
    const plain = await get(url);
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toContain('Accept-Encoding');
    const br = await get(url, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.rawPayload).toString('utf8')).toBe(plain.body);
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
    const gzip = await get(url, { 'accept-encoding': 'gzip' });
    expect(gunzipSync(gzip.rawPayload).toString('utf8')).toBe(plain.body);
    expect(br.headers.etag).toBe(plain.headers.etag);
    const again = await get(url, { 'if-none-match': String(plain.headers.etag) });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('sends client assets compressed', async () => {
    const page = await get('/en/');
    const css = /href="(\/assets\/site-[^"]+\.css)"/.exec(page.body)?.[1];
    expect(css).toBeDefined();
    const plain = await get(css!);
    const br = await get(css!, { 'accept-encoding': 'br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.rawPayload).toString('utf8')).toBe(plain.body);
    expect(br.headers['cache-control']).toContain('immutable');
  });

  it('shows a change committed elsewhere (plain SQL) on the next request, and unpublishing at once', async () => {
    const url = `/en/galleries/${f.galleries.main}`;
    expect((await get(url)).body).not.toContain('Renamed coast');
    await sql`update galleries set title = ${JSON.stringify({ da: 'Omdøbt kyst', en: 'Renamed coast' })}::jsonb
      where id = ${f.galleries.main}`.execute(t.handle.db);
    expect((await get(url)).body).toContain('Renamed coast');
    expect((await get('/en/')).body).toContain('Renamed coast');

    const print = `/en/prints/${f.prints.a}`;
    expect((await get(print)).statusCode).toBe(200);
    await sql`update prints set status = 'draft' where id = ${f.prints.a}`.execute(t.handle.db);
    expect((await get(print)).statusCode).toBe(404);
    expect((await get(url)).body).not.toContain(`/prints/${f.prints.a}`);
    await sql`update prints set status = 'published' where id = ${f.prints.a}`.execute(t.handle.db);
    expect((await get(print)).statusCode).toBe(200);
  });

  it('shows one more impression sold at once on searches, cards and the print page (the ledger moves the generation)', async () => {
    const availability = (html: string) =>
      new RegExp(
        `<a href="/en/prints/${f.prints.a}">[\\s\\S]*?class="card__availability"[^>]*>([^<]+)<`,
      ).exec(html)?.[1];
    expect(availability((await get('/en/search?q=harbour')).body)).toBe('7 of 25 available');
    expect((await get(`/en/prints/${f.prints.a}`)).body).toContain('Edition of 25 — 7 available');
    // Sold elsewhere (plain SQL, as another web process or dyno would): a search never made before shows it.
    await sql`update impressions set status = 'sold'
      where id = (select id from impressions where print_id = ${f.prints.a} and kind = 'numbered'
        and status = 'available' order by number limit 1)`.execute(t.handle.db);
    expect(availability((await get('/en/search?q=harbour+night')).body)).toBe('6 of 25 available');
    // Searches and pages kept from before the sale: within FRESH_MS, but at an older generation.
    expect(availability((await get('/en/search?q=harbour')).body)).toBe('6 of 25 available');
    expect((await get(`/en/prints/${f.prints.a}`)).body).toContain('Edition of 25 — 6 available');
  });
});
