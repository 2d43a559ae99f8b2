// The studio's dashboard and prints inventory over inject(), on PGlite and real PostgreSQL, with a real pg-boss
// queue: the dashboard's counts, uploads, waiting drafts and audit events are the signed-in artist's own; the
// inventory's search, filters, sorts and pages; the processing status JSON answers only for the artist's prints;
// retrying a failed processing needs the CSRF token, refuses another artist's print, and queues the job; and
// nothing opens without a session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/db.js';
import {
  asArtist,
  createArtist,
  insertGallery,
  insertPrint,
  type PrintFixture,
} from '../helpers/catalogue.js';

const FORM = 'application/x-www-form-urlencoded';

/** Print ids of the inventory table's rows, in the order shown. */
const rowIds = (html: string) => [...html.matchAll(/<tr data-print-id="([^"]+)"/g)].map((m) => m[1]);

describe.each(ENGINES)('studio dashboard and prints on %s', (engine) => {
  let t: TestApp;
  let artistId: string;
  let otherId: string;
  let session: { cookie: string; csrf: string };
  let otherSession: { cookie: string; csrf: string };
  type Fixture =
    | 'harbour'
    | 'church'
    | 'birch'
    | 'ready'
    | 'noTechnique'
    | 'failed'
    | 'theirs'
    | 'theirsDraft'
    | 'theirsFailed';
  const ids = {} as Record<Fixture, string>;

  const print = (artist: string, f: PrintFixture & { location?: { da?: string; en?: string } }) =>
    insertPrint(t.handle, artist, f).then(async (id) => {
      if (f.location) {
        await t.handle.db
          .updateTable('prints')
          .set({ location: JSON.stringify(f.location) })
          .where('id', '=', id)
          .execute();
      }
      return id;
    });

  /** Marks a print's (new) image as failed the way the worker does. */
  const failImage = async (printId: string, reason: string) => {
    const image = await t.handle.db
      .insertInto('images')
      .values({
        artist_id: (
          await t.handle.db
            .selectFrom('prints')
            .select('artist_id')
            .where('id', '=', printId)
            .executeTakeFirstOrThrow()
        ).artist_id,
        print_id: printId,
        status: 'failed',
        error: reason,
        original_key: `uploads/${printId}`,
        original_filename: 'shopping-list.jpg',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.handle.db
      .updateTable('prints')
      .set({ image_status: 'failed', image_error: reason })
      .where('id', '=', printId)
      .execute();
    return image.id;
  };

  beforeAll(async () => {
    // A started queue without a worker: jobs stay queued, so the test sees what was asked.
    t = await openTestApp(engine, {}, { jobs: 'queued' });
    artistId = await createArtist(t.handle, 'Vilhelm Hammershøi');
    otherId = await createArtist(t.handle, 'Someone Else');
    const a = await asArtist(t.config, t.handle, artistId);
    session = { cookie: a.cookie ?? '', csrf: a['x-csrf-token'] ?? '' };
    const b = await asArtist(t.config, t.handle, otherId);
    otherSession = { cookie: b.cookie ?? '', csrf: b['x-csrf-token'] ?? '' };

    // The artist: 3 published prints, 3 drafts (one complete, one without technique, one failed upload).
    ids.harbour = await print(artistId, {
      title: { da: 'Havn om morgenen', en: 'Harbour in the morning' },
      year: 1998,
      location: { en: 'Plan chest 3', da: 'Skuffe 3' },
    });
    ids.church = await print(artistId, {
      title: { da: 'Kirke', en: 'Village church' },
      year: 2004,
      technique: 'aquatint',
    });
    ids.birch = await print(artistId, { title: { da: 'Birk', en: 'Birch trees' }, year: 2011 });
    ids.ready = await print(artistId, {
      status: 'draft',
      title: { da: 'Klar', en: 'Ready draft' },
      year: 2020,
    });
    ids.noTechnique = await print(artistId, {
      status: 'draft',
      title: { da: 'Uden teknik', en: 'No technique yet' },
      technique: null,
      year: 2021,
    });
    ids.failed = await print(artistId, {
      status: 'draft',
      title: { da: 'Indkøbsseddel', en: 'Shopping list' },
      year: 2022,
      withImage: false,
    });
    await failImage(ids.failed, 'This file is text, not an image.');
    // The edition ledger of the harbour: 2 available, 1 sold.
    await t.handle.db
      .insertInto('impressions')
      .values([
        { print_id: ids.harbour, kind: 'numbered', number: 1, status: 'available' },
        { print_id: ids.harbour, kind: 'numbered', number: 2, status: 'available' },
        { print_id: ids.harbour, kind: 'numbered', number: 3, status: 'sold' },
      ])
      .execute();
    const tag = await t.handle.db
      .insertInto('tags')
      .values({ artist_id: artistId, slug: 'trees', label: JSON.stringify({ da: 'Træer', en: 'Trees' }) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.handle.db.insertInto('print_tags').values({ print_id: ids.birch, tag_id: tag.id }).execute();
    await insertGallery(t.handle, artistId, [ids.harbour, ids.church]);

    // Someone else's catalogue: never shown to the artist.
    ids.theirs = await print(otherId, { title: { da: 'Fremmed havn', en: 'Foreign harbour' }, year: 1999 });
    ids.theirsDraft = await print(otherId, {
      status: 'draft',
      title: { da: 'Fremmed kladde', en: 'Foreign draft' },
      technique: null,
    });
    ids.theirsFailed = await print(otherId, {
      status: 'draft',
      title: { en: 'Foreign failure' },
      withImage: false,
    });
    await failImage(ids.theirsFailed, 'Their image is broken.');
    await t.handle.db
      .insertInto('impressions')
      .values([
        { print_id: ids.theirs, kind: 'numbered', number: 1, status: 'sold' },
        { print_id: ids.theirs, kind: 'numbered', number: 2, status: 'available' },
      ])
      .execute();
    await insertGallery(t.handle, otherId, [ids.theirs]);
    await insertGallery(t.handle, otherId, []);

    // Takedown notices are addressed to the site: two still open, one dealt with.
    for (const status of ['received', 'in_review', 'actioned'] as const) {
      await t.handle.db
        .insertInto('takedown_notices')
        .values({
          status,
          work_concerned: 'Havn',
          infringing_url: 'https://example.test/copy',
          claimant_name: 'A. Person',
          claimant_email: 'a@example.test',
          statement_good_faith: true,
          statement_accuracy: true,
          signature: 'A. Person',
        })
        .execute();
    }
    await t.handle.db
      .insertInto('audit_events')
      .values([
        {
          artist_id: artistId,
          actor: 'vilhelm@example.test',
          action: 'gallery.created',
          entity_type: 'gallery',
        },
        {
          artist_id: otherId,
          actor: 'someone@example.test',
          action: 'backup.restored',
          entity_type: 'backup',
        },
      ])
      .execute();
  }, 120_000);

  afterAll(async () => {
    await t?.cleanup();
  });

  const get = (url: string, who = session) =>
    t.app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });

  const post = (
    url: string,
    fields: Array<[string, string]>,
    opts: { csrf?: string | false; json?: boolean } = {},
  ) => {
    const body = new URLSearchParams(fields);
    if (opts.csrf !== false) body.append('_csrf', opts.csrf ?? session.csrf);
    return t.app.inject({
      method: 'POST',
      url,
      headers: {
        cookie: session.cookie,
        'content-type': FORM,
        ...(opts.json ? { accept: 'application/json' } : {}),
      },
      payload: body.toString(),
    });
  };

  it('sends a visitor without a session to sign in, from every page and endpoint', async () => {
    for (const url of ['/studio', '/studio/prints', `/studio/prints/status?ids=${ids.harbour}`]) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(303);
      expect(res.headers.location).toBe(`/studio/auth/login?returnTo=${encodeURIComponent(url)}`);
    }
    const res = await t.app.inject({
      method: 'POST',
      url: `/studio/prints/${ids.failed}/retry-processing`,
      headers: { 'content-type': FORM },
      payload: 'returnTo=%2Fstudio%2Fprints',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/studio\/auth\/login\?returnTo=/);
    const row = await t.handle.db
      .selectFrom('prints')
      .select('image_status')
      .where('id', '=', ids.failed)
      .executeTakeFirstOrThrow();
    expect(row.image_status).toBe('failed');
  });

  it('shows the artist’s own counts, uploads, waiting drafts and audit events on the dashboard', async () => {
    const res = await get('/studio');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('private, no-store');
    const html = res.body;
    expect(html).toContain('<strong>6</strong> <a href="/studio/prints">prints</a>');
    expect(html).toContain('<strong>3</strong> <a href="/studio/prints?status=published">published</a>');
    expect(html).toContain('<strong>3</strong> <a href="/studio/prints?status=draft">drafts</a>');
    expect(html).toContain('<strong>1</strong> <a href="/studio/galleries">gallery</a>');
    expect(html).toContain(
      '<strong>2</strong> <a href="/studio/prints?impressions=available">impressions available</a>',
    );
    expect(html).toContain(
      '<strong>1</strong> <a href="/studio/prints?impressions=sold">impression sold</a>',
    );
    expect(html).toContain('<strong>2</strong> <a href="/studio/takedowns">open takedown notices</a>');
    // Drafts the publishing gate refuses, with what they lack; the complete draft is not waiting.
    expect(html).toMatch(/No technique yet<\/a>: missing technique</);
    expect(html).toContain('Shopping list</a>: missing processed image');
    expect(html).not.toMatch(/Ready draft<\/a>: missing/);
    // The failed upload with its reason and a Retry that comes back here.
    expect(html).toContain('This file is text, not an image.');
    expect(html).toContain(`action="/studio/prints/${ids.failed}/retry-processing"`);
    expect(html).toContain('name="returnTo" value="/studio"');
    expect(html).toContain('Gallery created');
    expect(html).toContain('href="/studio/audit"');
    // Nothing of the other artist.
    for (const text of [
      'Foreign',
      'Their image is broken',
      'Backup restored',
      ids.theirs,
      ids.theirsFailed,
    ]) {
      expect(html).not.toContain(text);
    }
  });

  it('lists every print of the artist with both titles, status, technique, ledger and image state', async () => {
    const res = await get('/studio/prints');
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(new Set(rowIds(html))).toEqual(
      new Set([ids.harbour, ids.church, ids.birch, ids.ready, ids.noTechnique, ids.failed]),
    );
    expect(html).toContain(`<a href="/studio/prints/${ids.harbour}">Harbour in the morning</a>`);
    expect(html).toContain('<span class="hint" lang="da">Havn om morgenen</span>');
    expect(html).toContain('2 of 3 available · 1 sold');
    expect(html).toContain('Plan chest 3');
    expect(html).toContain('Aquatint');
    expect(html).toContain('badge--draft');
    expect(html).toContain('badge--published');
    expect(html).toContain('This file is text, not an image.');
    expect(html).not.toContain('Foreign');
    // Uploading is the island's; the page says so without it, and passes the limits to it.
    expect(html).toContain('Uploading images needs JavaScript');
    expect(html).toContain(`data-max-bytes="${t.config.storage.uploadMaxBytes}"`);
    expect(html).toContain('data-types="image/jpeg,image/png');
    expect(html).toMatch(/<input type="file" id="upload-files" multiple accept="[^"]*image\/heic/);
  });

  it('filters by words, status, image state, technique, tag, location, impressions and years', async () => {
    const only = async (query: string) => {
      const res = await get(`/studio/prints?${query}`);
      expect(res.statusCode, query).toBe(200);
      return new Set(rowIds(res.body));
    };
    // (Every fixture print's alt text mentions a harbour: "morning" is the harbour print's own word.)
    expect(await only('q=morning')).toEqual(new Set([ids.harbour]));
    expect(await only('status=draft')).toEqual(new Set([ids.ready, ids.noTechnique, ids.failed]));
    expect(await only('status=published&q=church')).toEqual(new Set([ids.church]));
    expect(await only('image=failed')).toEqual(new Set([ids.failed]));
    expect(await only('technique=aquatint')).toEqual(new Set([ids.church]));
    expect(await only('tag=trees')).toEqual(new Set([ids.birch]));
    expect(await only('location=chest')).toEqual(new Set([ids.harbour]));
    expect(await only('impressions=sold')).toEqual(new Set([ids.harbour]));
    expect(await only('yearFrom=2004&yearTo=2020')).toEqual(new Set([ids.church, ids.birch, ids.ready]));
    // Another artist's matching print never shows.
    expect(await only('q=foreign')).toEqual(new Set());
    const none = await get('/studio/prints?q=foreign');
    expect(none.body).toContain('No prints match these filters.');
  });

  it('gives unusable filters back as errors at their fields (422)', async () => {
    const res = await get('/studio/prints?technique=woodcut-from-mars&yearFrom=2010&yearTo=2001');
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('class="error-summary"');
    expect(res.body).toContain('Enter a year that is not before “Year from”');
    const bad = await get('/studio/prints?technique=woodcut-from-mars');
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Choose a technique from the list');
    expect(bad.body).toContain('href="#f-technique"');
    expect(rowIds(bad.body)).toEqual([]);
  });

  it('sorts by title, year, change and creation, and says so on the column headers', async () => {
    const byTitle = rowIds((await get('/studio/prints?sort=title-asc')).body);
    expect(byTitle).toEqual([ids.birch, ids.harbour, ids.noTechnique, ids.ready, ids.failed, ids.church]);
    const byTitleDesc = rowIds((await get('/studio/prints?sort=title-desc')).body);
    expect(byTitleDesc).toEqual([...byTitle].reverse());
    const byYear = rowIds((await get('/studio/prints?sort=year-asc')).body);
    expect(byYear).toEqual([ids.harbour, ids.church, ids.birch, ids.ready, ids.noTechnique, ids.failed]);
    const created = rowIds((await get('/studio/prints?sort=created-asc')).body);
    expect(created).toEqual([ids.harbour, ids.church, ids.birch, ids.ready, ids.noTechnique, ids.failed]);
    await t.handle.db
      .updateTable('prints')
      .set({ location: JSON.stringify({ en: 'Framed, hall' }) })
      .where('id', '=', ids.church)
      .execute();
    const updated = rowIds((await get('/studio/prints')).body);
    expect(updated[0]).toBe(ids.church);
    const page = (await get('/studio/prints?sort=title-asc')).body;
    expect(page).toMatch(
      /<th scope="col" aria-sort="ascending"><a href="\/studio\/prints\?sort=title-desc">Title/,
    );
  });

  it('pages through a long inventory with previous/next links that keep the filters', async () => {
    for (let i = 1; i <= 24; i++) {
      await print(artistId, {
        status: 'draft',
        title: { da: `Serie ${String(i).padStart(2, '0')}`, en: `Series ${String(i).padStart(2, '0')}` },
        year: 1990,
      });
    }
    const first = await get('/studio/prints?status=draft&sort=title-asc');
    expect(rowIds(first.body)).toHaveLength(25);
    expect(first.body).toContain('Page 1 of 2');
    expect(first.body).toContain(
      'href="/studio/prints?status=draft&amp;sort=title-asc&amp;page=2" rel="next"',
    );
    expect(first.body).not.toContain('rel="prev"');
    const second = await get('/studio/prints?status=draft&sort=title-asc&page=2');
    const secondIds = rowIds(second.body);
    expect(secondIds).toHaveLength(2);
    expect(second.body).toContain('Page 2 of 2');
    expect(second.body).toContain('href="/studio/prints?status=draft&amp;sort=title-asc" rel="prev"');
    expect(new Set([...rowIds(first.body), ...secondIds]).size).toBe(27);
    // A page beyond the end shows the last one.
    expect(rowIds((await get('/studio/prints?status=draft&sort=title-asc&page=9')).body)).toEqual(secondIds);
  });

  it('answers processing status only for the artist’s own prints, with the session’s CSRF token', async () => {
    const res = await get(`/studio/prints/status?ids=${ids.failed},${ids.harbour},${ids.theirs}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = res.json<{ csrfToken: string; prints: Array<Record<string, unknown>> }>();
    expect(body.csrfToken).toBe(session.csrf);
    const byId = new Map(body.prints.map((p) => [p.id, p]));
    expect([...byId.keys()].sort()).toEqual([ids.failed, ids.harbour].sort());
    expect(byId.get(ids.failed)).toMatchObject({
      imageStatus: 'failed',
      error: 'This file is text, not an image.',
      thumbnailUrl: null,
      title: 'Shopping list',
    });
    expect(byId.get(ids.harbour)).toMatchObject({ imageStatus: 'completed', error: null });
    expect(String(byId.get(ids.harbour)?.thumbnailUrl)).toMatch(
      /^\/api\/v1\/artist\/media\/.+thumbnail\.webp$/,
    );
    const theirs = await get(`/studio/prints/status?ids=${ids.theirs}`, otherSession);
    expect(theirs.json<{ prints: unknown[] }>().prints).toHaveLength(1);
    const bad = await get('/studio/prints/status?ids=not-a-uuid');
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { code: string } }>().error.code).toBe('BAD_REQUEST');
  });

  it('retries a failed processing: CSRF required, another artist’s print not found, the job queued', async () => {
    const url = (id: string) => `/studio/prints/${id}/retry-processing`;
    const noCsrf = await post(url(ids.failed), [['returnTo', '/studio/prints']], { csrf: false });
    expect(noCsrf.statusCode).toBe(403);
    const wrongCsrf = await post(url(ids.failed), [['returnTo', '/studio/prints']], {
      csrf: otherSession.csrf,
    });
    expect(wrongCsrf.statusCode).toBe(403);
    const theirs = await post(url(ids.theirsFailed), [['returnTo', '/studio/prints']]);
    expect(theirs.statusCode).toBe(404);
    const stillFailed = await t.handle.db
      .selectFrom('prints')
      .select(['id', 'image_status'])
      .where('id', 'in', [ids.failed, ids.theirsFailed])
      .execute();
    expect(stillFailed.map((r) => r.image_status)).toEqual(['failed', 'failed']);

    const ok = await post(url(ids.failed), [['returnTo', '/studio/prints?status=draft&notice=old']]);
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/studio/prints?status=draft&notice=retried');
    const row = await t.handle.db
      .selectFrom('prints')
      .select(['image_status', 'image_error'])
      .where('id', '=', ids.failed)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ image_status: 'processing', image_error: null });
    const image = await t.handle.db
      .selectFrom('images')
      .select(['id', 'status', 'error'])
      .where('print_id', '=', ids.failed)
      .executeTakeFirstOrThrow();
    expect(image).toMatchObject({ status: 'processing', error: null });
    const { rows: jobs } = await sql<{ data: { imageId: string } }>`
      select data from pgboss.job where name = 'image.process'`.execute(t.handle.db);
    expect(jobs.map((j) => j.data.imageId)).toContain(image.id);
    const audit = await t.handle.db
      .selectFrom('audit_events')
      .select(['artist_id', 'entity_id', 'details'])
      .where('action', '=', 'print.image_retried')
      .execute();
    expect(audit).toEqual([
      {
        artist_id: artistId,
        entity_id: ids.failed,
        details: { imageId: image.id, previousError: 'This file is text, not an image.' },
      },
    ]);
    const page = await get('/studio/prints?notice=retried');
    expect(page.body).toContain('Processing was started again.');

    // Again while it is processing: nothing changes, the artist is told so.
    const twice = await post(url(ids.failed), [['returnTo', '/studio']]);
    expect(twice.headers.location).toBe('/studio?notice=not-failed');
    // The island's JSON form of the same request.
    const json = await post(url(ids.failed), [], { json: true });
    expect(json.statusCode).toBe(409);
    expect(json.json<{ error: { code: string } }>().error.code).toBe('CONFLICT');
    const secondFailure = await print(artistId, {
      status: 'draft',
      title: { en: 'Broken TIFF' },
      withImage: false,
    });
    await failImage(secondFailure, 'The TIFF file is damaged.');
    // The print editor's Retry comes back to the editor.
    const fromEditor = await post(url(secondFailure), [['returnTo', `/studio/prints/${secondFailure}`]]);
    expect(fromEditor.headers.location).toBe(`/studio/prints/${secondFailure}?notice=retried`);
    await failImage(secondFailure, 'The TIFF file is damaged.');
    const retried = await post(url(secondFailure), [], { json: true });
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ id: secondFailure, imageStatus: 'processing', error: null });
    // An off-site returnTo is never followed.
    await failImage(secondFailure, 'The TIFF file is damaged.');
    const offsite = await post(url(secondFailure), [['returnTo', 'https://evil.example/']]);
    expect(offsite.headers.location).toBe('/studio/prints?notice=retried');
  });
});
