// The Atom feeds of new work (/da/feed.xml, /en/feed.xml) on both engines, read with a real XML parser: valid
// Atom 1.0 where RFC 4287 insists (feed id, title, updated, author; entries with unique, stable ids, a title,
// updated, an alternate link), public prints and galleries only (drafts and prints in no published gallery never),
// text in the feed's language, the medium image, ETag and 304, and a link to both feeds from every page head.
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/db.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { seedSite, type SiteFixture } from '../fixtures/site.js';

const ATOM = 'http://www.w3.org/2005/Atom';
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

/** Parses XML strictly: any warning or error fails. */
function parse(xml: string) {
  const problems: string[] = [];
  const doc = new DOMParser({
    onError: (level, message) => {
      problems.push(`${level}: ${message}`);
    },
  }).parseFromString(xml, 'application/xml');
  expect(problems).toEqual([]);
  return doc;
}

const children = (el: Element, name: string) =>
  Array.from(el.childNodes).filter(
    (n): n is Element =>
      n.nodeType === 1 && (n as Element).localName === name && (n as Element).namespaceURI === ATOM,
  );
const only = (el: Element, name: string) => {
  const found = children(el, name);
  expect(found, name).toHaveLength(1);
  return found[0]!;
};
const text = (el: Element, name: string) => only(el, name).textContent ?? '';

interface ParsedEntry {
  id: string;
  title: string;
  updated: string;
  published: string;
  alternate: string;
  summary: string;
  enclosure: string | undefined;
  category: string;
}

function entriesOf(feed: Element): ParsedEntry[] {
  return children(feed, 'entry').map((e) => {
    const links = children(e, 'link');
    const alternate = links.filter((l) => (l.getAttribute('rel') ?? 'alternate') === 'alternate');
    expect(alternate).toHaveLength(1);
    return {
      id: text(e, 'id'),
      title: text(e, 'title'),
      updated: text(e, 'updated'),
      published: text(e, 'published'),
      alternate: alternate[0]!.getAttribute('href') ?? '',
      summary: text(e, 'summary'),
      enclosure: links.find((l) => l.getAttribute('rel') === 'enclosure')?.getAttribute('href') ?? undefined,
      category: only(e, 'category').getAttribute('term') ?? '',
    };
  });
}

