// The authorization matrix: EVERY route under /api/v1/artist and every studio page, whoever registered it,
// refuses requests without valid credentials, and a second artist's valid token never reads or changes the
// first artist's data.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { importJWK, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArtist } from '../../src/modules/auth/artists.js';
import { registeredRoutes } from '../../src/modules/auth/plugin.js';
import { loadAuthSecrets } from '../../src/modules/auth/secrets.js';
import { createSession } from '../../src/modules/auth/sessions.js';
import { mintAccessToken } from '../../src/modules/auth/tokens.js';
import { ENGINES } from '../helpers/db.js';
import { openTestApp, type TestApp } from '../helpers/app.js';

const SECRET = 'FIRST-ARTIST-SECRET';
const isArtistApi = (url: string) => url === '/api/v1/artist' || url.startsWith('/api/v1/artist/');
const isStudioPage = (url: string) =>
  (url === '/studio' || url.startsWith('/studio/')) &&
  !url.startsWith('/studio/auth/') &&
  url !== '/studio/signed-out';

/**
 * The filled URL once per static segment of the route, with that segment's first letter percent-encoded
 * (`/api/v1/%61rtist/…`, `/%73tudio/…`): the router decodes them to the same route.
 */
function encodedSpellings(pattern: string, filled: string): string[] {
  const patternSegments = pattern.split('/');
  const segments = filled.split('/');
  const out: string[] = [];
  segments.forEach((segment, i) => {
    const fromPattern = patternSegments[i] ?? '';
    if (!/^[a-z]/i.test(segment) || fromPattern.startsWith(':') || fromPattern === '*') return;
    const encoded = `%${segment.charCodeAt(0).toString(16)}${segment.slice(1)}`;
    out.push(segments.map((s, j) => (j === i ? encoded : s)).join('/'));
  });
  return out;
}

/**
 * Every answer of the artist API and the studio (pages, JSON, errors, redirects) is `private, no-store`; the
 * artist's own image files may keep a private policy of their own.
 */
function expectPrivate(
  res: { statusCode: number; headers: Record<string, unknown> },
  route: string,
  where: string,
) {
  const value = res.headers['cache-control'];
  if (route === '/api/v1/artist/media/*' && [200, 304].includes(res.statusCode)) {
    expect(value, where).toMatch(/^private\b/);
  } else {
    expect(value, `cache-control of ${where} → ${res.statusCode}`).toBe('private, no-store');
  }
}

