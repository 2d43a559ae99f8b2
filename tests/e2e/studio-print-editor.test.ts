// The print editor in Chromium with the worker running: a draft created by keyboard alone, metadata in both
// languages, the publishing gate hit (errors at the fields and in the focused summary) and then met — the image
// replaced through the island straight to storage with progress, processed by the worker — a vocabulary term added
// in place, an edition with numbered impressions and an artist's proof, the print published and seen on the public
// site in Danish and English with "n available", previewed as a draft, unpublished (404 again) and deleted after
// the confirmation. axe and html-validate on the editor empty, with errors and filled, and on the previews.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { HAS_CHROMIUM, NO_CHROMIUM_MESSAGE } from '../helpers/browser.js';
import { signInStudio, startStudioSite, type StudioSite } from '../helpers/studio.js';
import { insertGallery } from '../helpers/catalogue.js';
import { hatchingJpeg } from '../fixtures/images.js';

if (!HAS_CHROMIUM) console.warn(NO_CHROMIUM_MESSAGE);

const SCREENSHOTS = path.resolve('test-artifacts/screenshots');

describe.skipIf(!HAS_CHROMIUM)('studio print editor in Chromium', () => {
  let site: StudioSite;
  let page: Page;
  let printId = '';
  const cspViolations: string[] = [];

  beforeAll(async () => {
    site = await startStudioSite({ worker: true });
    mkdirSync(SCREENSHOTS, { recursive: true });
    page = await site.newPage({ locale: 'en-GB' });
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    await signInStudio(site, page, '/studio/prints/new');
  }, 90_000);

  afterAll(async () => {
    await site?.close();
  });

  const status = () => page.locator('#studio-status').innerText();
  const editorUrl = () => site.url(`/studio/prints/${printId}`);
  const row = () =>
    site.handle.db.selectFrom('prints').selectAll().where('id', '=', printId).executeTakeFirst();

  /** axe on the page as it is, html-validate on the HTML the server sends for its URL. */
  const clean = async (p: Page) => {
    expect(await site.axe(p)).toEqual([]);
    const served = await p.request.get(p.url());
    expect(served.status()).toBe(200);
    expect(await site.validateHtml(await served.text())).toEqual([]);
  };
  /** axe, and html-validate on the DOM as served and scripted (a POST's answer cannot be fetched again). */
  const cleanLive = async (p: Page) => {
    expect(await site.axe(p)).toEqual([]);
    // Chromium's serializer writes boolean attributes as `hidden=""` (valid HTML, not the served spelling), and
    // styles set and reset by the test tools leave empty `style=""` attributes that are not in the served HTML.
    const problems = await site.validateHtml((await p.content()).replaceAll(' style=""', ''));
    const allowed = new Set(['attribute-boolean-style', 'attribute-empty-style']);
    expect(problems.filter((problem) => !allowed.has(problem.rule))).toEqual([]);
  };
  /** Presses Tab until the focused control is labelled `label` (the keyboard is all there is). */
  const tabTo = async (label: string) => {
    for (let i = 0; i < 200; i += 1) {
      await page.keyboard.press('Tab');
      const text = await page.evaluate(() => {
        const el = document.activeElement;
        const labels = (el as HTMLInputElement | null)?.labels;
        return (labels?.[0] ?? el)?.textContent?.trim() ?? '';
      });
      if (text === label || text.startsWith(`${label} (required)`)) return;
    }
    throw new Error(`Tab never reached ${label}`);
  };

  it('creates a draft from the empty form by keyboard alone; the empty form is accessible', async () => {
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('New print');
    await clean(page);
    await tabTo('Title (Danish)');
    await page.keyboard.type('Havnen om natten');
    await tabTo('Title (English)');
    await page.keyboard.type('The harbour at night');
    await tabTo('Year');
    await page.keyboard.type('2021');
    await tabTo('Description (English)');
    await page.keyboard.type('A quiet harbour under the moon.');
    await tabTo('Technique');
    // A closed select picks by typing, as with any keyboard.
    await page.keyboard.type('Aquatint');
    await tabTo('Medium (English)');
    await page.keyboard.type('Aquatint and etching');
    // Enter in a field submits with the form's first button: Create draft.
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/studio\/prints\/[0-9a-f-]{36}\?notice=created$/);
    printId = new URL(page.url()).pathname.split('/').pop() ?? '';
    expect(await status()).toContain('Draft created.');
    const stored = await row();
    expect(stored).toMatchObject({
      status: 'draft',
      title: { da: 'Havnen om natten', en: 'The harbour at night' },
      year: 2021,
      technique_key: 'aquatint',
      description: { en: 'A quiet harbour under the moon.' },
      medium: { en: 'Aquatint and etching' },
      image_status: 'none',
    });
  }, 60_000);

  it('hits the publishing gate with the fields still missing, per language, and fixes them', async () => {
    await page.getByLabel('Title (English)').fill('The harbour at night');
    await page.getByLabel('Description (Danish)').fill('En stille havn under månen.');
    await page.getByLabel('Image description (alt text) (Danish)').fill('Radering af en havn om natten');
    await page.getByLabel('Plate height (mm)').fill('300');
    await page.getByLabel('Plate width (mm)').fill('400');
    await page.getByLabel('Edition size').fill('25');
    await page.getByLabel('Artist’s proofs').fill('3');
    await page.getByLabel('Plate material', { exact: true }).selectOption('copper');
    await page.getByLabel('Paper (Danish)').fill('Hahnemühle bøttepapir');
    await page.getByLabel('Paper (English)').fill('Hahnemühle mould-made');
    await page.getByRole('button', { name: 'Save and publish' }).click();
    await page.waitForLoadState('load');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('error-summary');
    const summary = await page.locator('.error-summary').innerText();
    expect(summary).toContain('There are 2 problems');
    expect(summary).toContain(
      'Image description (alt text) (English): Enter the English image description (alt text) to publish',
    );
    expect(summary).toContain('Image: Add an image and wait until it is processed to publish');
    expect(await page.locator('#f-altText-en-error').innerText()).toBe(
      'Enter the English image description (alt text) to publish',
    );
    // Everything typed is still there; nothing was saved.
    expect(await page.getByLabel('Plate height (mm)').inputValue()).toBe('300');
    expect((await row())?.status).toBe('draft');
    expect((await row())?.plate_height_mm).toBeNull();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'studio-print-editor-errors.png'), fullPage: true });
    await cleanLive(page);

    await page.getByLabel('Image description (alt text) (English)').fill('Etching of a harbour at night');
    await page.getByRole('button', { name: 'Save', exact: true }).first().click();
    await page.waitForURL(`**/studio/prints/${printId}?notice=saved`);
    expect(await status()).toContain('Saved.');
    const gate = await page.locator('#publishing-gate').innerText();
    expect(gate).toContain('A processed image');
    expect(gate).not.toContain('Image description');
  }, 60_000);

  it('adds the image straight to storage with progress; the worker processes it and it is shown', async () => {
    const file = await hatchingJpeg(1600, 1200);
    expect(await page.getByText('Replacing the image needs JavaScript').isVisible()).toBe(false);
    await page
      .getByLabel('Add an image')
      .setInputFiles({ name: 'harbour.jpg', mimeType: 'image/jpeg', buffer: file });
    await page.getByRole('button', { name: 'Upload image' }).click();
    await page.waitForFunction(
      () => document.querySelector<HTMLElement>('[data-image-status]')?.dataset.status === 'completed',
      undefined,
      { timeout: 90_000 },
    );
    expect(await page.locator('[data-image-replace] progress').getAttribute('value')).toBe('100');
    expect(await status()).toContain('The new image is processed and shown.');
    const img = page.locator('img[data-image-current]');
    expect(await img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
    expect(await img.getAttribute('src')).toMatch(/^\/api\/v1\/artist\/media\/images\//);
    expect((await row())?.image_status).toBe('completed');
    await page.reload();
    expect(await page.locator('#publishing-gate').count()).toBe(0);
    expect(await page.getByText('Everything needed to publish is filled in.').isVisible()).toBe(true);
  }, 120_000);

  it('adds further images through the Images section, then sets their role and alt text and moves one', async () => {
    expect(await page.getByText('Adding an image needs JavaScript').isVisible()).toBe(false);
    const section = page.locator('#images');
    const add = async (name: string, role: string, da: string, en: string, count: number) => {
      await section
        .getByLabel('Image file')
        .setInputFiles({ name, mimeType: 'image/jpeg', buffer: await hatchingJpeg(800, 600) });
      await section.getByLabel('Role of the new image').selectOption(role);
      await section.getByLabel('Alt text of the new image (Danish)').fill(da);
      await section.getByLabel('Alt text of the new image (English)').fill(en);
      await section.getByRole('button', { name: 'Add the image' }).click();
      // Done once the list, fetched again from the server, has one more image.
      await page.waitForFunction(
        (n) => document.querySelectorAll('#images .print-images__item').length === n,
        count,
        { timeout: 30_000 },
      );
      expect(await status()).toContain('The new image is processed and added to the list.');
    };
    await add('detail.jpg', 'detail', 'Bådene tæt på', 'The boats up close', 2);
    await add('verso.jpg', 'verso', 'Arkets bagside', 'The back of the sheet', 3);
    // The list came back from the server in place: the new images, processed, with their forms.
    expect(await section.locator('h3').allInnerTexts()).toEqual([
      'Image 1: The print (primary)',
      'Image 2: Detail',
      'Image 3: Verso (the back)',
      'Add an image',
    ]);
    expect(await section.locator('[data-image-item-status="completed"]').count()).toBe(3);

    // Role and alt text of image 3, without JavaScript's help (a plain form).
    await section.getByLabel('Role of image 3').selectOption('signature');
    await section.getByLabel('Alt text of image 3 (Danish)').fill('Signatur og nummer');
    await section.getByLabel('Alt text of image 3 (English)').fill('Signature and number');
    await section.getByRole('button', { name: 'Save image 3' }).click();
    await page.waitForURL(`**/studio/prints/${printId}?notice=image-saved#images`);
    expect(await status()).toContain('Image saved.');
    expect(await section.locator('h3').nth(2).innerText()).toBe('Image 3: Signature and edition number');

    // Moved up by keyboard: it becomes image 2, saved in place by the editor's island (the list's ordering, as
    // for galleries: tests/e2e/studio-print-images-order.test.ts), focus staying on the button.
    await section.getByRole('button', { name: 'Move up (image 3)' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() =>
      document.getElementById('studio-status')?.textContent?.includes('Order saved.'),
    );
    expect(await status()).toContain(
      'Moved “Signature and edition number: Signature and number” to place 1 of 2 after the primary image.',
    );
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Move up (image 2)');
    await page.reload();
    expect(await section.locator('h3').nth(1).innerText()).toBe('Image 2: Signature and edition number');
    expect(await section.getByLabel('Alt text of image 2 (English)').inputValue()).toBe(
      'Signature and number',
    );
    const extras = await site.handle.db
      .selectFrom('images')
      .select(['role', 'position'])
      .where('print_id', '=', printId)
      .where('role', '!=', 'primary')
      .orderBy('position')
      .execute();
    expect(extras).toEqual([
      { role: 'signature', position: 1 },
      { role: 'detail', position: 2 },
    ]);
    await clean(page);
  }, 60_000);

  it('adds a vocabulary term in place and chooses it', async () => {
    const before = page.url();
    await page.getByText('Add a technique that is not in the list').click();
    await page.getByLabel('New technique (English)').fill('Salt etching');
    await page.getByLabel('New technique (Danish)').fill('Saltradering');
    await page.getByRole('button', { name: 'Add technique' }).click();
    await page.waitForFunction(
      () => document.querySelector<HTMLSelectElement>('select[name="technique"]')?.value === 'salt-etching',
    );
    expect(await status()).toContain('Added the technique “Salt etching / Saltradering” and chose it.');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('technique');
    // In place: no page load.
    expect(page.url()).toBe(before);
    // Back to aquatint (the term stays in the list for next time), and save by pressing Enter in a field.
    await page.getByLabel('Technique', { exact: true }).selectOption('aquatint');
    await page.getByLabel('Title (Danish)').press('Enter');
    await page.waitForURL(`**/studio/prints/${printId}?notice=saved`);
    expect(await page.locator('select[name="technique"] option[value="salt-etching"]').count()).toBe(1);
    expect((await row())?.technique_key).toBe('aquatint');
  }, 60_000);

  it('records an edition with numbered impressions and an artist’s proof', async () => {
    const add = async (kind: string, number: string, statusValue: string) => {
      const form = page.locator('#impression-add');
      await form.getByLabel('Kind').selectOption(kind);
      await form.getByLabel('Number', { exact: true }).fill(number);
      await form.getByLabel('Status', { exact: true }).selectOption(statusValue);
      await page.getByRole('button', { name: 'Add impression' }).click();
      await page.waitForURL(`**/studio/prints/${printId}?notice=impression-added#impressions`);
    };
    await add('numbered', '1', 'sold');
    await add('numbered', '2', 'available');
    await add('numbered', '3', 'available');
    await add('AP', '1', 'available');
    expect(await status()).toContain('Impression recorded.');
    const summary = await page.locator('[data-edition-summary]').innerText();
    expect(summary).toContain('Edition of 25 — 2 available');
    expect(summary).toContain('3 of 25 numbered impressions recorded.');
    expect(summary).toContain('1 proof recorded (1 of 3 artist’s proofs).');
    // Inline: impression 3 is reserved now.
    await page.getByLabel('Status of 3/25').selectOption('reserved');
    await page.getByRole('button', { name: 'Save 3/25' }).click();
    await page.waitForURL(/notice=impression-saved/);
    expect(await page.locator('[data-edition-summary]').innerText()).toContain('Edition of 25 — 1 available');
    await page.getByLabel('Status of 3/25').selectOption('available');
    await page.getByRole('button', { name: 'Save 3/25' }).click();
    await page.waitForURL(/notice=impression-saved/);
    expect(await page.locator('[data-edition-summary]').innerText()).toContain('Edition of 25 — 2 available');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'studio-print-editor-filled.png'), fullPage: true });
    await clean(page);
  }, 60_000);

  it('previews the draft in both languages as a visitor would see it; the public URL stays 404', async () => {
    await insertGallery(site.handle, site.artistId, [printId], 'published', { da: 'Havne', en: 'Harbours' });
    expect((await page.request.get(site.url(`/en/prints/${printId}`))).status()).toBe(404);
    await page.getByRole('link', { name: 'Preview in Danish' }).click();
    await page.waitForURL(`**/studio/prints/${printId}/preview/da`);
    expect(await page.locator('#preview-banner').innerText()).toContain('Preview — not published.');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Havnen om natten');
    expect(await page.locator('.facts').innerText()).toContain('Oplag på 25 — 2 til salg');
    expect(
      await page
        .locator('.artwork__image')
        .evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0),
    ).toBe(true);
    await clean(page);
    await page.getByRole('link', { name: 'Preview in English' }).click();
    await page.waitForURL(`**/studio/prints/${printId}/preview/en`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('The harbour at night');
    await clean(page);
    await page.getByRole('link', { name: 'Back to the editor' }).click();
    await page.waitForURL(editorUrl());
  }, 60_000);

  it('publishes; the public site shows it in Danish and English with what is available', async () => {
    await page.getByRole('button', { name: 'Save and publish' }).click();
    await page.waitForURL(`**/studio/prints/${printId}?notice=published`);
    expect(await status()).toContain('Saved and published.');
    expect((await row())?.status).toBe('published');
    const visitor = await site.newPage({ locale: 'da-DK' });
    const da = await visitor.goto(site.url(`/da/prints/${printId}`));
    expect(da?.status()).toBe(200);
    expect(await visitor.getByRole('heading', { level: 1 }).innerText()).toBe('Havnen om natten');
    expect(await visitor.locator('.facts').innerText()).toContain('Oplag på 25 — 2 til salg');
    const en = await visitor.goto(site.url(`/en/prints/${printId}`));
    expect(en?.status()).toBe(200);
    expect(await visitor.getByRole('heading', { level: 1 }).innerText()).toBe('The harbour at night');
    expect(await visitor.locator('.facts').innerText()).toContain('Edition of 25 — 2 available');
    expect(
      await visitor
        .locator('.artwork__image')
        .evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0),
    ).toBe(true);

    await page.getByRole('button', { name: 'Save and unpublish' }).click();
    await page.waitForURL(`**/studio/prints/${printId}?notice=unpublished`);
    expect((await row())?.status).toBe('draft');
    // A new visitor (the first one's browser may keep the public page for its max-age of a minute).
    const later = await site.newPage({ locale: 'da-DK' });
    expect((await later.goto(site.url(`/en/prints/${printId}`)))?.status()).toBe(404);
    expect((await later.goto(site.url(`/da/prints/${printId}`)))?.status()).toBe(404);
  }, 60_000);

  it('deletes the print after the confirmation', async () => {
    let asked = '';
    page.once('dialog', (dialog) => {
      asked = dialog.message();
      void dialog.accept();
    });
    await page.getByRole('button', { name: 'Delete this print' }).click();
    await page.waitForURL(/\/studio\/prints\?notice=deleted$/);
    expect(asked).toBe('Delete “The harbour at night”? This removes its images.');
    expect(await row()).toBeUndefined();
    expect(cspViolations).toEqual([]);
  }, 60_000);
});
