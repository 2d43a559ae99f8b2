// The studio's gallery pages over inject(), on PGlite and real PostgreSQL: the list, create/edit with errors
// given back next to what was typed, the publishing gate and the public API, the cover, adding prints from the
// inventory, ordering without JavaScript (Move up/down and typed positions, read back from the database),
// removing, deleting, the artist scope and the CSRF check.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/db.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { asArtist, createArtist, insertGallery, insertPrint, positions } from '../helpers/catalogue.js';
import { orderFromPositions, parseMove } from '../../src/modules/studio/galleries-order.js';

const FORM = 'application/x-www-form-urlencoded';

describe('ordering rules of the no-JS form', () => {
  const ids = ['a', 'b', 'c', 'd'];
  const typed = (entries: Record<string, string>) =>
    new Map(ids.map((id, i) => [id, entries[id] ?? String(i + 1)]));

  it('puts a print moved up before, and a print moved down after, the one that had its number', () => {
    expect(orderFromPositions(ids, typed({ c: '1' }))).toEqual({
      ok: true,
      order: ['c', 'a', 'b', 'd'],
      changed: true,
    });
    expect(orderFromPositions(ids, typed({ a: '3' }))).toEqual({
      ok: true,
      order: ['b', 'c', 'a', 'd'],
      changed: true,
    });
    expect(orderFromPositions(ids, typed({ a: '2', b: '1' }))).toMatchObject({ order: ['b', 'a', 'c', 'd'] });
    expect(orderFromPositions(ids, typed({}))).toEqual({ ok: true, order: ids, changed: false });
  });

  it('refuses anything but a whole number from 1 to n, naming the field', () => {
    expect(orderFromPositions(ids, typed({ b: '0', c: '2.5', d: '5' }))).toEqual({
      ok: false,
      errors: {
        'position.b': 'Enter a whole number from 1 to 4',
        'position.c': 'Enter a whole number from 1 to 4',
        'position.d': 'Enter a whole number from 1 to 4',
      },
    });
  });

  it('reads Move up / Move down, staying inside the list', () => {
    const uuids = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'];
    expect(parseMove(`up:${uuids[1]}`, uuids)).toEqual({ printId: uuids[1], from: 2, to: 1 });
    expect(parseMove(`up:${uuids[0]}`, uuids)).toEqual({ printId: uuids[0], from: 1, to: 1 });
    expect(parseMove(`down:${uuids[1]}`, uuids)).toEqual({ printId: uuids[1], from: 2, to: 2 });
    expect(parseMove('sideways:x', uuids)).toBeUndefined();
    expect(parseMove(`up:00000000-0000-4000-8000-000000000009`, uuids)).toBeUndefined();
  });
});

