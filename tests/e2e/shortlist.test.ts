// The visitor's list in Chromium (issue 22): "Save to my list" by keyboard on gallery cards and the print page,
// announced and counted in the header, kept in this browser across pages (localStorage, no cookie); the list page
// opened from the header link, a print taken off it with focus kept in the list, the share link and the form kept
// in step; one enquiry about the list. Danish labels, JavaScript off, axe and html-validate on every page.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { HAS_CHROMIUM, NO_CHROMIUM_MESSAGE } from '../helpers/browser.js';
import { startStudioSite, type StudioSite } from '../helpers/studio.js';
import { insertGallery, insertPrint } from '../helpers/catalogue.js';
import { MIN_FILL_MS } from '../../src/modules/enquiries/form-token.js';

if (!HAS_CHROMIUM) console.warn(NO_CHROMIUM_MESSAGE);

const SCREENSHOTS = path.resolve('test-artifacts/screenshots');

describe.skipIf(!HAS_CHROMIUM)('the visitor’s list in Chromium', () => {
  let site: StudioSite;
  let galleryId: string;
  let prints: string[];

  beforeAll(async () => {
    site = await startStudioSite();
    mkdirSync(SCREENSHOTS, { recursive: true });
    prints = [];
    for (const [da, en] of [
      ['Havn', 'Harbour'],
      ['Mose', 'Bog'],
      ['Skov', 'Forest'],
    ] as const)
      prints.push(await insertPrint(site.handle, site.artistId, { title: { da, en } }));
    galleryId = await insertGallery(site.handle, site.artistId, prints);
  }, 120_000);

  afterAll(async () => {
    await site?.close();
  });

  const clean = async (page: Page) => {
    expect(await site.axe(page)).toEqual([]);
    expect(await site.validateHtml(await (await page.request.get(page.url())).text())).toEqual([]);
  };
  const toggleOf = (page: Page, id: string) => page.locator(`button[data-save="${id}"]`);
  const status = (page: Page) => page.locator('[data-shortlist-status]');

  it('saves prints by keyboard, announces and counts them, and keeps them across pages', async () => {
    const page = await site.newPage({ locale: 'en-GB' });
    await page.goto(site.url(`/en/galleries/${galleryId}`));
    const first = toggleOf(page, prints[0]!);
    await first.waitFor({ state: 'visible' });
    expect(await page.locator('.shortlist-link').isVisible()).toBe(false);
    expect(await first.getAttribute('aria-pressed')).toBe('false');
    // Each card's button names its print for screen readers.
    expect(await page.getByRole('button', { name: /^Save to my list\s*:\s*Harbour$/ }).count()).toBe(1);

    await first.focus();
    await page.keyboard.press('Enter');
    expect(await first.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => status(page).textContent()).toBe('Saved to your list (1).');
    await toggleOf(page, prints[2]!).focus();
    await page.keyboard.press('Space');
    await expect.poll(() => status(page).textContent()).toBe('Saved to your list (2).');
    const link = page.locator('.shortlist-link');
    expect(await link.isVisible()).toBe(true);
    expect(await link.textContent()).toContain('My list');
    expect(await link.locator('.shortlist-link__count').textContent()).toBe('2');
    expect(await link.getAttribute('href')).toBe(`/en/list?prints=${prints[0]},${prints[2]}`);
    await clean(page);

    // The print page knows, and says nothing reached the server: no cookie was set.
    await page.goto(site.url(`/en/prints/${prints[2]}`));
    await expect.poll(() => toggleOf(page, prints[2]!).getAttribute('aria-pressed')).toBe('true');
    expect(await page.context().cookies()).toEqual([]);
    await toggleOf(page, prints[2]!).click();
    await expect.poll(() => status(page).textContent()).toBe('Removed from your list (1).');
    await toggleOf(page, prints[2]!).click();
    await clean(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'shortlist-print-page.png') });
    await page.context().close();
  });

  it('opens the list from the header, takes a print off it with focus kept, and sends one enquiry', async () => {
    const page = await site.newPage({ locale: 'en-GB' });
    await page.goto(site.url(`/en/galleries/${galleryId}`));
    for (const id of prints) {
      await toggleOf(page, id).waitFor({ state: 'visible' });
      await toggleOf(page, id).click();
    }
    await page.locator('.shortlist-link').click();
    await page.waitForURL((url) => url.pathname === '/en/list' && url.search.startsWith('?prints='));
    expect(new URL(page.url()).searchParams.get('prints')).toBe(prints.join(','));
    expect(await page.locator('[data-shortlist-items] > li').count()).toBe(3);
    expect(await page.getByRole('button', { name: 'Copy the link' }).isVisible()).toBe(true);
    await clean(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'shortlist-list-page.png'), fullPage: true });

    // Taking the middle print off: its card leaves, focus moves to the next card's button, address and form follow.
    await toggleOf(page, prints[1]!).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-shortlist-items] > li').count()).toBe(2);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-save'))).toBe(prints[2]);
    const kept = `${prints[0]},${prints[2]}`;
    expect(new URL(page.url()).searchParams.get('prints')).toBe(kept);
    expect(await page.locator('#shortlist-url').inputValue()).toBe(site.url(`/en/list?prints=${kept}`));
    expect(await page.locator('form input[name="prints"]').inputValue()).toBe(kept);
    await clean(page);

    await page.locator('#enq-name').fill('Karen Holm');
    await page.locator('#enq-email').fill('karen@example.test');
    await page.locator('#enq-message').fill('Could I see these two side by side?');
    await page.waitForTimeout(MIN_FILL_MS + 300);
    await page.getByRole('button', { name: 'Send message' }).click();
    await page.waitForURL((url) => url.pathname === '/en/contact/sent');
    const row = await site.handle.db
      .selectFrom('enquiries')
      .select(['prints', 'artist_id'])
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      artist_id: site.artistId,
      prints: [
        { id: prints[0], title: 'Harbour' },
        { id: prints[2], title: 'Forest' },
      ],
    });
    await page.context().close();
  });

  it('speaks Danish, and shows a list someone sent as it was sent', async () => {
    const page = await site.newPage({ locale: 'da-DK' });
    await page.goto(site.url(`/da/list?prints=${prints[1]},${prints[0]}`));
    expect(await page.getByRole('heading', { level: 1, name: 'Min liste' }).isVisible()).toBe(true);
    await toggleOf(page, prints[1]!).waitFor({ state: 'visible' });
    // Not this browser's list: saving one keeps both cards on the page.
    await toggleOf(page, prints[1]!).click();
    await expect.poll(() => status(page).textContent()).toBe('Gemt på din liste (1).');
    expect(await page.locator('[data-shortlist-items] > li').count()).toBe(2);
    await toggleOf(page, prints[1]!).click();
    expect(await page.locator('[data-shortlist-items] > li').count()).toBe(2);
    await clean(page);
    await page.context().close();
  });

  it('without JavaScript shows no toggles, and the list page says how to ask about a print instead', async () => {
    const page = await site.newPage({ locale: 'en-GB', javaScriptEnabled: false });
    await page.goto(site.url(`/en/galleries/${galleryId}`));
    expect(await toggleOf(page, prints[0]!).isVisible()).toBe(false);
    await page.goto(site.url('/en/list'));
    expect(await page.getByText('Your list is empty.').isVisible()).toBe(true);
    expect(await page.getByText('Without it you can still ask about a print').isVisible()).toBe(true);
    await page.context().close();
  });
});
