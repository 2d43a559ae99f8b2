// The studio's bulk edit as plain form posts (no JavaScript), on PGlite and real PostgreSQL: the inventory's
// checkboxes and choices lead to the page of changes; the preview lists per print what would change and saves
// nothing; confirming applies exactly that (one audit event per changed print) and lists the prints the publishing
// gate refused; bad choices come back as errors at their fields; another artist's print is never touched.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/db.js';
import { asArtist, createArtist, insertGallery, insertPrint } from '../helpers/catalogue.js';

const FORM = 'application/x-www-form-urlencoded';

const form = (fields: Array<[string, string]>) => new URLSearchParams(fields).toString();

describe.each(ENGINES)('studio bulk edit on %s', (engine) => {
  let t: TestApp;
  let artistId: string;
  let headers: Record<string, string>;
  const ids = { a: '', b: '', noAlt: '', theirs: '', gallery: '' };

  beforeAll(async () => {
    t = await openTestApp(engine);
    artistId = await createArtist(t.handle, 'Bulk');
    const otherId = await createArtist(t.handle, 'Other');
    headers = await asArtist(t.config, t.handle, artistId);
    ids.a = await insertPrint(t.handle, artistId, {
      status: 'draft',
      title: { da: 'Mole', en: 'Pier' },
      year: 2001,
    });
    ids.b = await insertPrint(t.handle, artistId, {
      status: 'draft',
      title: { da: 'Bro', en: 'Bridge' },
      year: 2002,
    });
    ids.noAlt = await insertPrint(t.handle, artistId, {
      status: 'draft',
      title: { da: 'Tåge', en: 'Fog' },
      altText: { en: 'Fog over water' },
    });
    ids.theirs = await insertPrint(t.handle, otherId, {
      status: 'draft',
      title: { en: 'THEIR PRINT' },
      year: 1990,
    });
    ids.gallery = await insertGallery(t.handle, artistId, [], 'published', { da: 'Havne', en: 'Harbours' });
  }, 60_000);
  afterAll(() => t?.cleanup());

  const get = (url: string) => t.app.inject({ method: 'GET', url, headers });
  const post = (url: string, fields: Array<[string, string]>) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { ...headers, 'content-type': FORM },
      payload: form(fields),
    });
  const printRow = (id: string) =>
    t.handle.db
      .selectFrom('prints')
      .select(['status', 'year', 'technique_key', 'updated_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  it('offers a checkbox per print, tied to the bulk form, and the choice of all on the page', async () => {
    const res = await get('/studio/prints');
    expect(res.statusCode).toBe(200);
    for (const id of [ids.a, ids.b, ids.noAlt]) {
      expect(res.body).toContain(`id="select-${id}" name="ids" value="${id}" form="bulk-select"`);
      expect(res.body).toMatch(new RegExp(`<input type="hidden" name="pageIds" value="[^"]*${id}`));
    }
    expect(res.body).toContain('<form id="bulk-select" method="get" action="/studio/prints/bulk"');
    expect(res.body).toMatch(/Select Pier<\/label>/);
    expect(res.body).not.toContain(ids.theirs);
  });

  it('sends the artist back with a notice when nothing was ticked', async () => {
    const res = await get('/studio/prints/bulk?scope=selected&status=draft');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/studio/prints?status=draft&notice=bulk-none');
    const back = await get(res.headers.location as string);
    expect(back.body).toContain('Tick the prints to change first');
  });

  it('chooses the ticked prints, all on a page, or all matching the filter', async () => {
    const ticked = await get(`/studio/prints/bulk?scope=selected&ids=${ids.a}&ids=${ids.b}`);
    expect(ticked.statusCode).toBe(200);
    expect(ticked.body).toContain('<h1>Change 2 prints</h1>');
    expect(ticked.body).toContain(`<input type="hidden" name="ids" value="${ids.a},${ids.b}"/>`);
    const page = await get(`/studio/prints/bulk?scope=page&pageIds=${ids.a}&ids=${ids.b}`);
    expect(page.body).toContain('<h1>Change 1 print</h1>');
    const all = await get('/studio/prints/bulk?scope=all&q=fog');
    expect(all.body).toContain('<h1>Change 1 print</h1>');
    expect(all.body).toContain(`value="${ids.noAlt}"`);
  });

  it('previews per print without saving, then applies exactly that with one audit event per print', async () => {
    const before = await Promise.all([ids.a, ids.b, ids.noAlt, ids.theirs].map(printRow));
    const fields: Array<[string, string]> = [
      ['returnTo', '/studio/prints?status=draft'],
      ['ids', ids.a],
      ['ids', ids.b],
      ['ids', ids.noAlt],
      ['ids', ids.theirs],
      ['year', '2015'],
      ['technique', 'aquatint'],
      ['tags-add', 'Harbours, Night'],
      ['galleries-add', ids.gallery],
      ['status', 'published'],
    ];
    const preview = await post('/studio/prints/bulk/preview', fields);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.body).toContain('<h1>Check the changes</h1>');
    expect(preview.body).toContain(
      '2 prints will be changed; 1 print will be refused by the publishing check; 1 print not found.',
    );
    expect(preview.body).toMatch(/Year:<\/strong> 2001<span aria-hidden="true"> → <\/span>/);
    expect(preview.body).toContain('Cannot be published without a Danish image description (alt text).');
    expect(preview.body).toContain('A print that is not in your catalogue');
    expect(preview.body).not.toContain('THEIR PRINT');
    expect(preview.body).toContain('Harbours, Night');
    expect(preview.body).toContain('<button type="submit">Change 2 prints</button>');
    expect(await Promise.all([ids.a, ids.b, ids.noAlt, ids.theirs].map(printRow))).toEqual(before);
    expect(
      await t.handle.db
        .selectFrom('audit_events')
        .select('id')
        .where('action', '=', 'print.bulk_updated')
        .execute(),
    ).toEqual([]);

    const applied = await post('/studio/prints/bulk/apply', fields);
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.body).toContain(
      '2 prints were changed; 1 print was refused by the publishing check; 1 print not found.',
    );
    expect(applied.body).toContain('Refused, left as it was');
    for (const id of [ids.a, ids.b]) {
      expect(await printRow(id)).toMatchObject({
        status: 'published',
        year: 2015,
        technique_key: 'aquatint',
      });
    }
    expect(await printRow(ids.noAlt)).toEqual(before[2]);
    expect(await printRow(ids.theirs)).toEqual(before[3]);
    const audit = await t.handle.db
      .selectFrom('audit_events')
      .select('entity_id')
      .where('action', '=', 'print.bulk_updated')
      .execute();
    expect(audit.map((e) => e.entity_id).sort()).toEqual([ids.a, ids.b].sort());

    // Back to the choices: the page comes back filled in.
    const back = await post('/studio/prints/bulk', fields);
    expect(back.body).toContain('value="2015"');
    expect(back.body).toMatch(/<option value="published" selected>/);
  });

  it('shows bad choices as errors at their fields (422) and saves nothing', async () => {
    const cases: Array<[Array<[string, string]>, string, RegExp]> = [
      [
        [
          ['ids', ids.a],
          ['year', '99'],
        ],
        'f-year',
        /Enter a year from 1400 to 2200/,
      ],
      [
        [
          ['ids', ids.a],
          ['year', '2000'],
          ['year-clear', '1'],
        ],
        'f-year',
        /not both/,
      ],
      [[['ids', ids.a]], 'f-changes', /Choose at least one thing/],
      [
        [
          ['ids', ids.a],
          ['technique', 'no-such-technique'],
        ],
        'f-technique',
        /Unknown technique/,
      ],
      [
        [
          ['ids', ids.a],
          ['tags-remove', 'never-made'],
        ],
        'f-tags-remove',
        /no tag/,
      ],
      [
        [
          ['ids', ids.a],
          ['galleries-add', randomUUID()],
        ],
        'f-galleries-add',
        /not found/,
      ],
      [
        [
          ['ids', 'not-an-id'],
          ['year', '2000'],
        ],
        'f-ids',
        /damaged/,
      ],
      [[['year', '2000']], 'f-ids', /at least one print/],
    ];
    for (const [fields, anchor, message] of cases) {
      const res = await post('/studio/prints/bulk/preview', fields);
      expect(res.statusCode, JSON.stringify(fields)).toBe(422);
      expect(res.body).toContain(`href="#${anchor}"`);
      expect(res.body).toMatch(message);
    }
  });

  it('refuses a post without the CSRF token', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/studio/prints/bulk/apply',
      headers: { cookie: headers.cookie!, 'content-type': FORM },
      payload: form([
        ['ids', ids.a],
        ['year', '1900'],
      ]),
    });
    expect(res.statusCode).toBe(403);
    expect((await printRow(ids.a)).year).not.toBe(1900);
  });
});
