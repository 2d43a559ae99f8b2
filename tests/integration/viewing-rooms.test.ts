// Private viewing rooms (decision 015) through the app on both engines: the artist API (CRUD, validation with the
// error shape, another artist's rooms), the room's pages (headers, 410 after revoke and expiry, password and its
// rate limit, opening counts). Images through a room: viewing-rooms-media.test.ts and visibility-policy.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/db.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { asArtist, createArtist, insertPrint } from '../helpers/catalogue.js';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

describe.each(ENGINES)('viewing rooms on %s', (engine) => {
  let t: TestApp;
  let artist: Record<string, string>;
  let other: Record<string, string>;
  let draftId: string;
  let publishedId: string;
  let foreignPrintId: string;

  beforeAll(async () => {
    t = await openTestApp(engine);
    const a = await createArtist(t.handle);
    const b = await createArtist(t.handle, 'Other');
    artist = await asArtist(t.config, t.handle, a);
    other = await asArtist(t.config, t.handle, b);
    draftId = await insertPrint(t.handle, a, {
      status: 'draft',
      title: { da: 'Ny tilstand', en: 'New state' },
    });
    await t.handle.db
      .updateTable('prints')
      .set({ price_amount: 4500, price_currency: 'DKK' })
      .where('id', '=', draftId)
      .execute();
    publishedId = await insertPrint(t.handle, a, { title: { da: 'Havn', en: 'Harbour' } });
    foreignPrintId = await insertPrint(t.handle, b);
  });
  afterAll(() => t?.cleanup());

  const api = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
    headers = artist,
  ) =>
    t.app.inject({
      method,
      url: `/api/v1/artist/viewing-rooms${url}`,
      headers,
      ...(payload ? { payload } : {}),
    });

  const create = async (extra: object = {}) => {
    const res = await api('POST', '', {
      title: { da: 'Til Karen', en: 'For Karen' },
      printIds: [draftId, publishedId],
      expiresAt: inDays(7),
      ...extra,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string; url: string; status: string; printIds: string[] }>();
  };
  const pathOf = (url: string) => new URL(url).pathname;
  const page = (path: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url: path, headers });

  it('creates a room with an unguessable link and lists, reads and edits it', async () => {
    const room = await create({ note: { en: 'New states of the harbour plate.' }, showPrices: true });
    expect(room.url).toMatch(new RegExp(`^${t.config.publicUrl}/rooms/[A-Za-z0-9_-]{43}$`));
    expect(room.status).toBe('live');
    expect(room.printIds).toEqual([draftId, publishedId]);
    const token = pathOf(room.url).split('/')[2]!;
    const stored = await t.handle.db
      .selectFrom('viewing_rooms')
      .selectAll()
      .where('id', '=', room.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(token);

    const second = await create(); // several rooms for the same prints
    expect(second.url).not.toBe(room.url);

    const list = await api('GET', '');
    expect(list.statusCode).toBe(200);
    expect(list.json<{ rooms: Array<{ id: string }> }>().rooms.map((r) => r.id)).toEqual(
      expect.arrayContaining([room.id, second.id]),
    );
    expect(list.headers['cache-control']).toBe('private, no-store');

    const later = inDays(30);
    const patched = await api('PATCH', `/${room.id}`, { expiresAt: later, printIds: [publishedId, draftId] });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({
      expiresAt: later,
      printIds: [publishedId, draftId],
      url: room.url,
    });

    const got = await api('GET', `/${room.id}`);
    expect(got.json()).toMatchObject({ id: room.id, showPrices: true, hasPassword: false, openCount: 0 });
  });

  it('refuses bad input with the API error shape and the field', async () => {
    const cases: Array<[object, string]> = [
      [{ printIds: [draftId], expiresAt: inDays(1) }, 'title'],
      [{ title: { en: '  ' }, printIds: [draftId], expiresAt: inDays(1) }, 'title'],
      [{ title: { en: 'x' }, printIds: [], expiresAt: inDays(1) }, 'printIds'],
      [{ title: { en: 'x' }, printIds: [draftId, draftId], expiresAt: inDays(1) }, 'printIds'],
      [{ title: { en: 'x' }, printIds: [foreignPrintId], expiresAt: inDays(1) }, 'printIds'],
      [{ title: { en: 'x' }, printIds: ['not-a-uuid'], expiresAt: inDays(1) }, 'printIds.0'],
      [{ title: { en: 'x' }, printIds: [draftId], expiresAt: inDays(-1) }, 'expiresAt'],
      [{ title: { en: 'x' }, printIds: [draftId], expiresAt: inDays(400) }, 'expiresAt'],
      [{ title: { en: 'x' }, printIds: [draftId], expiresAt: 'tomorrow' }, 'expiresAt'],
      [{ title: { en: 'x' }, printIds: [draftId], expiresAt: inDays(1), password: 'abc' }, 'password'],
      [
        { title: { en: 'x' }, printIds: [draftId], expiresAt: inDays(1), maxVersion: 'original' },
        'maxVersion',
      ],
      [{ title: { en: 'x' }, printIds: [draftId], expiresAt: inDays(1), colour: 'red' }, 'colour'],
    ];
    for (const [payload, field] of cases) {
      const res = await api('POST', '', payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json(), JSON.stringify(payload)).toMatchObject({
        error: { code: 'BAD_REQUEST', details: { field } },
      });
    }
    expect((await api('GET', '/not-a-uuid')).statusCode).toBe(400);
    expect((await api('GET', '', undefined, {})).statusCode).toBe(401);
  });

  it("keeps one artist's rooms from another", async () => {
    const room = await create();
    for (const [method, payload] of [
      ['GET', undefined],
      ['PATCH', { expiresAt: inDays(9) }],
      ['DELETE', undefined],
    ] as const) {
      const res = await api(method, `/${room.id}`, payload, other);
      expect(res.statusCode, method).toBe(404);
      expect(res.json()).toMatchObject({ error: { code: 'RESOURCE_NOT_FOUND' } });
    }
    const list = await api('GET', '', undefined, other);
    expect(list.json<{ rooms: unknown[] }>().rooms).toEqual([]);
    expect((await page(pathOf(room.url))).statusCode).toBe(302); // still open
  });

  it('studio forms need the CSRF token and stay within the artist', async () => {
    const room = await create();
    const form = (url: string, headers: Record<string, string>, fields: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(fields).toString(),
      });
    const { cookie } = artist;
    expect((await form(`/studio/rooms/${room.id}/revoke`, { cookie: cookie! }, {})).statusCode).toBe(403);
    const foreign = await form(`/studio/rooms/${room.id}/revoke`, other, { _csrf: other['x-csrf-token']! });
    expect(foreign.statusCode).toBe(404);
    expect((await api('GET', `/${room.id}`)).json()).toMatchObject({ status: 'live' });
    const list = await t.app.inject({ method: 'GET', url: '/studio/rooms', headers: artist });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(room.url);
    expect((await t.app.inject({ method: 'GET', url: '/studio/rooms', headers: other })).body).not.toContain(
      room.url,
    );
    const revoked = await form(`/studio/rooms/${room.id}/revoke`, artist, { _csrf: artist['x-csrf-token']! });
    expect(revoked.statusCode).toBe(303);
    expect((await api('GET', `/${room.id}`)).json()).toMatchObject({ status: 'revoked' });
  });

  it('serves the room privately: noindex, no-store, no referrer; drafts and prices only inside', async () => {
    const room = await create({ showPrices: true });
    const path = pathOf(room.url);
    const entry = await page(path, { 'accept-language': 'en' });
    expect(entry.statusCode).toBe(302);
    expect(entry.headers.location).toBe(`/en${path}`);
    for (const lang of ['da', 'en'] as const) {
      const res = await page(`/${lang}${path}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('private, no-store');
      expect(res.headers['x-robots-tag']).toMatch(/noindex/);
      expect(res.headers['referrer-policy']).toBe('same-origin');
      expect(res.headers['set-cookie']).toBeUndefined();
      expect(res.body).toContain('<meta name="robots" content="noindex"/>');
      expect(res.body).toContain(lang === 'da' ? 'Ny tilstand' : 'New state');
      expect(res.body).not.toContain('rel="canonical"');
      expect(res.body).toMatch(/4\.500,00\s*kr\.|DKK\s*4,500\.00/);
      const print = await page(`/${lang}${path}/prints/${draftId}`);
      expect(print.statusCode).toBe(200);
      expect(print.headers['referrer-policy']).toBe('same-origin');
      expect(print.headers['x-robots-tag']).toMatch(/noindex/);
    }
    expect((await page(`/en${path}/prints/${foreignPrintId}`)).statusCode).toBe(404);
    expect((await page(`/en${path}/prints/nonsense`)).statusCode).toBe(404);

    const noPrices = await create();
    expect((await page(`/en${pathOf(noPrices.url)}`)).body).not.toMatch(/DKK|kr\./);

    // The draft stays invisible everywhere else.
    expect((await page(`/en/prints/${draftId}`)).statusCode).toBe(404);
    expect((await page(`/api/v1/prints/${draftId}`)).statusCode).toBe(404);
    const sitemap = await page('/sitemap.xml');
    expect(sitemap.body).not.toContain(draftId);
    expect(sitemap.body).not.toContain('/rooms/');
  });

  it('counts openings of the room page, nothing else', async () => {
    const room = await create();
    const path = `/da${pathOf(room.url)}`;
    await page(path);
    await page(path);
    await page(`${path}/prints/${draftId}`);
    const got = (await api('GET', `/${room.id}`)).json<{ openCount: number; lastOpenedAt: string | null }>();
    expect(got.openCount).toBe(2);
    expect(got.lastOpenedAt).not.toBeNull();
  });

  it('answers 410 Gone after a revoke and after the expiry; unknown links 404', async () => {
    const room = await create();
    const path = pathOf(room.url);
    expect((await api('DELETE', `/${room.id}`)).statusCode).toBe(204);
    expect((await api('DELETE', `/${room.id}`)).statusCode).toBe(204);
    for (const url of [path, `/da${path}`, `/en${path}`, `/en${path}/prints/${draftId}`]) {
      const res = await page(url);
      expect(res.statusCode, url).toBe(410);
      expect(res.headers['cache-control']).toBe('private, no-store');
      expect(res.headers['referrer-policy']).toBe('same-origin');
    }
    expect((await page(`/en${path}`)).body).toContain('This viewing room is closed');
    const got = (await api('GET', `/${room.id}`)).json<{ status: string; revokedAt: string }>();
    expect(got.status).toBe('revoked');
    const patch = await api('PATCH', `/${room.id}`, { expiresAt: inDays(3) });
    expect(patch.statusCode).toBe(409);

    const expiring = await create();
    await t.handle.db
      .updateTable('viewing_rooms')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', expiring.id)
      .execute();
    expect((await page(`/da${pathOf(expiring.url)}`)).statusCode).toBe(410);
    expect((await api('GET', `/${expiring.id}`)).json()).toMatchObject({ status: 'expired' });
    // Extending an expired room opens it again.
    expect((await api('PATCH', `/${expiring.id}`, { expiresAt: inDays(2) })).statusCode).toBe(200);
    expect((await page(`/da${pathOf(expiring.url)}`)).statusCode).toBe(200);

    expect((await page(`/da/rooms/${'A'.repeat(43)}`)).statusCode).toBe(404);
    expect((await page('/da/rooms/short')).statusCode).toBe(404);
  });

  it('asks for the password first, unlocks with a room-scoped cookie, and limits wrong passwords', async () => {
    const room = await create({ password: 'etching plate' });
    const open = await create();
    const path = `/en${pathOf(room.url)}`;
    const locked = await page(path);
    expect(locked.statusCode).toBe(200);
    expect(locked.body).toContain('type="password"');
    expect(locked.body).not.toContain('New state');
    expect((await page(`${path}/prints/${draftId}`)).body).not.toContain('New state');
    // Its files too: nothing comes out of a locked room.
    const media = `${pathOf(room.url)}/media/images/${draftId}/a/b.webp`;
    expect((await page(media)).statusCode).toBe(403);

    const post = (password: string, ip = '10.0.0.1') =>
      t.app.inject({
        method: 'POST',
        url: `${path}/unlock`,
        remoteAddress: ip,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ password }).toString(),
      });
    const wrong = await post('guess');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('The password is not right');
    expect(wrong.headers['set-cookie']).toBeUndefined();

    const right = await post('etching plate');
    expect(right.statusCode).toBe(303);
    expect(right.headers.location).toBe(path);
    const cookie = String(right.headers['set-cookie']);
    expect(cookie).toMatch(
      /^cpg_room_[0-9a-f]{32}=\d+\.[A-Za-z0-9_-]{43}; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Strict/,
    );
    const maxAge = Number(/Max-Age=(\d+)/.exec(cookie)![1]);
    expect(maxAge).toBeLessThanOrEqual(7200);
    const pair = cookie.split(';')[0]!;
    const unlocked = await page(path, { cookie: pair });
    expect(unlocked.body).toContain('New state');
    expect((await page(media, { cookie: pair })).statusCode).toBe(404); // unlocked; no such file in the room
    // The cookie opens this room only.
    const another = await create({ password: 'etching plate' });
    expect((await page(`/en${pathOf(another.url)}`, { cookie: pair })).body).toContain('type="password"');
    // A new password ends the unlock.
    await api('PATCH', `/${room.id}`, { password: 'a new password' });
    expect((await page(path, { cookie: pair })).body).toContain('type="password"');

    // Five wrong passwords from one address, then 429 even for the right one; another address still may try.
    for (let i = 0; i < 4; i += 1) expect((await post('nope', '10.0.0.2')).statusCode).toBe(400);
    expect((await post('nope', '10.0.0.2')).statusCode).toBe(400);
    const limited = await post('a new password', '10.0.0.2');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toMatch(/^\d+$/);
    expect(limited.headers['set-cookie']).toBeUndefined();
    expect((await post('a new password', '10.0.0.3')).statusCode).toBe(303);
    // A room without a password needs no form.
    expect((await page(`/en${pathOf(open.url)}`)).body).not.toContain('type="password"');
  });
});
