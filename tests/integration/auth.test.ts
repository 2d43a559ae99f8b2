// Bearer tokens, sessions and CSRF on the artist API and studio routes (inject; the embedded issuer's keys).
import { generateKeyPairSync } from 'node:crypto';
import { exportJWK, importJWK, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArtist } from '../../src/modules/auth/artists.js';
import { ensureLocalArtist } from '../../src/modules/auth/local-artist.js';
import { loadAuthSecrets } from '../../src/modules/auth/secrets.js';
import { createSession } from '../../src/modules/auth/sessions.js';
import { mintAccessToken } from '../../src/modules/auth/tokens.js';
import { recordAudit } from '../../src/modules/audit/index.js';
import { ENGINES } from '../helpers/db.js';
import { openTestApp, type TestApp } from '../helpers/app.js';

const AUDIT = '/api/v1/artist/audit-events';

describe.each(ENGINES)('artist authentication on %s', (engine) => {
  let t: TestApp;
  let first: { id: string; subject: string };
  let signingKey: JWK;
  let issuer: string;

  beforeAll(async () => {
    t = await openTestApp(engine, { LOCAL_ARTIST_PASSWORD: 'a-configured-password-123' });
    await ensureLocalArtist(t.config, t.handle);
    const row = await t.handle.db.selectFrom('artists').selectAll().executeTakeFirstOrThrow();
    first = { id: row.id, subject: row.idp_subject ?? '' };
    await createArtist(t.handle, { email: 'second@example.com', name: 'Second', subject: 'local|second' });
    await recordAudit(t.handle.db, {
      artistId: first.id,
      actor: row.email,
      action: 'print.updated',
      entityType: 'print',
      entityId: 'p1',
    });
    signingKey = (await loadAuthSecrets(t.config, t.handle)).signingKey;
    issuer = `${t.config.publicUrl}/oidc`;
  });
  afterAll(() => t?.cleanup());

  const get = (headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url: AUDIT, headers });

  async function token(
    overrides: {
      aud?: string;
      iss?: string;
      exp?: number;
      permissions?: string[];
      sub?: string;
      key?: JWK;
    } = {},
  ) {
    const key = await importJWK(overrides.key ?? signingKey, 'RS256');
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ permissions: overrides.permissions ?? ['manage:gallery'] })
      .setProtectedHeader({ alg: 'RS256', kid: (overrides.key ?? signingKey).kid ?? '' })
      .setIssuer(overrides.iss ?? issuer)
      .setAudience(overrides.aud ?? t.config.oidc.audience)
      .setSubject(overrides.sub ?? first.subject)
      .setIssuedAt(now - 120)
      .setExpirationTime(overrides.exp ?? now + 300)
      .sign(key);
  }

  it('answers 401 with the API error shape without credentials', async () => {
    const res = await get();
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: { code: 'UNAUTHORIZED', message: expect.any(String) } });
  });

  it('accepts the token from `npm run token` and returns only that artist events', async () => {
    const { token: minted } = await mintAccessToken(t.config, t.handle);
    const res = await get({ authorization: `Bearer ${minted}` });
    expect(res.statusCode).toBe(200);
    const body = res.json() as {
      auditEvents: Array<{ action: string; entityId: string }>;
      totalCount: number;
      currentPage: number;
      totalPages: number;
    };
    expect(body.auditEvents.map((e) => e.action)).toContain('print.updated');
    expect(body.currentPage).toBe(1);
    expect(body.totalPages).toBe(1);
    const filtered = await t.app.inject({
      method: 'GET',
      url: `${AUDIT}?action=signin.success`,
      headers: { authorization: `Bearer ${minted}` },
    });
    expect(filtered.json()).toMatchObject({ auditEvents: [], totalCount: 0 });
  });

  it.each([
    ['expired', () => token({ exp: Math.floor(Date.now() / 1000) - 3600 })],
    ['wrong audience', () => token({ aud: 'https://someone-else.example' })],
    ['wrong issuer', () => token({ iss: 'https://evil.example/' })],
    ['missing permission', () => token({ permissions: ['read:stuff'] })],
    ['unknown subject', () => token({ sub: 'local|nobody' })],
    [
      'tampered signature',
      async () => {
        const [h, p, s] = (await token()).split('.');
        const payload = JSON.parse(Buffer.from(p ?? '', 'base64url').toString()) as Record<string, unknown>;
        payload.sub = 'local|second';
        return `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
      },
    ],
    [
      'alg none',
      async () => {
        const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
        const now = Math.floor(Date.now() / 1000);
        return `${enc({ alg: 'none', typ: 'JWT' })}.${enc({ iss: issuer, aud: t.config.oidc.audience, sub: first.subject, exp: now + 300, permissions: ['manage:gallery'] })}.`;
      },
    ],
    [
      'signed by another key',
      async () => {
        const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
        return token({ key: { ...(await exportJWK(privateKey)), kid: signingKey.kid ?? '' } });
      },
    ],
    ['garbage', async () => 'not-a-jwt'],
  ])('refuses a %s token with 401 invalid_token', async (_name, make) => {
    const res = await get({ authorization: `Bearer ${await make()}` });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    expect(res.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
  });

  it("a valid token of a second artist never sees the first artist's events", async () => {
    const { token: second } = await mintAccessToken(t.config, t.handle, { email: 'second@example.com' });
    const res = await get({ authorization: `Bearer ${second}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ auditEvents: [], totalCount: 0 });
  });

  describe('studio sessions', () => {
    const cookieFor = async (remember = false) => {
      const s = await createSession(t.config, t.handle, {
        artistId: first.id,
        remember,
        ip: '127.0.0.1',
        userAgent: 'test',
        idToken: null,
      });
      return { ...s, cookie: `cpg_session=${s.token}` };
    };

    it('works with the cookie and ends at the idle timeout', async () => {
      const s = await cookieFor();
      expect((await get({ cookie: s.cookie })).statusCode).toBe(200);
      await t.handle.db
        .updateTable('sessions')
        .set({ idle_expires_at: new Date(Date.now() - 1000) })
        .where('id', '=', s.id)
        .execute();
      const res = await get({ cookie: s.cookie });
      expect(res.statusCode).toBe(401);
      expect(String(res.headers['set-cookie'])).toMatch(/cpg_session=;/);
      expect(
        await t.handle.db.selectFrom('sessions').select('id').where('id', '=', s.id).execute(),
      ).toHaveLength(0);
    });

    it('ends at the absolute timeout even when used constantly', async () => {
      const s = await cookieFor(true);
      await t.handle.db
        .updateTable('sessions')
        .set({ absolute_expires_at: new Date(Date.now() - 1000) })
        .where('id', '=', s.id)
        .execute();
      expect((await get({ cookie: s.cookie })).statusCode).toBe(401);
    });

    it('forgets sessions that ended without being presented again when the next one begins', async () => {
      const idle = await cookieFor();
      const absolute = await cookieFor(true);
      const live = await cookieFor();
      const past = new Date(Date.now() - 1000);
      await t.handle.db
        .updateTable('sessions')
        .set({ idle_expires_at: past })
        .where('id', '=', idle.id)
        .execute();
      await t.handle.db
        .updateTable('sessions')
        .set({ absolute_expires_at: past })
        .where('id', '=', absolute.id)
        .execute();
      const next = await cookieFor();
      const ids = (await t.handle.db.selectFrom('sessions').select('id').execute()).map((r) => r.id);
      expect(ids).not.toContain(idle.id);
      expect(ids).not.toContain(absolute.id);
      expect(ids).toEqual(expect.arrayContaining([live.id, next.id]));
    });

    it('slides the idle expiry at most once a minute', async () => {
      const s = await cookieFor();
      const old = new Date(Date.now() - 5 * 60_000);
      await t.handle.db.updateTable('sessions').set({ last_seen_at: old }).where('id', '=', s.id).execute();
      await get({ cookie: s.cookie });
      const row = await t.handle.db
        .selectFrom('sessions')
        .selectAll()
        .where('id', '=', s.id)
        .executeTakeFirstOrThrow();
      expect(row.last_seen_at.getTime()).toBeGreaterThan(old.getTime());
      expect(row.idle_expires_at.getTime()).toBeGreaterThan(
        Date.now() + (t.config.session.idleTimeoutMinutes - 1) * 60_000,
      );
    });

    it('refuses CSRF-less and cross-origin state changes on studio routes', async () => {
      const s = await cookieFor();
      const post = (headers: Record<string, string>, payload = '') =>
        t.app.inject({
          method: 'POST',
          url: '/studio/auth/logout',
          headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers },
          payload,
        });
      expect((await post({})).statusCode).toBe(403);
      expect((await post({}, '_csrf=wrong')).statusCode).toBe(403);
      expect((await post({ origin: 'https://evil.example' }, `_csrf=${s.csrfToken}`)).statusCode).toBe(403);
      // Artist API with the cookie needs it too.
      const api = await t.app.inject({ method: 'DELETE', url: `${AUDIT}/1`, headers: { cookie: s.cookie } });
      expect(api.statusCode).toBe(403);
      // With the token (field or header) the sign-out goes through and the session is gone.
      const ok = await post({ 'x-csrf-token': s.csrfToken });
      expect(ok.statusCode).toBe(303);
      expect(String(ok.headers['set-cookie'])).toMatch(/cpg_session=;/);
      expect((await get({ cookie: s.cookie })).statusCode).toBe(401);
    });

    it('Bearer requests need no CSRF token', async () => {
      const { token: minted } = await mintAccessToken(t.config, t.handle);
      const res = await t.app.inject({
        method: 'DELETE',
        url: `${AUDIT}/1`,
        headers: { authorization: `Bearer ${minted}` },
      });
      expect(res.statusCode).toBe(404); // no such route: past authentication, never 403
    });

    it('redirects studio pages to sign-in without a session', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/studio' });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/studio/auth/login?returnTo=%2Fstudio');
      const s = await cookieFor();
      const page = await t.app.inject({ method: 'GET', url: '/studio', headers: { cookie: s.cookie } });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(`value="${s.csrfToken}"`);
    });
  });

  it('mounts the embedded issuer under /oidc with RS256 and the security headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/oidc/.well-known/openid-configuration' });
    expect(res.statusCode).toBe(200);
    const meta = res.json() as Record<string, unknown>;
    expect(meta.issuer).toBe(issuer);
    expect(meta.authorization_endpoint).toBe(`${issuer}/auth`);
    expect(meta.end_session_endpoint).toBe(`${issuer}/session/end`);
    expect(meta.id_token_signing_alg_values_supported).toContain('RS256');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    const jwks = await t.app.inject({ method: 'GET', url: '/oidc/jwks' });
    const keys = (jwks.json() as { keys: Array<Record<string, unknown>> }).keys;
    expect(keys.map((k) => k.kid)).toEqual([signingKey.kid]);
    expect(keys[0]).not.toHaveProperty('d'); // never the private part
  });

  it('serves the sign-in pages with a CSP that allows no inline script', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/studio/signed-out' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
  });
});
