// Search pages are kept between requests (site/page-cache.ts, decision 013): by language and the search as parsed,
// at the catalogue generation. A search asked again is answered without searching or rendering; the GET form's empty
// fields and unknown parameters lead to the same kept page; the page is sent compressed as asked and revalidates
// with its ETag; a change committed elsewhere (plain SQL) shows on the next request; pages whose input had problems
// (400) are answered but never kept.
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SearchService } from '../../src/modules/search/service.js';
import { ENGINES } from '../helpers/db.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { seedSearchFixture, type SearchFixture } from '../fixtures/search.js';

describe.each(ENGINES)('kept search pages on %s', (engine) => {
  let t: TestApp;
  let fx: SearchFixture;
  beforeAll(async () => {
    t = await openTestApp(engine);
    fx = await seedSearchFixture(t.handle);
  });
  afterAll(() => t?.cleanup());
  afterEach(() => {
    vi.restoreAllMocks();
    vi.useRealTimers();
  });
  /**
   * Kept pages are also bounded by a 10 s freshness period (FRESH_MS): a test asking twice holds the wall clock
   * still, so a slow first answer (the snapshot built on a loaded machine) cannot fall across a period's end.
   */
  const holdTheClock = () => vi.useFakeTimers({ toFake: ['Date'] });

  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers });
  /** Counts the searches the page asks the search service for (every render asks once). */
  const countSearches = () => vi.spyOn(SearchService.prototype, 'searchPublic');

  it('answers a search asked again without searching again, the same page with the same ETag', async () => {
    holdTheClock();
    const searches = countSearches();
    const first = await get('/en/search?q=harbour');
    expect(first.statusCode).toBe(200);
    expect(searches).toHaveBeenCalledTimes(1);
    const again = await get('/en/search?q=harbour');
    expect(again.statusCode).toBe(200);
    expect(again.body).toBe(first.body);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(searches).toHaveBeenCalledTimes(1);
    // Another language is another page.
    const danish = await get('/da/search?q=harbour');
    expect(danish.body).toContain('<html lang="da">');
    expect(searches).toHaveBeenCalledTimes(2);
  });

  it('keeps one page for the GET form as a browser without JavaScript submits it and the short address', async () => {
    holdTheClock();
    const short = await get(`/en/search?q=etching&technique=etching`);
    const searches = countSearches();
    const form = await get(
      '/en/search?q=+etching+&yearFrom=&yearTo=&plateHeightMin=&plateHeightMax=&plateWidthMin=' +
        '&plateWidthMax=&priceMin=&priceMax=&technique=etching&utm_source=x',
    );
    expect(form.statusCode).toBe(200);
    expect(form.headers.etag).toBe(short.headers.etag);
    expect(form.body).toBe(short.body);
    expect(searches).not.toHaveBeenCalled();
  });

  it('sends the page compressed as asked, 304 when unchanged, and cacheable like the other pages', async () => {
    const url = '/da/search?q=nyhavn';
    const plain = await get(url);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['cache-control']).toBe('public, max-age=60, stale-while-revalidate=600');
    expect(plain.headers.vary).toContain('Accept-Encoding');
    const br = await get(url, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.rawPayload).toString('utf8')).toBe(plain.body);
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
    const gzip = await get(url, { 'accept-encoding': 'gzip' });
    expect(gunzipSync(gzip.rawPayload).toString('utf8')).toBe(plain.body);
    expect(br.headers.etag).toBe(plain.headers.etag);
    const unchanged = await get(url, { 'if-none-match': String(plain.headers.etag) });
    expect(unchanged.statusCode).toBe(304);
    expect(unchanged.body).toBe('');
  });

  it('shows a change committed elsewhere (plain SQL) on the next request of a kept search', async () => {
    const url = '/en/search?q=lighthouse';
    const before = await get(url);
    expect(before.body).toContain(`/en/prints/${fx.prints.lighthouse}`);
    await sql`update prints set status = 'draft' where id = ${fx.prints.lighthouse}`.execute(t.handle.db);
    const hidden = await get(url);
    expect(hidden.body).not.toContain(`/en/prints/${fx.prints.lighthouse}`);
    await sql`update prints set status = 'published' where id = ${fx.prints.lighthouse}`.execute(t.handle.db);
    const back = await get(url);
    expect(back.body).toContain(`/en/prints/${fx.prints.lighthouse}`);
    expect(back.headers.etag).toBe(before.headers.etag);
  });

  it('answers a search whose input had problems every time, never kept and never cacheable', async () => {
    const searches = countSearches();
    for (let i = 0; i < 2; i += 1) {
      const res = await get('/en/search?q=harbour&yearFrom=12x');
      expect(res.statusCode).toBe(400);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers.etag).toBeUndefined();
      expect(res.body).toContain('id="f-yearFrom-error"');
    }
    expect(searches).toHaveBeenCalledTimes(2);
  });
});
