// The public search page in Chromium: the GET form with every filter working without JavaScript (facet counts,
// highlighted snippets, pagination, helpful messages for bad input), results updated in place with JavaScript while
// the address bar follows, the keyboard-operable autocomplete combobox, and axe + html-validate in both languages
// for the empty page, a page with results and a page without.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, NO_CHROMIUM_MESSAGE, startSite, type TestSite } from '../helpers/browser.js';
import { addToGallery, seedSearchFixture, type SearchFixture } from '../fixtures/search.js';

if (!HAS_CHROMIUM) console.warn(NO_CHROMIUM_MESSAGE);

/** Prints added to the fixture so the word "series" spans two pages (24 per page). */
const SERIES = 30;

describe.skipIf(!HAS_CHROMIUM)('search page in Chromium', () => {
  let site: TestSite;
  let fx: SearchFixture;

  beforeAll(async () => {
    site = await startSite();
    fx = await seedSearchFixture(site.handle);
    const db = site.handle.db;
    await db
      .updateTable('prints')
      .set({
        subject: { da: 'Havnen', en: 'The harbour' },
        style_movement: { da: 'Realisme', en: 'Realism' },
      })
      .where('id', 'in', [fx.prints.nyhavn, fx.prints.lighthouse])
      .execute();
    const series = await db
      .insertInto('prints')
      .values(
        Array.from({ length: SERIES }, (_, i) => ({
          artist_id: fx.artistId,
          status: 'published' as const,
          title: JSON.stringify({ da: `Bølger, serie ${i + 1}`, en: `Waves, series ${i + 1}` }),
          description: JSON.stringify({ da: 'Tørnål på kobber.', en: 'Drypoint on copper.' }),
          technique_key: 'drypoint',
          plate_material_key: 'copper',
          year: 1990 + (i % 10),
          published_at: new Date(Date.UTC(1990 + (i % 10), 1, 1 + i)),
        })),
      )
      .returning('id')
      .execute();
    await addToGallery(
      site.handle,
      fx.galleries.selected,
      series.map((p) => p.id),
    );
  });
  afterAll(() => site?.close());

  const summary = (page: Page) => page.locator('#search-summary').innerText();
  const hitTitles = (page: Page) => page.locator('.search-hits .card__title').allInnerTexts();
  const facetLabel = (page: Page, field: string, value: string) =>
    page.locator(`input[name="${field}"][value="${value}"] + label`);

  it('works without JavaScript: filters with counts, highlighted snippets, pagination', async () => {
    const page = await site.newPage({ locale: 'en-GB', javaScriptEnabled: false });
    await page.goto(site.url('/en/search'));
    // Without words or filters: every published print and the two published galleries.
    expect(await summary(page)).toBe(`${fx.publishedCount + SERIES + 2} results`);
    // Facet counts next to the values.
    expect(await facetLabel(page, 'technique', 'etching').innerText()).toBe('Etching (3)');
    expect(await facetLabel(page, 'technique', 'drypoint').innerText()).toBe(`Drypoint (${SERIES + 1})`);
    expect(await facetLabel(page, 'subject', 'the harbour').innerText()).toBe('The harbour (2)');

    // Technique + subject + a year range, applied with the form's button (a plain GET).
    await page.check('input[name="technique"][value="etching"]');
    await page.check('input[name="subject"][value="the harbour"]');
    await page.fill('#f-yearFrom', '2016');
    await Promise.all([page.waitForURL(/technique=etching/), page.click('.search-filters__apply')]);
    const url = new URL(page.url());
    expect(url.pathname).toBe('/en/search');
    expect(url.searchParams.getAll('technique')).toEqual(['etching']);
    expect(url.searchParams.get('subject')).toBe('the harbour');
    expect(url.searchParams.get('yearFrom')).toBe('2016');
    expect(await hitTitles(page)).toEqual(['Nyhavn in the morning']);
    expect(await page.isChecked('input[name="technique"][value="etching"]')).toBe(true);
    expect(await page.inputValue('#f-yearFrom')).toBe('2016');
    // Disjunctive counts: the other techniques still offered with what they would add.
    expect(await facetLabel(page, 'technique', 'etching').innerText()).toBe('Etching (1)');

    // Words: ranked hits with the match marked in the snippet.
    await page.goto(site.url('/en/search?q=hahnemuhle'));
    expect(await summary(page)).toBe('2 results for “hahnemuhle”');
    expect(await page.locator('.search-hits mark').first().innerText()).toBe('Hahnemühle');

    // Markup in a title is shown as text, never interpreted.
    await page.goto(site.url('/en/search?q=mezzotint'));
    expect(await page.locator('.search-hits script').count()).toBe(0);
    expect(await hitTitles(page)).toContain('<script>alert(1)</script> Mezzotint & more');

    // Pagination keeps the words.
    await page.goto(site.url('/en/search?q=series'));
    expect(await summary(page)).toBe(`${SERIES} results for “series”`);
    expect(await hitTitles(page)).toHaveLength(24);
    await Promise.all([page.waitForURL(/page=2/), page.click('.search-pager a[rel=next]')]);
    expect(new URL(page.url()).searchParams.get('q')).toBe('series');
    expect(await hitTitles(page)).toHaveLength(SERIES - 24);
    expect(await page.locator('.search-pager .pager__pos').innerText()).toBe('Page 2 of 2');
    await page.context().close();
  });

  it('explains bad input next to the fields instead of failing', async () => {
    const page = await site.newPage({ locale: 'da-DK', javaScriptEnabled: false });
    const res = await page.goto(
      site.url('/da/search?yearFrom=abc&technique=woodcut&technique=etching&priceMin=900&priceMax=100'),
    );
    expect(res?.status()).toBe(400);
    const summaryBox = page.locator('#search-problems');
    expect(await summaryBox.innerText()).toContain('Fra år: “abc” er ikke et tal.');
    expect(await summaryBox.innerText()).toContain('“woodcut” findes ikke');
    expect(await summaryBox.innerText()).toContain('Pris fra: Må ikke være større end “Pris til”.');
    expect(await page.locator('#f-yearFrom-error').innerText()).toBe('“abc” er ikke et tal.');
    expect(await page.getAttribute('#f-yearFrom', 'aria-invalid')).toBe('true');
    // The usable part of the search still ran.
    expect(await summary(page)).toBe('3 resultater');
    expect(await page.isChecked('input[name="technique"][value="etching"]')).toBe(true);
    expect(await page.locator('input[name="technique"][value="woodcut"]').count()).toBe(0);
    // The summary links to the field.
    await page.click('#search-problems a[href="#f-yearFrom"]');
    expect(new URL(page.url()).hash).toBe('#f-yearFrom');
    await page.context().close();
  });

  it('updates the results in place with JavaScript and keeps the URL shareable', async () => {
    const page = await site.newPage({ locale: 'en-GB' });
    await page.goto(site.url('/en/search'));
    // Survives only if the page is never reloaded.
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    await page.check('input[name="technique"][value="etching"]');
    await page.waitForURL(/technique=etching/);
    await page.waitForFunction(() => document.querySelector('#search-summary')?.textContent === '3 results');
    expect(await hitTitles(page)).toHaveLength(3);
    // Focus stays on the checkbox that was used, in the new filters.
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe(
      'etching',
    );

    await page.check('input[name="plateMaterial"][value="copper"]');
    await page.waitForURL(/plateMaterial=copper/);
    await page.waitForFunction(() => document.querySelector('#search-summary')?.textContent === '3 results');
    await page.fill('#f-priceMax', '2000');
    await page.press('#f-priceMax', 'Enter');
    await page.waitForURL(/priceMax=2000/);
    await page.waitForFunction(() => document.querySelector('#search-summary')?.textContent === '1 result');
    expect(await hitTitles(page)).toEqual(["Etching of the King's Garden"]);
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);

    // The address is shareable: opened fresh it shows the same.
    const shared = page.url();
    const other = await site.newPage({ locale: 'en-GB', javaScriptEnabled: false });
    await other.goto(shared);
    expect(await hitTitles(other)).toEqual(["Etching of the King's Garden"]);
    await other.context().close();

    // Back restores the previous choices in place.
    await page.goBack();
    await page.waitForFunction(() => !location.search.includes('priceMax'));
    await page.waitForFunction(() => document.querySelector('#search-summary')?.textContent === '3 results');
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);

    // The language toggle keeps the search.
    const toggle = await page.getAttribute('a.lang-toggle', 'href');
    expect(decodeURIComponent(new URL(toggle!, site.baseUrl).searchParams.get('next')!)).toContain(
      '/da/search?technique=etching',
    );
    await page.context().close();
  });

  it('offers suggestions in a keyboard-operable combobox', async () => {
    const page = await site.newPage({ locale: 'da-DK' });
    await page.goto(site.url('/da/search'));
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 7));
    const input = page.locator('#search-q');
    expect(await input.getAttribute('role')).toBe('combobox');
    expect(await input.getAttribute('aria-expanded')).toBe('false');
    await input.focus();
    await page.keyboard.type('nyh');
    await page.waitForSelector('#search-suggestions [role=option]');
    expect(await input.getAttribute('aria-expanded')).toBe('true');
    const controls = await input.getAttribute('aria-controls');
    expect(await page.getAttribute(`#${controls!}`, 'role')).toBe('listbox');
    const first = page.locator('#search-suggestions [role=option]').first();
    expect(await first.innerText()).toContain('Nyhavn om morgenen');

    await page.keyboard.press('ArrowDown');
    const activeId = await input.getAttribute('aria-activedescendant');
    expect(activeId).toBe(await first.getAttribute('id'));
    expect(await first.getAttribute('aria-selected')).toBe('true');
    // Escape closes without losing what was typed; ArrowDown opens again.
    await page.keyboard.press('Escape');
    expect(await input.getAttribute('aria-expanded')).toBe('false');
    expect(await input.inputValue()).toBe('nyh');
    await page.keyboard.press('ArrowDown');
    expect(await input.getAttribute('aria-expanded')).toBe('true');
    expect(await input.getAttribute('aria-activedescendant')).toBe(activeId);

    await page.keyboard.press('Enter');
    await page.waitForURL(/q=Nyhavn/);
    expect(await input.inputValue()).toBe('Nyhavn om morgenen');
    expect(await input.getAttribute('aria-expanded')).toBe('false');
    await page.waitForFunction(() =>
      document.querySelector('#search-summary')?.textContent?.includes('Nyhavn'),
    );
    expect(await hitTitles(page)).toContain('Nyhavn om morgenen');
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(7);

    // A typo still finds the title (trigram similarity), and Escape on a closed list clears the field.
    await input.fill('');
    await input.focus();
    await page.keyboard.type('lighthose');
    await page.waitForSelector('#search-suggestions [role=option]');
    expect(await page.locator('#search-suggestions [role=option]').allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringContaining('Lighthouse etchings')]),
    );
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    expect(await input.inputValue()).toBe('');
    await page.context().close();
  });

  /** The listbox is shown under the field with its first option active (what axe then sees). */
  const expectOpenWithActiveOption = async (page: Page) => {
    const input = page.locator('#search-q');
    expect(await input.getAttribute('aria-expanded')).toBe('true');
    const active = page.locator(`#${(await input.getAttribute('aria-activedescendant'))!}`);
    expect(await active.getAttribute('aria-selected')).toBe('true');
    const field = (await input.boundingBox())!;
    const list = (await page.locator('#search-suggestions').boundingBox())!;
    expect(list.y).toBeGreaterThanOrEqual(field.y + field.height);
    expect(list.x).toBe(field.x);
  };

  it('shows the filters beside the results on wide screens, as a closed disclosure above them on narrow ones', async () => {
    const wide = await site.newPage({ locale: 'en-GB', width: 1280, javaScriptEnabled: false });
    await wide.goto(site.url('/en/search?q=etching'));
    const etching = 'input[name="technique"][value="etching"]';
    expect(await wide.isVisible(etching)).toBe(true);
    expect(await wide.isVisible('.search-panel__toggle')).toBe(false);
    const filters = (await wide.locator('#search-filters').boundingBox())!;
    const results = (await wide.locator('.search-results').boundingBox())!;
    expect(filters.x + filters.width).toBeLessThan(results.x);
    expect(Math.abs(filters.y - results.y)).toBeLessThan(filters.height);
    await wide.context().close();

    // Narrow, without JavaScript: the results come first in view; the filters open with their toggle and work.
    const narrow = await site.newPage({ locale: 'da-DK', width: 390, javaScriptEnabled: false });
    await narrow.goto(site.url('/da/search?q=radering'));
    expect(await narrow.isVisible(etching)).toBe(false);
    expect(await narrow.isVisible('.search-hits')).toBe(true);
    await narrow.click('.search-panel__toggle');
    expect(await narrow.isVisible(etching)).toBe(true);
    await narrow.check(etching);
    await Promise.all([narrow.waitForURL(/technique=etching/), narrow.click('.search-filters__apply')]);
    expect(await narrow.isChecked(etching)).toBe(true);
    // A choice that needs correcting opens the filters by itself.
    await narrow.goto(site.url('/da/search?yearFrom=abc'));
    expect(await narrow.isVisible('#f-yearFrom')).toBe(true);
    await narrow.context().close();
  });

  it(
    'passes axe at 390 px with the suggestions open and the filters opened',
    { timeout: 60_000 },
    async () => {
      const page = await site.newPage({ locale: 'en-GB', width: 390 });
      await page.goto(site.url('/en/search'));
      await page.click('.search-panel__toggle');
      await page.locator('#search-q').focus();
      await page.keyboard.type('ko');
      await page.waitForSelector('#search-suggestions [role=option]');
      await page.keyboard.press('ArrowDown');
      await expectOpenWithActiveOption(page);
      expect(await site.axe(page)).toEqual([]);
      await page.context().close();
    },
  );

  describe.each(['da', 'en'] as const)('accessibility in %s', (lang) => {
    it.each([
      ['empty', ''],
      ['with results', '?q=etching&technique=etching'],
      ['without results', '?q=zzzqqq'],
      ['with bad input', '?yearFrom=abc&tags=nope'],
    ])('passes axe and html-validate (%s)', { timeout: 60_000 }, async (_name, query) => {
      const page = await site.newPage({ locale: lang });
      const res = await page.goto(site.url(`/${lang}/search${query}`));
      const html = (await res?.text()) ?? '';
      if (query === '?q=zzzqqq') expect(await page.locator('.search-empty').count()).toBe(1);
      // With suggestions open too (the combobox's listbox is part of the page then).
      if (query === '') {
        await page.locator('#search-q').focus();
        await page.keyboard.type('ko');
        await page.waitForSelector('#search-suggestions [role=option]');
        await page.keyboard.press('ArrowDown');
        await expectOpenWithActiveOption(page);
      }
      const [axe, problems] = await Promise.all([site.axe(page), site.validateHtml(html)]);
      expect(axe).toEqual([]);
      expect(problems).toEqual([]);
      await page.context().close();
    });
  });
});
