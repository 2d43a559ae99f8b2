// Visitor journeys in Debian's Chromium: language detection and switching, keyboard-only navigation with visible
// focus, the mobile menu, the takedown form; axe (WCAG 2.1 AA) and html-validate on every page type in both
// languages and both colour schemes; screenshots at four widths into test-artifacts/screenshots.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, NO_CHROMIUM_MESSAGE, startSite, type TestSite } from '../helpers/browser.js';

const SCREENSHOTS = path.resolve('test-artifacts/screenshots');
if (!HAS_CHROMIUM) console.warn(NO_CHROMIUM_MESSAGE);

const VALID = {
  work: 'My etching "Harbour at dusk" (2019)',
  urls: 'https://elsewhere.example/copy-of-harbour',
  description: 'The page shows a copy of my etching without permission.',
  name: 'Clara Claimant',
  email: 'clara@example.test',
  address: 'Kobbergade 1, 1000 København K',
  signature: 'Clara Claimant',
};

/** Name, tag and focus style of the focused element. */
async function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return null;
    const style = getComputedStyle(el);
    return {
      tag: el.tagName.toLowerCase(),
      text: (el.textContent ?? '').trim(),
      href: el.getAttribute('href'),
      inFooter: Boolean(el.closest('footer')),
      focusVisible: el.matches(':focus-visible'),
      outlineStyle: style.outlineStyle,
      outlineWidth: parseFloat(style.outlineWidth),
    };
  });
}

