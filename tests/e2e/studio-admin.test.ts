// The studio's settings, takedown, audit and backup pages in Chromium, with the worker running in process:
// the watermark preview following what is typed (compared with the worker's own geometry) before saving, the save
// queueing the regeneration, a visitor's takedown notice handled and resolved in the studio, the audit log showing
// the sign-in and the changes, a backup started from the page and its finished state arriving without a reload,
// and a settings form posted after the session ended coming back after signing in. axe and html-validate on every
// page: settings empty and with errors, the notice list and detail, the audit log, the backup list and report.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIResponse, Page } from 'playwright-core';
import { HAS_CHROMIUM, NO_CHROMIUM_MESSAGE } from '../helpers/browser.js';
import { STUDIO_EMAIL, signInStudio, startStudioSite, type StudioSite } from '../helpers/studio.js';
import { hatchingJpeg } from '../fixtures/images.js';
import { watermarkOverlay, type WatermarkPlacement } from '../../src/platform/images/watermark.js';

if (!HAS_CHROMIUM) console.warn(NO_CHROMIUM_MESSAGE);

const SCREENSHOTS = path.resolve('test-artifacts/screenshots');

/** What watermark.ts would composite: the SVG layer's size and its text's attributes. */
function workerGeometry(text: string, placement: WatermarkPlacement, width: number, height: number) {
  const svg = String(watermarkOverlay({ text, placement }, width, height).input);
  const root = /<svg[^>]* width="(\d+)" height="(\d+)"/.exec(svg);
  const textTag = /<text ([^>]*)>/.exec(svg)?.[1] ?? '';
  const attr = (name: string) => new RegExp(`(?:^| )${name}="([^"]*)"`).exec(textTag)?.[1];
  return {
    width: Number(root?.[1]),
    height: Number(root?.[2]),
    x: attr('x'),
    y: attr('y'),
    anchor: attr('text-anchor'),
    fontSize: attr('font-size'),
  };
}

