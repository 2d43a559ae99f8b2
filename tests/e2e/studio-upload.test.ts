// Bulk upload in Chromium, with the real worker: three images (JPEG, PNG, HEVC-coded HEIC) picked at once go
// straight to storage with progress, become draft prints and get thumbnails made by the worker; files that are no
// image (whatever their name says) and one too large are refused before anything is sent; a damaged JPEG fails
// processing with the reason and Retry runs it again; an ended session pauses the queue, which continues after
// signing in again in another tab; a scan the browser gives no type is recognised by its bytes. axe and
// html-validate on the dashboard and the prints page, before and after uploading.
import { mkdirSync } from 'node:fs';
import { copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ElementHandle, Page, Route } from 'playwright-core';
import { HAS_CHROMIUM, NO_CHROMIUM_MESSAGE } from '../helpers/browser.js';
import { createTempDir } from '../helpers/db.js';
import { signInStudio, startStudioSite, type StudioSite } from '../helpers/studio.js';
import { hatchingJpeg, png16Alpha, TEXT_NAMED_JPG, truncated } from '../fixtures/images.js';

if (!HAS_CHROMIUM) console.warn(NO_CHROMIUM_MESSAGE);

const HEIC = path.resolve('tests/fixtures/etching-hevc.heic');
const SCREENSHOTS = path.resolve('test-artifacts/screenshots');
/** Small enough that a "too large" file is quick to make, large enough for the fixtures. */
const MAX_BYTES = 2 * 1024 * 1024;

