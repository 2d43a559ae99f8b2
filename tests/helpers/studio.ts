// Studio browser tests: the app with the embedded issuer and its local artist (known password), and signing in
// through the real sign-in page in Chromium.
//
//   const site = await startStudioSite({ worker: true });
//   const page = await site.newPage({ locale: 'en-GB' });
//   await signInStudio(site, page);               // lands on /studio
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { ensureLocalArtist } from '../../src/modules/auth/local-artist.js';
import type { Storage } from '../../src/platform/storage/types.js';
import { startSite, type TestSite } from './browser.js';

export const STUDIO_EMAIL = 'artist@studio.test';
export const STUDIO_PASSWORD = 'a long studio test password';

export interface StudioSite extends TestSite {
  readonly artistId: string;
}

export async function startStudioSite(
  options: { worker?: boolean; storage?: Storage; env?: Record<string, string>; publicHost?: string } = {},
): Promise<StudioSite> {
  const site = await startSite(
    {
      LOCAL_ARTIST_EMAIL: STUDIO_EMAIL,
      LOCAL_ARTIST_PASSWORD: STUDIO_PASSWORD,
      LOCAL_ARTIST_NAME: 'Karen Blixen-Hansen',
      ...options.env,
    },
    {
      ...(options.worker ? { worker: true } : {}),
      ...(options.storage ? { storage: options.storage } : {}),
      ...(options.publicHost ? { publicHost: options.publicHost } : {}),
    },
  );
  await ensureLocalArtist(site.config, site.handle);
  const { id } = await site.handle.db
    .selectFrom('artists')
    .select('id')
    .where('email', '=', STUDIO_EMAIL)
    .executeTakeFirstOrThrow();
  return Object.assign(site, { artistId: id });
}

/** Signs in through the embedded issuer's page; resolves on `returnTo` (default the dashboard). */
export async function signInStudio(site: TestSite, page: Page, returnTo = '/studio'): Promise<void> {
  await page.goto(site.url(returnTo));
  if (new URL(page.url()).pathname.startsWith('/oidc/')) {
    await page.getByLabel('E-mail').fill(STUDIO_EMAIL);
    await page.getByLabel('Password').fill(STUDIO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(
      (url) => !url.pathname.startsWith('/oidc/') && !url.pathname.startsWith('/studio/auth/'),
    );
  }
  expect(new URL(page.url()).pathname).toBe(returnTo.split('?')[0]);
}

/** axe on the page as it is, and html-validate on the HTML the server sends for it again (GET pages). */
export async function expectCleanPage(site: TestSite, page: Page): Promise<void> {
  expect(await site.axe(page)).toEqual([]);
  const served = await page.request.get(page.url());
  expect(served.status()).toBe(200);
  expect(await site.validateHtml(await served.text())).toEqual([]);
}

/**
 * A page answered to a POST (not fetched again): axe, and html-validate on the DOM, where Chromium's serializer
 * writes boolean attributes as `novalidate=""` (valid HTML, not the served spelling): that rule is set aside.
 */
export async function expectCleanLivePage(site: TestSite, page: Page): Promise<void> {
  expect(await site.axe(page)).toEqual([]);
  const problems = await site.validateHtml(await page.content());
  expect(problems.filter((x) => x.rule !== 'attribute-boolean-style')).toEqual([]);
}