describe.skipIf(!HAS_CHROMIUM)('public site in Chromium', () => {
  let site: TestSite;

  beforeAll(async () => {
    site = await startSite({ RATE_LIMIT_TAKEDOWN_PER_HOUR: '100' });
    const db = site.handle.db;
    const artist = await db
      .insertInto('artists')
      .values({ email: 'ada@example.test', display_name: 'Ada Etcher' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('settings')
      .values({
        artist_id: artist.id,
        profile_name: 'Ada Etcher',
        bio: { da: 'Ada arbejder i kobber.', en: 'Ada works in copper.' },
      })
      .execute();
    for (const [i, title] of ['Harbour', 'Fjord', 'Heath', 'Orchard', 'Quay'].entries()) {
      await db
        .insertInto('galleries')
        .values({
          artist_id: artist.id,
          status: 'published',
          featured: i === 0,
          title: { da: `${title} (da)`, en: title },
          description: { da: 'Raderinger fra kysten.', en: 'Etchings from the coast.' },
          published_at: new Date(),
        })
        .execute();
    }
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(() => site?.close());

  it.each([
    ['da-DK', 'da', 'Tryk fra kobberpladen'],
    ['en-GB', 'en', 'Prints from the copper plate'],
  ])('lands on / with browser locale %s in %s', async (locale, lang, heading) => {
    const page = await site.newPage({ locale });
    await page.goto(site.url('/'));
    expect(new URL(page.url()).pathname).toBe(`/${lang}/`);
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    expect(await page.textContent('h1')).toBe(heading);
  });

  it('switches language on an inner page, stays on the equivalent page and remembers the choice', async () => {
    const page = await site.newPage({ locale: 'en-GB' });
    await page.goto(site.url('/en/terms'));
    await page.click('a.lang-toggle');
    await page.waitForURL(site.url('/da/terms'));
    expect(await page.getAttribute('html', 'lang')).toBe('da');
    expect(await page.textContent('h1')).toBe('Vilkår for brug');
    await page.goto(site.url('/'));
    expect(new URL(page.url()).pathname).toBe('/da/');
    await page.click('a.lang-toggle');
    await page.waitForURL(site.url('/en/'));
  });

  it('walks header, content and footer links by keyboard with a visible focus outline', async () => {
    const page = await site.newPage({ locale: 'en-GB', width: 1280 });
    await page.goto(site.url('/en/terms'));
    const walk: NonNullable<Awaited<ReturnType<typeof focused>>>[] = [];
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      const f = await focused(page);
      if (!f || f.tag === 'body') break;
      walk.push(f);
      if (f.inFooter && f.href === '/en/takedown') break;
    }
    expect(walk.slice(0, 7).map((f) => f.href)).toEqual([
      '#content',
      '/en/',
      '/language/da?next=%2Fda%2Fterms',
      '/en/',
      '/en/galleries',
      '/en/search',
      '/en/about',
    ]);
    expect(walk.filter((f) => f.inFooter).map((f) => f.href)).toEqual([
      '/en/terms',
      '/en/privacy',
      '/en/takedown',
    ]);
    for (const f of walk) {
      expect(f.focusVisible, f.href ?? f.text).toBe(true);
      expect(f.outlineStyle, f.href ?? f.text).toBe('solid');
      expect(f.outlineWidth, f.href ?? f.text).toBeGreaterThanOrEqual(2);
    }
    // The skip link moves focus to the main content.
    await page.goto(site.url('/en/terms'));
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('content');
  });

  it('opens and closes the mobile menu at 375 px with Enter and Escape', async () => {
    const page = await site.newPage({ locale: 'en-GB', width: 375, height: 740 });
    await page.goto(site.url('/en/'));
    const button = page.locator('button.nav-toggle');
    const nav = page.locator('#site-nav');
    expect(await button.isVisible()).toBe(true);
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    expect(await nav.isVisible()).toBe(false);
    for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
    expect((await focused(page))?.text).toBe('Menu');
    await page.keyboard.press('Enter');
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    expect(await nav.isVisible()).toBe(true);
    await page.keyboard.press('Tab');
    expect((await focused(page))?.href).toBe('/en/');
    await page.keyboard.press('Escape');
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    expect(await nav.isVisible()).toBe(false);
    expect((await focused(page))?.text).toBe('Menu');
    // Space toggles too (a real button).
    await page.keyboard.press(' ');
    expect(await nav.isVisible()).toBe(true);
  });

  it('keeps the navigation reachable at 375 px without JavaScript', async () => {
    const page = await site.newPage({ locale: 'en-GB', width: 375, javaScriptEnabled: false });
    await page.goto(site.url('/en/'));
    expect(await page.locator('button.nav-toggle').isVisible()).toBe(false);
    expect(await page.locator('#site-nav a[href="/en/galleries"]').isVisible()).toBe(true);
  });

  it('submits a takedown notice: errors announced with the input kept, then a stored notice and a reference', async () => {
    const page = await site.newPage({ locale: 'en-GB' });
    await page.goto(site.url('/en/takedown'));
    await page.fill('#td-work', VALID.work);
    await page.fill('#td-name', VALID.name);
    await page.fill('#td-email', 'not-an-email');
    await page.check('#td-goodFaith');
    await Promise.all([
      page.waitForURL(site.url('/en/takedown')),
      page.click('form.form button[type=submit]'),
    ]);
    const summary = page.locator('.error-summary');
    expect(await summary.getAttribute('role')).toBe('alert');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('error-summary');
    expect(await page.title()).toMatch(/^Error: /);
    expect(await summary.locator('a').count()).toBe(6); // urls, description, email, address, accuracy, signature
    expect(await page.inputValue('#td-work')).toBe(VALID.work);
    expect(await page.inputValue('#td-email')).toBe('not-an-email');
    expect(await page.isChecked('#td-goodFaith')).toBe(true);
    expect(await page.getAttribute('#td-email', 'aria-describedby')).toBe('td-email-error');
    expect(await page.getAttribute('#td-email', 'aria-invalid')).toBe('true');
    // The summary links move focus to the field.
    await summary.locator('a[href="#td-email"]').click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('td-email');

    await page.fill('#td-urls', VALID.urls);
    await page.fill('#td-description', VALID.description);
    await page.fill('#td-email', VALID.email);
    await page.fill('#td-address', VALID.address);
    await page.check('#td-accuracy');
    await page.fill('#td-signature', VALID.signature);
    await Promise.all([
      page.waitForURL(/\/en\/takedown\/received\?ref=/),
      page.click('form.form button[type=submit]'),
    ]);
    const reference = (await page.textContent('.reference'))?.trim() ?? '';
    expect(reference).toMatch(/^[0-9a-f-]{36}$/);
    const row = await site.handle.db
      .selectFrom('takedown_notices')
      .selectAll()
      .where('id', '=', reference)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      language: 'en',
      claimant_email: VALID.email,
      infringing_url: VALID.urls,
      statement_good_faith: true,
      statement_accuracy: true,
    });
  });

  it('has audits that catch problems (axe and html-validate report a broken page)', async () => {
    const page = await site.newPage();
    const broken =
      '<!doctype html><html><head><title>x</title></head><body><img src="/x.png"><p><div></div></p></body></html>';
    await page.setContent(broken);
    const ids = (await site.axe(page)).map((v) => v.id);
    expect(ids).toEqual(expect.arrayContaining(['html-has-lang', 'image-alt']));
    const rules = (await site.validateHtml(broken)).map((p) => p.rule);
    expect(rules).toEqual(expect.arrayContaining(['wcag/h37', 'element-required-attributes', 'close-order']));
    await page.context().close();
  });

  const PAGES = ['/', '/galleries', '/about', '/terms', '/privacy', '/takedown', '/search', '/no-such-page'];

  /** axe violations and html-validate problems of one page; empty arrays when it passes. */
  async function audit(
    lang: 'da' | 'en',
    p: string,
    opts: { colorScheme?: 'light' | 'dark'; withErrors?: boolean } = {},
  ) {
    const page = await site.newPage({ locale: lang, colorScheme: opts.colorScheme ?? 'light' });
    let res = await page.goto(site.url(`/${lang}${p === '/' ? '/' : p}`));
    if (opts.withErrors) {
      await page.fill('#td-email', 'x');
      [res] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.click('form.form button[type=submit]'),
      ]);
      await page.waitForSelector('.error-summary');
    }
    const status = res?.status();
    const html = (await res?.text()) ?? '';
    const [axe, htmlProblems] = await Promise.all([site.axe(page), site.validateHtml(html)]);
    await page.context().close();
    return { status, axe, html: htmlProblems };
  }

  // Pages are audited three at a time (each in its own context) to keep the file fast; results keyed by page.
  it.each(['da', 'en'] as const)(
    'passes axe (WCAG 2.1 AA) and html-validate on every page type in %s',
    { timeout: 120_000 },
    async (lang) => {
      const jobs: [string, () => ReturnType<typeof audit>][] = [
        ...PAGES.map((p): [string, () => ReturnType<typeof audit>] => [p, () => audit(lang, p)]),
        ['/takedown (errors, light)', () => audit(lang, '/takedown', { withErrors: true })],
        [
          '/takedown (errors, dark)',
          () => audit(lang, '/takedown', { withErrors: true, colorScheme: 'dark' }),
        ],
        ['/ (dark)', () => audit(lang, '/', { colorScheme: 'dark' })],
        ['/galleries (dark)', () => audit(lang, '/galleries', { colorScheme: 'dark' })],
      ];
      const results: Record<string, Awaited<ReturnType<typeof audit>>> = {};
      const queue = [...jobs];
      await Promise.all(
        [1, 2, 3].map(async () => {
          for (let job = queue.shift(); job; job = queue.shift()) results[job[0]] = await job[1]();
        }),
      );
      const expected = (name: string) =>
        name === '/no-such-page' ? 404 : name.startsWith('/takedown (errors') ? 422 : 200;
      expect(Object.fromEntries(Object.entries(results).map(([name, r]) => [name, r.status]))).toEqual(
        Object.fromEntries(Object.keys(results).map((name) => [name, expected(name)])),
      );
      const failing = Object.fromEntries(
        Object.entries(results).filter(([, r]) => r.axe.length > 0 || r.html.length > 0),
      );
      expect(failing).toEqual({});
    },
  );

  it.each([
    [375, 1],
    [768, 2],
    [1280, 3],
    [2560, 4],
  ])('lays out %i px with %i grid column(s) and saves screenshots', async (width, columns) => {
    const page = await site.newPage({ locale: 'en-GB', width, height: 900 });
    await page.goto(site.url('/en/galleries'));
    const tracks = await page.$eval(
      '.grid',
      (el) => getComputedStyle(el).gridTemplateColumns.split(' ').length,
    );
    expect(tracks).toBe(columns);
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(width);
    for (const [name, p] of [
      ['home', '/en/'],
      ['takedown', '/en/takedown'],
    ]) {
      await page.goto(site.url(p!));
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
    }
  });
});
