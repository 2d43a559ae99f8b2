// The public site's own pages on both engines: caching with ETags, galleries from the database (published only),
// the about page from the settings, robots.txt and sitemap.xml without drafts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/db.js';
import { openTestApp, type TestApp } from '../helpers/app.js';

describe.each(ENGINES)('public site on %s', (engine) => {
  let t: TestApp;
  let ids: {
    published: string;
    draft: string;
    printPublished: string;
    printDraft: string;
    printLoose: string;
  };

  beforeAll(async () => {
    t = await openTestApp(engine);
    const db = t.handle.db;
    const artist = await db
      .insertInto('artists')
      .values({ email: 'ada@example.test', display_name: 'Ada Display' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('settings')
      .values({
        artist_id: artist.id,
        profile_name: 'Ada Etcher',
        bio: { en: 'Ada works in copper.\n\nShe prints by hand.' },
      })
      .execute();
    const gallery = (status: 'draft' | 'published', title: string) =>
      db
        .insertInto('galleries')
        .values({
          artist_id: artist.id,
          status,
          title: { da: `${title} (da)`, en: title },
          description: { en: `About ${title}` },
          published_at: status === 'published' ? new Date() : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    const print = (status: 'draft' | 'published', title: string) =>
      db
        .insertInto('prints')
        .values({ artist_id: artist.id, status, title: { en: title } })
        .returning('id')
        .executeTakeFirstOrThrow();
    const published = await gallery('published', 'Harbour Etchings');
    const draft = await gallery('draft', 'Secret Draft Gallery');
    const printPublished = await print('published', 'Quay');
    const printDraft = await print('draft', 'Unfinished');
    const printLoose = await print('published', 'Only in a draft gallery');
    await db
      .insertInto('gallery_prints')
      .values([
        { gallery_id: published.id, print_id: printPublished.id, position: 1 },
        { gallery_id: published.id, print_id: printDraft.id, position: 2 },
        { gallery_id: draft.id, print_id: printLoose.id, position: 1 },
      ])
      .execute();
    ids = {
      published: published.id,
      draft: draft.id,
      printPublished: printPublished.id,
      printDraft: printDraft.id,
      printLoose: printLoose.id,
    };
  });
  afterAll(() => t?.cleanup());

  it('caches pages for a CDN with a weak ETag and answers 304 to a matching If-None-Match', async () => {
    const first = await t.app.inject({ method: 'GET', url: '/en/terms' });
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toBe('public, max-age=60, stale-while-revalidate=600');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^W\/"[A-Za-z0-9_-]{27}"$/);
    const again = await t.app.inject({ method: 'GET', url: '/en/terms', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const other = await t.app.inject({
      method: 'GET',
      url: '/en/terms',
      headers: { 'if-none-match': 'W/"x"' },
    });
    expect(other.statusCode).toBe(200);
    const danish = await t.app.inject({ method: 'GET', url: '/da/terms' });
    expect(danish.headers.etag).not.toBe(etag);
  });

  it('lists published galleries only, with the count of published prints, in the visitor language', async () => {
    const en = await t.app.inject({ method: 'GET', url: '/en/galleries' });
    expect(en.statusCode).toBe(200);
    expect(en.body).toContain(`href="/en/galleries/${ids.published}"`);
    expect(en.body).toContain('Harbour Etchings');
    expect(en.body).toContain('1 print<');
    expect(en.body).not.toContain('Secret Draft Gallery');
    expect(en.body).not.toContain(ids.draft);
    const da = await t.app.inject({ method: 'GET', url: '/da/galleries' });
    expect(da.body).toContain('Harbour Etchings (da)');
    // The description exists only in English: shown, marked as English.
    expect(da.body).toContain('<p class="card__text" lang="en">About Harbour Etchings</p>');
    const home = await t.app.inject({ method: 'GET', url: '/da/' });
    expect(home.body).toContain('Harbour Etchings (da)');
    expect(home.body).not.toContain('Secret Draft Gallery');
  });

  it('shows the artist name from the settings in the footer and the bio on the about page', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/en/about' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/© \d{4} Ada Etcher\. All images are protected by copyright\./);
    expect(res.body).toContain('<p>Ada works in copper.</p><p>She prints by hand.</p>');
    const da = await t.app.inject({ method: 'GET', url: '/da/about' });
    expect(da.body).toContain('Teksten findes kun på engelsk.');
    expect(da.body).toContain('<div lang="en"><p>Ada works in copper.</p>');
  });

  it('marks the current page in the navigation and links the equivalent page in the other language', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/da/galleries' });
    expect(res.body).toContain('<a href="/da/galleries" aria-current="page">Gallerier</a>');
    expect(res.body).toContain('href="/language/en?next=%2Fen%2Fgalleries"');
    expect(res.body).toContain(
      '<link rel="alternate" hreflang="en" href="http://localhost:3000/en/galleries"/>',
    );
    for (const href of ['/da/terms', '/da/privacy', '/da/takedown'])
      expect(res.body).toContain(`href="${href}"`);
  });

  it('renders the search page shell with a labelled GET form keeping the query', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/en/search?q=%3Cb%3Equay' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<form class="search-form" role="search" method="get" action="/en/search">');
    expect(res.body).toContain('<label for="search-q">');
    expect(res.body).toContain('value="&lt;b>quay"');
  });

  it('serves robots.txt allowing the site, excluding private areas and naming the sitemap', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/robots.txt' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.body).toContain('User-agent: *\n');
    for (const p of ['/studio', '/api/v1/artist', '/oidc']) expect(res.body).toContain(`Disallow: ${p}\n`);
    expect(res.body).toContain('Sitemap: http://localhost:3000/sitemap.xml');
  });

  it('lists published content only in sitemap.xml, in both languages', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/sitemap.xml' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(res.headers.etag).toBeDefined();
    const locs = [...res.body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    for (const lang of ['da', 'en']) {
      expect(locs).toContain(`http://localhost:3000/${lang}/`);
      expect(locs).toContain(`http://localhost:3000/${lang}/takedown`);
      expect(locs).toContain(`http://localhost:3000/${lang}/galleries/${ids.published}`);
      expect(locs).toContain(`http://localhost:3000/${lang}/prints/${ids.printPublished}`);
    }
    expect(res.body).not.toContain(ids.draft);
    expect(res.body).not.toContain(ids.printDraft);
    // Published, but only in a draft gallery: not visible anywhere, so not in the sitemap.
    expect(res.body).not.toContain(ids.printLoose);
    expect(res.body).toContain('hreflang="da"');
  });

  it('renders an uncached 404 page in the language of the address', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/en/galleries/no/such' });
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('<h1>Page not found</h1>');
    expect(res.headers['cache-control']).toBeUndefined();
  });
});
