// The studio's exhibitions in Chromium: record one with the keyboard-usable form (kind, dates, place, link,
// description in both languages, prints shown), see a refused end date at its field, edit, and delete; the CV page
// of the public site follows. axe and html-validate on the list, the new form, the form with an error, and edit.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { HAS_CHROMIUM, NO_CHROMIUM_MESSAGE } from '../helpers/browser.js';
import {
  expectCleanLivePage,
  expectCleanPage,
  signInStudio,
  startStudioSite,
  type StudioSite,
} from '../helpers/studio.js';
import { insertGallery, insertPrint } from '../helpers/catalogue.js';

if (!HAS_CHROMIUM) console.warn(NO_CHROMIUM_MESSAGE);
const SCREENSHOTS = path.resolve('test-artifacts/screenshots');

describe.skipIf(!HAS_CHROMIUM)('studio exhibitions in Chromium', () => {
  let site: StudioSite;
  let page: Page;
  let printId = '';

  beforeAll(async () => {
    site = await startStudioSite();
    printId = await insertPrint(site.handle, site.artistId, {
      title: { da: 'Havn', en: 'Harbour' },
      withImage: false,
    });
    await insertGallery(site.handle, site.artistId, [printId]);
    mkdirSync(SCREENSHOTS, { recursive: true });
    page = await site.newPage({ locale: 'en-GB' });
    await signInStudio(site, page, '/studio/exhibitions');
  }, 90_000);

  afterAll(async () => {
    await site?.close();
  });

  it(
    'records, corrects, edits and deletes an exhibition; the public CV follows',
    { timeout: 90_000 },
    async () => {
      await page.waitForURL('**/studio/exhibitions');
      expect(await page.locator('h1').innerText()).toBe('Exhibitions');
      await expectCleanPage(site, page);
      await page.getByRole('link', { name: 'New exhibition' }).click();
      await page.waitForURL('**/studio/exhibitions/new');
      await expectCleanPage(site, page);
      await page.getByLabel('Kind').selectOption('solo');
      await page.getByLabel('Title').fill('Copper and salt');
      await page.getByLabel('Venue').fill('Kunsthal Møn');
      await page.getByLabel('City').fill('Stege');
      await page.getByLabel('Country').fill('Denmark');
      await page.getByLabel('Start date').fill('2024-03-02');
      await page.getByLabel('End date (optional)').fill('2024-02-01');
      await page.getByLabel('Link (optional)').fill('https://example.test/show');
      await page.getByLabel('Harbour').check();
      await page.keyboard.press('Enter');
      // The end before the start comes back at its field, everything typed kept.
      await page.waitForSelector('.error-summary');
      expect(await page.locator('.error-summary').innerText()).toContain('End date');
      expect(await page.getByLabel('Title').inputValue()).toBe('Copper and salt');
      expect(await page.getByLabel('Harbour').isChecked()).toBe(true);
      await expectCleanLivePage(site, page);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'studio-exhibition-error.png'), fullPage: true });
      await page.getByLabel('End date (optional)').fill('2024-04-14');
      await page.getByRole('button', { name: 'Record exhibition' }).click();
      await page.waitForURL('**/studio/exhibitions?notice=created');
      expect(await page.locator('#studio-status').innerText()).toContain('Exhibition recorded.');
      expect(await page.locator('tbody tr').allInnerTexts()).toEqual([
        expect.stringMatching(
          /Copper and salt\s+Solo exhibition\s+Kunsthal Møn, Stege, Denmark\s+2024-03-02 – 2024-04-14\s+1/,
        ),
      ]);
      await expectCleanPage(site, page);

      const cv = await page.request.get(site.url('/en/cv'));
      expect(await cv.text()).toContain('Copper and salt');

      await page.getByRole('link', { name: 'Copper and salt' }).click();
      await page.waitForURL('**/studio/exhibitions/*');
      await expectCleanPage(site, page);
      await page.getByLabel('Kind').selectOption('group');
      await page.getByLabel('Harbour').uncheck();
      await page.getByRole('button', { name: 'Save exhibition' }).click();
      await page.waitForURL('**/studio/exhibitions?notice=saved');
      expect(await page.locator('tbody tr').innerText()).toMatch(/Group exhibition[^]*\s0$/);
      const stored = await site.handle.db.selectFrom('exhibition_prints').selectAll().execute();
      expect(stored).toEqual([]);

      await page.getByRole('link', { name: 'Copper and salt' }).click();
      await page.getByRole('button', { name: 'Delete this exhibition' }).click();
      await page.waitForURL('**/studio/exhibitions?notice=deleted');
      expect(await page.locator('#studio-status').innerText()).toContain('Exhibition deleted.');
      expect(await site.handle.db.selectFrom('exhibitions').selectAll().execute()).toEqual([]);
    },
  );
});
