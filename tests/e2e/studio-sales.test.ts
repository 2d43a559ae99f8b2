// The printmaker's business pages in Chromium (decision 022): record a contact, record a sale from the print
// editor's ledger row (a refused price shown at its field first), see the totals, the contact's history and the
// print's provenance, undo the sale (the ledger gets back what it had), consign an impression and mark it
// returned. axe and html-validate on every new page: contacts list, contact form, contact page, sale form (also
// with an error), sales, consignments and the consignment form.
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

if (!HAS_CHROMIUM) console.warn(NO_CHROMIUM_MESSAGE);

describe.skipIf(!HAS_CHROMIUM)('studio sales and consignments in Chromium', () => {
  let site: StudioSite;
  let page: Page;
  let printId = '';
  let impressionId = '';

  const ledger = () =>
    site.handle.db
      .selectFrom('impressions')
      .select(['status', 'location'])
      .where('id', '=', impressionId)
      .executeTakeFirstOrThrow();

  beforeAll(async () => {
    site = await startStudioSite();
    printId = await insertPrint(site.handle, site.artistId, {
      title: { da: 'Havn', en: 'Harbour' },
      editionSize: 10,
      withImage: false,
    });
    impressionId = (
      await site.handle.db
        .insertInto('impressions')
        .values({ print_id: printId, kind: 'numbered', number: 1, location: 'Drawer 2' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    page = await site.newPage({ locale: 'en-GB' });
    // Undo and delete ask first (data-confirm): the artist says yes.
    page.on('dialog', (dialog) => void dialog.accept());
    await signInStudio(site, page, '/studio/contacts');
  }, 90_000);

  afterAll(async () => {
    await site?.close();
  });

  it(
    'records a sale from the ledger, undoes it, and consigns an impression out and back',
    { timeout: 120_000 },
    async () => {
      expect(await page.locator('h1').innerText()).toBe('Contacts');
      await expectCleanPage(site, page);
      await page.getByRole('link', { name: 'New contact' }).click();
      await page.waitForURL('**/studio/contacts/new');
      await expectCleanPage(site, page);
      await page.getByLabel('Kind').selectOption('dealer');
      await page.getByLabel('Name').fill('Mette Holm');
      await page.getByLabel('Organisation (optional)').fill('Galleri Møllen');
      await page.getByLabel('E-mail (optional)').fill('mette@example.test');
      await page.getByRole('button', { name: 'Record contact' }).click();
      await page.waitForURL('**/studio/contacts/*?notice=created');
      await expectCleanPage(site, page);

      // From the print editor's ledger row.
      await page.goto(site.url(`/studio/prints/${printId}`));
      await page.getByRole('link', { name: 'Record a sale of 1/10' }).click();
      await page.waitForURL('**/studio/sales/new?impression=*');
      await expectCleanPage(site, page);
      expect(await page.getByLabel('Harbour 1/10').isChecked()).toBe(true);
      await page.getByLabel('Buyer').selectOption({ label: 'Mette Holm (Galleri Møllen)' });
      await page.getByLabel('Date').fill('2025-04-09');
      await page.getByLabel('Price of the whole sale').fill('a lot');
      await page.getByLabel('Channel').selectOption('gallery');
      await page.getByRole('button', { name: 'Record sale' }).click();
      await page.waitForSelector('.error-summary');
      expect(await page.locator('.error-summary').innerText()).toContain('Enter the price as a number');
      expect(await page.getByLabel('Harbour 1/10').isChecked()).toBe(true);
      await expectCleanLivePage(site, page);
      await page.getByLabel('Price of the whole sale').fill('4800');
      await page.getByRole('button', { name: 'Record sale' }).click();
      await page.waitForURL('**/studio/sales?notice=recorded');
      expect(await page.locator('#studio-status').innerText()).toContain('Sale recorded.');
      expect(await ledger()).toEqual({ status: 'sold', location: 'Galleri Møllen' });
      expect(await page.locator('table').first().innerText()).toMatch(/2025\s+1\s+DKK\s4,800\.00/);
      await expectCleanPage(site, page);

      await page.goto(site.url(`/studio/prints/${printId}`));
      expect(await page.locator('#provenance').innerText()).toContain('Mette Holm (Galleri Møllen)');
      await page.getByRole('link', { name: 'Mette Holm (Galleri Møllen)' }).click();
      await page.waitForURL('**/studio/contacts/*');
      expect(await page.locator('main').innerText()).toContain('Harbour 1/10');
      await expectCleanPage(site, page);

      await page.goto(site.url('/studio/sales'));
      await page.getByRole('button', { name: 'Undo sale of 2025-04-09' }).click();
      await page.waitForURL('**/studio/sales?notice=undone');
      expect(await ledger()).toEqual({ status: 'available', location: 'Drawer 2' });

      await page.getByRole('link', { name: 'Consignments' }).first().click();
      await page.waitForURL('**/studio/consignments');
      await expectCleanPage(site, page);
      await page.getByRole('link', { name: 'Consign impressions' }).click();
      await expectCleanPage(site, page);
      await page.getByLabel('Harbour 1/10').check();
      await page.getByLabel('Gallery or dealer').selectOption({ label: 'Mette Holm (Galleri Møllen)' });
      await page.getByLabel('Date out').fill('2025-05-01');
      await page.getByLabel('Commission, % (optional)').fill('40');
      await page.getByRole('button', { name: 'Record consignment' }).click();
      await page.waitForURL('**/studio/consignments?notice=recorded');
      expect(await ledger()).toEqual({ status: 'available', location: 'Galleri Møllen' });
      await expectCleanPage(site, page);
      await page.getByLabel('Returned on (consignment of 2025-05-01)').fill('2025-06-01');
      await page.getByRole('button', { name: 'Mark returned (consignment of 2025-05-01)' }).click();
      await page.waitForURL('**/studio/consignments?notice=returned');
      expect(await ledger()).toEqual({ status: 'available', location: 'Drawer 2' });
      expect(await page.locator('main').innerText()).toContain('2025-06-01');
    },
  );
});