describe.each(ENGINES)('authorization matrix on %s', (engine) => {
  let t: TestApp;
  let routes: Array<{ method: string; url: string }>;
  const ids = { galleryId: '', printId: '', impressionId: '' };
  let firstSubject = '';
  let firstId = '';
  let signingKey: JWK;

  beforeAll(async () => {
    t = await openTestApp(engine);
    const first = await createArtist(t.handle, {
      email: 'first@example.com',
      name: 'First',
      subject: 'local|first',
    });
    await createArtist(t.handle, { email: 'second@example.com', name: 'Second', subject: 'local|second' });
    firstSubject = 'local|first';
    firstId = first.id;
    const { db } = t.handle;
    const print = await db
      .insertInto('prints')
      .values({ artist_id: first.id, title: { en: `${SECRET} print` } })
      .returning('id')
      .executeTakeFirstOrThrow();
    const gallery = await db
      .insertInto('galleries')
      .values({ artist_id: first.id, title: { en: `${SECRET} gallery` } })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('gallery_prints')
      .values({ gallery_id: gallery.id, print_id: print.id, position: 1 })
      .execute();
    const impression = await db
      .insertInto('impressions')
      .values({ print_id: print.id, kind: 'numbered', number: 1, notes: `${SECRET} impression` })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('tags')
      .values({ artist_id: first.id, slug: 'secret-tag', label: { en: `${SECRET} tag` } })
      .execute();
    Object.assign(ids, { galleryId: gallery.id, printId: print.id, impressionId: impression.id });
    signingKey = (await loadAuthSecrets(t.config, t.handle)).signingKey;
    routes = registeredRoutes(t.app).filter(
      (r) => r.method !== 'HEAD' && r.method !== 'OPTIONS' && (isArtistApi(r.url) || isStudioPage(r.url)),
    );
  });
  afterAll(() => t?.cleanup());

  const fill = (url: string, own: boolean) =>
    url
      .replace(/:([A-Za-z]+)/g, (_m, name: string) =>
        own && name in ids ? ids[name as keyof typeof ids] : randomUUID(),
      )
      .replace(/\*$/, 'x');

  const send = (method: string, url: string, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: method as 'GET',
      url,
      headers: {
        ...headers,
        ...(method === 'GET' || method === 'DELETE' ? {} : { 'content-type': 'application/json' }),
      },
      ...(method === 'GET' || method === 'DELETE' ? {} : { payload: '{}' }),
    });

  /** A studio session of the first artist (cookie token and CSRF token). */
  const firstArtistSession = async () =>
    createSession(t.config, t.handle, {
      artistId: firstId,
      remember: false,
      ip: null,
      userAgent: null,
      idToken: null,
    });

  it('finds the artist API and studio routes', () => {
    const urls = routes.map((r) => `${r.method} ${r.url}`);
    expect(urls).toContain('GET /api/v1/artist/audit-events');
    expect(urls).toContain('GET /studio');
    // The bulk edit: the artist API's and the studio's steps.
    expect(urls).toEqual(
      expect.arrayContaining([
        'POST /api/v1/artist/prints/bulk',
        'GET /studio/prints/bulk',
        'POST /studio/prints/bulk',
        'POST /studio/prints/bulk/preview',
        'POST /studio/prints/bulk/apply',
      ]),
    );
    // The inventory spreadsheet's routes (issue 22) are walked like every other.
    for (const route of [
      'GET /api/v1/artist/prints/export.csv',
      'POST /api/v1/artist/prints/import',
      'GET /studio/prints/export.csv',
      'GET /studio/prints/import',
      'POST /studio/prints/import',
      // The price list and the impression ledger (issue 18).
      'GET /api/v1/artist/price-list',
      'GET /api/v1/artist/impressions/export.csv',
      'GET /studio/prints/price-list.pdf',
      'GET /studio/prints/impressions.csv',
    ])
      expect(urls).toContain(route);
  });

  it('refuses every route without credentials (401 API, sign-in redirect for pages)', async () => {
    for (const route of routes) {
      const res = await send(route.method, fill(route.url, true));
      expectPrivate(res, route.url, `${route.method} ${route.url}`);
      if (isArtistApi(route.url)) {
        expect(res.statusCode, `${route.method} ${route.url}`).toBe(401);
        expect(res.json(), `${route.method} ${route.url}`).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
      } else {
        expect(res.statusCode, `${route.method} ${route.url}`).toBe(303);
        expect(res.headers.location).toMatch(/^\/studio\/auth\/login\?returnTo=/);
      }
    }
  });

  it('refuses percent-encoded spellings of every route just the same (the guard reads the matched route)', async () => {
    let sent = 0;
    for (const route of routes) {
      for (const url of encodedSpellings(route.url, fill(route.url, true))) {
        const res = await send(route.method, url);
        sent++;
        expectPrivate(res, route.url, `${route.method} ${url}`);
        const where = `${route.method} ${url} → ${res.statusCode}`;
        if (isArtistApi(route.url)) {
          expect(res.statusCode, where).toBe(401);
          expect(res.json(), where).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
        } else {
          expect(res.statusCode, where).toBe(303);
          expect(res.headers.location, where).toMatch(/^\/studio\/auth\/login\?returnTo=/);
        }
      }
    }
    expect(sent).toBeGreaterThan(routes.length);
  });

  it('keeps the signed-in studio pages out of every cache', async () => {
    const session = await firstArtistSession();
    const statuses = new Set<number>();
    for (const route of routes.filter((r) => r.method === 'GET')) {
      const res = await send('GET', fill(route.url, true), { cookie: `cpg_session=${session.token}` });
      statuses.add(res.statusCode);
      expectPrivate(res, route.url, `GET ${route.url}`);
    }
    expect(statuses.has(200)).toBe(true);
  });

  it('keeps the sign-in routes out of every cache too', async () => {
    const signIn = registeredRoutes(t.app).filter(
      (r) =>
        (r.url.startsWith('/studio/auth/') || r.url === '/studio/signed-out') &&
        r.method !== 'HEAD' &&
        r.method !== 'OPTIONS',
    );
    expect(signIn.map((r) => r.url)).toEqual(
      expect.arrayContaining(['/studio/auth/login', '/studio/auth/callback', '/studio/auth/logout']),
    );
    for (const route of signIn) {
      const res = await send(route.method, route.url);
      expectPrivate(res, route.url, `${route.method} ${route.url}`);
    }
  });

  it('refuses cookie-authenticated state changes without a CSRF token on every spelling (403)', async () => {
    const session = await firstArtistSession();
    const cookie = `cpg_session=${session.token}`;
    for (const route of routes.filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method))) {
      const filled = fill(route.url, true);
      for (const url of [filled, ...encodedSpellings(route.url, filled)]) {
        const res = await send(route.method, url, { cookie });
        expectPrivate(res, route.url, `${route.method} ${url}`);
        expect(res.statusCode, `${route.method} ${url}`).toBe(403);
      }
    }
  });

  it('refuses every route with expired, wrong-audience, wrong-issuer, tampered and alg-none tokens', async () => {
    const key = await importJWK(signingKey, 'RS256');
    const now = Math.floor(Date.now() / 1000);
    const make = (o: { aud?: string; iss?: string; exp?: number }) =>
      new SignJWT({ permissions: ['manage:gallery'] })
        .setProtectedHeader({ alg: 'RS256', kid: signingKey.kid ?? '' })
        .setIssuer(o.iss ?? `${t.config.publicUrl}/oidc`)
        .setAudience(o.aud ?? t.config.oidc.audience)
        .setSubject(firstSubject)
        .setIssuedAt(now - 7200)
        .setExpirationTime(o.exp ?? now + 300)
        .sign(key);
    const valid = await make({});
    const [h, p, s] = valid.split('.');
    const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const claims = JSON.parse(Buffer.from(p ?? '', 'base64url').toString()) as Record<string, unknown>;
    const bad = {
      expired: await make({ exp: now - 3600 }),
      wrongAudience: await make({ aud: 'https://other-api.example' }),
      wrongIssuer: await make({ iss: 'https://other-issuer.example/' }),
      tampered: `${h}.${enc({ ...claims, sub: 'local|second' })}.${s}`,
      algNone: `${enc({ alg: 'none', typ: 'JWT' })}.${p}.`,
    };
    for (const route of routes) {
      for (const [name, token] of Object.entries(bad)) {
        const res = await send(route.method, fill(route.url, true), { authorization: `Bearer ${token}` });
        expectPrivate(res, route.url, `${name}: ${route.method} ${route.url}`);
        expect(res.statusCode, `${name}: ${route.method} ${route.url}`).toBe(401);
      }
    }
  });

  it("never gives a second artist's valid token the first artist's data, nor lets it change them", async () => {
    const { db } = t.handle;
    const snapshot = async () => ({
      prints: await db.selectFrom('prints').select(['id', 'updated_at', 'status']).orderBy('id').execute(),
      galleries: await db
        .selectFrom('galleries')
        .select(['id', 'updated_at', 'status'])
        .orderBy('id')
        .execute(),
      galleryPrints: await db.selectFrom('gallery_prints').selectAll().orderBy('print_id').execute(),
      impressions: await db.selectFrom('impressions').select(['id', 'updated_at']).orderBy('id').execute(),
      tags: await db.selectFrom('tags').select(['id']).orderBy('id').execute(),
    });
    const before = await snapshot();
    const { token } = await mintAccessToken(t.config, t.handle, { email: 'second@example.com' });
    for (const route of routes.filter((r) => isArtistApi(r.url))) {
      const url = fill(route.url, true);
      const res = await send(route.method, url, { authorization: `Bearer ${token}` });
      const where = `${route.method} ${url} → ${res.statusCode}`;
      expect(res.statusCode, where).not.toBe(401);
      expectPrivate(res, route.url, where);
      expect(res.statusCode, where).toBeLessThan(500);
      expect(res.body, where).not.toContain(SECRET);
      for (const id of Object.values(ids)) expect(res.body, where).not.toContain(id);
      if (route.url.includes(':')) expect([400, 403, 404, 422], where).toContain(res.statusCode);
    }
    const after = await snapshot();
    // Creating the second artist's own things is allowed; none of the first artist's rows changed.
    expect(after.prints.filter((r) => before.prints.some((b) => b.id === r.id))).toEqual(before.prints);
    expect(after.galleries.filter((r) => before.galleries.some((b) => b.id === r.id))).toEqual(
      before.galleries,
    );
    expect(after.galleryPrints.filter((r) => r.gallery_id === ids.galleryId)).toEqual(
      before.galleryPrints.filter((r) => r.gallery_id === ids.galleryId),
    );
    expect(after.impressions.filter((r) => before.impressions.some((b) => b.id === r.id))).toEqual(
      before.impressions,
    );
  });
});

