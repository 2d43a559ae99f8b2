// The studio's bulk edit in Chromium: with the keyboard alone, the artist selects every print on the page (the
// island's select-all checkbox), chooses a year, a gallery and publishing, previews per print what would change —
// the publishing gate's refusal included — and confirms; the database then holds exactly the preview, with one
// audit event per changed print. Without JavaScript the same flow works with ticked checkboxes and plain posts.
// axe on every step, html-validate on the pages as served.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { HAS_CHROMIUM, NO_CHROMIUM_MESSAGE } from '../helpers/browser.js';
import { signInStudio, startStudioSite, type StudioSite } from '../helpers/studio.js';
import { insertGallery, insertPrint, positions } from '../helpers/catalogue.js';

if (!HAS_CHROMIUM) console.warn(NO_CHROMIUM_MESSAGE);

const SCREENSHOTS = path.resolve('test-artifacts/screenshots');

describe.skipIf(!HAS_CHROMIUM)('studio bulk edit in Chromium', () => {
  let site: StudioSite;
  let page: Page;
  const ids = { pier: '', bridge: '', fog: '', gallery: '' };

  beforeAll(async () => {
    site = await startStudioSite();
    ids.pier = await insertPrint(site.handle, site.artistId, {
      status: 'draft',
      title: { da: 'Mole', en: 'Pier' },
      year: 2001,
    });
    ids.bridge = await insertPrint(site.handle, site.artistId, {
      status: 'draft',
      title: { da: 'Bro', en: 'Bridge' },
      year: 2002,
    });
    ids.fog = await insertPrint(site.handle, site.artistId, {
      status: 'draft',
      title: { da: 'Tåge', en: 'Fog' },
      altText: { en: 'Fog over the water' },
      year: 2003,
    });
    ids.gallery = await insertGallery(site.handle, site.artistId, [], 'published', {
      da: 'Havne',
      en: 'Harbours',
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
    page = await site.newPage({ locale: 'en-GB' });
    await signInStudio(site, page, '/studio/prints');
  }, 90_000);

  afterAll(async () => {
    await site?.close();
  });

  /** axe on the page as it is, html-validate on the HTML the server sent (re-requested for GET pages). */
  const clean = async (p: Page, served?: string) => {
    expect(await site.axe(p)).toEqual([]);
    const html = served ?? (await (await p.request.get(p.url())).text());
    expect(await site.validateHtml(html)).toEqual([]);
  };
  const rows = () =>
    site.handle.db.selectFrom('prints').select(['id', 'status', 'year']).orderBy('year').execute();

  it(
    'selects every print on the page with the keyboard, previews, and applies exactly the preview',
    { timeout: 90_000 },
    async () => {
      await clean(page);
      const all = page.getByLabel('Select all prints on this page');
      await all.focus();
      await page.keyboard.press('Space');
      for (const title of ['Pier', 'Bridge', 'Fog'])
        await expect(page.getByLabel(`Select ${title}`).isChecked()).resolves.toBe(true);
      await expect(page.locator('[data-bulk-count]').innerText()).resolves.toContain('3 ticked');
      await page.getByRole('button', { name: 'Choose the changes' }).focus();
      await Promise.all([page.waitForURL(/\/studio\/prints\/bulk\?/), page.keyboard.press('Enter')]);
      await expect(page.locator('h1').innerText()).resolves.toBe('Change 3 prints');
      await clean(page);

      await page.getByLabel('Set the year to').focus();
      await page.keyboard.type('2010');
      await page.getByRole('group', { name: 'Add to galleries' }).getByLabel('Harbours').focus();
      await page.keyboard.press('Space');
      await page.getByLabel('Status').selectOption('published');
      const before = await rows();
      await page.getByRole('button', { name: 'Preview the changes' }).focus();
      await Promise.all([page.waitForURL(/\/studio\/prints\/bulk\/preview$/), page.keyboard.press('Enter')]);
      await expect(page.locator('h1').innerText()).resolves.toBe('Check the changes');
      await expect(page.locator('.bulk-summary').innerText()).resolves.toContain(
        '2 prints will be changed; 1 print will be refused by the publishing check.',
      );
      const fogRow = page.locator(`tr[data-print-id="${ids.fog}"]`);
      await expect(fogRow.innerText()).resolves.toContain(
        'Cannot be published without a Danish image description (alt text).',
      );
      const pierRow = page.locator(`tr[data-print-id="${ids.pier}"]`);
      await expect(pierRow.innerText()).resolves.toMatch(/Year: 2001\s*→\s*(becomes\s*)?2010/);
      await expect(pierRow.innerText()).resolves.toMatch(/Galleries: none\s*→\s*(becomes\s*)?Harbours/);
      await expect(pierRow.innerText()).resolves.toMatch(/Status: Draft\s*→\s*(becomes\s*)?Published/);
      // Nothing is saved by the preview.
      expect(await rows()).toEqual(before);
      await clean(page, await page.content());
      await page.screenshot({ path: path.join(SCREENSHOTS, 'studio-bulk-preview.png'), fullPage: true });

      await page.getByRole('button', { name: 'Change 2 prints' }).focus();
      await Promise.all([page.waitForURL(/\/studio\/prints\/bulk\/apply$/), page.keyboard.press('Enter')]);
      await expect(page.locator('#studio-status').innerText()).resolves.toContain(
        '2 prints were changed; 1 print was refused by the publishing check.',
      );
      await clean(page, await page.content());
      const after = new Map((await rows()).map((r) => [r.id, { status: r.status, year: r.year }]));
      expect(after.get(ids.pier)).toEqual({ status: 'published', year: 2010 });
      expect(after.get(ids.bridge)).toEqual({ status: 'published', year: 2010 });
      expect(after.get(ids.fog)).toEqual({ status: 'draft', year: 2003 });
      expect((await positions(site.handle, ids.gallery)).map(([id]) => id).sort()).toEqual(
        [ids.pier, ids.bridge].sort(),
      );
      const audit = await site.handle.db
        .selectFrom('audit_events')
        .select('entity_id')
        .where('action', '=', 'print.bulk_updated')
        .execute();
      expect(audit.map((e) => e.entity_id).sort()).toEqual([ids.pier, ids.bridge].sort());
    },
  );

  it(
    'works without JavaScript: ticked checkboxes, plain posts, back to the choices',
    { timeout: 90_000 },
    async () => {
      const noJs = await site.newPage({ locale: 'en-GB', javaScriptEnabled: false });
      try {
        // The same signed-in session (the sign-in pages themselves are not part of this).
        await noJs.context().addCookies(await page.context().cookies());
        await noJs.goto(site.url('/studio/prints'));
        // No select-all checkbox without the island; "all on this page" is the form's own choice.
        await expect(noJs.getByLabel('Select all prints on this page').count()).resolves.toBe(0);
        await noJs.getByLabel('Select Fog').check();
        await noJs.getByRole('button', { name: 'Choose the changes' }).click();
        await expect(noJs.locator('h1').innerText()).resolves.toBe('Change 1 print');
        await noJs.getByLabel('Add tags').fill('Mist, Sea');
        await noJs.getByRole('button', { name: 'Preview the changes' }).click();
        await expect(noJs.locator('.bulk-summary').innerText()).resolves.toContain(
          '1 print will be changed.',
        );
        await noJs.getByRole('button', { name: 'Back to the choices' }).click();
        await expect(noJs.getByLabel('Add tags').inputValue()).resolves.toBe('Mist, Sea');
        await noJs.getByRole('button', { name: 'Preview the changes' }).click();
        await noJs.getByRole('button', { name: 'Change 1 print' }).click();
        await expect(noJs.locator('#studio-status').innerText()).resolves.toContain('1 print was changed.');
        // axe needs scripts; the HTML as served is what this browser renders.
        expect(await site.validateHtml(await noJs.content())).toEqual([]);
        const tags = await site.handle.db
          .selectFrom('print_tags as pt')
          .innerJoin('tags as t', 't.id', 'pt.tag_id')
          .select('t.slug')
          .where('pt.print_id', '=', ids.fog)
          .orderBy('t.slug')
          .execute();
        expect(tags.map((t) => t.slug)).toEqual(['mist', 'sea']);
      } finally {
        await noJs.context().close();
      }
    },
  );
});
