// The gallery editor in Chromium: creating a gallery and adding prints through the pages, ordering by
// drag-and-drop and by keyboard alone (read back from the database and heard in the live region), a failing save
// rolled back and announced, the order without JavaScript, and the published gallery on the public site in the
// new order. axe and html-validate on the list, the add page, the editor, and the editor mid-drag and mid-grab.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { HAS_CHROMIUM, NO_CHROMIUM_MESSAGE } from '../helpers/browser.js';
import { signInStudio, startStudioSite, type StudioSite } from '../helpers/studio.js';
import { insertPrint, positions } from '../helpers/catalogue.js';

if (!HAS_CHROMIUM) console.warn(NO_CHROMIUM_MESSAGE);

const LETTERS = ['A', 'B', 'C', 'D', 'E'] as const;
const SCREENSHOTS = path.resolve('test-artifacts/screenshots');

describe.skipIf(!HAS_CHROMIUM)('studio galleries in Chromium', () => {
  let site: StudioSite;
  let page: Page;
  let galleryId = '';
  /** Print id → its English title ("Print A"…). */
  const titles = new Map<string, string>();
  /** Console messages about the Content Security Policy (Sortable must work under the strict CSP). */
  const cspViolations: string[] = [];

  beforeAll(async () => {
    site = await startStudioSite();
    for (const letter of LETTERS) {
      const id = await insertPrint(site.handle, site.artistId, {
        title: { da: `Tryk ${letter}`, en: `Print ${letter}` },
        withImage: false,
      });
      titles.set(id, `Print ${letter}`);
    }
    mkdirSync(SCREENSHOTS, { recursive: true });
    page = await site.newPage({ locale: 'en-GB' });
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    await signInStudio(site, page, '/studio/galleries');
  }, 90_000);

  afterAll(async () => {
    await site?.close();
  });

  const storedOrder = async () =>
    (await positions(site.handle, galleryId)).map(([printId]) => titles.get(printId) ?? printId);
  const shownOrder = () =>
    page.$$eval('.order-list > .order-item:not(.sortable-fallback)', (items) =>
      items.map((item) => (item as HTMLElement).dataset.title ?? ''),
    );
  const status = () => page.locator('#studio-status').innerText();
  const waitForStatus = (text: string) =>
    page.waitForFunction(
      (wanted) => document.getElementById('studio-status')?.textContent?.includes(wanted) ?? false,
      text,
    );
  /** axe on the page as it is, html-validate on the HTML the server sends for it. */
  const clean = async (p: Page) => {
    expect(await site.axe(p)).toEqual([]);
    const served = await p.request.get(p.url());
    expect(served.status()).toBe(200);
    expect(await site.validateHtml(await served.text())).toEqual([]);
  };
  /**
   * axe, and html-validate on the DOM as the scripts left it. Chromium's serializer writes boolean and empty
   * attributes as `selected=""` / `hidden=""` (valid HTML, not the served spelling): those rules are set aside.
   */
  const cleanLive = async (p: Page, alsoAllowed: readonly string[] = []) => {
    expect(await site.axe(p)).toEqual([]);
    // Styles set from script and reset (Sortable's animation, the screenshot's caret hiding) leave empty
    // `style=""` attributes that style nothing; they are not in the served HTML.
    const problems = await site.validateHtml((await p.content()).replaceAll(' style=""', ''));
    const allowed = new Set(['attribute-boolean-style', 'attribute-empty-style', ...alsoAllowed]);
    expect(problems.filter((problem) => !allowed.has(problem.rule))).toEqual([]);
  };
  /** Presses Tab until the focused element's accessible text is `name` (the keyboard is all there is). */
  const tabTo = async (name: string) => {
    for (let i = 0; i < 120; i += 1) {
      await page.keyboard.press('Tab');
      const text = await page.evaluate(() => {
        const el = document.activeElement;
        const label = el instanceof HTMLInputElement ? el.labels?.[0] : null;
        return (label ?? el)?.textContent?.trim() ?? '';
      });
      if (text.endsWith(name)) return;
    }
    throw new Error(`Tab never reached ${name}`);
  };
  const focusedItemTitle = () =>
    page.evaluate(() => document.activeElement?.closest<HTMLElement>('.order-item')?.dataset.title ?? null);

  it('creates a gallery and adds prints through the pages; list, form and add page are accessible', async () => {
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Galleries');
    await clean(page);

    await page.getByRole('link', { name: 'New gallery' }).first().click();
    await page.waitForURL('**/studio/galleries/new');
    await clean(page);
    await page.getByLabel('Title (Danish)').fill('Havne');
    await page.getByLabel('Title (English)').fill('Harbours');
    await page.getByLabel('Description (English)').fill('Plates from the harbour years.');
    await page.getByRole('button', { name: 'Create gallery' }).click();
    await page.waitForURL(/\/studio\/galleries\/[0-9a-f-]{36}\?notice=created$/);
    galleryId = new URL(page.url()).pathname.split('/').pop() ?? '';
    expect(await status()).toContain('Gallery created.');

    await page.getByRole('link', { name: 'Add prints' }).click();
    await page.waitForURL(`**/studio/galleries/${galleryId}/add`);
    await clean(page);
    for (const letter of LETTERS) await page.getByLabel(`Print ${letter}`).check();
    await page.getByRole('button', { name: 'Add selected' }).click();
    await page.waitForURL(`**/studio/galleries/${galleryId}?added=5#order`);
    expect(await status()).toContain('Added 5 prints to the end of the gallery.');
    // Added in the inventory's order (newest first).
    expect(await storedOrder()).toEqual(['Print E', 'Print D', 'Print C', 'Print B', 'Print A']);
    expect(await shownOrder()).toEqual(await storedOrder());
    // The island replaced the no-JS controls: handles and the keyboard hint are shown, "Save order" is not.
    expect(await page.getByRole('button', { name: 'Reorder “Print C”' }).isVisible()).toBe(true);
    expect(await page.getByText('Space to grab the print').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Save order' }).isVisible()).toBe(false);
    await clean(page);

    await page.goto(site.url('/studio/galleries'));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'studio-galleries-list.png'), fullPage: true });
    expect(await page.getByRole('link', { name: 'Harbours', exact: true }).isVisible()).toBe(true);
    expect(await page.getByRole('cell', { name: '5', exact: true }).isVisible()).toBe(true);
    await clean(page);
  });

  it('reorders by drag-and-drop on the handle; the stored order follows', async () => {
    await page.goto(site.url(`/studio/galleries/${galleryId}`));
    // Print A (last) to the top.
    await page.locator('.order-list').scrollIntoViewIfNeeded();
    const handle = page.getByRole('button', { name: 'Reorder “Print A”' });
    const from = await handle.boundingBox();
    const first = await page.locator('.order-list > .order-item').first().boundingBox();
    if (!from || !first) throw new Error('no layout');
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2, from.y - 20, { steps: 5 });
    await page.mouse.move(first.x + 40, first.y + 4, { steps: 15 });
    await page.waitForFunction(() => {
      const items = [
        ...document.querySelectorAll<HTMLElement>('.order-list > .order-item:not(.sortable-fallback)'),
      ];
      return items[0]?.dataset.title === 'Print A';
    });
    // Mid-drag: the copy under the pointer is hidden from assistive technology and carries no duplicate ids.
    expect(await page.locator('.sortable-fallback').count()).toBe(1);
    expect(await page.locator('.sortable-fallback').getAttribute('aria-hidden')).toBe('true');
    // Sortable positions the moving copy with styles set from script (CSSOM, which the CSP allows).
    await cleanLive(page, ['no-inline-style']);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'studio-gallery-mid-drag.png') });
    await page.mouse.up();

    await waitForStatus('Order saved');
    expect(await status()).toContain('Moved “Print A” to position 1 of 5. Order saved.');
    expect(await storedOrder()).toEqual(['Print A', 'Print E', 'Print D', 'Print C', 'Print B']);
    expect(await shownOrder()).toEqual(await storedOrder());
    expect(await focusedItemTitle()).toBe('Print A');
    const input = page.getByLabel('Position of “Print A”');
    expect(await input.inputValue()).toBe('1');
    expect(cspViolations).toEqual([]);
  });

  it('reorders with the keyboard alone: grab, arrows, drop; Alt+arrows; a typed position', async () => {
    await page.goto(site.url(`/studio/galleries/${galleryId}`));
    // Order now: A E D C B. Grab C with Space, two places up, drop with Space.
    await tabTo('Reorder “Print C”');
    await page.keyboard.press('Space');
    await waitForStatus('Grabbed “Print C”, position 4 of 5.');
    expect(await page.getByRole('button', { name: 'Reorder “Print C”' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    await page.keyboard.press('ArrowUp');
    await waitForStatus('“Print C”, position 3 of 5.');
    await page.keyboard.press('ArrowUp');
    await waitForStatus('“Print C”, position 2 of 5.');
    // Mid-grab: the moved-but-not-dropped state is accessible and valid.
    await cleanLive(page);
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'studio-gallery-keyboard-grab.png'),
      fullPage: true,
    });
    expect(await storedOrder()).toEqual(['Print A', 'Print E', 'Print D', 'Print C', 'Print B']);
    await page.keyboard.press('Space');
    await waitForStatus('Order saved');
    expect(await status()).toContain('Moved “Print C” to position 2 of 5. Order saved.');
    expect(await storedOrder()).toEqual(['Print A', 'Print C', 'Print E', 'Print D', 'Print B']);
    expect(await focusedItemTitle()).toBe('Print C');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('order-item__handle'))).toBe(
      true,
    );

    // Escape puts a grabbed print back and saves nothing.
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Escape');
    await waitForStatus('Move cancelled. “Print C” is back at position 2 of 5.');
    expect(await shownOrder()).toEqual(['Print A', 'Print C', 'Print E', 'Print D', 'Print B']);
    expect(await storedOrder()).toEqual(['Print A', 'Print C', 'Print E', 'Print D', 'Print B']);

    // Alt+Down moves the focused print one place at once.
    await page.keyboard.press('Alt+ArrowDown');
    await waitForStatus('Moved “Print C” to position 3 of 5. Order saved.');
    expect(await storedOrder()).toEqual(['Print A', 'Print E', 'Print C', 'Print D', 'Print B']);
    expect(await focusedItemTitle()).toBe('Print C');

    // Move to a position by number: B to 1.
    await tabTo('Position of “Print B”');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('1');
    await page.keyboard.press('Enter');
    await waitForStatus('Moved “Print B” to position 1 of 5. Order saved.');
    expect(await storedOrder()).toEqual(['Print B', 'Print A', 'Print E', 'Print C', 'Print D']);
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe('1');
    expect(await focusedItemTitle()).toBe('Print B');

    // A number out of range is an error at the field, announced; nothing moves.
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('9');
    await page.keyboard.press('Enter');
    await waitForStatus('Enter a whole number from 1 to 5');
    expect(await page.getByLabel('Position of “Print B”').getAttribute('aria-invalid')).toBe('true');
    expect(await storedOrder()).toEqual(['Print B', 'Print A', 'Print E', 'Print C', 'Print D']);
    await cleanLive(page);

    // Move up / Move down buttons, pressed with Enter, keep focus on the button.
    await tabTo('Move down “Print B”');
    await page.keyboard.press('Enter');
    await waitForStatus('Moved “Print B” to position 2 of 5. Order saved.');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Move down “Print B”');
    expect(await storedOrder()).toEqual(['Print A', 'Print B', 'Print E', 'Print C', 'Print D']);
  });

  it('rolls back a failed save at once and announces why', async () => {
    await page.goto(site.url(`/studio/galleries/${galleryId}`));
    const before = ['Print A', 'Print B', 'Print E', 'Print C', 'Print D'];
    expect(await shownOrder()).toEqual(before);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/v1/artist/galleries/*/prints/*/move', async (route) => {
      await held;
      await route.fulfill({
        status: 500,
        contentType: 'application/json',
        body: JSON.stringify({
          error: { code: 'INTERNAL_SERVER_ERROR', message: 'The server could not save it.' },
        }),
      });
    });
    await page.getByRole('button', { name: 'Move up “Print C”' }).click();
    // Shown at once, before the server has answered.
    expect(await shownOrder()).toEqual(['Print A', 'Print B', 'Print C', 'Print E', 'Print D']);
    release();
    await waitForStatus('The order could not be saved');
    expect(await status()).toContain(
      'The order could not be saved: The server could not save it. The list is back as it was; “Print C” is at position 4 of 5.',
    );
    expect(await page.locator('#studio-status .notice--error').count()).toBe(1);
    expect(await shownOrder()).toEqual(before);
    expect(await storedOrder()).toEqual(before);
    expect(await page.getByLabel('Position of “Print C”').inputValue()).toBe('4');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Move up “Print C”');
    await page.unroute('**/api/v1/artist/galleries/*/prints/*/move');
  });

  it('orders without JavaScript too: Move up posts the form and comes back to the same button', async () => {
    const noJs = await site.newPage({ locale: 'en-GB', javaScriptEnabled: false });
    // The same signed-in session (the sign-in pages themselves are not part of this).
    await noJs.context().addCookies(await page.context().cookies());
    await noJs.goto(site.url(`/studio/galleries/${galleryId}`));
    expect(await noJs.getByRole('button', { name: 'Save order' }).isVisible()).toBe(true);
    expect(await noJs.locator('.order-item__handle:visible').count()).toBe(0);
    await noJs.getByRole('button', { name: 'Move up “Print D”' }).focus();
    await noJs.keyboard.press('Enter');
    await noJs.waitForURL(/moved=[0-9a-f-]{36}#up-/);
    expect(await noJs.locator('#studio-status').innerText()).toContain('Moved “Print D” to position 4 of 5.');
    expect(await storedOrder()).toEqual(['Print A', 'Print B', 'Print E', 'Print D', 'Print C']);
    // axe needs scripts; the served HTML is what this browser renders.
    const served = await noJs.request.get(noJs.url());
    expect(await site.validateHtml(await served.text())).toEqual([]);
  });

  it('publishes; the public gallery page shows the prints in the new order', async () => {
    await page.goto(site.url(`/studio/galleries/${galleryId}`));
    await page.getByLabel('Status').selectOption('published');
    await page.getByLabel('Cover print').selectOption({ label: '2. Print B' });
    await page.getByRole('button', { name: 'Save details' }).click();
    await page.waitForURL(`**/studio/galleries/${galleryId}?notice=saved`);
    expect(await status()).toContain('Details saved.');

    const visitor = await site.newPage({ locale: 'en-GB' });
    await visitor.goto(site.url(`/en/galleries/${galleryId}`));
    expect(await visitor.getByRole('heading', { level: 1 }).textContent()).toBe('Harbours');
    const cards = await visitor.$$eval('.card__title a', (links) => links.map((a) => a.textContent?.trim()));
    expect(cards).toEqual(await storedOrder());
    expect(cards).toEqual(['Print A', 'Print B', 'Print E', 'Print D', 'Print C']);
  });
});