describe.each(ENGINES)("a bulk edit never reaches another artist's prints on %s", (engine) => {
  let t: TestApp;
  let printId = '';
  let galleryId = '';

  beforeAll(async () => {
    t = await openTestApp(engine);
    const first = await createArtist(t.handle, {
      email: 'first@example.com',
      name: 'First',
      subject: 'local|first',
    });
    const second = await createArtist(t.handle, {
      email: 'second@example.com',
      name: 'Second',
      subject: 'local|second',
    });
    const { db } = t.handle;
    printId = (
      await db
        .insertInto('prints')
        .values({ artist_id: first.id, title: { en: `${SECRET} print` }, year: 1999 })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    galleryId = (
      await db
        .insertInto('galleries')
        .values({ artist_id: first.id, title: { en: `${SECRET} gallery` } })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    await db
      .insertInto('prints')
      .values({ artist_id: second.id, title: { en: 'Own print' } })
      .execute();
  });
  afterAll(() => t?.cleanup());

  const snapshot = () =>
    t.handle.db
      .selectFrom('prints')
      .select(['id', 'year', 'status', 'updated_at'])
      .where('id', '=', printId)
      .executeTakeFirstOrThrow();

  it('answers not found for their print through the API (token) and the studio (session), changing nothing', async () => {
    const before = await snapshot();
    const { token } = await mintAccessToken(t.config, t.handle, { email: 'second@example.com' });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/artist/prints/bulk',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ printIds: [printId], set: { year: 1800, status: 'draft' }, dryRun: false }),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      summary: { matched: 1, changed: 0, notFound: 1 },
      prints: [{ printId, outcome: 'notFound', title: '' }],
    });
    expect(res.body).not.toContain(SECRET);
    const byFilter = await t.app.inject({
      method: 'POST',
      url: '/api/v1/artist/prints/bulk',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ filter: { year: 1999 }, set: { year: 1800 }, dryRun: false }),
    });
    expect(byFilter.json()).toMatchObject({ summary: { matched: 0, changed: 0 } });
    const intoTheirGallery = await t.app.inject({
      method: 'POST',
      url: '/api/v1/artist/prints/bulk',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ filter: {}, set: { addToGalleries: [galleryId] }, dryRun: false }),
    });
    expect(intoTheirGallery.statusCode).toBe(400);
    expect(await t.handle.db.selectFrom('gallery_prints').selectAll().execute()).toEqual([]);

    const second = await t.handle.db
      .selectFrom('artists')
      .select('id')
      .where('email', '=', 'second@example.com')
      .executeTakeFirstOrThrow();
    const session = await createSession(t.config, t.handle, {
      artistId: second.id,
      remember: false,
      ip: null,
      userAgent: null,
      idToken: null,
    });
    const studio = await t.app.inject({
      method: 'POST',
      url: '/studio/prints/bulk/apply',
      headers: {
        cookie: `cpg_session=${session.token}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: new URLSearchParams([
        ['_csrf', session.csrfToken],
        ['ids', printId],
        ['year', '1800'],
      ]).toString(),
    });
    expect(studio.statusCode).toBe(200);
    expect(studio.body).toContain('A print that is not in your catalogue');
    expect(studio.body).not.toContain(SECRET);
    expect(await snapshot()).toEqual(before);
  });
});

describe('the defence-in-depth guard holds for a route that forgets its own guard', () => {
  let t: TestApp;
  let app: FastifyInstance;
  const reached: string[] = [];

  beforeAll(async () => {
    t = await openTestApp(
      'pglite',
      {},
      {
        // Routes registered like any module's, but without requireArtist / requireStudioSession.
        extend(built) {
          built.get('/api/v1/artist/unguarded-probe', async () => {
            reached.push('api');
            return { reached: true };
          });
          built.post('/studio/unguarded-probe', async () => {
            reached.push('studio');
            return { reached: true };
          });
        },
      },
    );
    app = t.app;
  });
  afterAll(async () => await t?.cleanup());

  it.each([
    ['/api/v1/artist/unguarded-probe'],
    ['/api/v1/%61rtist/unguarded-probe'],
    ['/%61pi/v1/artist/unguarded-probe'],
    ['/api/v1/artist/%75nguarded-probe'],
  ])('GET %s without credentials is 401 with the API error shape', async (url) => {
    const res = await app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
  });

  it.each([['/studio/unguarded-probe'], ['/%73tudio/unguarded-probe'], ['/studio/%75nguarded-probe']])(
    'POST %s without a session goes to sign-in',
    async (url) => {
      const res = await app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json' },
        payload: '{"title":"x"}',
      });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toMatch(/^\/studio\/auth\/login\?returnTo=/);
    },
  );

  it('never ran the unguarded handlers', () => {
    expect(reached).toEqual([]);
  });
});