describe.each(ENGINES)('Atom feeds on %s', (engine) => {
  let t: TestApp;
  let f: SiteFixture;
  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers });

  beforeAll(async () => {
    t = await openTestApp(engine);
    f = await seedSite(t.handle);
  });
  afterAll(() => t?.cleanup());

  async function feed(lang: 'da' | 'en') {
    const res = await get(`/${lang}/feed.xml`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    const doc = parse(res.body);
    const root = doc.documentElement!;
    expect(root.localName).toBe('feed');
    expect(root.namespaceURI).toBe(ATOM);
    return { root, res, entries: entriesOf(root) };
  }

  it('is valid Atom with the feed elements RFC 4287 requires', async () => {
    const { root, entries } = await feed('en');
    const base = t.config.publicUrl;
    expect(text(root, 'id')).toBe(`${base}/en/feed.xml`);
    expect(text(root, 'title')).toBe('Ada Etcher: new work');
    expect(text(root, 'updated')).toMatch(RFC3339);
    expect(root.getAttribute('xml:lang')).toBe('en');
    const author = only(root, 'author');
    expect(text(author, 'name')).toBe('Ada Etcher');
    const links = children(root, 'link').map((l) => [l.getAttribute('rel'), l.getAttribute('href')]);
    expect(links).toEqual([
      ['self', `${base}/en/feed.xml`],
      ['alternate', `${base}/en/`],
    ]);
    // The feed's updated time is its newest entry's.
    const newest = entries
      .map((e) => e.updated)
      .sort()
      .at(-1);
    expect(new Date(text(root, 'updated')).getTime()).toBe(new Date(newest!).getTime());
    for (const e of entries) {
      expect(e.updated).toMatch(RFC3339);
      expect(e.published).toMatch(RFC3339);
      expect(new Date(e.updated) >= new Date(e.published)).toBe(true);
      expect(e.title.length).toBeGreaterThan(0);
      expect(e.summary.length).toBeGreaterThan(0);
      expect(e.id).toBe(e.alternate);
    }
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
  });

  it('lists only public prints and galleries, in the feed language, with the medium image', async () => {
    const en = await feed('en');
    const base = t.config.publicUrl;
    const byId = new Map(en.entries.map((e) => [e.id, e]));
    expect([...byId.keys()].sort()).toEqual(
      [
        `${base}/en/prints/${f.prints.a}`,
        `${base}/en/prints/${f.prints.b}`,
        `${base}/en/prints/${f.prints.c}`,
        `${base}/en/galleries/${f.galleries.main}`,
        `${base}/en/galleries/${f.galleries.second}`,
      ].sort(),
    );
    const body = (await get('/en/feed.xml')).body;
    for (const hidden of [f.prints.draft, f.prints.loose, f.galleries.draft])
      expect(body).not.toContain(hidden);
    const a = byId.get(`${base}/en/prints/${f.prints.a}`)!;
    expect(a).toMatchObject({
      title: 'Harbour at night',
      summary: 'Boats moored under a dark sky.',
      category: 'print',
    });
    expect(a.enclosure).toMatch(
      new RegExp(`^${base}/media/images/${f.images[f.prints.a]}/.+_medium\\.webp$`),
    );
    expect(byId.get(`${base}/en/galleries/${f.galleries.main}`)).toMatchObject({
      title: 'Gallery: The coast',
      summary: 'Etchings from the coast.',
      category: 'gallery',
    });
    const da = await feed('da');
    expect(text(da.root, 'title')).toBe('Ada Etcher: nye værker');
    expect(da.entries.find((e) => e.id === `${base}/da/prints/${f.prints.a}`)?.title).toBe('Havn om natten');
    expect(da.entries.find((e) => e.id === `${base}/da/galleries/${f.galleries.main}`)?.title).toBe(
      'Galleri: Kysten',
    );
  });

  it('keeps entry ids when a print changes, and adds a print once its gallery makes it public', async () => {
    const before = (await feed('en')).entries;
    await t.handle.db
      .updateTable('prints')
      .set({ title: { da: 'Havn om natten II', en: 'Harbour at night II' } })
      .where('id', '=', f.prints.a)
      .execute();
    const after = (await feed('en')).entries;
    expect(after.map((e) => e.id).sort()).toEqual(before.map((e) => e.id).sort());
    const changed = after.find((e) => e.id.endsWith(f.prints.a))!;
    expect(changed.title).toBe('Harbour at night II');
    expect(
      new Date(changed.updated) >= new Date(before.find((e) => e.id.endsWith(f.prints.a))!.updated),
    ).toBe(true);
    // The loose print becomes public when its gallery is published; the draft print never appears.
    await t.handle.db
      .updateTable('galleries')
      .set({ status: 'published', published_at: new Date() })
      .where('id', '=', f.galleries.draft)
      .execute();
    const published = (await feed('en')).entries.map((e) => e.id);
    expect(published).toContain(`${t.config.publicUrl}/en/prints/${f.prints.loose}`);
    expect(published).toContain(`${t.config.publicUrl}/en/galleries/${f.galleries.draft}`);
    expect(published.join(' ')).not.toContain(f.prints.draft);
    await t.handle.db
      .updateTable('galleries')
      .set({ status: 'draft', published_at: null })
      .where('id', '=', f.galleries.draft)
      .execute();
    expect((await get('/en/feed.xml')).body).not.toContain(f.prints.loose);
  });

  it('answers a conditional GET with 304 while the feed is unchanged', async () => {
    const first = await get('/en/feed.xml');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\/"/);
    const again = await get('/en/feed.xml', { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect((await get('/da/feed.xml', { 'if-none-match': etag })).statusCode).toBe(200);
  });

  it('is sent compressed to readers that accept it, as the pages are (and so is the sitemap)', async () => {
    for (const [url, type] of [
      ['/da/feed.xml', 'application/atom+xml; charset=utf-8'],
      ['/sitemap.xml', 'application/xml; charset=utf-8'],
    ] as const) {
      const plain = await get(url);
      for (const [encoding, unpack] of [
        ['br', brotliDecompressSync],
        ['gzip', gunzipSync],
      ] as const) {
        const packed = await get(url, { 'accept-encoding': encoding });
        expect(packed.headers['content-encoding'], url).toBe(encoding);
        expect(packed.headers['content-type']).toBe(type);
        expect(packed.headers.vary).toBe('Accept-Encoding');
        expect(packed.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
        expect(unpack(packed.rawPayload).toString('utf8')).toBe(plain.body);
      }
    }
  });

  it('is linked from the head of every public page, one feed per language', async () => {
    for (const url of ['/en/', '/da/galleries', `/en/prints/${f.prints.a}`, '/da/search', '/en/terms']) {
      const head = /<head>([^]*?)<\/head>/.exec((await get(url)).body)?.[1] ?? '';
      expect(head, url).toContain(
        '<link rel="alternate" type="application/atom+xml" hreflang="da" href="/da/feed.xml" title="Nye værker (Atom-feed, dansk)"/>',
      );
      expect(head, url).toContain(
        '<link rel="alternate" type="application/atom+xml" hreflang="en" href="/en/feed.xml" title="New work (Atom feed, English)"/>',
      );
    }
  });
});
