// Private viewing rooms in Chromium (decision 015): the studio's room list, form and revoke confirmation, and the
// room's own pages (password form, room, print) in Danish and English — each with zero axe violations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, NO_CHROMIUM_MESSAGE } from '../helpers/browser.js';
import { insertPrint } from '../helpers/catalogue.js';
import { signInStudio, startStudioSite, type StudioSite } from '../helpers/studio.js';

if (!HAS_CHROMIUM) console.warn(NO_CHROMIUM_MESSAGE);

describe.skipIf(!HAS_CHROMIUM)('viewing rooms in Chromium', () => {
  let site: StudioSite;
  let draftId: string;

  beforeAll(async () => {
    site = await startStudioSite();
    draftId = await insertPrint(site.handle, site.artistId, {
      status: 'draft',
      withImage: false,
      title: { da: 'Tredje tilstand', en: 'Third state' },
    });
    await insertPrint(site.handle, site.artistId, {
      withImage: false,
      title: { da: 'Havn', en: 'Harbour' },
    });
  }, 60_000);

  afterAll(async () => {
    await site?.close();
  });

  it('makes a room in the studio, opens it in both languages, and revokes it', async () => {
    const page = await site.newPage({ locale: 'en-GB' });
    await signInStudio(site, page, '/studio/rooms');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Viewing rooms');
    expect(await site.axe(page)).toEqual([]);

    await page.getByRole('link', { name: 'New viewing room' }).click();
    expect(await site.axe(page)).toEqual([]);
    // Nothing chosen: the form says so at the field.
    await page.getByLabel('Title (English)').fill('For the curator');
    await page.getByRole('button', { name: 'Make room' }).click();
    expect(await page.locator('.error-summary').textContent()).toContain('Choose at least one print');
    expect(await site.axe(page)).toEqual([]);

    await page.getByRole('checkbox', { name: /Third state/ }).check();
    await page.getByRole('checkbox', { name: /Harbour/ }).check();
    await page.getByLabel('Position of Harbour').fill('1');
    await page.getByLabel('Position of Third state').fill('2');
    await page.getByLabel('Show prices').check();
    await page.getByRole('button', { name: 'Make room' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Room made');
    expect(await site.axe(page)).toEqual([]);
    const link = await page.getByLabel('Link to send (keep it private)').inputValue();
    expect(link).toMatch(/\/rooms\/[A-Za-z0-9_-]{43}$/);

    const visitor = await site.newPage({ locale: 'da-DK' });
    const path = new URL(link).pathname;
    for (const lang of ['da', 'en'] as const) {
      const response = await visitor.goto(site.url(`/${lang}${path}`));
      expect(response?.status()).toBe(200);
      expect(response?.headers()['x-robots-tag']).toContain('noindex');
      const titles = await visitor.locator('.card__title').allTextContents();
      expect(titles).toEqual(lang === 'da' ? ['Havn', 'Tredje tilstand'] : ['Harbour', 'Third state']);
      expect(await site.axe(visitor)).toEqual([]);
      await visitor.goto(site.url(`/${lang}${path}/prints/${draftId}`));
      expect(await visitor.getByRole('heading', { level: 1 }).textContent()).toBe(
        lang === 'da' ? 'Tredje tilstand' : 'Third state',
      );
      expect(await site.axe(visitor)).toEqual([]);
    }
    // The draft is still nowhere else.
    expect((await visitor.goto(site.url(`/en/prints/${draftId}`)))?.status()).toBe(404);

    // A room with a password: the form first, then the room.
    await page.goto(site.url('/studio/rooms/new'));
    await page.getByLabel('Title (Danish)').fill('Til samleren');
    await page.getByRole('checkbox', { name: /Third state/ }).check();
    await page.getByLabel('Password (optional)').fill('copper plate');
    await page.getByRole('button', { name: 'Make room' }).click();
    const locked = new URL(await page.getByLabel('Link to send (keep it private)').inputValue()).pathname;
    for (const lang of ['da', 'en'] as const) {
      await visitor.goto(site.url(`/${lang}${locked}`));
      expect(await visitor.locator('input[type="password"]').count()).toBe(1);
      expect(await site.axe(visitor)).toEqual([]);
    }
    await visitor.getByLabel('Password').fill('wrong');
    await visitor.getByRole('button', { name: 'Open the room' }).click();
    expect(await visitor.locator('.field-error').textContent()).toContain('not right');
    expect(await site.axe(visitor)).toEqual([]);
    await visitor.getByLabel('Password').fill('copper plate');
    await visitor.getByRole('button', { name: 'Open the room' }).click();
    expect(await visitor.getByRole('heading', { level: 1 }).textContent()).toBe('Til samleren');

    // Revoke the first room, with a confirmation.
    await page.goto(site.url('/studio/rooms'));
    expect(await site.axe(page)).toEqual([]);
    await page.getByRole('link', { name: 'For the curator' }).click();
    await page.getByRole('link', { name: 'Revoke this room' }).click();
    expect(await site.axe(page)).toEqual([]);
    await page.getByRole('button', { name: 'Revoke the room' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Room revoked');
    expect(await page.locator('.badge--failed').textContent()).toBe('Revoked');
    const gone = await visitor.goto(site.url(`/en${path}`));
    expect(gone?.status()).toBe(410);
    expect(await site.axe(visitor)).toEqual([]);
  }, 180_000);
});
