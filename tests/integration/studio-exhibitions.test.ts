// The studio's exhibition pages on both engines: the form records an exhibition with its prints (303 to the
// list), refuses bad input at its field with 400 and keeps what was typed, needs the CSRF token, and another
// artist's exhibition is not found.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/db.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { asArtist, createArtist, insertPrint } from '../helpers/catalogue.js';

describe.each(ENGINES)('studio exhibitions on %s', (engine) => {
  let t: TestApp;
  let headers: Record<string, string>;
  let other: Record<string, string>;
  let printId: string;

  beforeAll(async () => {
    t = await openTestApp(engine);
    const artist = await createArtist(t.handle, 'Ada');
    headers = await asArtist(t.config, t.handle, artist);
    other = await asArtist(t.config, t.handle, await createArtist(t.handle, 'Bo'));
    printId = await insertPrint(t.handle, artist, { title: { da: 'Havn', en: 'Harbour' } });
  });
  afterAll(() => t?.cleanup());

  const form = (fields: Record<string, string | string[]>) =>
    new URLSearchParams(
      Object.entries(fields).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]])),
    ).toString();
  const post = (url: string, fields: Record<string, string | string[]>, h = headers) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { ...h, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form(fields),
    });

  it('records an exhibition from the form and lists it', async () => {
    const res = await post('/studio/exhibitions', {
      kind: 'group',
      title: 'Grafik Nu',
      venue: 'Den Frie',
      city: 'København',
      country: 'Danmark',
      startDate: '2023-09-08',
      endDate: '2023-10-22',
      url: '',
      'description.da': 'Nordisk grafik',
      'description.en': 'Nordic prints',
      printIds: [printId],
    });
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toBe('/studio/exhibitions?notice=created');
    const list = await t.app.inject({ method: 'GET', url: '/studio/exhibitions?notice=created', headers });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Exhibition recorded.');
    expect(list.body).toContain('Grafik Nu');
    const row = await t.handle.db.selectFrom('exhibitions').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      kind: 'group',
      url: null,
      description: { da: 'Nordisk grafik', en: 'Nordic prints' },
    });
    const links = await t.handle.db.selectFrom('exhibition_prints').selectAll().execute();
    expect(links).toEqual([{ exhibition_id: row.id, print_id: printId }]);
    // Another artist does not find it.
    const theirs = await t.app.inject({
      method: 'GET',
      url: `/studio/exhibitions/${row.id}`,
      headers: other,
    });
    expect(theirs.statusCode).toBe(404);
    expect((await post(`/studio/exhibitions/${row.id}/delete`, {}, other)).statusCode).toBe(404);
  });

  it('shows what it refuses at the field, keeping what was typed', async () => {
    const cases: Array<[Record<string, string>, string, string]> = [
      [{ startDate: '2024-05-01', endDate: '2024-04-01' }, 'f-endDate', 'end comes before the start'],
      [{ startDate: '' }, 'f-startDate', 'Enter a date like 2024-03-02'],
      [{ url: 'ftp://example.test' }, 'f-url', 'https://'],
      [{ title: '' }, 'f-title', 'title'],
    ];
    for (const [fields, id, message] of cases) {
      const res = await post('/studio/exhibitions', {
        kind: 'solo',
        title: 'Kept title',
        startDate: '2024-01-01',
        ...fields,
      });
      expect(res.statusCode, JSON.stringify(fields)).toBe(400);
      expect(res.body).toContain(`href="#${id}"`);
      expect(res.body).toContain(message);
      if (fields.title === undefined) expect(res.body).toContain('value="Kept title"');
    }
  });

  it('saves the CV texts and the e-mail choice from the settings form, and the CV shows them', async () => {
    const res = await post('/studio/settings', {
      profileName: 'Ada Etcher',
      'bio.da': 'Grafiker',
      'bio.en': 'Printmaker',
      contactEmail: 'ada@example.test',
      defaultLanguage: 'da',
      copyrightLine: '',
      watermarkText: '',
      watermarkPlacement: 'bottom-right',
      'statement.da': 'Linjen først.',
      'statement.en': 'The line first.',
      'education.da': '',
      'education.en': 'Royal Danish Academy',
      'collections.da': 'Statens Museum for Kunst',
      'collections.en': 'National Gallery of Denmark',
      showContactEmail: '1',
    });
    expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
    const settings = await t.app.inject({ method: 'GET', url: '/api/v1/artist/settings', headers });
    expect(settings.json()).toMatchObject({
      statement: { da: 'Linjen først.', en: 'The line first.' },
      education: { en: 'Royal Danish Academy' },
      collections: { da: 'Statens Museum for Kunst', en: 'National Gallery of Denmark' },
      showContactEmail: true,
    });
    const form = await t.app.inject({ method: 'GET', url: '/studio/settings', headers });
    expect(form.body).toContain('name="showContactEmail" type="checkbox" value="1" checked');
  });

  it('refuses a form without the CSRF token', async () => {
    const { 'x-csrf-token': _token, ...cookieOnly } = headers;
    const res = await post(
      '/studio/exhibitions',
      { kind: 'solo', title: 'X', startDate: '2024-01-01' },
      cookieOnly,
    );
    expect(res.statusCode).toBe(403);
  });
});