describe.skipIf(!HAS_CHROMIUM)('studio settings, takedowns, audit and backups in Chromium', () => {
  let site: StudioSite;
  let page: Page;
  const cspViolations: string[] = [];

  beforeAll(async () => {
    site = await startStudioSite({ worker: true });
    mkdirSync(SCREENSHOTS, { recursive: true });
    page = await site.newPage({ locale: 'en-GB' });
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    await signInStudio(site, page, '/studio/settings');
  }, 120_000);

  afterAll(async () => {
    await site?.close();
  });

  const status = () => page.locator('#studio-status').innerText();
  const csrf = async () => (await page.locator('meta[name="csrf-token"]').getAttribute('content')) ?? '';
  /** axe on the page as it is, html-validate on the HTML the server sends for its URL. */
  const clean = async (p: Page) => {
    expect(await site.axe(p)).toEqual([]);
    const served = await p.request.get(p.url());
    expect(served.status()).toBe(200);
    expect(await site.validateHtml(await served.text())).toEqual([]);
  };
  /** html-validate on a form post's answer (an error page exists only as the answer to its post). */
  const validPost = async (response: APIResponse, expectedStatus: number) => {
    expect(response.status()).toBe(expectedStatus);
    expect(await site.validateHtml(await response.text())).toEqual([]);
  };

  const settingsRow = () =>
    site.handle.db
      .selectFrom('settings')
      .selectAll()
      .where('artist_id', '=', site.artistId)
      .executeTakeFirst();

  it('shows the empty settings, and errors next to their fields with what was typed', async () => {
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Settings');
    expect(await page.getByText('No processed image yet').isVisible()).toBe(true);
    await clean(page);

    await page.getByLabel('Artist name').fill('Karen B. Hansen');
    await page.getByLabel('Watermark text').fill('W'.repeat(101));
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.waitForSelector('.error-summary');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    expect(await page.locator('#f-watermarkText-error').innerText()).toBe(
      'Shorten the watermark to 100 characters or fewer (it has 101)',
    );
    expect(await page.getByLabel('Artist name').inputValue()).toBe('Karen B. Hansen');
    expect(await site.axe(page)).toEqual([]);
    const answer = await page.request.post(site.url('/studio/settings'), {
      form: {
        _csrf: await csrf(),
        profileName: 'Karen B. Hansen',
        watermarkText: 'W'.repeat(101),
        watermarkPlacement: 'bottom-right',
        defaultLanguage: 'da',
      },
    });
    await validPost(answer, 422);
    expect(await settingsRow()).toBeUndefined();
  });

  it('previews the typed watermark at the worker’s size and place before saving, then saves it', async () => {
    // A real print: uploaded straight to storage, processed by the worker.
    const token = await csrf();
    const file = await hatchingJpeg(1200, 900);
    const target = (await (
      await page.request.post(site.url('/api/v1/artist/uploads'), {
        headers: { 'x-csrf-token': token },
        data: { filename: 'plate.jpg', contentType: 'image/jpeg', size: file.length },
      })
    ).json()) as { uploadId: string; url: string; headers: Record<string, string> };
    expect((await page.request.put(target.url, { headers: target.headers, data: file })).status()).toBe(204);
    const created = await page.request.post(site.url('/api/v1/artist/prints'), {
      headers: { 'x-csrf-token': token },
      data: { title: { da: 'Havnen', en: 'The harbour' }, uploadId: target.uploadId },
    });
    expect(created.status()).toBe(201);
    const printId = ((await created.json()) as { id: string }).id;
    await expect
      .poll(
        async () =>
          (
            await site.handle.db
              .selectFrom('prints')
              .select('image_status')
              .where('id', '=', printId)
              .executeTakeFirstOrThrow()
          ).image_status,
        { timeout: 90_000, interval: 500 },
      )
      .toBe('completed');

    await page.goto(site.url('/studio/settings'));
    const frame = page.locator('[data-watermark-preview]');
    await frame
      .locator('img')
      .evaluate((img: HTMLImageElement) =>
        img.complete ? undefined : new Promise((resolve) => img.addEventListener('load', resolve)),
      );
    expect(await frame.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(
      0,
    );
    const width = Number(await frame.getAttribute('data-width'));
    const height = Number(await frame.getAttribute('data-height'));
    expect(width).toBe(400);
    // As saved: nothing set, so the worker draws "© <account name>" bottom right.
    expect(await frame.getAttribute('data-preview-text')).toBe('© Karen Blixen-Hansen');
    expect(await page.getByText('The live preview needs JavaScript').count()).toBe(0);

    const shown = async () =>
      page.evaluate(() => {
        const layer = document.querySelector<SVGSVGElement>('.wm-preview__overlay');
        const text = layer?.querySelector('text');
        const box = layer?.querySelector('svg');
        const image = document.querySelector('[data-watermark-preview] img')?.getBoundingClientRect();
        const drawn = text?.getBoundingClientRect();
        return {
          placement: layer?.dataset.placement,
          content: text?.textContent,
          fontSize: text?.getAttribute('font-size'),
          x: text?.getAttribute('x'),
          y: text?.getAttribute('y'),
          anchor: text?.getAttribute('text-anchor'),
          box: box ? ['x', 'y', 'width', 'height'].map((a) => Number(box.getAttribute(a))) : null,
          tile: layer?.querySelector('pattern')?.getAttribute('width'),
          // Where the text is drawn, as fractions of the displayed image.
          left: image && drawn ? (drawn.left - image.left) / image.width : NaN,
          right: image && drawn ? (drawn.right - image.left) / image.width : NaN,
          top: image && drawn ? (drawn.top - image.top) / image.height : NaN,
          bottom: image && drawn ? (drawn.bottom - image.top) / image.height : NaN,
        };
      });

    const typed = '© Karen B. Hansen — kobbertryk';
    await page.getByLabel('Watermark text').fill(typed);
    await page.getByLabel('Watermark placement').selectOption('top-left');
    let now = await shown();
    let expected = workerGeometry(typed, 'top-left', width, height);
    expect(now).toMatchObject({
      placement: 'top-left',
      content: typed,
      fontSize: expected.fontSize,
      x: expected.x,
      y: expected.y,
      anchor: 'start',
      box: [0, 0, expected.width, expected.height],
    });
    expect(now.left).toBeLessThan(0.1);
    expect(now.top).toBeLessThan(0.1);
    expect(await status()).toContain('Preview: “© Karen B. Hansen — kobbertryk”, top left.');
    await page
      .locator('.settings-watermark')
      .screenshot({ path: path.join(SCREENSHOTS, 'studio-watermark-top-left.png') });

    await page.getByLabel('Watermark placement').selectOption('bottom-right');
    now = await shown();
    expected = workerGeometry(typed, 'bottom-right', width, height);
    expect(now).toMatchObject({
      placement: 'bottom-right',
      x: expected.x,
      y: expected.y,
      anchor: 'end',
      box: [width - expected.width, height - expected.height, expected.width, expected.height],
    });
    expect(now.right).toBeGreaterThan(0.9);
    expect(now.bottom).toBeGreaterThan(0.9);

    // Emptying the text falls back to the copyright line, as the worker does.
    await page.getByLabel('Watermark text').fill('');
    await page.getByLabel('Copyright line').fill('© 2026 K. B. Hansen');
    expect((await shown()).content).toBe('© 2026 K. B. Hansen');

    await page.getByLabel('Watermark text').fill('© KBH');
    await page.getByLabel('Watermark placement').selectOption('tiled');
    now = await shown();
    expect(now.placement).toBe('tiled');
    expect(now.tile).toBe(String(workerGeometry('© KBH', 'tiled', width, height).width));
    await page
      .locator('.settings-watermark')
      .screenshot({ path: path.join(SCREENSHOTS, 'studio-watermark-tiled.png') });
    expect(await site.axe(page)).toEqual([]);
    // Nothing is saved until the artist saves.
    expect(await settingsRow()).toBeUndefined();

    const thumbnailKey = async () =>
      (
        await site.handle.db
          .selectFrom('image_versions')
          .innerJoin('prints', 'prints.image_id', 'image_versions.image_id')
          .select('image_versions.storage_key')
          .where('prints.id', '=', printId)
          .where('image_versions.version', '=', 'thumbnail')
          .executeTakeFirstOrThrow()
      ).storage_key;
    const keyBefore = await thumbnailKey();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.waitForURL((url) => url.search.includes('notice='));
    expect(await status()).toContain('Images are being regenerated with the new watermark');
    expect(await settingsRow()).toMatchObject({
      watermark_text: '© KBH',
      watermark_placement: 'tiled',
      copyright_line: '© 2026 K. B. Hansen',
      profile_name: null,
    });
    expect(await page.getByLabel('Watermark placement').inputValue()).toBe('tiled');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'studio-settings.png'), fullPage: true });

    // The worker redraws the print's versions with the new watermark: new files, which the editor shows.
    await expect.poll(thumbnailKey, { timeout: 90_000, interval: 250 }).not.toBe(keyBefore);
    // Versions of one generation share a folder: images/<id>/<generation>/.
    const folder = (key: string) => key.slice(0, key.lastIndexOf('/') + 1);
    const keyAfter = await thumbnailKey();
    await page.goto(site.url(`/studio/prints/${printId}`));
    const current = page.locator('img[data-image-current]');
    expect(await current.getAttribute('src')).toContain(folder(keyAfter));
    expect(await current.getAttribute('src')).not.toContain(folder(keyBefore));
    await current.scrollIntoViewIfNeeded();
    await expect
      .poll(() => current.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
      .toBe(true);
    await clean(page);
    expect(cspViolations).toEqual([]);
  }, 180_000);

  let noticeId = '';

  it('lets a visitor send a takedown notice that the artist sees, actions and resolves', async () => {
    const visitor = await site.newPage({ locale: 'en-GB' });
    await visitor.goto(site.url('/en/takedown'));
    await visitor.getByLabel('The copyrighted work').fill('My photograph “Lighthouse in fog”');
    await visitor
      .getByLabel('Address(es) of the infringing content')
      .fill(`${site.baseUrl}/en/prints/${'0'.repeat(8)}`);
    await visitor.getByLabel('Description').fill('The etching copies my photograph.');
    await visitor.getByLabel('Full name').fill('Clara Claimant');
    await visitor.getByLabel('E-mail address').fill('clara@example.org');
    await visitor.getByLabel('Postal address').fill('Strandvejen 1, 2100 København Ø');
    await visitor.getByLabel(/good-faith belief/).check();
    await visitor.getByLabel(/penalty of perjury/).check();
    await visitor.getByLabel('Electronic signature').fill('Clara Claimant');
    await visitor.getByRole('button', { name: 'Send notice' }).click();
    await visitor.waitForURL(/\/en\/takedown\/received\?ref=/);
    noticeId = new URL(visitor.url()).searchParams.get('ref') ?? '';

    await page.goto(site.url('/studio/takedowns'));
    const row = page.locator('tbody tr', { hasText: 'Lighthouse in fog' });
    expect(await row.innerText()).toContain('Clara Claimant');
    expect(await row.innerText()).toContain('Received');
    await clean(page);
    await page.getByLabel('Status').selectOption('open');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/status=open/);
    await clean(page);

    await row.getByRole('link', { name: /Lighthouse in fog/ }).click();
    await page.waitForURL(`**/studio/takedowns/${noticeId}`);
    expect(await page.locator('.notice-fields').innerText()).toContain('Strandvejen 1, 2100 København Ø');
    await clean(page);

    // Without an action type: the error next to the field, the note kept.
    await page.getByLabel('Note').fill('Wrote to Clara asking for the original.');
    await page.getByRole('button', { name: 'Record action' }).click();
    await page.waitForSelector('#f-action-error');
    expect(await page.locator('#f-action-error').innerText()).toBe('Choose the action taken');
    expect(await page.getByLabel('Note').inputValue()).toBe('Wrote to Clara asking for the original.');
    expect(await site.axe(page)).toEqual([]);
    await validPost(
      await page.request.post(site.url(`/studio/takedowns/${noticeId}/actions`), {
        form: { _csrf: await csrf(), action: '', note: 'x', takenOn: '2000-01-01', newStatus: '' },
      }),
      422,
    );

    await page.getByLabel('Action taken').selectOption('claimant_contacted');
    await page.getByLabel('New status').selectOption('in_review');
    await page.getByRole('button', { name: 'Record action' }).click();
    await page.waitForURL(/notice=recorded-status/);
    expect(await status()).toContain('Action recorded and status changed.');
    await page.getByLabel('Action taken').selectOption('content_removed');
    await page.getByLabel('Note').fill('Unpublished the print.');
    await page.getByRole('button', { name: 'Record action' }).click();
    await page.waitForURL(/notice=recorded#/);
    await page.getByLabel('Status', { exact: true }).selectOption('actioned');
    await page.getByLabel('Reason (optional)').fill('Content removed');
    await page.getByRole('button', { name: 'Change status' }).click();
    await page.waitForURL(/notice=status/);
    expect(await status()).toContain('Status changed.');
    const trail = await page.locator('section[aria-labelledby="trail-heading"] tbody').innerText();
    for (const text of [
      'Notice received',
      'Claimant contacted',
      'Wrote to Clara asking for the original.',
      'Content removed or disabled',
      'In review → Actioned (content removed or disabled): Content removed',
      STUDIO_EMAIL,
    ])
      expect(trail).toContain(text);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'studio-takedown-detail.png'), fullPage: true });
    await clean(page);
    const notice = await site.handle.db
      .selectFrom('takedown_notices')
      .select('status')
      .where('id', '=', noticeId)
      .executeTakeFirstOrThrow();
    expect(notice.status).toBe('actioned');
  }, 120_000);

  it('starts a backup whose finished state arrives on the page without a reload', async () => {
    await page.goto(site.url('/studio/backups'));
    expect(await page.getByText('No backups yet.').isVisible()).toBe(true);
    await clean(page);
    await page.getByRole('button', { name: 'Back up now' }).click();
    await page.waitForURL(/notice=started/);
    expect(await status()).toContain('Backup started.');
    const loaded = await page.evaluate(() => performance.timeOrigin);
    await page.waitForFunction(
      () => document.getElementById('studio-status')?.textContent?.includes('verified') ?? false,
      undefined,
      { timeout: 90_000 },
    );
    // Same document: the island swapped the section in.
    expect(await page.evaluate(() => performance.timeOrigin)).toBe(loaded);
    expect(await status()).toContain('The backup has finished and was verified');
    const row = page.locator('#backup-live tbody tr').first();
    expect(await row.innerText()).toContain('Verified');
    expect(await row.getByRole('link', { name: /^Download/ }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Back up now' }).isEnabled()).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'studio-backups.png'), fullPage: true });
    expect(await site.axe(page)).toEqual([]);
    await clean(page);

    await row.getByRole('link', { name: /^Report/ }).click();
    await page.waitForURL(/\/studio\/backups\/[0-9a-f-]{36}$/);
    expect(await page.getByRole('heading', { name: 'Rows per table' }).isVisible()).toBe(true);
    const facts = await page.locator('main').innerText();
    expect(facts).toContain('Archive SHA-256');
    expect(facts).toMatch(/Original images: yes \(1 file, /);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'studio-backup-report.png'), fullPage: true });
    await clean(page);
  }, 150_000);

  it('shows the sign-in and the changes in the audit log, filterable by family', async () => {
    await page.goto(site.url('/studio/audit'));
    const table = await page.locator('table.data-table').innerText();
    for (const action of [
      'signin.success',
      'settings.updated',
      'print.created',
      'takedown.action_recorded',
      'takedown.status_changed',
      'backup.requested',
      'backup.verified',
    ])
      expect(table).toContain(action);
    await page.locator('details.audit-details').first().locator('summary').click();
    expect(await page.locator('details.audit-details').first().locator('pre, dl').first().isVisible()).toBe(
      true,
    );
    await clean(page);
    await page.getByLabel('Action').selectOption('takedown.*');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/action=takedown/);
    const filtered = await page.locator('table.data-table tbody').innerText();
    expect(filtered).toContain('takedown.status_changed');
    expect(filtered).not.toContain('signin.success');
    expect(filtered).not.toContain('settings.updated');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'studio-audit.png'), fullPage: true });
    await clean(page);
  }, 60_000);

  it('keeps a settings form posted after the session ended, and saves it after signing in again', async () => {
    await page.goto(site.url('/studio/settings'));
    await site.handle.db.deleteFrom('sessions').where('artist_id', '=', site.artistId).execute();
    await page.getByLabel('Artist name').fill('Karen Blixen-Hansen, etcher');
    await page.getByLabel('Biography (English)').fill('Etcher on the island of Møn.');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.waitForURL(
      (url) => url.pathname.startsWith('/oidc/') || url.pathname.startsWith('/studio/resume/'),
    );
    if (new URL(page.url()).pathname.startsWith('/oidc/')) {
      await page.getByLabel('E-mail').fill(STUDIO_EMAIL);
      await page.getByLabel('Password').fill('a long studio test password');
      await page.getByRole('button', { name: 'Sign in' }).click();
    }
    await page.waitForURL(/\/studio\/resume\/[0-9a-f-]{36}$/);
    const kept = await page.locator('main table').innerText();
    expect(kept).toContain('Karen Blixen-Hansen, etcher');
    expect(kept).toContain('Etcher on the island of Møn.');
    expect(await settingsRow()).toMatchObject({ profile_name: null });
    await page.getByRole('button', { name: 'Save it now' }).click();
    await page.waitForURL(/\/studio\/settings\?notice=/);
    expect(await status()).toContain('Settings saved.');
    expect(await settingsRow()).toMatchObject({
      profile_name: 'Karen Blixen-Hansen, etcher',
      bio: { en: 'Etcher on the island of Møn.' },
      watermark_text: '© KBH',
    });
  }, 90_000);
});
