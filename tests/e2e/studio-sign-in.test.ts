// Signing in to the studio in Chromium the way a newcomer does on a default install: PUBLIC_URL says localhost,
// the browser was pointed at 127.0.0.1. The sign-in must still end signed in on the studio. Signing out ends the
// issuer's session too, without a confirmation page, so signing in again asks for the password.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, NO_CHROMIUM_MESSAGE } from '../helpers/browser.js';
import { STUDIO_EMAIL, STUDIO_PASSWORD, startStudioSite, type StudioSite } from '../helpers/studio.js';

if (!HAS_CHROMIUM) console.warn(NO_CHROMIUM_MESSAGE);

describe.skipIf(!HAS_CHROMIUM)('studio sign-in in Chromium', () => {
  let site: StudioSite;
  let port = '';

  beforeAll(async () => {
    site = await startStudioSite({ publicHost: 'localhost' });
    port = new URL(site.baseUrl).port;
  }, 60_000);

  afterAll(async () => {
    await site?.close();
  });

  it('opened at 127.0.0.1 while PUBLIC_URL is localhost, ends signed in on the studio', async () => {
    expect(site.baseUrl).toBe(`http://localhost:${port}`);
    const page = await site.newPage({ locale: 'en-GB' });
    await page.goto(`http://127.0.0.1:${port}/studio`);
    // The flow starts on the canonical host, at the issuer's sign-in page.
    expect(new URL(page.url()).host).toBe(`localhost:${port}`);
    expect(new URL(page.url()).pathname).toMatch(/^\/oidc\/interaction\//);
    await page.getByLabel('E-mail').fill(STUDIO_EMAIL);
    await page.getByLabel('Password').fill(STUDIO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Where the browser lands after the issuer (before the fix: the callback's "Sign-in expired" page).
    await page.waitForURL((url) => !url.pathname.startsWith('/oidc/'));
    expect(page.url()).toBe(`http://localhost:${port}/studio`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Dashboard');
    expect(await page.getByText('Signed in as').isVisible()).toBe(true);
  });

  it('signs out of the studio and the issuer in one step, and the next sign-in asks for the password', async () => {
    const page = await site.newPage({ locale: 'en-GB' });
    const visited: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) visited.push(new URL(frame.url()).pathname);
    });
    await page.goto(site.url('/studio'));
    await page.getByLabel('E-mail').fill(STUDIO_EMAIL);
    await page.getByLabel('Password').fill(STUDIO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(site.url('/studio'));

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(site.url('/studio/signed-out'), { timeout: 10_000 });
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Signed out');
    // No page of the issuer's was shown on the way (its confirmation step is skipped).
    expect(visited.slice(visited.lastIndexOf('/studio') + 1)).toEqual(['/studio/signed-out']);

    await page.getByRole('link', { name: 'Sign in again' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/oidc/interaction/'));
    expect(await page.getByLabel('Password').isVisible()).toBe(true);
  });
});
