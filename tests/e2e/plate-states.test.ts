// Plate states in Chromium (issue 19, decision 025): the artist records two states in the studio's print editor with
// plain forms, then a visitor opens the comparison view from the print page in English and Danish, switches to the
// overlay and moves its slider with the keyboard, and zooms one state with the keyboard while the other follows.
// axe finds nothing, the CSP is never violated and nothing moves while the page loads.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, NO_CHROMIUM_MESSAGE, watchCsp, watchLayoutShift } from '../helpers/browser.js';
import { expectCleanPage, signInStudio, startStudioSite, type StudioSite } from '../helpers/studio.js';
import { asArtist } from '../helpers/catalogue.js';
import { processImage } from '../../src/modules/media/service.js';
import { hatchingJpeg } from '../fixtures/images.js';

if (!HAS_CHROMIUM) console.warn(NO_CHROMIUM_MESSAGE);

const SCREENSHOTS = path.resolve('test-artifacts/screenshots');

describe.skipIf(!HAS_CHROMIUM)('plate states in Chromium', () => {
  let site: StudioSite;
  let printId: string;
  const proofs: string[] = [];

  beforeAll(async () => {
    site = await startStudioSite();
    const headers = await asArtist(site.config, site.handle, site.artistId);
    const api = async (method: 'POST' | 'PUT', url: string, payload: object) => {
      const res = await site.app.inject({ method, url, headers, payload });
      expect(res.statusCode, res.body).toBeLessThan(300);
      return res.json<Record<string, unknown>>();
    };
    const deps = { db: site.handle.db, storage: site.storage, maxPixels: 50_000_000, maxBytes: 50_000_000 };
    const upload = async (): Promise<string> => {
      const file = await hatchingJpeg(1200, 900);
      const { uploadId } = (await api('POST', '/api/v1/artist/uploads', {
        filename: 'plate.jpg',
        contentType: 'image/jpeg',
        size: file.length,
      })) as { uploadId: string };
      await site.storage.put('originals', `uploads/${uploadId}`, file, { contentType: 'image/jpeg' });
      return uploadId;
    };
    printId = (
      (await api('POST', '/api/v1/artist/prints', {
        title: { da: 'Mølle i sne', en: 'Mill in snow' },
        altText: { da: 'Radering af en mølle i sne', en: 'Etching of a mill in snow' },
        technique: 'etching',
        year: 1998,
      })) as { id: string }
    ).id;
    await api('PUT', `/api/v1/artist/prints/${printId}`, { uploadId: await upload() });
    const primary = await site.handle.db
      .selectFrom('images')
      .select('id')
      .where('print_id', '=', printId)
      .executeTakeFirstOrThrow();
    expect((await processImage(deps, primary.id)).status).toBe('completed');
    for (const n of [1, 2]) {
      const { image } = (await api('POST', `/api/v1/artist/prints/${printId}/images`, {
        uploadId: await upload(),
        role: 'state_proof',
        altText: { da: `Tilstandstryk ${n}`, en: `State proof ${n}` },
      })) as { image: { id: string } };
      expect((await processImage(deps, image.id)).status).toBe('completed');
      proofs.push(image.id);
    }
    const gallery = (await api('POST', '/api/v1/artist/galleries', {
      title: { da: 'Møller', en: 'Mills' },
      status: 'published',
    })) as { id: string };
    await api('POST', `/api/v1/artist/galleries/${gallery.id}/prints/${printId}`, {});
    await api('PUT', `/api/v1/artist/prints/${printId}`, { status: 'published' });
  }, 120_000);
  afterAll(() => site?.close());

  it(
    'records two states in the studio; a visitor compares them by keyboard in both languages',
    { timeout: 90_000 },
    async () => {
      // The artist: two states through the editor's "Add a state" form.
      const studio = await site.newPage({ locale: 'en-GB' });
      await signInStudio(site, studio, `/studio/prints/${printId}`);
      const add = async (date: string, da: string, en: string, proof: number) => {
        const form = studio.locator('form', { has: studio.getByRole('button', { name: /^Add state/ }) });
        await form.getByLabel('Date of the new state').fill(date);
        await form.getByLabel('Description of the new state (Danish)').fill(da);
        await form.getByLabel('Description of the new state (English)').fill(en);
        await form
          .getByLabel('State proof of the new state')
          .selectOption({ label: `Image ${proof + 1}: State proof — State proof ${proof}` });
        await Promise.all([
          studio.waitForURL(/notice=state-added/),
          form.getByRole('button', { name: /^Add state/ }).click(),
        ]);
      };
      await add('1997', 'Ren linjeætsning', 'Pure line etching', 1);
      await add('1998-03', 'Akvatinte tilføjet i himlen', 'Aquatint added to the sky', 2);
      await expect.poll(() => studio.getByRole('heading', { name: /^State II/ }).count()).toBe(1);
      await expectCleanPage(site, studio);
      await studio.context().close();

      // The visitor, in English: the print page lists the states and links to the comparison.
      const page = await site.newPage({ locale: 'en-GB', width: 1280 });
      const csp = await watchCsp(page);
      const shift = await watchLayoutShift(page);
      await page.goto(site.url(`/en/prints/${printId}`));
      const states = page.getByRole('region', { name: 'States of the plate' });
      expect(await states.getByRole('listitem').allInnerTexts()).toEqual([
        expect.stringContaining('State I 1997'),
        expect.stringContaining('State II March 1998'),
      ]);
      await Promise.all([
        page.waitForURL(new RegExp(`/en/prints/${printId}/states`)),
        states.getByRole('link', { name: 'Compare the states side by side' }).click(),
      ]);
      await page.waitForSelector('#states-pair[data-ready="true"]', { timeout: 20_000 });
      expect(await page.locator('#states-change').innerText()).toBe(
        'From state I to state II. State I (1997): Pure line etching. State II (March 1998): Aquatint added to the sky.',
      );
      expect(await shift()).toBe(0);
      expect(await site.axe(page)).toEqual([]);
      for (const url of [
        `/en/prints/${printId}`,
        `/en/prints/${printId}/states`,
        `/da/prints/${printId}/states`,
      ])
        expect(await site.validateHtml((await site.app.inject({ method: 'GET', url })).body), url).toEqual(
          [],
        );
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SCREENSHOTS, 'plate-states-side-1280.png'), fullPage: true });

      // Overlay by keyboard: Tab to the mode radios, arrow to "Overlay", Tab to the slider, move it.
      const focusedLabel = () =>
        page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          return (
            el?.getAttribute('aria-label') ??
            (el as HTMLInputElement | null)?.labels?.[0]?.textContent?.trim() ??
            ''
          );
        });
      let label = '';
      for (let i = 0; i < 30 && label !== 'Side by side'; i++) {
        await page.keyboard.press('Tab');
        label = await focusedLabel();
      }
      expect(label).toBe('Side by side');
      await page.keyboard.press('ArrowRight');
      expect(await page.locator('input[value="overlay"]').isChecked()).toBe(true);
      expect(await page.locator('#states-pair').getAttribute('class')).toContain('states__pair--overlay');
      await page.keyboard.press('Tab');
      expect(await focusedLabel()).toBe('Reveal state II over state I');
      await page.keyboard.press('End');
      expect(await page.locator('#states-reveal').inputValue()).toBe('100');
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('ArrowLeft');
      expect(await page.locator('#states-reveal').getAttribute('aria-valuetext')).toBe(
        '90 % of state II shown',
      );
      expect(
        await page
          .locator('.states__figure--over .states__frame')
          .evaluate((el) => (el as HTMLElement).style.clipPath),
      ).toBe('inset(0px 10% 0px 0px)');
      expect(await site.axe(page)).toEqual([]);
      await page.screenshot({
        path: path.join(SCREENSHOTS, 'plate-states-overlay-1280.png'),
        fullPage: true,
      });

      // Synchronised zoom by keyboard: focus state I's viewer, press +; state II follows.
      const zooms = () =>
        page
          .locator('.states__figure')
          .evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.zoom)));
      const [before] = await zooms();
      for (let i = 0; i < 30 && label !== 'Zoomable image of state I'; i++) {
        await page.keyboard.press('Tab');
        label = await focusedLabel();
      }
      expect(label).toBe('Zoomable image of state I');
      await page.keyboard.press('+');
      await page.keyboard.press('+');
      await expect
        .poll(
          async () => {
            const [a, b] = await zooms();
            return a! > before! * 1.5 && Math.abs(a! - b!) < 0.01 * a!;
          },
          { timeout: 10_000 },
        )
        .toBe(true);
      expect(await csp()).toEqual([]);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'plate-states-zoomed-1280.png') });

      // In Danish, with the pair chosen by the no-JS form's query string.
      await page.goto(site.url(`/da/prints/${printId}/states?a=1&b=2`));
      await page.waitForSelector('#states-pair[data-ready="true"]', { timeout: 20_000 });
      expect(await page.locator('#states-change').innerText()).toContain('Fra tilstand I til tilstand II.');
      expect(await page.getByLabel('Vis tilstand II over tilstand I').count()).toBe(1);
      expect(await site.axe(page)).toEqual([]);
      // On a phone: the comparison and the print page's list of states, kept for reading.
      await page.setViewportSize({ width: 375, height: 800 });
      expect(await site.axe(page)).toEqual([]);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'plate-states-da-375.png'), fullPage: true });
      await page.goto(site.url(`/da/prints/${printId}`));
      await page.screenshot({
        path: path.join(SCREENSHOTS, 'plate-states-print-da-375.png'),
        fullPage: true,
      });
      expect(await csp()).toEqual([]);
      await page.context().close();

      // Without JavaScript: both pictures and descriptions are there.
      const plain = await site.newPage({ locale: 'en-GB', javaScriptEnabled: false });
      await plain.goto(site.url(`/en/prints/${printId}/states`));
      expect(await plain.locator('.states__figure img.artwork__image').count()).toBe(2);
      expect(await plain.locator('.states__nojs').isVisible()).toBe(true);
      expect(await plain.locator('.states__descriptions dd').allInnerTexts()).toEqual([
        'Pure line etching',
        'Aquatint added to the sky',
      ]);
      await plain.context().close();
    },
  );
});
