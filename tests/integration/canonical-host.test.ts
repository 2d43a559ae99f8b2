// Signing in happens on PUBLIC_URL's host only: studio and issuer pages asked for under another host name (the
// *.herokuapp.com name beside a custom domain, 127.0.0.1 for localhost) move there first; X-Forwarded-Host counts
// only through a trusted proxy; public pages answer on any host.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../helpers/app.js';

const CANONICAL = 'https://gallery.example';
const HEROKU = 'copper-gallery.herokuapp.com';

describe('behind the Heroku router (TRUST_PROXY=1), custom domain plus the herokuapp.com name', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp('pglite', { PUBLIC_URL: CANONICAL, TRUST_PROXY: '1' });
  });
  afterAll(() => t?.cleanup());

  it.each([
    ['/studio'],
    ['/studio/prints?status=draft&page=2'],
    ['/studio/auth/login?returnTo=%2Fstudio%2Fgalleries'],
    ['/studio/auth/callback?code=abc&state=def'],
    ['/studio/signed-out'],
    ['/oidc/.well-known/openid-configuration'],
    ['/oidc/auth?client_id=copper-studio&response_type=code'],
    ['/oidc/interaction/some-interaction-id'],
  ])('moves GET %s on the herokuapp.com name to the same path and query on PUBLIC_URL', async (url) => {
    for (const method of ['GET', 'HEAD'] as const) {
      const res = await t.app.inject({ method, url, headers: { host: HEROKU } });
      expect(res.statusCode, `${method} ${url}`).toBe(308);
      expect(res.headers.location).toBe(`${CANONICAL}${url}`);
      expect(res.headers['cache-control']).toBe('private, no-store');
    }
  });

  it('starts the flow on the canonical host itself (any letter case, trailing dot or port)', async () => {
    for (const host of ['gallery.example', 'Gallery.Example', 'gallery.example.', 'gallery.example:443']) {
      const res = await t.app.inject({ method: 'GET', url: '/studio', headers: { host } });
      expect(res.statusCode, host).toBe(303);
      expect(res.headers.location).toBe('/studio/auth/login?returnTo=%2Fstudio');
    }
  });

  it('reads the host from X-Forwarded-Host when the proxy is trusted', async () => {
    const moved = await t.app.inject({
      method: 'GET',
      url: '/studio',
      headers: { host: 'gallery.example', 'x-forwarded-host': HEROKU },
    });
    expect(moved.statusCode).toBe(308);
    expect(moved.headers.location).toBe(`${CANONICAL}/studio`);
    // A proxy for the custom domain that sends the app's herokuapp.com name as Host.
    const kept = await t.app.inject({
      method: 'GET',
      url: '/studio',
      headers: { host: HEROKU, 'x-forwarded-host': 'gallery.example' },
    });
    expect(kept.statusCode).toBe(303);
  });

  it('leaves public pages, the public API and non-GET requests alone', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/en/', headers: { host: HEROKU } });
    expect(page.statusCode).toBe(200);
    const api = await t.app.inject({ method: 'GET', url: '/api/v1/galleries', headers: { host: HEROKU } });
    expect(api.statusCode).toBe(200);
    const post = await t.app.inject({
      method: 'POST',
      url: '/studio/auth/logout',
      headers: { host: HEROKU, 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });
    expect(post.statusCode).toBe(303);
    expect(post.headers.location).toBe('/studio/signed-out');
  });
});

describe('without a trusted proxy (TRUST_PROXY=0)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp('pglite', { PUBLIC_URL: 'http://localhost:3000', TRUST_PROXY: '0' });
  });
  afterAll(() => t?.cleanup());

  it('ignores X-Forwarded-Host and judges the Host header', async () => {
    const spoofed = await t.app.inject({
      method: 'GET',
      url: '/studio?from=spoof',
      headers: { host: '127.0.0.1:3000', 'x-forwarded-host': 'localhost:3000' },
    });
    expect(spoofed.statusCode).toBe(308);
    expect(spoofed.headers.location).toBe('http://localhost:3000/studio?from=spoof');
    const forwardedAway = await t.app.inject({
      method: 'GET',
      url: '/studio',
      headers: { host: 'localhost:3000', 'x-forwarded-host': 'evil.example' },
    });
    expect(forwardedAway.statusCode).toBe(303);
  });

  it('moves percent-encoded spellings of the studio too, to PUBLIC_URL only', async () => {
    const encoded = await t.app.inject({ method: 'GET', url: '/%73tudio', headers: { host: '127.0.0.1' } });
    expect(encoded.statusCode).toBe(308);
    expect(encoded.headers.location).toBe('http://localhost:3000/%73tudio');
  });
});
