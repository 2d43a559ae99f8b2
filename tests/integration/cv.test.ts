// The public CV page and the exhibitions on print pages, on both engines: exhibitions grouped by kind and year,
// newest first, linking only public prints; the CV texts of the settings in both languages; the e-mail only when
// the artist shows it; schema.org Person and ExhibitionEvent; the CV in the navigation and the sitemap; print
// pages list the exhibitions they were in; an exhibition change shows at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/db.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { seedSite, type SiteFixture } from '../fixtures/site.js';

function jsonLd(html: string): { '@graph': Array<Record<string, unknown>> } {
  const m = /<script type="application\/ld\+json">([^]*?)<\/script>/.exec(html);
  if (!m) throw new Error('no JSON-LD');
  return JSON.parse(m[1]!) as { '@graph': Array<Record<string, unknown>> };
}

describe.each(ENGINES)('CV page on %s', (engine) => {
  let t: TestApp;
  let f: SiteFixture;
  const get = (url: string) => t.app.inject({ method: 'GET', url });

  beforeAll(async () => {
    t = await openTestApp(engine);
    f = await seedSite(t.handle);
    const db = t.handle.db;
    await db
      .updateTable('settings')
      .set({
        statement: { da: 'Linjen først.', en: 'The line first.' },
        education: { en: 'Royal Danish Academy, graphic arts, 2005' },
        collections: { da: 'Statens Museum for Kunst', en: 'National Gallery of Denmark' },
        contact_email: 'ada@example.test',
        show_contact_email: false,
      })
      .where('artist_id', '=', f.artistId)
      .execute();
    const exhibition = async (values: Record<string, unknown>, prints: string[] = []) => {
      const row = await db
        .insertInto('exhibitions')
        .values({ artist_id: f.artistId, ...values } as never)
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const print_id of prints)
        await db.insertInto('exhibition_prints').values({ exhibition_id: row.id, print_id }).execute();
      return row.id;
    };
    await exhibition(
      {
        kind: 'solo',
        title: 'Copper and salt',
        venue: 'Kunsthal Møn',
        city: 'Stege',
        country: 'Denmark',
        starts_on: '2024-03-02',
        ends_on: '2024-04-14',
        url: 'https://example.test/show',
        description: { da: 'Nye raderinger.', en: 'New etchings.' },
      },
      [f.prints.a, f.prints.draft],
    );
    await exhibition({ kind: 'solo', title: 'Early plates', city: 'Odense', starts_on: '2019-05-01' }, [
      f.prints.b,
    ]);
    await exhibition({ kind: 'solo', title: 'Harbours', city: 'Aarhus', starts_on: '2024-09-01' });
    await exhibition({ kind: 'award', title: 'Print prize', starts_on: '2021-06-12' }, [f.prints.a]);
  });
  afterAll(() => t?.cleanup());

  it('groups exhibitions by kind and year, newest first, linking only public prints', async () => {
    const res = await get('/en/cv');
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toContain('<h1>Ada Etcher: CV</h1>');
    const headings = [...html.matchAll(/<h3 id="cv-kind-([\w-]+)">([^<]+)<\/h3>/g)].map((m) => m[2]);
    expect(headings).toEqual(['Solo exhibitions', 'Awards']);
    const years = [...html.matchAll(/<dt>(\d{4})<\/dt>/g)].map((m) => m[1]);
    expect(years).toEqual(['2024', '2019', '2021']);
    const titles = [...html.matchAll(/<span class="cv-entry__title">(?:<a href="[^"]+">)?([^<]+)/g)].map(
      (m) => m[1],
    );
    expect(titles).toEqual(['Harbours', 'Copper and salt', 'Early plates', 'Print prize']);
    expect(html).toContain('<a href="https://example.test/show">Copper and salt</a>');
    expect(html).toMatch(/\(2 March\s–\s14 April 2024\)/);
    expect(html).toContain(`<a href="/en/prints/${f.prints.a}">Harbour at night</a>`);
    expect(html).not.toContain(f.prints.draft);
    expect(html).toContain('The line first.');
    expect(html).toContain('Royal Danish Academy, graphic arts, 2005');
    expect(html).toContain('National Gallery of Denmark');
    expect(html).toContain('Ada works in copper.');
    expect(html).not.toContain('ada@example.test');
    expect(html).toContain('<a href="/en/contact">Write to the artist through the contact form</a>');
    const da = (await get('/da/cv')).body;
    expect(da).toContain('<a href="/da/contact">Skriv til kunstneren via kontaktformularen</a>');
    expect(da).toContain('Separatudstillinger');
    expect(da).toContain('Priser');
    expect(da).toMatch(/\(2\.\smarts\s?–\s?14\.\sapril 2024\)/);
    expect(da).toContain('Statens Museum for Kunst');
    // English text where no Danish exists, marked with its language.
    expect(da).toMatch(/<div class="prose" lang="en"><p>Royal Danish Academy/);
  });

  it('describes the artist and the exhibitions as schema.org Person and ExhibitionEvent', async () => {
    const graph = jsonLd((await get('/en/cv')).body)['@graph'];
    const person = graph.find((n) => n['@type'] === 'Person')!;
    expect(person).toMatchObject({ name: 'Ada Etcher', url: `${t.config.publicUrl}/en/cv` });
    expect(person.email).toBeUndefined();
    const events = graph.filter((n) => n['@type'] === 'ExhibitionEvent');
    expect(events).toHaveLength(4);
    expect(events.find((e) => e.name === 'Copper and salt')).toMatchObject({
      startDate: '2024-03-02',
      endDate: '2024-04-14',
      url: 'https://example.test/show',
      location: {
        '@type': 'Place',
        name: 'Kunsthal Møn',
        address: { addressLocality: 'Stege', addressCountry: 'Denmark' },
      },
      workFeatured: [{ '@type': 'VisualArtwork', url: `${t.config.publicUrl}/en/prints/${f.prints.a}` }],
    });
  });

  it('shows the e-mail only when the artist chooses to', async () => {
    await t.handle.db
      .updateTable('settings')
      .set({ show_contact_email: true })
      .where('artist_id', '=', f.artistId)
      .execute();
    // Settings are not catalogue changes: a new exhibition renders the page again at once.
    await t.handle.db
      .insertInto('exhibitions')
      .values({ artist_id: f.artistId, kind: 'group', title: 'Together', starts_on: '2022-01-10' })
      .execute();
    const html = (await get('/en/cv')).body;
    expect(html).toContain('<a href="mailto:ada@example.test">ada@example.test</a>');
    expect(html).toContain('Group exhibitions');
    expect(jsonLd(html)['@graph'][0]!.email).toBe('mailto:ada@example.test');
  });

  it('lists on a print page the exhibitions it was in, and puts the CV in the navigation and sitemap', async () => {
    const page = (await get(`/en/prints/${f.prints.a}`)).body;
    expect(page).toContain('<h2 class="facts__heading">Shown at</h2>');
    const list = /<ul class="print-exhibitions">([^]*?)<\/ul>/.exec(page)?.[1] ?? '';
    expect([...list.matchAll(/<a href="[^"]+">([^<]+)<\/a>/g)].map((m) => m[1])).toEqual([
      'Copper and salt',
      'Print prize',
    ]);
    expect((await get(`/da/prints/${f.prints.c}`)).body).not.toContain('print-exhibitions');
    expect((await get('/da/')).body).toContain('<a href="/da/cv">CV</a>');
    const sitemap = (await get('/sitemap.xml')).body;
    expect(sitemap).toContain(`<loc>${t.config.publicUrl}/en/cv</loc>`);
    expect(sitemap).toContain(`<loc>${t.config.publicUrl}/da/cv</loc>`);
  });
});
