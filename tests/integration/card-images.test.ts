// Light cards (issue 21, decision 021) on both engines, over images the real media pipeline made: every processed
// image has the cards' small version (400 wide, watermarked, in the same area as the others); the gallery, home and
// search cards offer it first in srcset with the sizes of their grid, the first row not lazy; the public and artist
// APIs list it beside the others (additive: the reference contract's version is a free string); an image processed
// before small existed keeps working on medium and gets small when it is processed again.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processImage } from '../../src/modules/media/service.js';
import { CARD_SIZES, SEARCH_HIT_SIZES } from '../../src/modules/site/cards.js';
import { ENGINES } from '../helpers/db.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { seedSite, type SiteFixture } from '../fixtures/site.js';

/** The <img> tags of a class, in page order. */
const imgs = (html: string, cls: string) =>
  [...html.matchAll(new RegExp(`<img class="${cls}[ "][^>]*>`, 'g'))].map((m) => m[0]);
const attr = (tag: string, name: string) => new RegExp(` ${name}="([^"]*)"`).exec(tag)?.[1];
/** "version width" of each srcset candidate. */
const candidates = (tag: string) =>
  (attr(tag, 'srcset') ?? '')
    .split(', ')
    .map((c) => /_([a-z_0-9]+?)\.webp (\d+)w$/.exec(c))
    .map((m) => (m ? `${m[1]} ${m[2]}` : 'unparsed'));

