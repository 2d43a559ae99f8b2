// Gallery and print pages in Debian's Chromium over real images (the media pipeline made the versions, placeholder
// and IIIF level 0 tiles): browse a gallery in order, open a print, open the deep-zoom dialog with the keyboard, zoom with
// keys and buttons, close with Escape; no CSP violations; axe and html-validate in both languages; screenshots;
// the page JS and the lazily loaded viewer measured compressed.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HAS_CHROMIUM,
  NO_CHROMIUM_MESSAGE,
  startSite,
  watchCsp,
  watchLayoutShift,
  type TestSite,
} from '../helpers/browser.js';
import { createStorage } from '../../src/platform/storage/index.js';
import { seedSite, type SiteFixture } from '../fixtures/site.js';

const SCREENSHOTS = path.resolve('test-artifacts/screenshots');
if (!HAS_CHROMIUM) console.warn(NO_CHROMIUM_MESSAGE);

const scale = (page: Page) =>
  page.evaluate(() => {
    const el = document.querySelector<HTMLElement>('.zoom__scale');
    return {
      hidden: el?.hidden ?? true,
      mm: Number(el?.dataset.mm),
      label: document.querySelector('.zoom__scale-label')?.textContent ?? '',
      px: document.querySelector<HTMLElement>('.zoom__scale-bar')?.getBoundingClientRect().width ?? 0,
    };
  });

/** Screen px per mm of the plate, from the scale bar. */
const pxPerMm = async (page: Page) => {
  const s = await scale(page);
  return s.px / s.mm;
};