describe.each(ENGINES)('studio galleries on %s', (engine) => {
  let t: TestApp;
  let artistId: string;
  let otherId: string;
  let session: { cookie: string; csrf: string };

  beforeAll(async () => {
    t = await openTestApp(engine);
    artistId = await createArtist(t.handle, 'Vilhelm Hammershøi');
    otherId = await createArtist(t.handle, 'Someone Else');
    const headers = await asArtist(t.config, t.handle, artistId);
    session = { cookie: headers.cookie ?? '', csrf: headers['x-csrf-token'] ?? '' };
  }, 60_000);

  afterAll(async () => {
    await t?.cleanup();
  });

  const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: session.cookie } });

  /** A form post as the browser sends it: urlencoded, the CSRF token in the hidden `_csrf` field. */
  const post = (url: string, fields: Array<[string, string]>, opts: { csrf?: boolean } = {}) => {
    const body = new URLSearchParams(fields);
    if (opts.csrf !== false) body.append('_csrf', session.csrf);
    return t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: session.cookie, 'content-type': FORM },
      payload: body.toString(),
    });
  };

  const print = (title: string, extra: Parameters<typeof insertPrint>[2] = {}) =>
    insertPrint(t.handle, artistId, { title: { da: `${title} (da)`, en: title }, ...extra });

  const galleryRow = (id: string) =>
    t.handle.db.selectFrom('galleries').selectAll().where('id', '=', id).executeTakeFirst();

  const publicGallery = (id: string) =>
    t.app.inject({ method: 'GET', url: `/api/v1/galleries/${id}?language=en` });

  it('lists only the artist’s galleries, with cover, both titles, print count and status', async () => {
    const p1 = await print('Interior with a stove');
    const p2 = await print('Open door');
    const mine = await insertGallery(t.handle, artistId, [p1, p2], 'published', {
      da: 'Stuer',
      en: 'Rooms',
    });
    await t.handle.db.updateTable('galleries').set({ cover_print_id: p2 }).where('id', '=', mine).execute();
    // A draft gallery whose cover is a draft print: its files are private.
    const sketch = await print('Sketch', { status: 'draft' });
    // Keyed as the worker keys versions (images/<image id>/…): the artist media route checks the owner by it.
    const { image_id: sketchImage } = await t.handle.db
      .selectFrom('prints')
      .select('image_id')
      .where('id', '=', sketch)
      .executeTakeFirstOrThrow();
    await t.handle.db
      .updateTable('image_versions')
      .set({ storage_key: `images/${sketchImage}/thumbnail.webp` })
      .where('image_id', '=', sketchImage)
      .where('version', '=', 'thumbnail')
      .execute();
    const drafts = await insertGallery(t.handle, artistId, [sketch], 'draft', {
      da: 'Kladde',
      en: 'Sketchbook',
    });
    await t.handle.db
      .updateTable('galleries')
      .set({ cover_print_id: sketch })
      .where('id', '=', drafts)
      .execute();
    const theirs = await insertGallery(t.handle, otherId, [], 'published', { da: 'Fremmed', en: 'Stranger' });

    const res = await get('/studio/galleries');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('private, no-store');
    const html = res.body;
    expect(html).toContain(`href="/studio/galleries/${mine}"`);
    expect(html).toContain('>Rooms</a>');
    expect(html).toContain('<span lang="da">Stuer</span>');
    expect(html).toContain('Sketchbook');
    expect(html).toMatch(/<td>2<\/td>/);
    expect(html).toContain('badge--published');
    expect(html).toContain('badge--draft');
    const cover = await t.handle.db
      .selectFrom('prints')
      .innerJoin('image_versions', 'image_versions.image_id', 'prints.image_id')
      .select('storage_key')
      .where('prints.id', '=', p2)
      .where('version', '=', 'thumbnail')
      .executeTakeFirstOrThrow();
    // Covers load through the artist media route, which serves drafts' private files too.
    expect(html).toContain(`src="/api/v1/artist/media/${cover.storage_key}"`);
    const draftCover = await t.handle.db
      .selectFrom('prints')
      .innerJoin('image_versions', 'image_versions.image_id', 'prints.image_id')
      .select('storage_key')
      .where('prints.id', '=', sketch)
      .where('version', '=', 'thumbnail')
      .executeTakeFirstOrThrow();
    expect(html).toContain(`src="/api/v1/artist/media/${draftCover.storage_key}"`);
    await t.storage.put('originals', draftCover.storage_key, Buffer.from('cover'), {
      contentType: 'image/webp',
    });
    const file = await get(`/api/v1/artist/media/${draftCover.storage_key}`);
    expect(file.statusCode).toBe(200);
    expect(file.body).toBe('cover');
    expect(html).toContain('href="/studio/galleries/new"');
    expect(html).not.toContain('Stranger');
    expect(html).not.toContain(theirs);
  });

  it('creates a gallery; errors come back next to the fields with everything typed', async () => {
    const before = await t.handle.db
      .selectFrom('galleries')
      .select('id')
      .where('artist_id', '=', artistId)
      .execute();

    const empty = await post('/studio/galleries/new', [
      ['title.da', ''],
      ['title.en', ''],
      ['description.da', 'Lys gennem vinduer'],
      ['description.en', 'Light through windows'],
      ['status', 'draft'],
    ]);
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('class="error-summary"');
    expect(empty.body).toContain('href="#f-title-da"');
    expect(empty.body).toContain('id="f-title-da-error"');
    expect(empty.body).toContain('Enter a title, in Danish or English');
    expect(empty.body).toContain('>Lys gennem vinduer</textarea>');
    expect(empty.body).toContain('>Light through windows</textarea>');

    const long = await post('/studio/galleries/new', [
      ['title.da', 'Vinduer'],
      ['title.en', 'W'.repeat(201)],
    ]);
    expect(long.statusCode).toBe(422);
    expect(long.body).toContain('Shorten the title to 200 characters or fewer (it has 201)');
    expect(long.body).toContain('value="Vinduer"');

    // The publishing gate is the service's: both titles are needed to publish.
    const gate = await post('/studio/galleries/new', [
      ['title.da', ''],
      ['title.en', 'Windows'],
      ['description.en', 'Light'],
      ['status', 'published'],
      ['featured', '1'],
    ]);
    expect(gate.statusCode).toBe(422);
    expect(gate.body).toContain('Enter the Danish title to publish, or keep the gallery as a draft');
    expect(gate.body).toContain('value="Windows"');
    expect(gate.body).toMatch(/<option value="published" selected/);
    expect(gate.body).toMatch(/name="featured" type="checkbox" value="1" checked/);

    const after = await t.handle.db
      .selectFrom('galleries')
      .select('id')
      .where('artist_id', '=', artistId)
      .execute();
    expect(after.length).toBe(before.length);

    const ok = await post('/studio/galleries/new', [
      ['title.da', 'Vinduer'],
      ['title.en', 'Windows'],
      ['description.da', ''],
      ['description.en', 'Light through windows'],
      ['status', 'draft'],
    ]);
    expect(ok.statusCode).toBe(303);
    const match = /^\/studio\/galleries\/([0-9a-f-]{36})\?notice=created$/.exec(String(ok.headers.location));
    expect(match).not.toBeNull();
    const id = match?.[1] ?? '';
    const row = await galleryRow(id);
    expect(row).toMatchObject({
      artist_id: artistId,
      status: 'draft',
      title: { da: 'Vinduer', en: 'Windows' },
      description: { en: 'Light through windows' },
      featured: false,
    });
    const audit = await t.handle.db
      .selectFrom('audit_events')
      .select('action')
      .where('entity_id', '=', id)
      .execute();
    expect(audit.map((a) => a.action)).toContain('gallery.created');

    const page = await get(String(ok.headers.location));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Gallery created.');
    expect(page.body).toContain('<h1>Gallery: Windows</h1>');
  });

  it('edits details and the cover; publishing and unpublishing show in the public API', async () => {
    const [a, b, c] = [await print('Sunbeams'), await print('Dust'), await print('Floor')];
    const elsewhere = await print('Not in this one');
    const id = await insertGallery(t.handle, artistId, [a, b, c], 'draft', { da: 'Sol', en: 'Sun' });
    expect((await publicGallery(id)).statusCode).toBe(404);

    const editor = await get(`/studio/galleries/${id}`);
    expect(editor.statusCode).toBe(200);
    // The cover is chosen among the gallery's prints, in their order.
    expect(editor.body).toContain(`<option value="${b}">2. Dust</option>`);
    expect(editor.body).not.toContain(`<option value="${elsewhere}"`);

    const notMember = await post(`/studio/galleries/${id}`, [
      ['title.da', 'Sol'],
      ['title.en', 'Sun'],
      ['coverPrintId', elsewhere],
      ['status', 'draft'],
    ]);
    expect(notMember.statusCode).toBe(422);
    expect(notMember.body).toContain('Choose one of the prints in this gallery, or No cover');
    expect((await galleryRow(id))?.cover_print_id).toBeNull();

    const published = await post(`/studio/galleries/${id}`, [
      ['title.da', 'Solen'],
      ['title.en', 'The sun'],
      ['description.da', 'Lys'],
      ['description.en', 'Light'],
      ['coverPrintId', b],
      ['status', 'published'],
      ['featured', '1'],
    ]);
    expect(published.statusCode).toBe(303);
    expect(published.headers.location).toBe(`/studio/galleries/${id}?notice=saved`);
    expect(await galleryRow(id)).toMatchObject({
      status: 'published',
      cover_print_id: b,
      featured: true,
      title: { da: 'Solen', en: 'The sun' },
    });
    const shown = await publicGallery(id);
    expect(shown.statusCode).toBe(200);
    expect(shown.json()).toMatchObject({ title: 'The sun', description: 'Light', printCount: 3 });
    expect(shown.json().coverThumbnailUrl).toEqual(expect.any(String));

    // Removing the Danish title of a published gallery is refused by the publishing gate, next to the field.
    const gate = await post(`/studio/galleries/${id}`, [
      ['title.da', ''],
      ['title.en', 'The sun'],
      ['coverPrintId', b],
      ['status', 'published'],
    ]);
    expect(gate.statusCode).toBe(422);
    expect(gate.body).toContain('id="f-title-da-error"');
    expect((await galleryRow(id))?.title).toEqual({ da: 'Solen', en: 'The sun' });

    const unpublished = await post(`/studio/galleries/${id}`, [
      ['title.da', 'Solen'],
      ['title.en', 'The sun'],
      ['coverPrintId', ''],
      ['status', 'draft'],
    ]);
    expect(unpublished.statusCode).toBe(303);
    expect(await galleryRow(id)).toMatchObject({ status: 'draft', cover_print_id: null, featured: false });
    expect((await publicGallery(id)).statusCode).toBe(404);
  });

  it('adds prints chosen from the inventory (search or newest), at the end, skipping members', async () => {
    const member = await print('Member already');
    const lighthouse = await print('Lighthouse at dusk');
    const dunes = await print('Dunes in wind', { status: 'draft' });
    const theirs = await insertPrint(t.handle, otherId, { title: { da: 'Fyr', en: 'Lighthouse far away' } });
    const id = await insertGallery(t.handle, artistId, [member], 'draft', { da: 'Kyst', en: 'Coast' });

    const newest = await get(`/studio/galleries/${id}/add`);
    expect(newest.statusCode).toBe(200);
    expect(newest.body).toContain(`value="${lighthouse}"`);
    expect(newest.body).toContain(`value="${dunes}"`);
    expect(newest.body).toContain('Dunes in wind (2023) — draft');
    expect(newest.body).not.toContain(`value="${member}"`);
    expect(newest.body).not.toContain(`value="${theirs}"`);

    const searched = await get(`/studio/galleries/${id}/add?q=lighthouse`);
    expect(searched.statusCode).toBe(200);
    expect(searched.body).toContain(`value="${lighthouse}"`);
    expect(searched.body).not.toContain(`value="${dunes}"`);
    expect(searched.body).not.toContain(`value="${theirs}"`);

    const none = await post(`/studio/galleries/${id}/prints`, [['q', 'lighthouse']]);
    expect(none.statusCode).toBe(422);
    expect(none.body).toContain('Choose at least one print to add');
    expect(none.body).toContain('value="lighthouse"');

    const added = await post(`/studio/galleries/${id}/prints`, [
      ['printId[]', dunes],
      ['printId[]', lighthouse],
      ['printId[]', member],
    ]);
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toBe(`/studio/galleries/${id}?added=2#order`);
    expect(await positions(t.handle, id)).toEqual([
      [member, 1],
      [dunes, 2],
      [lighthouse, 3],
    ]);
    expect((await get(`/studio/galleries/${id}?added=2`)).body).toContain(
      'Added 2 prints to the end of the gallery.',
    );

    // Another artist's print is not in this artist's inventory.
    const foreign = await post(`/studio/galleries/${id}/prints`, [['printId[]', theirs]]);
    expect(foreign.statusCode).toBe(422);
    expect(foreign.body).toContain('1 chosen print no longer exists in your inventory');
    expect((await positions(t.handle, id)).length).toBe(3);
  });

  it('orders without JavaScript: Move up / Move down and typed positions, stored as shown', async () => {
    const [a, b, c, d] = [await print('A'), await print('B'), await print('C'), await print('D')];
    const id = await insertGallery(t.handle, artistId, [a, b, c, d], 'published', { da: 'Ro', en: 'Calm' });
    const order = async () => (await positions(t.handle, id)).map(([printId]) => printId);

    const editor = await get(`/studio/galleries/${id}`);
    expect(editor.body).toContain(`name="position.${c}"`);
    expect(editor.body).toContain(`value="up:${c}"`);
    // The first print cannot move up, the last cannot move down.
    expect(editor.body).toMatch(new RegExp(`value="up:${a}" id="up-${a}"[^>]*disabled`));
    expect(editor.body).toMatch(new RegExp(`value="down:${d}" id="down-${d}"[^>]*disabled`));

    const up = await post(`/studio/galleries/${id}/order`, [['move', `up:${c}`]]);
    expect(up.statusCode).toBe(303);
    // Back to the same button, so pressing it again moves the print again.
    expect(up.headers.location).toBe(`/studio/galleries/${id}?moved=${c}#up-${c}`);
    expect(await order()).toEqual([a, c, b, d]);
    expect((await get(String(up.headers.location).split('#')[0] ?? '')).body).toContain(
      'Moved “C” to position 2 of 4.',
    );

    const top = await post(`/studio/galleries/${id}/order`, [['move', `up:${c}`]]);
    expect(top.headers.location).toBe(`/studio/galleries/${id}?moved=${c}#down-${c}`);
    expect(await order()).toEqual([c, a, b, d]);

    await post(`/studio/galleries/${id}/order`, [['move', `down:${a}`]]);
    expect(await order()).toEqual([c, b, a, d]);

    // Typed positions: D to the top, C down to 3.
    const typed = await post(`/studio/galleries/${id}/order`, [
      [`position.${c}`, '3'],
      [`position.${b}`, '2'],
      [`position.${a}`, '3'],
      [`position.${d}`, '1'],
      ['save', '1'],
    ]);
    expect(typed.statusCode).toBe(303);
    expect(typed.headers.location).toBe(`/studio/galleries/${id}?notice=order#order`);
    expect(await order()).toEqual([d, b, a, c]);
    const positionsNow = await positions(t.handle, id);
    expect(positionsNow.map(([, position]) => position)).toEqual([1, 2, 3, 4]);

    // A wrong number comes back with what was typed and the error at that field; nothing is stored.
    const wrong = await post(`/studio/galleries/${id}/order`, [
      [`position.${d}`, '1'],
      [`position.${b}`, 'two'],
      [`position.${a}`, '3'],
      [`position.${c}`, '9'],
    ]);
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain(`id="f-position-${b}-error"`);
    expect(wrong.body).toContain(`id="f-position-${c}-error"`);
    expect(wrong.body).toContain('Enter a whole number from 1 to 4');
    expect(wrong.body).toMatch(new RegExp(`name="position.${b}"[^>]*value="two"`));
    expect(await order()).toEqual([d, b, a, c]);

    // The public API serves the new order.
    const shown = (await publicGallery(id)).json() as { prints: Array<{ id: string; order: number }> };
    expect(shown.prints.map((p) => p.id)).toEqual([d, b, a, c]);

    // A form from before a print was removed elsewhere is refused, not half-applied.
    await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/artist/galleries/${id}/prints/${a}`,
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
    });
    const stale = await post(`/studio/galleries/${id}/order`, [
      [`position.${d}`, '4'],
      [`position.${b}`, '2'],
      [`position.${a}`, '3'],
      [`position.${c}`, '1'],
    ]);
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('The gallery changed since this page was loaded');
    expect(await order()).toEqual([d, b, c]);
  });

  it('removes a print from the gallery (keeping it in the inventory) and clears it as cover', async () => {
    const [a, b, c] = [await print('One'), await print('Two'), await print('Three')];
    const id = await insertGallery(t.handle, artistId, [a, b, c], 'draft', { da: 'Tre', en: 'Three' });
    await t.handle.db.updateTable('galleries').set({ cover_print_id: b }).where('id', '=', id).execute();

    const removed = await post(`/studio/galleries/${id}/prints/remove`, [['printId', b]]);
    expect(removed.statusCode).toBe(303);
    expect(removed.headers.location).toBe(`/studio/galleries/${id}?notice=removed#order`);
    expect(await positions(t.handle, id)).toEqual([
      [a, 1],
      [c, 2],
    ]);
    expect((await galleryRow(id))?.cover_print_id).toBeNull();
    const still = await t.handle.db.selectFrom('prints').select('id').where('id', '=', b).executeTakeFirst();
    expect(still?.id).toBe(b);
    // Removing again (a second click) is harmless.
    expect((await post(`/studio/galleries/${id}/prints/remove`, [['printId', b]])).statusCode).toBe(303);
  });

  it('deletes a gallery after a confirmation page; its prints stay', async () => {
    const a = await print('Kept');
    const id = await insertGallery(t.handle, artistId, [a], 'published', { da: 'Væk', en: 'Gone' });
    const confirm = await get(`/studio/galleries/${id}/delete`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('<h1>Delete “Gone”?</h1>');
    expect(confirm.body).toContain(`action="/studio/galleries/${id}/delete"`);

    const deleted = await post(`/studio/galleries/${id}/delete`, []);
    expect(deleted.statusCode).toBe(303);
    expect(deleted.headers.location).toBe('/studio/galleries?notice=deleted');
    expect(await galleryRow(id)).toBeUndefined();
    expect(
      await t.handle.db.selectFrom('prints').select('id').where('id', '=', a).executeTakeFirst(),
    ).toBeTruthy();
    expect((await get('/studio/galleries?notice=deleted')).body).toContain('Gallery deleted.');
    expect((await get(`/studio/galleries/${id}`)).statusCode).toBe(404);
  });

  it('answers 404 for another artist’s gallery on every page and changes nothing', async () => {
    const theirPrint = await insertPrint(t.handle, otherId, { title: { da: 'Deres', en: 'Theirs' } });
    const second = await insertPrint(t.handle, otherId, { title: { da: 'Andet', en: 'Second' } });
    const id = await insertGallery(t.handle, otherId, [theirPrint, second], 'draft', {
      da: 'Deres',
      en: 'Theirs',
    });
    for (const url of [
      `/studio/galleries/${id}`,
      `/studio/galleries/${id}/add`,
      `/studio/galleries/${id}/delete`,
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain('Theirs');
    }
    const attempts: Array<[string, Array<[string, string]>]> = [
      [
        `/studio/galleries/${id}`,
        [
          ['title.da', 'Mit'],
          ['title.en', 'Mine'],
          ['status', 'published'],
        ],
      ],
      [`/studio/galleries/${id}/order`, [['move', `down:${theirPrint}`]]],
      [`/studio/galleries/${id}/prints/remove`, [['printId', theirPrint]]],
      [`/studio/galleries/${id}/prints`, [['printId[]', theirPrint]]],
      [`/studio/galleries/${id}/delete`, []],
    ];
    for (const [url, fields] of attempts) {
      expect((await post(url, fields)).statusCode, url).toBe(404);
    }
    expect(await galleryRow(id)).toMatchObject({ status: 'draft', title: { da: 'Deres', en: 'Theirs' } });
    expect(await positions(t.handle, id)).toEqual([
      [theirPrint, 1],
      [second, 2],
    ]);
    expect((await get('/studio/galleries/not-a-uuid')).statusCode).toBe(404);
  });

  it('needs the CSRF token for every change, and a session for every page', async () => {
    const [a, b] = [await print('First'), await print('Second')];
    const id = await insertGallery(t.handle, artistId, [a, b], 'draft', { da: 'Vagt', en: 'Guard' });
    const count = async () =>
      (await t.handle.db.selectFrom('galleries').select('id').where('artist_id', '=', artistId).execute())
        .length;
    const before = await count();

    const create = await post('/studio/galleries/new', [['title.en', 'Forged']], { csrf: false });
    expect(create.statusCode).toBe(403);
    expect(await count()).toBe(before);
    const move = await post(`/studio/galleries/${id}/order`, [['move', `down:${a}`]], { csrf: false });
    expect(move.statusCode).toBe(403);
    const remove = await post(`/studio/galleries/${id}/prints/remove`, [['printId', a]], { csrf: false });
    expect(remove.statusCode).toBe(403);
    const del = await post(`/studio/galleries/${id}/delete`, [], { csrf: false });
    expect(del.statusCode).toBe(403);
    // A wrong token is no better than none.
    const forged = await t.app.inject({
      method: 'POST',
      url: `/studio/galleries/${id}/order`,
      headers: { cookie: session.cookie, 'content-type': FORM },
      payload: new URLSearchParams({ move: `down:${a}`, _csrf: 'x'.repeat(43) }).toString(),
    });
    expect(forged.statusCode).toBe(403);
    expect(await positions(t.handle, id)).toEqual([
      [a, 1],
      [b, 2],
    ]);
    expect(await galleryRow(id)).toBeTruthy();

    const anonymous = await t.app.inject({ method: 'GET', url: '/studio/galleries' });
    expect(anonymous.statusCode).toBe(303);
    expect(String(anonymous.headers.location)).toMatch(
      /^\/studio\/auth\/login\?returnTo=%2Fstudio%2Fgalleries/,
    );
  });
});
