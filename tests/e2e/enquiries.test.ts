// A visitor's enquiry in Chromium with JavaScript off (the form is a plain form), in Danish and English: the form
// on the print page, an error answered with the form again (what was typed kept, the summary focused), the
// confirmation; the contact page; then the artist's inbox in the studio: the enquiry, its notes, marking it
// answered, the outbox holding the notification (no SMTP). axe on every page, html-validate on what is served.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { HAS_CHROMIUM, NO_CHROMIUM_MESSAGE } from '../helpers/browser.js';
import { signInStudio, startStudioSite, type StudioSite } from '../helpers/studio.js';
import { insertGallery, insertPrint } from '../helpers/catalogue.js';
import { MIN_FILL_MS } from '../../src/modules/enquiries/form-token.js';

if (!HAS_CHROMIUM) console.warn(NO_CHROMIUM_MESSAGE);

const SCREENSHOTS = path.resolve('test-artifacts/screenshots');

describe.skipIf(!HAS_CHROMIUM)('enquiries in Chromium', () => {
  let site: StudioSite;
  let printId: string;

  beforeAll(async () => {
    site = await startStudioSite();
    mkdirSync(SCREENSHOTS, { recursive: true });
    printId = await insertPrint(site.handle, site.artistId, {
      status: 'published',
      title: { da: 'Havn ved daggry', en: 'Harbour at dawn' },
    });
    await insertGallery(site.handle, site.artistId, [printId]);
  }, 120_000);

  afterAll(async () => {
    await site?.close();
  });

  /** axe on the page as it is; html-validate on the HTML the server sends (for a GET, fetched again). */
  const clean = async (page: Page, served?: string) => {
    expect(await site.axe(page)).toEqual([]);
    expect(await site.validateHtml(served ?? (await (await page.request.get(page.url())).text()))).toEqual(
      [],
    );
  };
  /** People take longer than the minimum fill time; so does this visitor before sending. */
  const likeAPerson = (page: Page) => page.waitForTimeout(MIN_FILL_MS + 300);

  it.each([
    [
      'da',
      'Spørg om dette tryk',
      'Dit navn',
      'Din e-mailadresse',
      'Besked',
      'Send besked',
      'Tak, din besked er sendt',
    ],
    [
      'en',
      'Enquire about this print',
      'Your name',
      'Your e-mail address',
      'Message',
      'Send message',
      'Thank you, your message has been sent',
    ],
  ])(
    'sends an enquiry from the %s print page: an error, then the confirmation',
    async (lang, heading, _name, _email, _message, submit, thanks) => {
      // axe needs a script in the page; the form has none of its own (the JS-off journey is the next test).
      const page = await site.newPage({ locale: lang === 'da' ? 'da-DK' : 'en-GB' });
      await page.goto(site.url(`/${lang}/prints/${printId}`));
      expect(await page.getByRole('heading', { name: heading }).isVisible()).toBe(true);
      await clean(page);
      expect(await page.locator('.hp').getAttribute('aria-hidden')).toBe('true');

      await page.locator('#enq-name').fill('Karen Holm');
      await page.locator('#enq-email').fill('karen.example');
      await page.locator('#enq-message').fill(`Er nr. 3 til salg? (${lang})`);
      await page.locator('#enq-interest').fill('3/20');
      await likeAPerson(page);
      const refused = page.waitForResponse((r) => r.request().method() === 'POST');
      await page.getByRole('button', { name: submit }).click();
      const answer = await refused;
      expect(answer.status()).toBe(400);
      await page.waitForLoadState();
      expect(await page.locator('.error-summary').isVisible()).toBe(true);
      expect(await page.locator('#enq-name').inputValue()).toBe('Karen Holm');
      expect(await page.locator('#enq-message').inputValue()).toBe(`Er nr. 3 til salg? (${lang})`);
      expect(await page.locator('#enq-email').getAttribute('aria-invalid')).toBe('true');
      await clean(page, await answer.text());
      await page.screenshot({ path: path.join(SCREENSHOTS, `enquiry-error-${lang}.png`), fullPage: true });

      await page.locator('#enq-email').fill('karen@example.com');
      await likeAPerson(page);
      await page.getByRole('button', { name: submit }).click();
      await page.waitForURL((url) => url.pathname === `/${lang}/contact/sent`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(thanks);
      await clean(page);
      await page.context().close();
    },
    180_000,
  );

  it('sends a contact message with JavaScript off: a plain form post and a redirect, no cookie', async () => {
    const page = await site.newPage({ javaScriptEnabled: false, locale: 'en-GB' });
    await page.goto(site.url('/en/contact'));
    await page.locator('#enq-name').fill('Mette Lund');
    await page.locator('#enq-email').fill('mette@example.net');
    await page.locator('#enq-message').fill('Do you take commissions for ex libris?');
    await likeAPerson(page);
    await page.getByRole('button', { name: 'Send message' }).click();
    await page.waitForURL((url) => url.pathname === '/en/contact/sent');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Thank you, your message has been sent',
    );
    expect(await page.context().cookies()).toEqual([]);
    await page.context().close();
  }, 120_000);

  it.each(['da', 'en'])(
    'shows an accessible %s contact page, linked from the footer',
    async (lang) => {
      const page = await site.newPage();
      await page.goto(site.url(`/${lang}/about`));
      await page
        .locator('footer')
        .getByRole('link', { name: lang === 'da' ? 'Kontakt' : 'Contact' })
        .click();
      await page.waitForURL((url) => url.pathname === `/${lang}/contact`);
      await clean(page);
      await page.screenshot({ path: path.join(SCREENSHOTS, `contact-${lang}.png`), fullPage: true });
      await page.context().close();
    },
    120_000,
  );

  it('lets the artist read, annotate and answer the enquiries in the studio', async () => {
    const page = await site.newPage({ locale: 'en-GB' });
    await signInStudio(site, page, '/studio/enquiries');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Enquiries');
    await clean(page);
    await page.getByRole('link', { name: 'Karen Holm' }).first().click();
    await page.waitForURL((url) => /^\/studio\/enquiries\/[0-9a-f-]{36}$/.test(url.pathname));
    expect(await page.getByRole('link', { name: 'Reply by e-mail' }).getAttribute('href')).toMatch(
      /^mailto:karen@example\.com\?subject=/,
    );
    await clean(page);
    await page.getByLabel('Private notes').fill('Sent the price list.');
    await page.getByRole('button', { name: 'Save notes' }).click();
    await page.waitForURL((url) => url.search.includes('notice=notes'));
    expect(await page.locator('#studio-status').innerText()).toContain('Notes saved.');
    await page.getByRole('button', { name: 'Mark as answered' }).click();
    await page.waitForURL((url) => url.search.includes('notice=answered'));
    expect(await page.getByLabel('Private notes').inputValue()).toBe('Sent the price list.');
    await clean(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'studio-enquiry.png'), fullPage: true });
    await page.goto(site.url('/studio/enquiries/outbox'));
    expect(await page.getByText('Enquiry about “Harbour at dawn” from Karen Holm').count()).toBe(2);
    await clean(page);
    await page.goto(site.url('/studio'));
    expect(await page.getByRole('link', { name: /^new enquir/ }).isVisible()).toBe(true);
    await page.context().close();
  }, 180_000);
});