describe.skipIf(!HAS_CHROMIUM)('gallery and print pages in Chromium', () => {
  let site: TestSite;
  let f: SiteFixture;

  beforeAll(async () => {
    site = await startSite();
    f = await seedSite(site.handle, { process: { storage: createStorage(site.config) } });
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 120_000);
  afterAll(() => site?.close());

  it(
    'browses a gallery in order, opens a print and uses deep zoom with the keyboard',
    { timeout: 60_000 },
    async () => {
      const page = await site.newPage({ locale: 'en-GB', width: 1280 });
      const cspViolations = await watchCsp(page);
      const tiles: string[] = [];
      page.on('response', (r) => {
        if (r.url().includes('/iiif/')) tiles.push(`${r.status()} ${r.url()}`);
      });
      await page.goto(site.url(`/en/galleries/${f.galleries.main}`));
      expect(await page.locator('.card__title').allTextContents()).toEqual([
        'Harbour at night',
        'Fjord',
        'Heath',
      ]);
      // Real versions load (lazy ones once scrolled to); none is the original.
      for (const img of await page.locator('.card__image').all()) await img.scrollIntoViewIfNeeded();
      await page.waitForFunction(() =>
        [...document.querySelectorAll<HTMLImageElement>('.card__image')].every((i) => i.complete),
      );
      const loaded = await page.$$eval('.card__image', (imgs) =>
        (imgs as HTMLImageElement[]).map((i) => ({
          ok: i.complete && i.naturalWidth > 0,
          src: i.currentSrc,
        })),
      );
      expect(loaded.every((i) => i.ok && i.src.endsWith('.webp') && !i.src.includes('original'))).toBe(true);

      await page.click('text=Harbour at night');
      await page.waitForURL(/\/en\/prints\//);
      expect(await page.locator('h1').textContent()).toBe('Harbour at night');
      await page.waitForFunction(() => {
        const img = document.querySelector<HTMLImageElement>('.artwork__image');
        return img?.complete && img.naturalWidth > 0;
      });
      expect(await page.locator('.artwork__placeholder').getAttribute('src')).toMatch(
        /^data:image\/webp;base64,/,
      );

      // Right-click and drag are discouraged on the artwork only.
      const prevented = await page.evaluate(() => {
        const fire = (el: Element, type: string) => {
          const e = new MouseEvent(type, { bubbles: true, cancelable: true });
          el.dispatchEvent(e);
          return e.defaultPrevented;
        };
        const img = document.querySelector('.artwork__image')!;
        const text = document.querySelector('h1')!;
        return {
          image: fire(img, 'contextmenu'),
          drag: fire(img, 'dragstart'),
          text: fire(text, 'contextmenu'),
        };
      });
      expect(prevented).toEqual({ image: true, drag: true, text: false });

      // The viewer module is not loaded before the dialog opens.
      const scripts = () =>
        page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
      expect((await scripts()).some((p) => p.startsWith('/assets/zoom-'))).toBe(false);

      const opener = page.locator('.zoom-open');
      await expect.poll(() => opener.isVisible()).toBe(true);
      await opener.focus();
      await page.keyboard.press('Enter');
      await page.waitForSelector('dialog.zoom[open][data-ready="true"]');
      expect((await scripts()).some((p) => p.startsWith('/assets/zoom-'))).toBe(true);
      // Focus is inside the modal dialog, on the labelled viewer.
      expect(
        await page.evaluate(() => ({
          inDialog: Boolean(document.activeElement?.closest('dialog[open]')),
          label: document.activeElement?.getAttribute('aria-label'),
          role: document.activeElement?.getAttribute('role'),
        })),
      ).toEqual({ inDialog: true, label: 'Zoomable image of Harbour at night', role: 'application' });
      expect(await page.locator('dialog.zoom').getAttribute('aria-labelledby')).toBe('zoom-title');

      // The scale bar: at the start the plate (400 mm) fits the viewer's width.
      const start = await scale(page);
      expect(start.hidden).toBe(false);
      expect(start.label).toMatch(/^\d+(\.\d)? (cm|mm)$/);
      const viewerWidth = await page
        .locator('.zoom__viewer')
        .evaluate((el) => el.getBoundingClientRect().width);
      const startPxPerMm = await pxPerMm(page);
      expect(startPxPerMm * 400).toBeLessThanOrEqual(viewerWidth + 1);
      expect(startPxPerMm * 400).toBeGreaterThan(viewerWidth * 0.5);

      // Keyboard zoom: a step of 1.5× per press of + (or =); the scale bar follows.
      await page.keyboard.press('Equal');
      await expect.poll(() => pxPerMm(page), { timeout: 5000 }).toBeCloseTo(startPxPerMm * 1.5, 1);
      await page.keyboard.press('+');
      await expect.poll(() => pxPerMm(page), { timeout: 5000 }).toBeCloseTo(startPxPerMm * 2.25, 1);
      const zoomed = await pxPerMm(page);
      // The accessible buttons, by keyboard too.
      await page.locator('[data-zoom="out"]').focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => pxPerMm(page), { timeout: 5000 }).toBeLessThan(zoomed * 0.9);
      await page.locator('[data-zoom="home"]').focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => pxPerMm(page), { timeout: 5000 }).toBeCloseTo(startPxPerMm, 1);
      expect(tiles.length).toBeGreaterThan(0);
      expect(tiles.every((t) => t.startsWith('200 '))).toBe(true);
      // The viewer read the print's IIIF image service, as its manifest gives it to museum viewers: info.json,
      // then level 0 tiles named by region and size, full-size ones among them once zoomed in.
      const manifest = await (await page.request.get(site.url(`/iiif/prints/${f.prints.a}/manifest`))).json();
      const service = new URL(
        (manifest as { items: [{ items: [{ items: [{ body: { service: [{ id: string }] } }] }] }] }).items[0]
          .items[0].items[0].body.service[0].id,
      ).pathname;
      const paths = tiles.map((t) => new URL(t.split(' ')[1]!).pathname);
      expect(paths).toContain(`${service}/info.json`);
      const tilePaths = paths.filter((p) => p !== `${service}/info.json`);
      expect(tilePaths.length).toBeGreaterThan(0);
      expect(
        tilePaths.every((p) =>
          /^\/(full|\d+,\d+,\d+,\d+)\/\d+,\d+\/0\/default\.jpg$/.test(p.slice(service.length)),
        ),
      ).toBe(true);
      expect(tilePaths.some((p) => /\/\d+,\d+,256,256\/256,256\/0\/default\.jpg$/.test(p))).toBe(true);

      // JSON-LD is data, and OpenSeadragon adds no inline style element: no CSP violation so far.
      expect(await cspViolations()).toEqual([]);
      // The open dialog passes axe too.
      expect(await site.axe(page)).toEqual([]);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'print-zoom-1280.png') });

      await page.keyboard.press('Escape');
      await expect.poll(() => page.locator('dialog.zoom').getAttribute('open')).toBeNull();
      expect(await page.evaluate(() => document.activeElement?.className)).toBe('zoom-open');
      // Reopening reuses the viewer; the close button works as well.
      await page.keyboard.press('Enter');
      await page.waitForSelector('dialog.zoom[open]');
      await page.locator('[data-zoom="close"]').focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('dialog.zoom').getAttribute('open')).toBeNull();
      expect(await page.evaluate(() => document.activeElement?.className)).toBe('zoom-open');

      // Next within the gallery.
      await page.click('a[rel="next"]');
      await page.waitForURL(new RegExp(`/en/prints/${f.prints.b}\\?gallery=${f.galleries.main}`));
      expect(await page.locator('h1').textContent()).toBe('Fjord');
      expect(await page.locator('.zoom-open').count()).toBe(0); // no tiles, no zoom

      // JSON-LD is data: no CSP violation for it, nor for OpenSeadragon.
      expect(await cspViolations()).toEqual([]);
    },
  );

  it.each(['da', 'en'] as const)(
    'passes axe and html-validate on the gallery and print pages in %s',
    { timeout: 60_000 },
    async (lang) => {
      for (const url of [`/${lang}/galleries/${f.galleries.main}`, `/${lang}/prints/${f.prints.a}`]) {
        for (const colorScheme of ['light', 'dark'] as const) {
          const page = await site.newPage({ locale: lang, colorScheme });
          const res = await page.goto(site.url(url));
          expect(res?.status()).toBe(200);
          const html = (await res?.text()) ?? '';
          expect(await site.axe(page), `${url} ${colorScheme}`).toEqual([]);
          expect(await site.validateHtml(html), url).toEqual([]);
          await page.context().close();
        }
      }
    },
  );

  it.each([375, 768, 1280, 2560])(
    'lays out the print page at %i px and saves a screenshot',
    async (width) => {
      const page = await site.newPage({ locale: 'da-DK', width, height: width >= 2560 ? 1440 : 900 });
      const layoutShift = await watchLayoutShift(page);
      await page.goto(site.url(`/da/prints/${f.prints.a}`));
      await page.waitForFunction(() => {
        const img = document.querySelector<HTMLImageElement>('.artwork__image');
        return img?.complete && img.naturalWidth > 0;
      });
      // Nothing moves while the page loads, the zoom button appearing included (it kept no place: CLS 0.029).
      await expect.poll(() => page.locator('.zoom-open').isVisible()).toBe(true);
      expect(await layoutShift()).toBe(0);
      const layout = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        image: document.querySelector('.artwork__image')!.getBoundingClientRect().width,
        details: document.querySelector('.artwork__details')!.getBoundingClientRect().left,
        chosen: document.querySelector<HTMLImageElement>('.artwork__image')!.currentSrc,
      }));
      expect(layout.scrollWidth).toBeLessThanOrEqual(width);
      // Side by side from 1024 px, stacked below.
      if (width >= 1024) expect(layout.details).toBeGreaterThan(layout.image);
      expect(layout.chosen).toMatch(/_(medium|medium_2x|large|large_2x|xlarge)\.webp$/);
      await page.screenshot({ path: path.join(SCREENSHOTS, `print-${width}.png`), fullPage: true });
      await page.goto(site.url(`/da/galleries/${f.galleries.main}`));
      await page.screenshot({ path: path.join(SCREENSHOTS, `gallery-${width}.png`), fullPage: true });
      await page.context().close();
    },
  );

  it('keeps the page JavaScript tiny and loads the viewer separately', async () => {
    const res = await site.app.inject({ method: 'GET', url: `/en/prints/${f.prints.a}` });
    const assets = [...res.body.matchAll(/(?:src|href|data-viewer)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    const size = async (url: string) => {
      const body = (await site.app.inject({ method: 'GET', url })).rawPayload;
      return {
        raw: body.length,
        gzip: gzipSync(body, { level: 9 }).length,
        brotli: brotliCompressSync(body).length,
      };
    };
    const initialJs = assets.filter((a) => a.endsWith('.js') && !a.startsWith('/assets/zoom-'));
    const css = assets.filter((a) => a.endsWith('.css'));
    const zoom = assets.filter((a) => a.startsWith('/assets/zoom-'));
    expect(initialJs).toHaveLength(2);
    expect(css).toHaveLength(1);
    expect(zoom).toHaveLength(1);
    const sum = async (urls: string[]) => {
      const all = await Promise.all(urls.map(size));
      return all.reduce((a, b) => ({
        raw: a.raw + b.raw,
        gzip: a.gzip + b.gzip,
        brotli: a.brotli + b.brotli,
      }));
    };
    const sizes = { initialJs: await sum(initialJs), zoom: await sum(zoom), css: await sum(css) };
    console.log(`print page asset sizes (bytes): ${JSON.stringify(sizes)}`);
    expect(sizes.initialJs.gzip).toBeLessThan(30 * 1024);
    expect(sizes.initialJs.gzip).toBeLessThan(3 * 1024);
    expect(sizes.css.gzip).toBeLessThan(20 * 1024);
  });
});