describe.skipIf(!HAS_CHROMIUM)('studio bulk upload in Chromium', () => {
  let site: StudioSite;
  let page: Page;
  let temp: { dir: string; cleanup(): Promise<void> };
  const file = (name: string) => path.join(temp.dir, name);

  beforeAll(async () => {
    site = await startStudioSite({ worker: true, env: { UPLOAD_MAX_BYTES: String(MAX_BYTES) } });
    temp = await createTempDir('copper-upload-');
    await writeFile(file('harbour_at_dawn.jpg'), await hatchingJpeg(1200, 900));
    await writeFile(file('birch-trees.png'), await png16Alpha(900, 600));
    await copyFile(HEIC, file('etching in winter.heic'));
    await writeFile(file('shopping-list.jpg'), TEXT_NAMED_JPG);
    await writeFile(file('torn-scan.jpg'), truncated(await hatchingJpeg(800, 600), 0.4));
    // No extension: Chromium reports an empty type, as for many scans and HEIC files.
    await writeFile(file('plate-scan'), await hatchingJpeg(500, 400));
    await writeFile(file('notes.txt'), 'Not an image at all.\n');
    for (const n of [1, 2, 3, 4]) await writeFile(file(`plate-${n}.jpg`), await hatchingJpeg(300, 200));
    await writeFile(file('huge-scan.tif'), Buffer.alloc(MAX_BYTES + MAX_BYTES / 2, 0x49));
    mkdirSync(SCREENSHOTS, { recursive: true });
    page = await site.newPage({ locale: 'en-GB' });
    await signInStudio(site, page);
  }, 90_000);

  afterAll(async () => {
    await site?.close();
    await temp?.cleanup();
  });

  /** axe on the page as it is, html-validate on the HTML the server sends for it. */
  const clean = async (p: Page) => {
    expect(await site.axe(p)).toEqual([]);
    const served = await p.request.get(p.url());
    expect(served.status()).toBe(200);
    expect(await site.validateHtml(await served.text())).toEqual([]);
  };
  /** axe and html-validate on the DOM as the island left it (Chromium writes boolean attributes as `hidden=""`, valid
   * HTML but not the served spelling). */
  const cleanLive = async (p: Page) => {
    expect(await site.axe(p)).toEqual([]);
    const problems = await site.validateHtml(await p.content());
    const allowed = new Set(['attribute-boolean-style', 'attribute-empty-style']);
    expect(problems.filter((problem) => !allowed.has(problem.rule))).toEqual([]);
  };
  const items = () => page.locator('.upload-item');
  const item = (name: string) => items().filter({ hasText: name });
  const waitForState = (name: string, state: string, timeout = 45_000) =>
    page.waitForFunction(
      ([n, s]) =>
        [...document.querySelectorAll<HTMLElement>('.upload-item')].some(
          (li) => li.querySelector('strong')?.textContent === n && li.dataset.state === s,
        ),
      [name, state] as const,
      { timeout },
    );
  const printsOfArtist = () =>
    site.handle.db
      .selectFrom('prints')
      .select(['id', 'title', 'status', 'image_status', 'image_error'])
      .where('artist_id', '=', site.artistId)
      .execute();

  it('shows an accessible dashboard and prints page, the picker ready and no upload needed for the rest', async () => {
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Dashboard');
    expect(await page.getByText('No uploads yet.').isVisible()).toBe(true);
    await clean(page);
    await page.getByRole('navigation', { name: 'Studio' }).getByRole('link', { name: 'Prints' }).click();
    await page.waitForURL('**/studio/prints');
    expect(await page.getByText('You have no prints yet.').isVisible()).toBe(true);
    const picker = page.getByLabel('Choose image files');
    expect(await picker.isVisible()).toBe(true);
    expect(await picker.getAttribute('multiple')).not.toBeNull();
    expect(await page.getByText('Uploading images needs JavaScript').isVisible()).toBe(false);
    await clean(page);

    // Without JavaScript the page says what needs it, and lists and filters as before.
    const noJs = await site.newPage({ locale: 'en-GB', javaScriptEnabled: false });
    await noJs.context().addCookies(await page.context().cookies());
    await noJs.goto(site.url('/studio/prints'));
    expect(await noJs.getByText('Uploading images needs JavaScript').isVisible()).toBe(true);
    expect(await noJs.getByLabel('Choose image files').isVisible()).toBe(false);
    expect(await noJs.getByRole('button', { name: 'Show prints' }).isVisible()).toBe(true);
  });

  it('refuses files that are no image and one too large before sending anything', async () => {
    await page
      .getByLabel('Choose image files')
      .setInputFiles([file('notes.txt'), file('shopping-list.jpg'), file('huge-scan.tif')]);
    await waitForState('notes.txt', 'refused', 5_000);
    await waitForState('shopping-list.jpg', 'refused', 5_000);
    await waitForState('huge-scan.tif', 'refused', 5_000);
    // Judged by the first bytes, as the server does: the name says nothing.
    for (const name of ['notes.txt', 'shopping-list.jpg']) {
      expect(await item(name).locator('.field-error').textContent()).toBe(
        `${name} was not uploaded: This file is text, not an image (whatever its name says). ` +
          'Supported formats: JPEG, PNG, TIFF, WebP and HEIF/HEIC/AVIF.',
      );
    }
    expect(await item('huge-scan.tif').locator('.field-error').textContent()).toBe(
      'huge-scan.tif was not uploaded: it is 3 MB, and the largest accepted file is 2 MB.',
    );
    expect(await page.locator('#studio-status').innerText()).toContain('notes.txt was not uploaded');
    const uploads = await site.handle.db.selectFrom('uploads').select('id').execute();
    expect(uploads).toEqual([]);
  });

  it('uploads a JPEG, a PNG and a HEIC at once with progress, and shows the worker’s thumbnails', async () => {
    // Every value each progress bar takes, as the browser sets it.
    await page.evaluate(() => {
      const seen: Record<string, number[]> = {};
      (window as unknown as { progressSeen: typeof seen }).progressSeen = seen;
      new MutationObserver((records) => {
        for (const r of records) {
          const bar = r.target as HTMLProgressElement;
          if (!(bar instanceof HTMLProgressElement)) continue;
          const name = bar.getAttribute('aria-label') ?? '';
          (seen[name] ??= []).push(bar.value);
        }
      }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['value'] });
    });
    const names = ['harbour_at_dawn.jpg', 'birch-trees.png', 'etching in winter.heic'];
    await page.getByLabel('Choose image files').setInputFiles(names.map(file));
    for (const name of names) await waitForState(name, 'ready', 50_000);

    for (const name of names) {
      const bar = item(name).getByRole('progressbar', { name: `Upload of ${name}` });
      expect(await bar.getAttribute('value')).toBe('100');
      expect(await item(name).locator('.upload-item__percent').textContent()).toBe('100%');
      // The thumbnail the worker made, loaded from the artist's media route.
      const thumb = item(name).locator('img');
      expect(await thumb.getAttribute('src')).toMatch(/^\/api\/v1\/artist\/media\/images\/.+thumbnail/);
      await page.waitForFunction(
        (n) =>
          [...document.querySelectorAll<HTMLElement>('.upload-item')].some((li) => {
            const img = li.querySelector('img');
            return li.querySelector('strong')?.textContent === n && img?.complete && img.naturalWidth > 0;
          }),
        name,
      );
      expect(
        await item(name)
          .getByRole('link', { name: /^Edit “/ })
          .getAttribute('href'),
      ).toMatch(/^\/studio\/prints\/[0-9a-f-]{36}$/);
    }
    const seen = await page.evaluate(
      () => (window as unknown as { progressSeen: Record<string, number[]> }).progressSeen,
    );
    for (const name of names) expect(seen[`Upload of ${name}`]?.at(-1)).toBe(100);

    const prints = await printsOfArtist();
    expect(prints.map((p) => p.title.en).sort()).toEqual([
      'birch-trees',
      'etching in winter',
      'harbour at dawn',
    ]);
    expect(prints.every((p) => p.status === 'draft' && p.image_status === 'completed')).toBe(true);
    await cleanLive(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'studio-upload-done.png'), fullPage: true });

    // The inventory (offered again now that it has new prints) and the dashboard show them, with thumbnails.
    await page.getByRole('link', { name: 'Show the list again with them' }).click();
    await page.waitForURL('**/studio/prints');
    expect(await page.locator('tr[data-print-id] img').count()).toBe(3);
    expect(
      await page.locator('tr[data-print-id]').filter({ hasText: 'harbour at dawn' }).innerText(),
    ).toContain('Ready');
    await clean(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'studio-prints.png'), fullPage: true });
    await page.goto(site.url('/studio'));
    expect(await page.locator('section', { hasText: 'Recent uploads' }).locator('img').count()).toBe(3);
    expect(await page.getByRole('link', { name: 'etching in winter' }).first().isVisible()).toBe(true);
    await clean(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'studio-dashboard.png'), fullPage: true });
  }, 90_000);

  it('shows why a damaged JPEG failed and retries it', async () => {
    await page.goto(site.url('/studio/prints'));
    await page.getByLabel('Choose image files').setInputFiles([file('torn-scan.jpg')]);
    await waitForState('torn-scan.jpg', 'failed', 40_000);
    const failed = item('torn-scan.jpg');
    expect(await failed.locator('.field-error').textContent()).toMatch(/JPEG file is incomplete/);
    const retry = failed.getByRole('button', { name: 'Retry processing of torn-scan.jpg' });
    expect(await retry.isVisible()).toBe(true);
    await cleanLive(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'studio-upload-failed.png'), fullPage: true });

    const [print] = (await printsOfArtist()).filter((p) => p.title.en === 'torn-scan');
    expect(print?.image_status).toBe('failed');
    await retry.click();
    await waitForState('torn-scan.jpg', 'processing', 5_000);
    await waitForState('torn-scan.jpg', 'failed', 40_000);
    const image = await site.handle.db
      .selectFrom('images')
      .select(['attempts', 'error'])
      .where('print_id', '=', print!.id)
      .executeTakeFirstOrThrow();
    // The job ran again (the worker counts every run).
    expect(image.attempts).toBe(2);
    expect(image.error).toMatch(/JPEG file is incomplete/);
    const audit = await site.handle.db
      .selectFrom('audit_events')
      .select('entity_id')
      .where('action', '=', 'print.image_retried')
      .execute();
    expect(audit.map((a) => a.entity_id)).toEqual([print!.id]);

    // The inventory offers the same Retry in the table (a plain form, sent in place by the island).
    await page.goto(site.url('/studio/prints?image=failed'));
    const row = page.locator('tr[data-print-id]');
    expect(await row.count()).toBe(1);
    expect(await row.innerText()).toContain('The JPEG file is incomplete');
    await row.getByRole('button', { name: 'Retry processing of torn-scan' }).click();
    await page.waitForFunction(
      () =>
        document.querySelector<HTMLElement>('tr[data-print-id]')?.dataset.imageStatus === 'failed' &&
        document.getElementById('studio-status')?.textContent?.includes('failed'),
      undefined,
      { timeout: 40_000 },
    );
    await clean(page);
  }, 90_000);

  it('sends at most three files to storage at once', async () => {
    await page.goto(site.url('/studio/prints'));
    const held: Route[] = [];
    const targets: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/api/v1/artist/uploads')) targets.push(request.url());
    });
    await page.route('**/uploads/direct/**', (route) => {
      held.push(route);
    });
    const names = [1, 2, 3, 4].map((n) => `plate-${n}.jpg`);
    await page.getByLabel('Choose image files').setInputFiles(names.map(file));
    await expect.poll(() => held.length).toBe(3);
    // The queue starts every file it may at once, so a fourth would have asked for its target by now.
    expect(targets).toHaveLength(3);
    expect(await item('plate-4.jpg').getAttribute('data-state')).toBe('queued');
    expect(await item('plate-4.jpg').locator('.upload-item__state').textContent()).toBe('Waiting to upload…');
    // One finishes: the fourth starts.
    await held[0]!.continue();
    await expect.poll(() => held.length).toBe(4);
    expect(targets).toHaveLength(4);
    for (const route of held.slice(1)) await route.continue();
    await page.unroute('**/uploads/direct/**');
    for (const name of names) await waitForState(name, 'ready', 45_000);
  }, 90_000);

  it('keeps the queue when the session has ended and continues after signing in again in another tab', async () => {
    await page.goto(site.url('/studio/prints'));
    await page.context().clearCookies();
    await page.getByLabel('Choose image files').setInputFiles([file('birch-trees.png')]);
    const paused = page.locator('[data-upload-paused]');
    await paused.waitFor({ state: 'visible' });
    expect(await paused.innerText()).toContain('Your session has ended.');
    expect(await item('birch-trees.png').getAttribute('data-state')).toBe('paused');

    const other = await page.context().newPage();
    await signInStudio(site, other);
    await other.close();
    await page.getByRole('button', { name: 'Continue uploads' }).click();
    await waitForState('birch-trees.png', 'ready', 45_000);
    expect(await paused.isVisible()).toBe(false);
    expect((await printsOfArtist()).filter((p) => p.title.en === 'birch-trees')).toHaveLength(2);
    await cleanLive(page);
  }, 90_000);

  it('uploads a scan the browser gives no type, recognised by its bytes', async () => {
    await page.goto(site.url('/studio/prints'));
    // The condition itself: Chromium reports an empty type for this file.
    const probe = (await page.evaluateHandle(() => {
      const input = document.createElement('input');
      input.type = 'file';
      document.body.append(input);
      return input;
    })) as unknown as ElementHandle<HTMLInputElement>;
    await probe.setInputFiles(file('plate-scan'));
    expect(await probe.evaluate((input) => input.files?.[0]?.type)).toBe('');
    await probe.evaluate((input) => input.remove());

    const signing = page.waitForRequest((request) => request.url().endsWith('/api/v1/artist/uploads'));
    await page.getByLabel('Choose image files').setInputFiles([file('plate-scan')]);
    expect((await signing).postDataJSON()).toMatchObject({
      filename: 'plate-scan',
      contentType: 'image/jpeg',
    });
    await waitForState('plate-scan', 'ready', 45_000);
    const [print] = (await printsOfArtist()).filter((p) => p.title.en === 'plate-scan');
    expect(print).toMatchObject({ status: 'draft', image_status: 'completed' });
    const image = await site.handle.db
      .selectFrom('images')
      .select('original_content_type')
      .where('print_id', '=', print!.id)
      .executeTakeFirstOrThrow();
    expect(image.original_content_type).toBe('image/jpeg');
    await cleanLive(page);
  }, 90_000);
});
