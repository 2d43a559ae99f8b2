// The artist's public presence in Debian's Chromium over real images (the media pipeline made the versions and
// placeholders): cards on the home, galleries, gallery and search pages show each print on its own proportions
// (no letterbox, no layout shift) with its availability in words; axe and html-validate in both languages; a
// print page printed is one clean sheet with the image, the facts and the copyright notice.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, NO_CHROMIUM_MESSAGE, startSite, type TestSite } from '../helpers/browser.js';
import { createStorage } from '../../src/platform/storage/index.js';
import { seedSite, type SiteFixture } from '../fixtures/site.js';

const SCREENSHOTS = path.resolve('test-artifacts/screenshots');
if (!HAS_CHROMIUM) console.warn(NO_CHROMIUM_MESSAGE);

describe.skipIf(!HAS_CHROMIUM)('public presence in Chromium', () => {
  let site: TestSite;
  let f: SiteFixture;

  beforeAll(async () => {
    site = await startSite();
    f = await seedSite(site.handle, { process: { storage: createStorage(site.config) } });
    const show = await site.handle.db
      .insertInto('exhibitions')
      .values({
        artist_id: f.artistId,
        kind: 'solo',
        title: 'Copper and salt',
        venue: 'Kunsthal Møn',
        city: 'Stege',
        country: 'Denmark',
        starts_on: '2024-03-02',
        ends_on: '2024-04-14',
        url: 'https://example.test/show',
        description: { da: 'Nye raderinger.', en: 'New etchings.' },
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await site.handle.db
      .insertInto('exhibition_prints')
      .values({ exhibition_id: show.id, print_id: f.prints.a })
      .execute();
    await site.handle.db
      .insertInto('exhibitions')
      .values({ artist_id: f.artistId, kind: 'award', title: 'Print prize', starts_on: '2021-06-12' })
      .execute();
    await site.handle.db
      .updateTable('settings')
      .set({
        statement: { da: 'Linjen først.', en: 'The line first.' },
        education: { en: 'Royal Danish Academy' },
      })
      .where('artist_id', '=', f.artistId)
      .execute();
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 120_000);
  afterAll(() => site?.close());

  const cardPages = () => [
    ['home', '/{lang}/'],
    ['galleries', '/{lang}/galleries'],
    ['gallery', `/{lang}/galleries/${f.galleries.main}`],
    ['search', '/{lang}/search?q='],
  ];

  it(
    'shows every card image on the print proportions, with its space reserved before it loads',
    { timeout: 60_000 },
    async () => {
      const page = await site.newPage({ locale: 'en-GB', width: 1280 });
      for (const [name, url] of cardPages()) {
        await page.goto(site.url(url!.replace('{lang}', 'en')));
        // Before any image loads, the boxes already have the print's proportions (width/height attributes).
        const reserved = await page.$$eval('.card__frame > img:last-child', (imgs: HTMLImageElement[]) =>
          imgs.map((i) => {
            const r = i.getBoundingClientRect();
            return {
              ratio: r.width / r.height,
              attr: Number(i.getAttribute('width')) / Number(i.getAttribute('height')),
            };
          }),
        );
        expect(reserved.length, name).toBeGreaterThan(0);
        for (const r of reserved) expect(Math.abs(r.ratio - r.attr), name).toBeLessThan(0.02);
        for (const img of await page.locator('.card__frame > img:last-child').all())
          await img.scrollIntoViewIfNeeded();
        await page.waitForFunction(() =>
          [...document.querySelectorAll<HTMLImageElement>('.card__frame > img:last-child')].every(
            (i) => i.complete && i.naturalWidth > 0,
          ),
        );
        // Loaded, the picture fills its box exactly: the natural proportions are the box's (no letterbox).
        const shown = await page.$$eval('.card__frame > img:last-child', (imgs: HTMLImageElement[]) =>
          imgs.map((i) => {
            const r = i.getBoundingClientRect();
            return {
              box: r.width / r.height,
              natural: i.naturalWidth / i.naturalHeight,
              fit: getComputedStyle(i).objectFit,
            };
          }),
        );
        for (const s of shown) {
          expect(Math.abs(s.box - s.natural), name).toBeLessThan(0.02);
          expect(s.fit, name).toBe('fill');
        }
        await page.screenshot({
          path: path.join(SCREENSHOTS, `presence-cards-${name}-en.png`),
          fullPage: true,
        });
      }
    },
  );

  it('says on the cards how much of each edition is left, in words', async () => {
    const page = await site.newPage({ locale: 'da-DK' });
    await page.goto(site.url(`/da/galleries/${f.galleries.main}`));
    expect(await page.locator('.card__availability').allTextContents()).toEqual([
      '7 af 25 til salg',
      'Ikke til salg',
      'Udsolgt',
    ]);
    await page.goto(site.url(`/en/galleries/${f.galleries.main}`));
    expect(await page.locator('.card__availability').allTextContents()).toEqual([
      '7 of 25 available',
      'Not for sale',
      'Sold out',
    ]);
  });

  it.each(['da', 'en'])(
    'passes axe and html-validate on the pages with cards in %s',
    { timeout: 60_000 },
    async (lang) => {
      const page = await site.newPage({ locale: lang === 'da' ? 'da-DK' : 'en-GB', width: 1280 });
      for (const [name, url] of cardPages()) {
        const res = await page.goto(site.url(url!.replace('{lang}', lang)));
        const html = (await res?.text()) ?? '';
        expect(await site.axe(page), name).toEqual([]);
        expect(await site.validateHtml(html), name).toEqual([]);
      }
    },
  );

  it.each(['da', 'en'])(
    'shows the CV and passes axe and html-validate in %s',
    { timeout: 60_000 },
    async (lang) => {
      for (const width of [1280, 375]) {
        const page = await site.newPage({ locale: lang === 'da' ? 'da-DK' : 'en-GB', width });
        const res = await page.goto(site.url(`/${lang}/cv`));
        expect(res?.status()).toBe(200);
        const html = (await res?.text()) ?? '';
        expect(await page.locator('h3').allTextContents()).toEqual(
          lang === 'da' ? ['Separatudstillinger', 'Priser'] : ['Solo exhibitions', 'Awards'],
        );
        await page.getByRole('link', { name: lang === 'da' ? 'Havn om natten' : 'Harbour at night' }).click();
        await page.waitForURL(`**/${lang}/prints/${f.prints.a}`);
        expect(await page.locator('.print-exhibitions li').allTextContents()).toHaveLength(1);
        expect(await site.axe(page), `print ${width}`).toEqual([]);
        await page.goto(site.url(`/${lang}/cv`));
        expect(await site.axe(page), `cv ${width}`).toEqual([]);
        expect(await site.validateHtml(html), `cv ${width}`).toEqual([]);
        await page.screenshot({
          path: path.join(SCREENSHOTS, `presence-cv-${lang}-${width}.png`),
          fullPage: true,
        });
      }
    },
  );

  it('prints a print page on one clean sheet: the image, the facts and the copyright notice', async () => {
    const page = await site.newPage({ locale: 'en-GB' });
    await page.goto(site.url(`/en/prints/${f.prints.a}`));
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('.artwork__image');
      return img?.complete && img.naturalWidth > 0;
    });
    await page.emulateMedia({ media: 'print' });
    const visible = await page.evaluate(() => {
      const shown = (selector: string) => {
        const el = document.querySelector(selector);
        return el ? getComputedStyle(el).display !== 'none' : false;
      };
      return {
        image: shown('.artwork__image'),
        facts: shown('.facts'),
        copyright: shown('.artwork__copyright'),
        nav: shown('.site-nav'),
        pager: shown('.pager'),
        breadcrumb: shown('.breadcrumb'),
        footer: shown('.site-footer'),
        zoom: shown('.zoom-open'),
      };
    });
    expect(visible).toEqual({
      image: true,
      facts: true,
      copyright: true,
      nav: false,
      pager: false,
      breadcrumb: false,
      footer: false,
      zoom: false,
    });
    const pdf = await page.pdf({ format: 'A4', printBackground: false });
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? [];
    expect(pages).toHaveLength(1);
  });
});
