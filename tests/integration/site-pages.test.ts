// Gallery and print pages on both engines: published content only, the artist's order, responsive images over the
// generated versions (never the original), metadata in both languages with fallback, VisualArtwork JSON-LD,
// previous/next within the gallery, caching, and unpublishing showing at once.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FRESH_MS } from '../../src/modules/site/page-cache.js';
import { CARD_SIZES } from '../../src/modules/site/cards.js';
import { ENGINES } from '../helpers/db.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { PLACEHOLDER, seedSite, type SiteFixture } from '../fixtures/site.js';

const get = (t: TestApp, url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers });

/** Titles of the print cards, in page order. */
function cardTitles(html: string): string[] {
  return [...html.matchAll(/<h2 class="card__title"><a href="[^"]+">([^<]+)<\/a><\/h2>/g)].map((m) => m[1]!);
}

function jsonLd(html: string): Record<string, unknown> {
  const m = /<script type="application\/ld\+json">([^]*?)<\/script>/.exec(html);
  if (!m) throw new Error('no JSON-LD');
  return JSON.parse(m[1]!) as Record<string, unknown>;
}

/** The <dl class="facts"> as label → text. */
function facts(html: string): Record<string, string> {
  const dl = /<dl class="facts">([^]*?)<\/dl>/.exec(html)?.[1] ?? '';
  return Object.fromEntries(
    [...dl.matchAll(/<dt>([^<]+)<\/dt><dd(?: lang="\w+")?>([^<]*)<\/dd>/g)].map((m) => [m[1]!, m[2]!]),
  );
}

describe.each(ENGINES)('gallery and print pages on %s', (engine) => {
  let t: TestApp;
  let f: SiteFixture;

  beforeAll(async () => {
    t = await openTestApp(engine);
    f = await seedSite(t.handle);
  });
  afterAll(() => t?.cleanup());

  it('shows a published gallery with its published prints in the artist order, linked with the gallery', async () => {
    const en = await get(t, `/en/galleries/${f.galleries.main}`);
    expect(en.statusCode).toBe(200);
    expect(en.headers['cache-control']).toBe('public, max-age=60, stale-while-revalidate=600');
    expect(en.body).toContain('<h1>The coast</h1>');
    expect(en.body).toContain('Etchings from the coast.');
    expect(cardTitles(en.body)).toEqual(['Harbour at night', 'Fjord', 'Heath']);
    expect(en.body).not.toContain('Unfinished plate');
    expect(en.body).toContain(`href="/en/prints/${f.prints.a}?gallery=${f.galleries.main}"`);
    expect(en.body).toContain('2019 · Etching');
    const da = await get(t, `/da/galleries/${f.galleries.main}`);
    expect(cardTitles(da.body)).toEqual(['Havn om natten', 'Fjord', 'Hede']);
    expect(da.body).toContain('2019 · Radering');
    expect(da.body).toContain('alt="Radering af en havn om natten"');
    const second = await get(t, `/en/galleries/${f.galleries.second}`);
    expect(cardTitles(second.body)).toEqual(['Heath', 'Harbour at night']);
  });

  // The fixture's images have no small version (as images processed before decision 021): cards fall back to medium.
  it('gives cards medium versions in a srcset with sizes and dimensions, the first row not lazy', async () => {
    const res = await get(t, `/en/galleries/${f.galleries.main}`);
    const imgs = [...res.body.matchAll(/<img class="card__image[^>]*>/g)].map((m) => m[0]);
    expect(imgs).toHaveLength(3);
    const imageA = f.images[f.prints.a]!;
    expect(imgs[0]).toContain(`src="/media/images/${imageA}/g1/${imageA}_medium.webp"`);
    expect(imgs[0]).toMatch(/srcset="[^"]+_medium\.webp 800w, [^"]+_medium_2x\.webp 1600w"/);
    expect(imgs[0]).toContain(`sizes="${CARD_SIZES}"`);
    expect(imgs[0]).toContain('width="800" height="600"');
    for (const img of imgs) expect(img).not.toContain('loading=');
    expect(imgs[0]).toContain('fetchpriority="high"');
    expect(imgs[1]).not.toContain('fetchpriority');
    expect(res.body).not.toContain('original');
  });

  it('shows availability from the impression ledger on the cards of the gallery, home and search pages', async () => {
    const notes = (html: string) =>
      [...html.matchAll(/<p class="card__availability" data-availability="[\w-]+">([^<]+)<\/p>/g)].map(
        (m) => m[1],
      );
    const en = await get(t, `/en/galleries/${f.galleries.main}`);
    expect(notes(en.body)).toEqual(['7 of 25 available', 'Not for sale', 'Sold out']);
    const da = await get(t, `/da/galleries/${f.galleries.main}`);
    expect(notes(da.body)).toEqual(['7 af 25 til salg', 'Ikke til salg', 'Udsolgt']);
    // The home page's new work: the newest public prints, with the same words.
    const home = await get(t, '/en/');
    expect(home.body).toContain('<h2 id="home-new-work">New work</h2>');
    expect(notes(home.body).sort()).toEqual(['7 of 25 available', 'Not for sale', 'Sold out']);
    const search = await get(t, '/en/search?q=');
    expect(notes(search.body).sort()).toEqual(['7 of 25 available', 'Not for sale', 'Sold out']);
    const danish = await get(t, '/da/search?q=');
    expect(notes(danish.body).sort()).toEqual(['7 af 25 til salg', 'Ikke til salg', 'Udsolgt']);
  });

  it('shows every card on the print proportions over the placeholder: gallery, galleries, home and search', async () => {
    for (const url of [`/en/galleries/${f.galleries.main}`, '/en/galleries', '/en/', '/en/search?q=']) {
      const res = await get(t, url);
      const imgs = [...res.body.matchAll(/<img class="(?:card__image|search-hit__image)[^>]*>/g)].map(
        (m) => m[0],
      );
      expect(imgs.length, url).toBeGreaterThan(0);
      for (const img of imgs) {
        expect(img, url).toMatch(/_medium\.webp"/);
        expect(img, url).toContain('width="800" height="600"');
        expect(img, url).not.toContain('_thumbnail.webp');
      }
      expect(res.body, url).toContain(
        `<img class="card__placeholder" src="${PLACEHOLDER}" width="800" height="600"`,
      );
      expect(res.body, url).not.toMatch(/ style="/);
    }
  });

  it('answers 404 for draft and unknown galleries and for prints that are not public', async () => {
    for (const url of [
      `/en/galleries/${f.galleries.draft}`,
      '/en/galleries/00000000-0000-4000-8000-000000000000',
      '/da/galleries/not-a-uuid',
      `/en/prints/${f.prints.draft}`,
      `/en/prints/${f.prints.loose}`, // published, but only in a draft gallery
      '/en/prints/not-a-uuid',
    ]) {
      const res = await get(t, url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain('Secret draft');
      expect(res.body).not.toContain('Unfinished plate');
    }
  });

  it('shows the print with every public field in English, the price and the edition from the ledger', async () => {
    const res = await get(t, `/en/prints/${f.prints.a}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1 id="print-title">Harbour at night</h1>');
    expect(res.body).toContain('Boats moored under a dark sky.');
    expect(facts(res.body)).toEqual({
      Technique: 'Etching',
      Plate: 'Copper',
      'Plate size': '30 × 40 cm',
      'Sheet size': '38 × 50 cm',
      Year: '2019',
      Edition: 'Edition of 25 — 7 available',
      "Artist's proofs": '3',
      Paper: 'Hahnemühle copperplate',
      Ink: 'Black',
      Availability: 'Available',
      Price: new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'DKK' }).format(2400),
    });
    expect(res.body).toMatch(/© 2019 Ada Etcher\. All rights reserved\. <span>Not to be reproduced/);
    expect(facts(res.body).Price).toMatch(/^DKK\s2,400\.00$/);
    expect(res.body).not.toContain('PRIVATE');
    expect(res.body).toContain('<title>Harbour at night · Copper Print Gallery</title>');
    expect(res.body).toContain(
      `<link rel="canonical" href="http://localhost:3000/en/prints/${f.prints.a}"/>`,
    );
    expect(res.body).toContain(
      `<link rel="alternate" hreflang="da" href="http://localhost:3000/da/prints/${f.prints.a}"/>`,
    );
  });

  it('shows the print in Danish, falling back to English text marked with its language', async () => {
    const res = await get(t, `/da/prints/${f.prints.a}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1 id="print-title">Havn om natten</h1>');
    expect(res.body).toContain('<div class="prose" lang="en"><p>Boats moored under a dark sky.</p></div>');
    const da = facts(res.body);
    expect(da).toMatchObject({
      Teknik: 'Radering',
      Plade: 'Kobber',
      Pladestørrelse: '30 × 40 cm',
      Oplag: 'Oplag på 25 — 7 til salg',
      Papir: 'Hahnemühle kobbertryk',
      Tilgængelighed: 'Til salg',
    });
    expect(da.Pris).toBe(new Intl.NumberFormat('da-DK', { style: 'currency', currency: 'DKK' }).format(2400));
    expect(da.Pris).toMatch(/^2\.400,00\skr\.$/);
    expect(res.body).toContain('Zoom ind på stregen');
    expect(res.body).toContain('© 2019 Ada Etcher. Alle rettigheder forbeholdes.');
  });

  it('says the copyright notice once, composed from the settings, when the terms repeat it', async () => {
    await t.handle.db
      .updateTable('prints')
      .set({ copyright_terms: { da: 'Alle rettigheder forbeholdes.', en: 'All rights reserved.' } })
      .where('id', '=', f.prints.b)
      .execute();
    const caption = async (url: string) =>
      /<figcaption class="artwork__copyright">([^]*?)<\/figcaption>/.exec((await get(t, url)).body)?.[1];
    expect(await caption(`/en/prints/${f.prints.b}`)).toBe('© 2020 Ada Etcher. All rights reserved.');
    expect(await caption(`/da/prints/${f.prints.b}`)).toBe(
      '© 2020 Ada Etcher. Alle rettigheder forbeholdes.',
    );
    await t.handle.db
      .updateTable('settings')
      .set({ copyright_line: '© Ada Etcher and the Etching Press' })
      .where('artist_id', '=', f.artistId)
      .execute();
    // The profile is read again within the page cache's freshness bound; a catalogue change renders at once.
    await t.handle.db.updateTable('prints').set({ year: 2020 }).where('id', '=', f.prints.b).execute();
    await t.handle.db
      .updateTable('prints')
      .set({ copyright_terms: {} })
      .where('id', '=', f.prints.b)
      .execute();
    expect(await caption(`/en/prints/${f.prints.b}`)).toBe(
      '© Ada Etcher and the Etching Press. All rights reserved.',
    );
    await t.handle.db
      .updateTable('settings')
      .set({ copyright_line: null })
      .where('artist_id', '=', f.artistId)
      .execute();
    await t.handle.db
      .updateTable('prints')
      .set({ copyright_terms: {} })
      .where('id', '=', f.prints.b)
      .execute();
  });

  it('offers the display versions in srcset with widths over a placeholder image, never the original', async () => {
    const res = await get(t, `/en/prints/${f.prints.a}`);
    const imageA = f.images[f.prints.a]!;
    const main = /<img class="artwork__image[^>]*>/.exec(res.body)?.[0] ?? '';
    const srcset = /srcset="([^"]+)"/.exec(main)?.[1] ?? '';
    // medium_2x and large are both 1600 wide: one candidate per width (a repeated width is invalid HTML).
    expect(srcset.split(', ').map((s) => s.split(' ')[1])).toEqual(['800w', '1600w', '3200w', '3840w']);
    for (const v of ['medium', 'medium_2x', 'large_2x', 'xlarge'])
      expect(srcset).toContain(`/media/images/${imageA}/g1/${imageA}_${v}.webp`);
    expect(main).toContain(`src="/media/images/${imageA}/g1/${imageA}_large.webp"`);
    expect(main).toContain('width="1600" height="1200"');
    expect(main).toContain('fetchpriority="high"');
    expect(main).toContain('alt="Etching of a harbour at night"');
    expect(main).toContain('sizes="');
    expect(res.body).toContain(`<img class="artwork__placeholder" src="${PLACEHOLDER}"`);
    expect(res.body).not.toContain('original');
    expect(res.body).not.toContain('_thumbnail.webp 200w');
    // No inline styles or executable inline scripts (strict CSP).
    expect(res.body).not.toMatch(/ style="/);
    expect(res.body).not.toMatch(/<script(?![^>]*(?:src=|type="application\/ld\+json"))/);
  });

  it('describes the print as a schema.org VisualArtwork', async () => {
    const res = await get(t, `/en/prints/${f.prints.a}`);
    const imageA = f.images[f.prints.a]!;
    expect(jsonLd(res.body)).toEqual({
      '@context': 'https://schema.org',
      '@type': 'VisualArtwork',
      '@id': `http://localhost:3000/en/prints/${f.prints.a}`,
      url: `http://localhost:3000/en/prints/${f.prints.a}`,
      name: 'Harbour at night',
      description: 'Boats moored under a dark sky.',
      inLanguage: 'en',
      image: `http://localhost:3000/media/images/${imageA}/g1/${imageA}_xlarge.webp`,
      thumbnailUrl: `http://localhost:3000/media/images/${imageA}/g1/${imageA}_thumbnail.webp`,
      creator: { '@type': 'Person', name: 'Ada Etcher' },
      dateCreated: '2019',
      datePublished: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      artform: 'Print',
      artMedium: 'Etching',
      artworkSurface: 'Hahnemühle copperplate',
      artEdition: 25,
      height: { '@type': 'QuantitativeValue', value: 30, unitCode: 'CMT', unitText: 'cm' },
      width: { '@type': 'QuantitativeValue', value: 40, unitCode: 'CMT', unitText: 'cm' },
      copyrightHolder: { '@type': 'Person', name: 'Ada Etcher' },
      copyrightYear: 2019,
      // The print's IIIF manifest (decision 023).
      subjectOf: {
        '@type': 'CreativeWork',
        '@id': `http://localhost:3000/iiif/prints/${f.prints.a}/manifest`,
        url: `http://localhost:3000/iiif/prints/${f.prints.a}/manifest`,
        name: 'IIIF manifest (for museum viewers)',
        encodingFormat: 'application/ld+json;profile="http://iiif.io/api/presentation/3/context.json"',
        conformsTo: 'https://iiif.io/api/presentation/3.0/',
      },
    });
    const da = jsonLd((await get(t, `/da/prints/${f.prints.a}`)).body);
    expect(da).toMatchObject({
      name: 'Havn om natten',
      artMedium: 'Radering',
      artform: 'Grafik',
      inLanguage: 'da',
    });
  });

  it('links previous and next within the gallery given, else the first published gallery holding the print', async () => {
    const pager = (html: string) => ({
      prev: /<a class="pager__prev" rel="prev" href="([^"]+)"/.exec(html)?.[1] ?? null,
      next: /<a class="pager__next" rel="next" href="([^"]+)"/.exec(html)?.[1] ?? null,
      pos: /<span class="pager__pos">([^<]+)<\/span>/.exec(html)?.[1],
    });
    const { main, second } = f.galleries;
    const { a, b, c } = f.prints;
    // Main gallery (featured, so the default): A, B, C (the draft between A and B is skipped).
    expect(pager((await get(t, `/en/prints/${a}`)).body)).toEqual({
      prev: null,
      next: `/en/prints/${b}?gallery=${main}`,
      pos: '1 of 3',
    });
    expect(pager((await get(t, `/en/prints/${b}?gallery=${main}`)).body)).toEqual({
      prev: `/en/prints/${a}?gallery=${main}`,
      next: `/en/prints/${c}?gallery=${main}`,
      pos: '2 of 3',
    });
    // Second gallery: C, A.
    expect(pager((await get(t, `/da/prints/${a}?gallery=${second}`)).body)).toEqual({
      prev: `/da/prints/${c}?gallery=${second}`,
      next: null,
      pos: '2 af 2',
    });
    // A gallery that does not hold the print (or is a draft) is ignored.
    expect(pager((await get(t, `/en/prints/${b}?gallery=${second}`)).body).pos).toBe('2 of 3');
    expect(pager((await get(t, `/en/prints/${a}?gallery=${f.galleries.draft}`)).body).pos).toBe('1 of 3');
  });

  it('shows the zoom button only when the print has tiles', async () => {
    const withTiles = await get(t, `/en/prints/${f.prints.a}`);
    const imageA = f.images[f.prints.a]!;
    expect(withTiles.body).toContain('class="zoom-open"');
    expect(withTiles.body).toContain(`data-tiles="/media/images/${imageA}/g1/iiif/info.json"`);
    expect(withTiles.body).toContain('data-plate-width-mm="400"');
    expect(withTiles.body).toMatch(/data-viewer="\/assets\/zoom-[0-9a-f]{12}\.js"/);
    const without = await get(t, `/en/prints/${f.prints.b}`);
    expect(without.statusCode).toBe(200);
    expect(without.body).not.toContain('zoom-open');
    expect(without.body).not.toContain('<dialog');
  });

  it('keeps the print page’s ETag across renders while its enquiry form gets a fresh fill-time token', async () => {
    const issued = (html: string) => /name="issued" value="([^"]+)"/.exec(html)?.[1];
    const first = await get(t, `/en/prints/${f.prints.a}`);
    const token = issued(first.body);
    expect(token).toMatch(/^\d+\.[\w-]{43}$/);
    // The next period renders the page again (FRESH_MS): a new token, the same ETag, still a 304 for the old copy.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + FRESH_MS);
      const again = await get(t, `/en/prints/${f.prints.a}`);
      expect(issued(again.body)).toMatch(/^\d+\.[\w-]{43}$/);
      expect(issued(again.body)).not.toBe(token);
      expect(again.headers.etag).toBe(first.headers.etag);
      const etag = String(first.headers.etag);
      expect((await get(t, `/en/prints/${f.prints.a}`, { 'if-none-match': etag })).statusCode).toBe(304);
    } finally {
      vi.useRealTimers();
    }
  });

  it('answers 304 to a matching ETag and reflects unpublishing at once', async () => {
    const first = await get(t, `/en/prints/${f.prints.c}`);
    expect(first.statusCode).toBe(200);
    const etag = String(first.headers.etag);
    expect((await get(t, `/en/prints/${f.prints.c}`, { 'if-none-match': etag })).statusCode).toBe(304);

    await t.handle.db.updateTable('prints').set({ status: 'draft' }).where('id', '=', f.prints.c).execute();
    expect((await get(t, `/en/prints/${f.prints.c}`, { 'if-none-match': etag })).statusCode).toBe(404);
    const gallery = await get(t, `/en/galleries/${f.galleries.main}`);
    expect(cardTitles(gallery.body)).toEqual(['Harbour at night', 'Fjord']);
    const b = await get(t, `/en/prints/${f.prints.b}`);
    expect(b.body).not.toContain(f.prints.c);

    await t.handle.db
      .updateTable('galleries')
      .set({ status: 'draft' })
      .where('id', '=', f.galleries.main)
      .execute();
    expect((await get(t, `/en/galleries/${f.galleries.main}`)).statusCode).toBe(404);
    // B sat only in the main gallery; A is still in the second one, now its gallery for previous/next.
    expect((await get(t, `/en/prints/${f.prints.b}`)).statusCode).toBe(404);
    const a = await get(t, `/en/prints/${f.prints.a}`);
    expect(a.statusCode).toBe(200);
    expect(a.body).toContain(`href="/en/galleries/${f.galleries.second}"`);

    await t.handle.db
      .updateTable('prints')
      .set({ status: 'published' })
      .where('id', '=', f.prints.c)
      .execute();
    await t.handle.db
      .updateTable('galleries')
      .set({ status: 'published' })
      .where('id', '=', f.galleries.main)
      .execute();
    expect((await get(t, `/en/prints/${f.prints.c}`)).statusCode).toBe(200);
  });
});
