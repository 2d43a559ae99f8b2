// A newcomer runs `npm start` (PUBLIC_URL http://localhost:3000) and opens http://127.0.0.1:3000: the public pages
// answer under any host name, so their pictures, search thumbnails and deep-zoom tiles must load from that host too
// (before: absolute http://localhost:3000/media/… URLs, another origin, refused by the CSP — every image broken).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, NO_CHROMIUM_MESSAGE, startSite, watchCsp, type TestSite } from '../helpers/browser.js';
import { seedSite, type SiteFixture } from '../fixtures/site.js';

if (!HAS_CHROMIUM) console.warn(NO_CHROMIUM_MESSAGE);

describe.skipIf(!HAS_CHROMIUM)('the public site opened under another host name than PUBLIC_URL', () => {
  let site: TestSite;
  let f: SiteFixture;
  let other: string;

  beforeAll(async () => {
    site = await startSite({}, { publicHost: 'localhost' });
    f = await seedSite(site.handle, { process: { storage: site.storage } });
    other = `http://127.0.0.1:${new URL(site.baseUrl).port}`;
  }, 180_000);
  afterAll(() => site?.close());

  it(
    'loads every picture and the zoom tiles at 127.0.0.1 while PUBLIC_URL is localhost',
    { timeout: 90_000 },
    async () => {
      expect(site.baseUrl).toMatch(/^http:\/\/localhost:\d+$/);
      const page = await site.newPage({ locale: 'en-GB', width: 1280 });
      const cspViolations = await watchCsp(page);
      const media: string[] = [];
      page.on('response', (r) => {
        if (new URL(r.url()).pathname.startsWith('/media/'))
          media.push(`${r.status()} ${new URL(r.url()).host}`);
      });
      const allLoaded = async (selector: string) => {
        for (const img of await page.locator(selector).all()) await img.scrollIntoViewIfNeeded();
        await page.waitForFunction(
          (s) => [...document.querySelectorAll<HTMLImageElement>(s)].every((i) => i.complete),
          selector,
        );
        return page.$$eval(selector, (imgs) =>
          (imgs as HTMLImageElement[]).map((i) => ({
            loaded: i.naturalWidth > 0,
            origin: new URL(i.currentSrc).origin,
          })),
        );
      };

      await page.goto(`${other}/en/`);
      const home = await allLoaded('.card__image');
      expect(home.length).toBeGreaterThan(0);
      expect(home).toEqual(home.map(() => ({ loaded: true, origin: other })));

      await page.goto(`${other}/en/galleries/${f.galleries.main}`);
      const cards = await allLoaded('.card__image');
      expect(cards).toHaveLength(3);
      expect(cards.every((c) => c.loaded && c.origin === other)).toBe(true);

      await page.goto(`${other}/en/prints/${f.prints.a}`);
      expect(await allLoaded('.artwork__image')).toEqual([{ loaded: true, origin: other }]);
      const opener = page.locator('.zoom-open');
      await expect.poll(() => opener.isVisible()).toBe(true);
      await opener.click();
      await page.waitForSelector('dialog.zoom[open][data-ready="true"]');
      await expect.poll(() => media.some((m) => m.startsWith('200 ') && m.includes('127.0.0.1'))).toBe(true);

      // The search index follows the catalogue shortly after a change: ask again until the print is found.
      await expect
        .poll(async () => {
          await page.goto(`${other}/en/search?q=harbour`);
          return page.locator('.search-hit__image').count();
        })
        .toBeGreaterThan(0);
      const hits = await allLoaded('.search-hit__image');
      expect(hits.length).toBeGreaterThan(0);
      expect(hits.every((h) => h.loaded && h.origin === other)).toBe(true);

      expect(media.length).toBeGreaterThan(0);
      expect(media.filter((m) => m !== `200 127.0.0.1:${new URL(site.baseUrl).port}`)).toEqual([]);
      expect(await cspViolations()).toEqual([]);
    },
  );
});
