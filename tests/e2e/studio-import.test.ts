// The inventory spreadsheet in Chromium: from the prints page, export the inventory (a real download), open the
// import page, upload a file with a refused row and see it at its row, upload a corrected one, check it and apply
// it with the keyboard; the prints it made are drafts. axe on every step, html-validate on the served pages.
import { mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
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
import { insertPrint } from '../helpers/catalogue.js';
import { hatchingJpeg } from '../fixtures/images.js';

if (!HAS_CHROMIUM) console.warn(NO_CHROMIUM_MESSAGE);
const SCREENSHOTS = path.resolve('test-artifacts/screenshots');

describe.skipIf(!HAS_CHROMIUM)('studio spreadsheet import in Chromium', () => {
  let site: StudioSite;
  let page: Page;
  let printId = '';
  const dir = path.join(os.tmpdir(), `cpg-import-e2e-${process.pid}`);

  beforeAll(async () => {
    site = await startStudioSite();
    printId = await insertPrint(site.handle, site.artistId, {
      status: 'draft',
      title: { da: 'Havn', en: 'Harbour' },
      withImage: false,
    });
    await site.handle.db
      .updateTable('prints')
      .set({ inventory_number: 'E-001' })
      .where('id', '=', printId)
      .execute();
    mkdirSync(SCREENSHOTS, { recursive: true });
    mkdirSync(dir, { recursive: true });
    page = await site.newPage({ locale: 'en-GB' });
    await signInStudio(site, page, '/studio/prints');
  }, 90_000);

  afterAll(async () => {
    await site?.close();
  });

  it(
    'exports, checks a file with a refused row, then imports a corrected one',
    { timeout: 120_000 },
    async () => {
      await page.waitForURL('**/studio/prints');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Export CSV' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^inventory-\d{4}-\d{2}-\d{2}\.csv$/);
      const exported = await readFile((await download.path())!, 'utf8');
      expect(exported.startsWith('\uFEFFid,inventory_number,title_da,title_en')).toBe(true);
      expect(exported).toContain(`${printId},E-001,Havn,Harbour`);

      await page.getByRole('link', { name: 'Import from a spreadsheet' }).click();
      await page.waitForURL('**/studio/prints/import');
      expect(await page.locator('h1').innerText()).toBe('Import prints from a spreadsheet');
      await expectCleanPage(site, page);

      // Nothing chosen: the error is at the field.
      await page.getByRole('button', { name: 'Check the file' }).click();
      await page.waitForSelector('.error-summary');
      expect(await page.locator('#f-file-error').innerText()).toBe('Choose a CSV file to upload');
      await expectCleanLivePage(site, page);

      // A refused row (an unknown technique) is shown at its row; there is nothing to apply.
      const bad = path.join(dir, 'bad.csv');
      writeFileSync(
        bad,
        'inventory_number;title_da;title_en;year;technique\r\nE-002;Kirke;Church;2021;woodcut\r\n',
      );
      await page.getByLabel('Spreadsheet (CSV)').setInputFiles(bad);
      await page.getByRole('button', { name: 'Check the file' }).click();
      await page.waitForSelector('tr[data-row="2"][data-action="refused"]');
      expect(await page.locator('tr[data-row="2"]').innerText()).toContain('unknown technique “woodcut”');
      expect(await page.getByRole('button', { name: /^Apply/ }).count()).toBe(0);
      await expectCleanLivePage(site, page);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'studio-import-refused.png'), fullPage: true });

      // The corrected file: one new print, one update; applied from the keyboard.
      const good = path.join(dir, 'good.csv');
      writeFileSync(
        good,
        'inventory_number;title_da;title_en;year;technique;price;image_file_name\r\n' +
          'E-001;Havn;Harbour;2023;etching;2400,50;\r\n' +
          'E-002;Kirke;Church;2021;Akvatinte;;kirke.jpg\r\n',
      );
      await page.getByLabel('Spreadsheet (CSV)').setInputFiles(good);
      await page.getByRole('button', { name: 'Check the file' }).click();
      await page.waitForSelector('tr[data-row="3"][data-action="create"]');
      expect(await page.locator('tr[data-row="2"]').innerText()).toContain('price: (empty) → 2400.5');
      await expectCleanLivePage(site, page);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'studio-import-preview.png'), fullPage: true });
      const apply = page.getByRole('button', { name: 'Apply: create 1 draft and update 1 print' });
      await apply.focus();
      await page.keyboard.press('Enter');
      await page.waitForSelector('text=Spreadsheet imported');
      expect(await page.locator('h2#result-heading').innerText()).toBe(
        '1 print created as drafts, 1 print updated, 0 rows unchanged',
      );
      await expectCleanLivePage(site, page);

      const made = await site.handle.db
        .selectFrom('prints')
        .selectAll()
        .where('inventory_number', '=', 'E-002')
        .executeTakeFirstOrThrow();
      expect(made).toMatchObject({ status: 'draft', technique_key: 'aquatint', year: 2021 });
      const harbour = await site.handle.db
        .selectFrom('prints')
        .selectAll()
        .where('id', '=', printId)
        .executeTakeFirstOrThrow();
      expect(Number(harbour.price_amount)).toBe(2400.5);

      // The image follows by file name: the bulk upload of kirke.jpg goes to the print that waits for it.
      await page.goto(`${site.baseUrl}/studio/prints`);
      const jpeg = path.join(dir, 'kirke.jpg');
      writeFileSync(jpeg, await hatchingJpeg(160, 120));
      await page.getByLabel('Choose image files').setInputFiles(jpeg);
      await page.waitForFunction(
        () => document.getElementById('studio-status')?.textContent?.includes('which was waiting for it'),
        undefined,
        { timeout: 30_000 },
      );
      expect(await page.locator('#studio-status').innerText()).toBe(
        'kirke.jpg: added to “Church”, which was waiting for it; the image is being processed.',
      );
      const church = await site.handle.db
        .selectFrom('prints')
        .selectAll()
        .where('inventory_number', '=', 'E-002')
        .executeTakeFirstOrThrow();
      expect(church).toMatchObject({ awaited_image_name: null, image_status: 'processing' });
      const all = await site.handle.db
        .selectFrom('prints')
        .select('id')
        .where('artist_id', '=', site.artistId)
        .execute();
      expect(all).toHaveLength(2);

      // The print editor shows the inventory number in its labelled field.
      await page.goto(`${site.baseUrl}/studio/prints/${printId}`);
      expect(await page.getByLabel('Inventory number').inputValue()).toBe('E-001');
    },
  );
});
