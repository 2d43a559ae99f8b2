// Ordering a print's images in the studio's print editor in Chromium (issue 19, decision 024), as gallery ordering
// does (the shared sortable list): by keyboard alone (grab with Space, arrows, drop with Space; Alt+arrows; the
// Move buttons saved in place) and by dragging the handle; every move announced in the live region and read back
// from the database and after a reload; the primary image stays first; a failed save is rolled back and
// announced; axe clean mid-grab and after, no CSP violation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { HAS_CHROMIUM, NO_CHROMIUM_MESSAGE } from '../helpers/browser.js';
import { signInStudio, startStudioSite, type StudioSite } from '../helpers/studio.js';
import { insertExtraImage, insertPrint } from '../helpers/catalogue.js';

if (!HAS_CHROMIUM) console.warn(NO_CHROMIUM_MESSAGE);

describe.skipIf(!HAS_CHROMIUM)('ordering a print’s images in Chromium', () => {
  let site: StudioSite;
  let page: Page;
  let printId = '';
  /** Image id → the name its handle and the announcements use. */
  const names = new Map<string, string>();
  const cspViolations: string[] = [];

  beforeAll(async () => {
    site = await startStudioSite();
    printId = await insertPrint(site.handle, site.artistId, { title: { da: 'Havn', en: 'Harbour' } });
    for (const [role, en] of [
      ['detail', 'The boats'],
      ['signature', 'Signed in pencil'],
      ['verso', 'The stamped back'],
    ] as const) {
      const id = await insertExtraImage(site.handle, printId, site.artistId, role, { da: en, en });
      const label = {
        detail: 'Detail',
        signature: 'Signature and edition number',
        verso: 'Verso (the back)',
      };
      names.set(id, `${label[role]}: ${en}`);
    }
    page = await site.newPage({ locale: 'en-GB' });
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    await signInStudio(site, page, `/studio/prints/${printId}`);
  }, 90_000);

  afterAll(async () => {
    await site?.close();
  });

  const storedOrder = async () =>
    (
      await site.handle.db
        .selectFrom('images')
        .select('id')
        .where('print_id', '=', printId)
        .where('role', '!=', 'primary')
        .orderBy('position')
        .execute()
    ).map((r) => names.get(r.id) ?? r.id);
  const shownOrder = () =>
    page.$$eval('.print-images__list > [data-image-movable]:not(.sortable-fallback)', (items) =>
      items.map((item) => (item as HTMLElement).dataset.title ?? ''),
    );
  const headings = () =>
    page.$$eval('.print-images__list > li:not(.sortable-fallback) h3', (hs) =>
      hs.map((h) => h.textContent?.trim() ?? ''),
    );
  const status = () => page.locator('#studio-status').innerText();
  /** Waits until the live region says `text`; a failure names what it says instead. */
  const waitForStatus = async (text: string) => {
    try {
      await page.waitForFunction(
        (wanted) => document.getElementById('studio-status')?.textContent?.includes(wanted) ?? false,
        text,
        { timeout: 10_000 },
      );
    } catch {
      throw new Error(`the status never said “${text}”; it says “${await status()}”`);
    }
  };
  const handle = (name: string) => page.getByRole('button', { name: `Reorder “${name}”` });
  /** axe, and no CSP report. */
  const clean = async () => {
    expect(await site.axe(page)).toEqual([]);
    expect(cspViolations).toEqual([]);
  };

  it('reorders by keyboard: grab, arrows, drop; Alt+arrows; the Move buttons save in place', async () => {
    expect(await shownOrder()).toEqual([
      'Detail: The boats',
      'Signature and edition number: Signed in pencil',
      'Verso (the back): The stamped back',
    ]);
    expect(await handle('Detail: The boats').isVisible()).toBe(true);
    expect(await page.locator('#images-order-keys').isVisible()).toBe(true);
    await clean();

    // Grab the verso with Space, two places up, drop with Space.
    await handle('Verso (the back): The stamped back').focus();
    await page.keyboard.press('Space');
    await waitForStatus(
      'Grabbed “Verso (the back): The stamped back”, place 3 of 3 after the primary image.',
    );
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await waitForStatus('place 1 of 3 after the primary image. Space drops it here');
    // Mid-grab: accessible; nothing saved yet.
    await clean();
    expect(await storedOrder()).toEqual([
      'Detail: The boats',
      'Signature and edition number: Signed in pencil',
      'Verso (the back): The stamped back',
    ]);
    await page.keyboard.press('Space');
    await waitForStatus('Order saved');
    expect(await status()).toContain(
      'Moved “Verso (the back): The stamped back” to place 1 of 3 after the primary image. Order saved.',
    );
    const afterGrab = [
      'Verso (the back): The stamped back',
      'Detail: The boats',
      'Signature and edition number: Signed in pencil',
    ];
    expect(await storedOrder()).toEqual(afterGrab);
    // The primary stays first; the numbers follow the places.
    expect(await headings()).toEqual([
      'Image 1: The print (primary)',
      'Image 2: Verso (the back)',
      'Image 3: Detail',
      'Image 4: Signature and edition number',
    ]);
    expect(await page.evaluate(() => document.activeElement?.classList.contains('order-item__handle'))).toBe(
      true,
    );

    // Alt+Down moves the focused image one place at once.
    await page.keyboard.press('Alt+ArrowDown');
    await waitForStatus('Moved “Verso (the back): The stamped back” to place 2 of 3');
    expect(await storedOrder()).toEqual([
      'Detail: The boats',
      'Verso (the back): The stamped back',
      'Signature and edition number: Signed in pencil',
    ]);

    // Move down (a no-JS form's button) is saved in place; focus stays on it.
    const moveDown = page.getByRole('button', { name: 'Move down (image 2)' });
    await moveDown.focus();
    await page.keyboard.press('Enter');
    await waitForStatus('Moved “Detail: The boats” to place 2 of 3');
    expect(page.url()).not.toContain('notice=');
    expect(await storedOrder()).toEqual([
      'Verso (the back): The stamped back',
      'Detail: The boats',
      'Signature and edition number: Signed in pencil',
    ]);
    // At an end the button stays focusable and says so.
    const moveUp = page.getByRole('button', { name: 'Move up (image 2)' });
    expect(await moveUp.getAttribute('aria-disabled')).toBe('true');
    await moveUp.focus();
    await page.keyboard.press('Enter');
    await waitForStatus('is already first');

    await page.reload();
    expect(await shownOrder()).toEqual([
      'Verso (the back): The stamped back',
      'Detail: The boats',
      'Signature and edition number: Signed in pencil',
    ]);
    await clean();
  });

  it('reorders by dragging the handle; a reload shows the new order', async () => {
    // Tall enough for the whole list at once: each image has its forms, so the items are high.
    await page.setViewportSize({ width: 1280, height: 2400 });
    await page.locator('#images').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    const from = await handle('Signature and edition number: Signed in pencil').boundingBox();
    const target = await page.locator('.print-images__list > [data-image-movable]').first().boundingBox();
    if (!from || !target) throw new Error('no layout');
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2, from.y - 20, { steps: 5 });
    await page.mouse.move(target.x + 40, target.y + 8, { steps: 20 });
    await page.waitForFunction(
      () =>
        document.querySelector<HTMLElement>(
          '.print-images__list > [data-image-movable]:not(.sortable-fallback)',
        )?.dataset.title === 'Signature and edition number: Signed in pencil',
    );
    expect(await page.locator('.sortable-fallback').getAttribute('aria-hidden')).toBe('true');
    expect(await site.axe(page)).toEqual([]);
    await page.mouse.up();
    await waitForStatus('Moved “Signature and edition number: Signed in pencil” to place 1 of 3');
    const dragged = [
      'Signature and edition number: Signed in pencil',
      'Verso (the back): The stamped back',
      'Detail: The boats',
    ];
    expect(await storedOrder()).toEqual(dragged);
    expect((await headings())[0]).toBe('Image 1: The print (primary)');
    await page.reload();
    expect(await shownOrder()).toEqual(dragged);
    await clean();
  });

  it('puts the list back and says why when a save fails', async () => {
    const before = await shownOrder();
    await page.route('**/api/v1/artist/prints/*/images/order', (route) =>
      route.fulfill({
        status: 409,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'CONFLICT', message: 'The images changed meanwhile.' } }),
      }),
    );
    await handle('Detail: The boats').focus();
    await page.keyboard.press('Alt+ArrowUp');
    await waitForStatus('The order could not be saved');
    expect(await status()).toContain(
      'The order could not be saved: The images changed meanwhile. The list is back as it was; ' +
        '“Detail: The boats” is at place 3 of 3 after the primary image.',
    );
    expect(await page.locator('#studio-status .notice--error').count()).toBe(1);
    expect(await shownOrder()).toEqual(before);
    expect(await storedOrder()).toEqual(before);
    await page.unroute('**/api/v1/artist/prints/*/images/order');
    await clean();
  });
});