describe.each(ENGINES)('card images on %s', (engine) => {
  let t: TestApp;
  let f: SiteFixture;
  const get = (url: string) => t.app.inject({ method: 'GET', url });

  beforeAll(async () => {
    t = await openTestApp(engine);
    f = await seedSite(t.handle, { process: { storage: t.storage } });
  }, 180_000);
  afterAll(() => t?.cleanup());

  it('gives every processed image a small version: 400 wide on its proportions, served like the others', async () => {
    for (const printId of [f.prints.a, f.prints.b, f.prints.draft]) {
      const imageId = f.images[printId]!;
      const rows = await t.handle.db
        .selectFrom('image_versions')
        .select(['version', 'width', 'height', 'storage_key'])
        .where('image_id', '=', imageId)
        .execute();
      const small = rows.find((r) => r.version === 'small');
      expect(small, printId).toMatchObject({ width: 400, height: 300 });
      const medium = rows.find((r) => r.version === 'medium')!;
      // The same generation folder as the others, so moving, backing up and deleting an image's files covers it.
      expect(small!.storage_key.replace(/_small\.webp$/, '')).toBe(
        medium.storage_key.replace(/_medium\.webp$/, ''),
      );
    }
    const api = await get(`/api/v1/prints/${f.prints.a}`);
    expect(api.statusCode).toBe(200);
    const images = api.json<{ images: Array<{ version: string; url: string; width: number }> }>().images;
    expect(images.map((i) => i.version)).toEqual([
      'thumbnail',
      'thumbnail_2x',
      'small',
      'medium',
      'medium_2x',
      'large',
    ]);
    const small = images.find((i) => i.version === 'small')!;
    expect(small.width).toBe(400);
    const file = await get(small.url.slice(t.config.publicUrl.length));
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/webp');
    expect((await sharp(file.rawPayload).metadata()).width).toBe(400);
    // One version on request, as the published contract's imageVersion parameter has it.
    const only = await get(`/api/v1/prints/${f.prints.a}?imageVersion=small`);
    expect(only.json<{ images: Array<{ version: string }> }>().images.map((i) => i.version)).toEqual([
      'small',
    ]);
    // A draft's small is not reachable by visitors (the draft's versions stay private).
    const draftSmall = await t.handle.db
      .selectFrom('image_versions')
      .select('storage_key')
      .where('image_id', '=', f.images[f.prints.draft]!)
      .where('version', '=', 'small')
      .executeTakeFirstOrThrow();
    const draftUrl = t.storage.publicUrl(draftSmall.storage_key).slice(t.config.publicUrl.length);
    expect(draftUrl).toMatch(/^\/media\//);
    expect((await get(draftUrl)).statusCode).toBe(404);
  }, 60_000);

  it('offers small first in the cards’ srcset with the grid’s sizes; the first row is not lazy', async () => {
    const gallery = await get(`/en/galleries/${f.galleries.main}`);
    expect(gallery.statusCode).toBe(200);
    const cards = imgs(gallery.body, 'card__image');
    expect(cards).toHaveLength(3);
    // A is 2400 px wide; B and C 1200 (no medium_2x).
    expect(cards.map(candidates)).toEqual([
      ['small 400', 'medium 800', 'medium_2x 1600'],
      ['small 400', 'medium 800'],
      ['small 400', 'medium 800'],
    ]);
    for (const tag of cards) {
      expect(attr(tag, 'sizes')).toBe(CARD_SIZES);
      // The smallest version's dimensions: the box keeps the print's proportions before anything loads.
      expect([attr(tag, 'width'), attr(tag, 'height')]).toEqual(['400', '300']);
      expect(attr(tag, 'src')).toMatch(/_medium\.webp$/);
      expect(attr(tag, 'loading')).toBeUndefined();
    }
    expect(cards.map((tag) => attr(tag, 'fetchpriority'))).toEqual(['high', undefined, undefined]);

    // Home: the galleries are the first grid (not lazy); new work further down loads lazily.
    const home = await get('/en/');
    expect(home.statusCode).toBe(200);
    const homeCards = imgs(home.body, 'card__image');
    const newWork = home.body.slice(home.body.indexOf('id="home-new-work"'));
    expect(imgs(newWork, 'card__image').length).toBeGreaterThan(0);
    for (const tag of homeCards) expect(candidates(tag)[0]).toBe('small 400');
    expect(attr(homeCards[0]!, 'fetchpriority')).toBe('high');
    for (const tag of imgs(newWork, 'card__image')) expect(attr(tag, 'loading')).toBe('lazy');

    // Search hits: the same versions with the hits' own (narrower) sizes.
    const search = await get('/en/search?q=harbour');
    expect(search.statusCode).toBe(200);
    const hits = imgs(search.body, 'search-hit__image');
    expect(hits.length).toBeGreaterThan(0);
    expect(candidates(hits[0]!)).toEqual(['small 400', 'medium 800', 'medium_2x 1600']);
    expect(attr(hits[0]!, 'sizes')).toBe(SEARCH_HIT_SIZES);
  }, 60_000);

  it('keeps an image processed before small existed on medium, and adds small when it is processed again', async () => {
    const imageId = f.images[f.prints.a]!;
    // As an image processed before the version existed: no small row (the migration adds none).
    await t.handle.db
      .deleteFrom('image_versions')
      .where('image_id', '=', imageId)
      .where('version', '=', 'small')
      .execute();
    const cardOfA = async () => {
      const page = await get(`/en/galleries/${f.galleries.main}`);
      expect(page.statusCode).toBe(200);
      return imgs(page.body, 'card__image')[0]!;
    };
    const before = await cardOfA();
    expect(candidates(before)).toEqual(['medium 800', 'medium_2x 1600']);
    expect([attr(before, 'width'), attr(before, 'height')]).toEqual(['800', '600']);
    expect(attr(before, 'src')).toMatch(/_medium\.webp$/);
    // (In Danish: the English answer of the first test may still be in the API's 2-second cache.)
    const api = await get(`/api/v1/prints/${f.prints.a}?language=da`);
    expect(api.statusCode).toBe(200);
    expect(api.json<{ images: Array<{ version: string }> }>().images.map((i) => i.version)).not.toContain(
      'small',
    );

    // Processed again (what a watermark change or a retry does): small is there.
    const outcome = await processImage(
      { db: t.handle.db, storage: t.storage, maxPixels: 50_000_000, maxBytes: 50_000_000 },
      imageId,
    );
    expect(outcome.status).toBe('completed');
    const after = await cardOfA();
    expect(candidates(after)).toEqual(['small 400', 'medium 800', 'medium_2x 1600']);
    expect([attr(after, 'width'), attr(after, 'height')]).toEqual(['400', '300']);
  }, 120_000);
});
