// Bulk upload adding to an existing print in Chromium, with the real worker (issue 19): on the prints page the
// artist chooses a draft print under "Add the files to" (published prints are not offered: their images need alt
// text at once, docs/images.md) and a role; the picked files go straight to storage, become further images of that
// print with that role — no new print — and are followed until the worker has processed them; the print editor
// then lists them. axe clean, no CSP violation.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { HAS_CHROMIUM, NO_CHROMIUM_MESSAGE } from '../helpers/browser.js';
import { createTempDir } from '../helpers/db.js';
import { signInStudio, startStudioSite, type StudioSite } from '../helpers/studio.js';
import { insertPrint } from '../helpers/catalogue.js';
import { hatchingJpeg } from '../fixtures/images.js';

if (!HAS_CHROMIUM) console.warn(NO_CHROMIUM_MESSAGE);

describe.skipIf(!HAS_CHROMIUM)('bulk upload adding to a draft print in Chromium', () => {
  let site: StudioSite;
  let page: Page;
  let temp: { dir: string; cleanup(): Promise<void> };
  let draftId = '';
  let publishedId = '';
  const cspViolations: string[] = [];
  const file = (name: string) => path.join(temp.dir, name);

  beforeAll(async () => {
    site = await startStudioSite({ worker: true });
    temp = await createTempDir('copper-upload-add-');
    await writeFile(file('boats-detail.jpg'), await hatchingJpeg(900, 600));
    await writeFile(file('signature-corner.jpg'), await hatchingJpeg(600, 400));
    draftId = await insertPrint(site.handle, site.artistId, {
      status: 'draft',
      title: { da: 'Både i havn', en: 'Boats in harbour' },
    });
    publishedId = await insertPrint(site.handle, site.artistId, {
      status: 'published',
      title: { da: 'Fyret', en: 'The lighthouse' },
    });
    page = await site.newPage({ locale: 'en-GB' });
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    await signInStudio(site, page, '/studio/prints');
  }, 90_000);

  afterAll(async () => {
    await site?.close();
    await temp?.cleanup();
  });

  const extras = (printId = draftId) =>
    site.handle.db
      .selectFrom('images')
      .select(['role', 'position', 'status'])
      .where('print_id', '=', printId)
      .where('role', '!=', 'primary')
      .orderBy('position')
      .execute();
  const waitForReady = (name: string) =>
    page.waitForFunction(
      (n) =>
        [...document.querySelectorAll<HTMLElement>('.upload-item')].some(
          (li) => li.querySelector('strong')?.textContent === n && li.dataset.state === 'ready',
        ),
      name,
      { timeout: 60_000 },
    );

  it('adds the picked files to the chosen draft as further images with the chosen role', async () => {
    const target = page.getByLabel('Add the files to');
    const offered = await target.locator('option').allTextContents();
    expect(offered).toEqual(['New draft prints, one per file', 'Boats in harbour']);
    expect(offered).not.toContain('The lighthouse');
    expect(await page.getByLabel('Role of the added images').inputValue()).toBe('other');
    expect(await site.axe(page)).toEqual([]);
    const printsBefore = await site.handle.db.selectFrom('prints').select('id').execute();

    await target.selectOption({ label: 'Boats in harbour' });
    await page.getByLabel('Role of the added images').selectOption('detail');
    await page
      .getByLabel('Choose image files')
      .setInputFiles([file('boats-detail.jpg'), file('signature-corner.jpg')]);
    await waitForReady('boats-detail.jpg');
    await waitForReady('signature-corner.jpg');
    expect(await page.locator('#studio-status').innerText()).toContain(
      'is processed and added to “Boats in harbour”',
    );
    const link = page.getByRole('link', { name: 'Add its alt text in “Boats in harbour”' }).first();
    expect(await link.getAttribute('href')).toBe(`/studio/prints/${draftId}#images`);

    // No new print; two processed images of the draft, in the order they were added.
    expect((await site.handle.db.selectFrom('prints').select('id').execute()).length).toBe(
      printsBefore.length,
    );
    const added = await extras();
    expect(added).toHaveLength(2);
    expect(added.map((i) => [i.role, i.status])).toEqual([
      ['detail', 'completed'],
      ['detail', 'completed'],
    ]);
    expect(added.map((i) => i.position).sort()).toEqual([1, 2]);
    expect(await site.axe(page)).toEqual([]);

    await link.click();
    await page.waitForURL(`**/studio/prints/${draftId}#images`);
    expect(await page.locator('.print-images__list > li h3').allTextContents()).toEqual([
      'Image 1: The print (primary)',
      'Image 2: Detail',
      'Image 3: Detail',
    ]);
    expect(cspViolations).toEqual([]);
    // The published print got nothing.
    const published = await extras(publishedId);
    expect(published).toEqual([]);
  });
});
