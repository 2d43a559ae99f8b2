// The authorization matrix: EVERY route under /api/v1/artist and every studio page, whoever registered it,
// refuses requests without valid credentials, and a second artist's valid token never reads or changes the
// first artist's data.
import { randomUUID } from 'node:crypto';
import { importJWK, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArtist } from '../../src/modules/auth/artists.js';
import { registeredRoutes } from '../../src/modules/auth/plugin.js';
import { loadAuthSecrets } from '../../src/modules/auth/secrets.js';
import { mintAccessToken } from '../../src/modules/auth/tokens.js';
import { ENGINES } from '../helpers/db.js';
import { openTestApp, type TestApp } from '../helpers/app.js';

const SECRET = 'FIRST-ARTIST-SECRET';
const isArtistApi = (url: string) => url === '/api/v1/artist' || url.startsWith('/api/v1/artist/');
const isStudioPage = (url: string) =>
  (url === '/studio' || url.startsWith('/studio/')) &&
  !url.startsWith('/studio/auth/') &&
  url !== '/studio/signed-out';

describe.each(ENGINES)('authorization matrix on %s', (engine) => {
  let t: TestApp;
  let routes: Array<{ method: string; url: string }>;
  const ids = { galleryId: '', printId: '', impressionId: '' };
  let firstSubject = '';
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

  it('finds the artist API and studio routes', () => {
    const urls = routes.map((r) => `${r.method} ${r.url}`);
    expect(urls).toContain('GET /api/v1/artist/audit-events');
    expect(urls).toContain('GET /studio');
  });

  it('refuses every route without credentials (401 API, sign-in redirect for pages)', async () => {
    for (const route of routes) {
      const res = await send(route.method, fill(route.url, true));
      if (isArtistApi(route.url)) {
        expect(res.statusCode, `${route.method} ${route.url}`).toBe(401);
        expect(res.json(), `${route.method} ${route.url}`).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
      } else {
        expect(res.statusCode, `${route.method} ${route.url}`).toBe(303);
        expect(res.headers.location).toMatch(/^\/studio\/auth\/login\?returnTo=/);
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
