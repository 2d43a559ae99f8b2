// Link previews (Open Graph and Twitter cards) on every public page, on both engines, over images the real media
// pipeline made: the print's watermarked 1600-pixel version on its page, the gallery's cover on the gallery page,
// the first featured gallery's cover elsewhere; absolute URLs on PUBLIC_URL that answer 200 with the image type
// and the size the metadata gives; locales of both languages.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/db.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { seedSite, type SiteFixture } from '../fixtures/site.js';

/** The head's <meta property|name=… content=…> as key → values. */
function metaOf(html: string): Map<string, string[]> {
  const head = /<head>([^]*?)<\/head>/.exec(html)?.[1] ?? '';
  const out = new Map<string, string[]>();
  for (const m of head.matchAll(/<meta (?:property|name)="([^"]+)" content="([^"]*)"\/>/g)) {
    const list = out.get(m[1]!) ?? [];
    list.push(m[2]!.replace(/&amp;/g, '&').replace(/&quot;/g, '"'));
    out.set(m[1]!, list);
  }
  return out;
}

const one = (meta: Map<string, string[]>, key: string) => {
  const values = meta.get(key) ?? [];
  expect(values, key).toHaveLength(1);
  return values[0]!;
};

describe.each(ENGINES)('link previews on %s', (engine) => {
  let t: TestApp;
  let f: SiteFixture;

  beforeAll(async () => {
    t = await openTestApp(engine);
    f = await seedSite(t.handle, { process: { storage: t.storage } });
  }, 120_000);
  afterAll(() => t?.cleanup());

  /** Fetches an absolute URL of the site through the app; its status, type and pixel size. */
  async function fetchImage(url: string) {
    expect(url.startsWith(`${t.config.publicUrl}/`), url).toBe(true);
    const res = await t.app.inject({ method: 'GET', url: url.slice(t.config.publicUrl.length) });
    const size = res.statusCode === 200 ? await sharp(res.rawPayload).metadata() : undefined;
    return {
      status: res.statusCode,
      type: res.headers['content-type'],
      width: size?.width,
      height: size?.height,
    };
  }

  /** A watermarked version of the print's image (medium_2x; medium where the original is smaller). */
  const shows = (printId: string) => new RegExp(`/${f.images[printId]}_medium(_2x)?\\.webp$`);

  async function preview(url: string) {
    const res = await t.app.inject({ method: 'GET', url });
    expect(res.statusCode, url).toBe(200);
    const meta = metaOf(res.body);
    const canonical = /<link rel="canonical" href="([^"]+)"/.exec(res.body)?.[1];
    expect(one(meta, 'og:url'), url).toBe(canonical);
    expect(one(meta, 'twitter:card'), url).toBe('summary_large_image');
    const image = one(meta, 'og:image');
    const fetched = await fetchImage(image);
    expect(fetched, url).toEqual({
      status: 200,
      type: one(meta, 'og:image:type'),
      width: Number(one(meta, 'og:image:width')),
      height: Number(one(meta, 'og:image:height')),
    });
    expect(fetched.type).toBe('image/webp');
    return { meta, image };
  }

  it('gives a print page the print itself: title, description, article, its watermarked 1600 px version', async () => {
    const { meta, image } = await preview(`/en/prints/${f.prints.a}`);
    expect(one(meta, 'og:title')).toBe('Harbour at night');
    expect(one(meta, 'og:description')).toBe('Boats moored under a dark sky.');
    expect(one(meta, 'og:type')).toBe('article');
    expect(one(meta, 'og:site_name')).toBe('Copper Print Gallery');
    expect(one(meta, 'og:locale')).toBe('en_GB');
    expect(one(meta, 'og:locale:alternate')).toBe('da_DK');
    const a = f.images[f.prints.a]!;
    expect(image.startsWith(`${t.config.publicUrl}/media/images/${a}/`)).toBe(true);
    expect(image.endsWith(`/${a}_medium_2x.webp`)).toBe(true);
    expect(one(meta, 'og:image:width')).toBe('1600');
    expect(one(meta, 'og:image:alt')).toBe('Etching of a harbour at night');
    expect(one(meta, 'twitter:image:alt')).toBe('Etching of a harbour at night');
    const da = await preview(`/da/prints/${f.prints.a}`);
    expect(one(da.meta, 'og:title')).toBe('Havn om natten');
    expect(one(da.meta, 'og:locale')).toBe('da_DK');
    expect(one(da.meta, 'og:locale:alternate')).toBe('en_GB');
    expect(one(da.meta, 'og:image:alt')).toBe('Radering af en havn om natten');
  });

  it('gives a gallery page its cover, and every other public page the first featured gallery cover', async () => {
    const gallery = await preview(`/en/galleries/${f.galleries.second}`);
    expect(one(gallery.meta, 'og:title')).toBe('Selected');
    expect(one(gallery.meta, 'og:type')).toBe('website');
    // The second gallery has no cover set: its first public print (C) stands for it.
    expect(gallery.image).toMatch(shows(f.prints.c));
    expect(one(gallery.meta, 'og:image:alt')).toBe('Drypoint of a heath');
    // The main gallery is featured; its first print (A) stands for the site.
    for (const url of [
      '/en/',
      '/da/',
      '/en/galleries',
      '/en/search',
      '/en/about',
      '/en/terms',
      '/da/privacy',
    ]) {
      const { meta, image } = await preview(url);
      expect(image, url).toMatch(shows(f.prints.a));
      expect(one(meta, 'og:description').length, url).toBeGreaterThan(0);
    }
    const home = await preview('/da/');
    expect(one(home.meta, 'og:title')).toBe('Copper Print Gallery');
    expect(one(home.meta, 'og:image:alt')).toBe('Radering af en havn om natten');
  });

  it('uses the set cover of a gallery and never a draft print', async () => {
    await t.handle.db
      .updateTable('galleries')
      .set({ cover_print_id: f.prints.draft })
      .where('id', '=', f.galleries.main)
      .execute();
    const { image } = await preview(`/en/galleries/${f.galleries.main}`);
    expect(image).not.toContain(f.images[f.prints.draft]!);
    expect(image).toMatch(shows(f.prints.a));
    await t.handle.db
      .updateTable('galleries')
      .set({ cover_print_id: f.prints.b })
      .where('id', '=', f.galleries.main)
      .execute();
    expect((await preview(`/en/galleries/${f.galleries.main}`)).image).toMatch(shows(f.prints.b));
  });
});
