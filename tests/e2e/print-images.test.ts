// A print's other images on its public page in Chromium (issue 19, decision 024): the strip is a labelled list of
// links named by role and alt text, reached and followed with the keyboard; the chosen image takes the main figure
// (and the zoom viewer's tiles), nothing moves while the page loads, and axe finds nothing in either language.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HAS_CHROMIUM,
  NO_CHROMIUM_MESSAGE,
  startSite,
  watchLayoutShift,
  type TestSite,
} from '../helpers/browser.js';
import { addPrintImage, asArtist } from '../helpers/catalogue.js';
import { createStorage } from '../../src/platform/storage/index.js';
import { processImage } from '../../src/modules/media/service.js';
import { hatchingJpeg } from '../fixtures/images.js';
import { seedSite, type SiteFixture } from '../fixtures/site.js';

if (!HAS_CHROMIUM) console.warn(NO_CHROMIUM_MESSAGE);

describe.skipIf(!HAS_CHROMIUM)("a print's images in Chromium", () => {
  let site: TestSite;
  let f: SiteFixture;
  let detailId: string;

  beforeAll(async () => {
    site = await startSite();
    const storage = createStorage(site.config);
    f = await seedSite(site.handle, { process: { storage } });
    const headers = await asArtist(site.config, site.handle, f.artistId);
    detailId = await addPrintImage(site.app, storage, headers, f.prints.a, await hatchingJpeg(900, 1200), {
      role: 'detail',
      altText: { da: 'Bådene tæt på', en: 'The boats up close' },
      filename: 'detail.jpg',
    });
    const deps = { db: site.handle.db, storage, maxPixels: 50_000_000, maxBytes: 50_000_000 };
    expect((await processImage(deps, detailId)).status).toBe('completed');
  }, 120_000);
  afterAll(() => site?.close());

  const mainImage = (page: Page) =>
    page.evaluate(() => {
      const img = document.querySelector<HTMLImageElement>('.artwork__image');
      return { src: img?.currentSrc ?? '', alt: img?.alt ?? '' };
    });

  it(
    'chooses an image from the strip with the keyboard; no layout shift, no axe violations',
    { timeout: 40_000 },
    async () => {
      const page = await site.newPage({ locale: 'en-GB', width: 1280 });
      const layoutShift = await watchLayoutShift(page);
      await expect
        .poll(async () => (await page.goto(site.url(`/en/prints/${f.prints.a}`)))?.status(), {
          timeout: 10_000,
        })
        .toBe(200);
      await expect.poll(() => page.locator('.image-strip__link').count(), { timeout: 10_000 }).toBe(2);
      const strip = page.getByRole('navigation', { name: 'Images of this print' });
      const links = strip.getByRole('link');
      expect(await strip.ariaSnapshot()).toContain('link "The print: Etching of a harbour at night"');
      await expect
        .poll(() => strip.getByRole('link', { name: 'Detail: The boats up close' }).count())
        .toBe(1);
      expect(await links.first().getAttribute('aria-current')).toBe('true');
      await page.waitForFunction(() =>
        [...document.querySelectorAll<HTMLImageElement>('.image-strip__thumb, .artwork__image')].every(
          (i) => i.complete && i.naturalWidth > 0,
        ),
      );
      expect(await layoutShift()).toBe(0);
      expect(await site.axe(page)).toEqual([]);

      // Tab through the page until the detail's link has focus, then follow it with Enter.
      let focused = '';
      for (let i = 0; i < 40 && !focused.startsWith('Detail'); i++) {
        await page.keyboard.press('Tab');
        focused = await page.evaluate(
          () => document.activeElement?.querySelector('.visually-hidden')?.textContent ?? '',
        );
      }
      expect(focused).toBe('Detail: The boats up close');
      await Promise.all([page.waitForURL(new RegExp(`image=${detailId}`)), page.keyboard.press('Enter')]);
      await page.waitForFunction(() => {
        const img = document.querySelector<HTMLImageElement>('.artwork__image');
        return img?.complete && img.naturalWidth > 0;
      });
      expect(await mainImage(page)).toEqual({
        src: expect.stringContaining(`/images/${detailId}/`),
        alt: 'The boats up close',
      });
      expect(await page.locator('#zoom').getAttribute('data-tiles')).toContain(`/images/${detailId}/`);
      expect(
        await strip.getByRole('link', { name: 'Detail: The boats up close' }).getAttribute('aria-current'),
      ).toBe('true');
      expect(await site.axe(page)).toEqual([]);

      // The Danish page names the roles in Danish.
      await page.goto(site.url(`/da/prints/${f.prints.a}?image=${detailId}`));
      const danish = page.getByRole('navigation', { name: 'Billeder af dette tryk' });
      expect(await danish.getByRole('link', { name: 'Detalje: Bådene tæt på' }).count()).toBe(1);
      expect(await danish.getByRole('link', { name: /^Trykket: / }).count()).toBe(1);
      expect(await site.axe(page)).toEqual([]);
      await page.context().close();
    },
  );
});
