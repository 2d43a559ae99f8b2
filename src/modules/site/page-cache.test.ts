import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { LazyPreparedPage } from './page-cache.js';

const HTML = `<!doctype html><title>Søgning</title>${'<li>Havnen om morgenen, radering</li>'.repeat(200)}`;

describe('LazyPreparedPage', () => {
  it('compresses an encoding once on the thread pool and hands that body to the getter', async () => {
    const page = new LazyPreparedPage(HTML);
    await Promise.all([page.prepare('br'), page.prepare('br')]);
    const br = page.br;
    expect(page.br).toBe(br);
    expect(brotliDecompressSync(br).toString('utf8')).toBe(HTML);
    expect(br.length).toBeLessThan(page.identity.length / 10);
    await page.prepare('gzip');
    expect(gunzipSync(page.gzip).toString('utf8')).toBe(HTML);
  });

  it('compresses on the spot what was not prepared, and prepares nothing for no encoding', async () => {
    const page = new LazyPreparedPage(HTML);
    await page.prepare(undefined);
    expect(gunzipSync(page.gzip).toString('utf8')).toBe(HTML);
    expect(brotliDecompressSync(page.br).toString('utf8')).toBe(HTML);
  });
});
