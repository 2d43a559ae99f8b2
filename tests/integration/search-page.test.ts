// The public search page as HTML (inject, both engines): one GET form carrying every filter of the issue with facet
// counts, checked choices kept, snippets whose marks are the only markup, pagination links keeping the search, both
// languages, and bad or hostile input answered with messages next to the fields (400), never a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/db.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { addToGallery, seedSearchFixture, type SearchFixture } from '../fixtures/search.js';

describe.each(ENGINES)('search page on %s', (engine) => {
  let t: TestApp;
  let fx: SearchFixture;

  const page = async (url: string) => {
    const res = await t.app.inject({ method: 'GET', url });
    return { status: res.statusCode, html: res.body, headers: res.headers };
  };
  /** The text of the element with this id (tags removed, whitespace collapsed). */
  const textOf = (html: string, id: string) => {
    const start = html.indexOf(`id="${id}"`);
    if (start < 0) return undefined;
    const open = html.lastIndexOf('<', start);
    const tag = /^<(\w+)/.exec(html.slice(open))![1]!;
    const end = html.indexOf(`</${tag}>`, start);
    return html
      .slice(html.indexOf('>', start) + 1, end)
      .replace(/<[^>]+>/g, '')
      .replace(/\s+/g, ' ')
      .trim();
  };

  beforeAll(async () => {
    t = await openTestApp(engine);
    fx = await seedSearchFixture(t.handle);
    const db = t.handle.db;
    await db
      .updateTable('prints')
      .set({
        subject: JSON.stringify({ da: 'Havnen', en: 'The harbour' }),
        style_movement: JSON.stringify({ da: 'Realisme', en: 'Realism' }),
      })
      .where('id', '=', fx.prints.nyhavn)
      .execute();
    const waves = await db
      .insertInto('prints')
      .values(
        Array.from({ length: 26 }, (_, i) => ({
          artist_id: fx.artistId,
          status: 'published' as const,
          title: JSON.stringify({ da: `Bølger ${i + 1}`, en: `Waves ${i + 1}` }),
          technique_key: 'drypoint',
          plate_material_key: 'copper',
          year: 1995,
          published_at: new Date(Date.UTC(1995, 0, 1 + i)),
        })),
      )
      .returning('id')
      .execute();
    await addToGallery(
      t.handle,
      fx.galleries.selected,
      waves.map((p) => p.id),
    );
  });
  afterAll(() => t?.cleanup());

  it('is one GET form with every filter, the values with their counts', async () => {
    const { status, html } = await page('/en/search');
    expect(status).toBe(200);
    expect(html).toContain('<form class="search-form" role="search" method="get" action="/en/search">');
    for (const name of [
      'q',
      'technique',
      'medium',
      'subject',
      'styleMovement',
      'availability',
      'gallery',
      'tags',
      'plateMaterial',
      'yearFrom',
      'yearTo',
      'plateHeightMin',
      'plateHeightMax',
      'plateWidthMin',
      'plateWidthMax',
      'priceMin',
      'priceMax',
    ])
      expect(html, name).toContain(`name="${name}"`);
    // Every control is labelled.
    for (const [, id] of html.matchAll(/<input[^>]* id="([^"]+)"/g))
      expect(html, id).toContain(`<label for="${id}">`);
    expect(html).toMatch(
      /value="etching"\/>\s*<label for="[^"]+">Etching <span class="facet__count">\(3\)<\/span>/,
    );
    expect(html).toMatch(
      /value="the harbour"\/>\s*<label for="[^"]+">The harbour <span class="facet__count">\(1\)/,
    );
    expect(html).toMatch(
      new RegExp(`value="${fx.galleries.harbour}"/>\\s*<label for="[^"]+">Harbour pictures`),
    );
    // Drafts never show, not even as a facet value.
    expect(html).not.toContain(fx.galleries.secret);
    expect(html).not.toContain('Secret etching');
    // Decades link to a year range keeping the rest.
    expect(html).toContain('href="/en/search?yearFrom=2010&amp;yearTo=2019"');
    expect(html).toContain('<script type="module" src="/assets/search-');
  });

  it('keeps the choices, highlights safely and paginates keeping the search', async () => {
    const { status, html } = await page('/da/search?q=radering&technique=etching&priceMax=2000');
    expect(status).toBe(200);
    expect(textOf(html, 'search-summary')).toBe('1 resultat for “radering”');
    expect(html).toMatch(/name="technique" value="etching" checked\/>/);
    expect(html).toContain('id="f-priceMax" name="priceMax"');
    expect(html).toMatch(/id="f-priceMax"[^>]* value="2000"/);
    expect(html).toContain('<mark>Radering</mark> af Kongens Have');
    expect(html).toContain('<meta name="robots" content="noindex"/>');

    const markup = await page('/en/search?q=mezzotint');
    expect(markup.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; <mark>Mezzotint</mark> &amp; more');
    expect(markup.html).not.toContain('<script>alert(1)');
    // ts_headline drops the tags of the text it cuts snippets from; nothing of them reaches the page as markup.
    expect(markup.html).not.toContain('<b>rocker');

    const first = await page('/en/search?q=waves&technique=drypoint');
    expect(textOf(first.html, 'search-summary')).toBe('26 results for “waves”');
    expect(first.html.match(/class="card search-hit"/g)).toHaveLength(24);
    expect(first.html).toContain('href="/en/search?q=waves&amp;technique=drypoint&amp;page=2"');
    const second = await page('/en/search?q=waves&technique=drypoint&page=2');
    expect(second.html.match(/class="card search-hit"/g)).toHaveLength(2);
    expect(second.html).toContain('Page 2 of 2');
    expect(second.html).toContain('href="/en/search?q=waves&amp;technique=drypoint" data-search-page');
    const beyond = await page('/en/search?q=waves&page=9');
    expect(beyond.status).toBe(200);
    expect(beyond.html).toContain('There are no more results on this page.');
  });

  it('says so when nothing matches', async () => {
    const { status, html } = await page('/da/search?q=zzzqqq&tags=natur');
    expect(status).toBe(200);
    expect(textOf(html, 'search-summary')).toBe('0 resultater for “zzzqqq”');
    expect(html).toContain('Intet matcher din søgning.');
    expect(html).toContain('href="/da/search?q=zzzqqq">Ryd alle filtre</a>');
  });

  it('explains bad input next to each field and searches without it', async () => {
    const { status, html } = await page(
      '/en/search?yearFrom=12x&yearTo=1000&plateWidthMin=300&plateWidthMax=100&technique=woodcut&technique=etching&gallery=not-an-id&tags=natur',
    );
    expect(status).toBe(400);
    const summary = textOf(html, 'search-problems')!;
    expect(summary).toContain('From year: “12x” is not a number.');
    expect(summary).toContain('To year: Enter a number between 1400 and 2200.');
    expect(summary).toContain('Width from: Must not be greater than “Width to”.');
    expect(summary).toContain(
      'Technique: “woodcut” does not exist among the published works and was left out.',
    );
    expect(summary).toContain('Gallery: “not-an-id” does not exist');
    expect(html).toContain('href="#f-yearFrom"');
    expect(textOf(html, 'f-yearFrom-error')).toBe('“12x” is not a number.');
    expect(html).toMatch(/id="f-yearFrom"[^>]*aria-invalid="true" aria-describedby="f-yearFrom-error"/);
    // The rest of the search ran: etchings tagged nature.
    expect(textOf(html, 'search-summary')).toBe('1 result');
    expect(html).not.toContain('value="woodcut"');
  });

  it('never fails on hostile or malformed query strings', async () => {
    for (const qs of [
      'q=' + encodeURIComponent(`'&|!():*<->\\ "unclosed`),
      'q=' + 'x'.repeat(5000),
      'q=a&q=b&q=c',
      'page=abc',
      'page=-4',
      'page=99999999999',
      'yearFrom=1e999',
      'priceMin=NaN&priceMax=Infinity',
      'technique=' + encodeURIComponent('<script>'),
      'tags[]=natur',
      'technique=' + Array.from({ length: 200 }, (_, i) => `t${i}`).join('&technique='),
      // NUL, a non-character, an encoded lone surrogate and a byte that is no UTF-8.
      'medium=%00%EF%BF%BF%ED%A0%80%FF',
      'q=%E0%A4%A',
      'gallery=' + encodeURIComponent('00000000-0000-4000-8000-000000000000'),
      'unknown=1&__proto__=x&constructor=y',
    ]) {
      const res = await page(`/da/search?${qs}`);
      expect([200, 400], qs).toContain(res.status);
      expect(res.html, qs).toContain('<form class="search-form"');
      expect(res.html, qs).not.toContain('<script>');
    }
  });
});
