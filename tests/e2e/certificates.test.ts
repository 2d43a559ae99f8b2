// Certificates (decision 020) in Chromium: the studio's ledger and impression page link to an impression's
// certificate (a PDF for the signed-in artist), and a visitor checks its code — the verification page, the page for
// an unknown code and its form — in Danish and English, each with zero axe violations and valid HTML.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, NO_CHROMIUM_MESSAGE } from '../helpers/browser.js';
import { insertGallery, insertPrint } from '../helpers/catalogue.js';
import { expectCleanPage, signInStudio, startStudioSite, type StudioSite } from '../helpers/studio.js';

if (!HAS_CHROMIUM) console.warn(NO_CHROMIUM_MESSAGE);

describe.skipIf(!HAS_CHROMIUM)('certificates in Chromium', () => {
  let site: StudioSite;
  let printId: string;
  let impressionId: string;

  beforeAll(async () => {
    site = await startStudioSite();
    printId = await insertPrint(site.handle, site.artistId, {
      withImage: false,
      title: { da: 'Havn ved daggry', en: 'Harbour at dawn' },
    });
    await insertGallery(site.handle, site.artistId, [printId]);
    ({ id: impressionId } = await site.handle.db
      .insertInto('impressions')
      .values({ print_id: printId, kind: 'numbered', number: 7, printed_on: '2024-03-12', status: 'sold' })
      .returning('id')
      .executeTakeFirstOrThrow());
  }, 60_000);

  afterAll(async () => {
    await site?.close();
  });

  it('issues a certificate from the studio and verifies its code in both languages', async () => {
    const page = await site.newPage({ locale: 'en-GB' });
    await signInStudio(site, page, `/studio/prints/${printId}`);
    const link = page.getByRole('link', { name: 'English certificate of 7/25' });
    const href = await link.getAttribute('href');
    expect(href).toMatch(/\/certificate\?lang=en$/);
    const pdf = await page.request.get(site.url(href!));
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await expectCleanPage(site, page);
    // The impression's own page: the certificate links and the form for a new code.
    await page.goto(site.url(`/studio/prints/${printId}/impressions/${impressionId}`));
    expect(await page.getByRole('heading', { name: 'Certificate of authenticity' }).count()).toBe(1);
    await expectCleanPage(site, page);
    const { verification_code } = await site.handle.db
      .selectFrom('impressions')
      .select('verification_code')
      .where('print_id', '=', printId)
      .executeTakeFirstOrThrow();
    const code = verification_code!.match(/.{4}/g)!.join('-');

    const visitor = await site.newPage({ locale: 'da-DK' });
    for (const [lang, genuine, unknown] of [
      ['da', 'Dette certifikat er ægte', 'Ingen certifikater har denne kode'],
      ['en', 'This certificate is genuine', 'No certificate has this code'],
    ] as const) {
      const res = await visitor.goto(site.url(`/${lang}/verify/${code}`));
      expect(res?.status()).toBe(200);
      expect(await visitor.getByRole('heading', { level: 1 }).textContent()).toBe(genuine);
      expect(await visitor.locator('.facts').textContent()).toContain('7/25');
      // A public print without a processed picture is still on show: its page is linked, no "not on show".
      expect(await visitor.locator('.artwork__media').textContent()).toBe('');
      await expectCleanPage(site, visitor);

      // A mistyped code: the helpful page, and its form finds the right one.
      const wrong = await visitor.goto(site.url(`/${lang}/verify/${code.slice(0, -1)}X`));
      expect(wrong?.status()).toBe(404);
      expect(await visitor.getByRole('heading', { level: 1 }).textContent()).toBe(unknown);
      expect(await site.axe(visitor)).toEqual([]);
      expect(await site.validateHtml(await wrong!.text())).toEqual([]);
      await visitor.getByRole('textbox').fill(code.toLowerCase().replaceAll('-', ' '));
      await visitor.getByRole('textbox').press('Enter');
      await visitor.waitForURL(`**/${lang}/verify/${code}`);
      expect(await visitor.getByRole('heading', { level: 1 }).textContent()).toBe(genuine);
    }
  }, 120_000);
});
