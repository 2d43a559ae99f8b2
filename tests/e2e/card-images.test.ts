// Card images in Debian's Chromium over real versions (decision 021): with the sizes of its grid, each screen loads
// the smallest version that is sharp on it — small on a 1× desktop and for a phone's search hits, medium or larger
// where a card is wide in device pixels — and nothing shifts while the cards load (CLS 0).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, NO_CHROMIUM_MESSAGE, startSite, type TestSite } from '../helpers/browser.js';
import { seedSite, type SiteFixture } from '../fixtures/site.js';

if (!HAS_CHROMIUM) console.warn(NO_CHROMIUM_MESSAGE);

interface Loaded {
  /** Rendered width in CSS px. */
  shown: number;
  /** Width of the version the browser chose, and of every candidate. */
  chosen: number;
  widths: number[];
  version: string;
}

/** Every card image of the page once loaded (scrolled to, so the lazy ones load too), with the layout shift. */
async function cardImages(page: Page, selector: string): Promise<{ images: Loaded[]; shift: number }> {
  await page.evaluate(() => {
    const w = window as unknown as { __shift: number };
    w.__shift = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as Array<PerformanceEntry & { value: number }>) w.__shift += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  for (const img of await page.locator(selector).all()) await img.scrollIntoViewIfNeeded();
  await page.waitForFunction(
    (s) => [...document.querySelectorAll<HTMLImageElement>(s)].every((i) => i.complete && i.naturalWidth > 0),
    selector,
  );
  const images = await page.$$eval(selector, (imgs) =>
    (imgs as HTMLImageElement[]).map((i) => {
      const widths = (i.getAttribute('srcset') ?? '')
        .split(',')
        .map((c) => Number(/(\d+)w$/.exec(c.trim())?.[1]));
      const chosen = i.getAttribute('srcset')
        ? (i
            .getAttribute('srcset')!
            .split(',')
            .map((c) => c.trim().split(' '))
            .find(([url]) => new URL(url!, location.href).href === i.currentSrc)?.[1] ?? '')
        : '';
      return {
        shown: i.getBoundingClientRect().width,
        chosen: Number(chosen.replace('w', '')),
        widths,
        version: /_([a-z0-9_]+)\.webp$/.exec(i.currentSrc)?.[1] ?? i.currentSrc,
      };
    }),
  );
  const shift = await page.evaluate(() => (window as unknown as { __shift: number }).__shift);
  return { images, shift };
}

describe.skipIf(!HAS_CHROMIUM)('card images in Chromium', () => {
  let site: TestSite;
  let f: SiteFixture;

  beforeAll(async () => {
    site = await startSite();
    f = await seedSite(site.handle, { process: { storage: site.storage } });
  }, 180_000);
  afterAll(() => site?.close());

  it(
    'loads the smallest sharp version on phones and desktops at their pixel density, without layout shift',
    {
      timeout: 120_000,
    },
    async () => {
      // [page, selector, viewport width, device pixel ratio, the version the first card (print A) must load]
      const cases: Array<[string, string, number, number, string]> = [
        // A 1× desktop: 3 columns of 384 px; 4 columns of 334 px at 1600.
        [`/en/galleries/${f.galleries.main}`, '.card__image', 1280, 1, 'small'],
        [`/en/galleries/${f.galleries.main}`, '.card__image', 1600, 1, 'small'],
        // The same on a 2× screen: 768 device px.
        [`/en/galleries/${f.galleries.main}`, '.card__image', 1280, 2, 'medium'],
        // Lighthouse's phone (412 px at 1.75×): one column of 380 px is 665 device px.
        [`/en/galleries/${f.galleries.main}`, '.card__image', 412, 1.75, 'medium'],
        // A 3× phone: 343 px is 1029 device px.
        [`/en/galleries/${f.galleries.main}`, '.card__image', 375, 3, 'medium_2x'],
        // Search hits on a 3× phone are 104 px beside their text (312 device px); in columns on a desktop.
        ['/en/search?q=harbour', '.search-hit__image', 375, 3, 'small'],
        ['/en/search?q=harbour', '.search-hit__image', 1280, 1, 'small'],
      ];
      for (const [url, selector, width, dpr, first] of cases) {
        const page = await site.newPage({ locale: 'en-GB', width, height: 900, deviceScaleFactor: dpr });
        const res = await page.goto(site.url(url));
        expect(res?.status()).toBe(200);
        const { images, shift } = await cardImages(page, selector);
        const label = `${url} at ${width} px ${dpr}×`;
        expect(images.length, label).toBeGreaterThan(0);
        expect(images[0]!.version, label).toBe(first);
        for (const img of images) {
          // Sharp: at least as many pixels as the screen shows, unless no version is that large.
          const needed = Math.min(Math.floor(img.shown * dpr), Math.max(...img.widths));
          expect(img.chosen, `${label}: ${JSON.stringify(img)}`).toBeGreaterThanOrEqual(needed);
          // And no larger than needed: no smaller candidate would have been sharp enough.
          const smaller = img.widths.filter((w) => w < img.chosen);
          expect(
            smaller.every((w) => w < img.shown * dpr),
            `${label}: ${JSON.stringify(img)}`,
          ).toBe(true);
        }
        // Nothing moves while the page and its images load (the search form's hint keeps its place too).
        expect(shift, label).toBe(0);
        await page.context().close();
      }
    },
  );
});
