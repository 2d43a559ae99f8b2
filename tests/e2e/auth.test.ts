// End to end: a real HTTP client signs in to the studio through the embedded issuer's own sign-in page, uses the
// artist API with the session cookie, signs out (studio and issuer), and the session is dead afterwards.
// The same flow then runs against a separately started oidc-provider configured like Auth0.
import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { exportJWK, importJWK, SignJWT, type JWK } from 'jose';
import { Provider } from 'oidc-provider';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import { createArtist } from '../../src/modules/auth/artists.js';
import { ensureLocalArtist, printLocalCredentials } from '../../src/modules/auth/local-artist.js';
import { createStorage } from '../../src/platform/storage/index.js';
import type { DatabaseHandle } from '../../src/platform/db/types.js';
import { createTempDir, ENGINES, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { Browser, freePort, parseForms } from './auth-client.js';

interface RunningApp {
  app: FastifyInstance;
  base: string;
  config: Config;
  handle: DatabaseHandle;
  logs: () => string;
  close(): Promise<void>;
}

async function startApp(
  engine: (typeof ENGINES)[number],
  env: Record<string, string> = {},
): Promise<RunningApp> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const temp = await createTempDir();
  const database: TestDatabase = await openTestDatabase(engine, {
    DATA_DIR: temp.dir,
    PUBLIC_URL: base,
    ...env,
  });
  let captured = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      captured += chunk.toString();
      done();
    },
  });
  const logger = pino({ level: 'trace' }, stream);
  const app = await buildApp({
    config: database.config,
    database: database.handle,
    storage: createStorage(database.config),
    loggerInstance: logger,
  });
  await app.listen({ port, host: '127.0.0.1' });
  return {
    app,
    base,
    config: database.config,
    handle: database.handle,
    logs: () => captured,
    async close() {
      await app.close();
      await database.cleanup();
      await temp.cleanup();
    },
  };
}

/** Drives the studio sign-in until the issuer's login page; returns that page's form. */
async function openSignIn(browser: Browser, base: string) {
  const { res, url, visited } = await browser.navigate(`${base}/studio`);
  expect(res.status).toBe(200);
  const html = await res.text();
  const form = parseForms(html, url)[0];
  if (!form) throw new Error(`no sign-in form at ${url}: ${html.slice(0, 300)}`);
  return { html, form, url, visited };
}

describe.each(ENGINES)('studio sign-in through the embedded issuer on %s', (engine) => {
  let t: RunningApp;
  let password = '';
  let username = '';

  beforeAll(async () => {
    t = await startApp(engine);
    const result = await ensureLocalArtist(t.config, t.handle);
    let printed = '';
    printLocalCredentials(result, t.config, (text) => (printed += text));
    username = /^username: (.+)$/m.exec(printed)?.[1] ?? '';
    password = /^password: (.+)$/m.exec(printed)?.[1] ?? '';
    expect(result.created).toBe(true);
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect(printed).toContain(`studio: ${t.base}/studio`);
    // Stored hashed, never in clear.
    const row = await t.handle.db
      .selectFrom('artists')
      .selectAll()
      .where('email', '=', username)
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^scrypt\$/);
    expect(row.password_hash).not.toContain(password);
    // A second start neither re-creates nor re-prints.
    expect(await ensureLocalArtist(t.config, t.handle)).toEqual({ created: false, username });
  });
  afterAll(() => t?.close());

  it('signs in, uses the artist API with the cookie, signs out everywhere', async () => {
    const browser = new Browser();
    // A planted session id must never become authenticated (fixation).
    browser.setCookie(t.base, 'cpg_session', 'planted-session-token-0123456789abcdef');

    const signIn = await openSignIn(browser, t.base);
    expect(signIn.visited[1]).toMatch(/\/studio\/auth\/login\?returnTo=%2Fstudio$/);
    expect(
      signIn.visited.some(
        (u) => u.includes('/oidc/auth?') && u.includes('code_challenge_method=S256') && u.includes('nonce='),
      ),
    ).toBe(true);
    expect(signIn.html).toContain('<label for="password">');
    expect(signIn.form.action).toMatch(/\/oidc\/interaction\/[^/]+\/login$/);

    // Wrong password: refused, audited, form shown again with the error tied to the fields.
    const wrong = await browser.navigate(signIn.form.action, {
      form: { email: username, password: 'not-the-password-1' },
    });
    expect(wrong.res.status).toBe(401);
    const wrongHtml = await wrong.res.text();
    expect(wrongHtml).toContain('role="alert"');
    expect(wrongHtml).toContain('aria-describedby="signin-error"');

    const done = await browser.navigate(signIn.form.action, { form: { email: username, password } });
    expect(done.url).toBe(`${t.base}/studio`);
    expect(done.res.status).toBe(200);
    const studio = await done.res.text();
    expect(studio).toContain('Signed in as');
    expect(studio).toContain(username);

    const session = browser.cookie(t.base, 'cpg_session');
    expect(session).toBeDefined();
    expect(session).not.toBe('planted-session-token-0123456789abcdef');
    const setCookie = browser.setCookies.find(
      (c) => c.startsWith('cpg_session=') && !c.startsWith('cpg_session=;'),
    );
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/i); // http PUBLIC_URL; https turns Secure on
    expect(setCookie).not.toMatch(/Expires|Max-Age/i); // no "remember me": a browser-session cookie
    // Only the hash is stored.
    const stored = await t.handle.db.selectFrom('sessions').select('id').execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.id).not.toBe(session);

    const api = await browser.request(`${t.base}/api/v1/artist/audit-events?limit=50`);
    expect(api.status).toBe(200);
    const events = (await api.json()) as {
      auditEvents: Array<{
        action: string;
        ip: string | null;
        userAgent: string | null;
        details: Record<string, unknown>;
      }>;
      totalCount: number;
    };
    const actions = events.auditEvents.map((e) => e.action);
    expect(actions).toContain('signin.success');
    expect(actions).toContain('signin.failure');
    const failure = events.auditEvents.find((e) => e.action === 'signin.failure');
    expect(failure?.ip).toBe('127.0.0.1');
    expect(failure?.userAgent).toBe('auth-e2e-browser/1.0');
    expect(failure?.details.reason).toBe('wrong_password');

    const csrf = parseForms(studio, done.url).find((f) => f.action.endsWith('/studio/auth/logout'));
    expect(csrf?.fields._csrf).toBeTruthy();
    // Without the token the sign-out (a state change) is refused.
    const forged = await browser.request(`${t.base}/studio/auth/logout`, { form: {} });
    expect(forged.status).toBe(403);

    const out = await browser.navigate(`${t.base}/studio/auth/logout`, {
      form: { _csrf: csrf?.fields._csrf ?? '' },
    });
    expect(out.visited[1]).toMatch(/\/oidc\/session\/end\?.*id_token_hint=/);
    expect(out.res.status).toBe(200);
    const confirm = parseForms(await out.res.text(), out.url)[0];
    expect(confirm?.fields.xsrf).toBeTruthy();
    const finished = await browser.navigate(confirm?.action ?? '', { form: confirm?.fields ?? {} });
    expect(finished.url).toBe(`${t.base}/studio/signed-out`);
    expect(await finished.res.text()).toContain('signed out');

    // The old cookie is dead server-side, even when replayed.
    expect(await t.handle.db.selectFrom('sessions').select('id').execute()).toHaveLength(0);
    const replay = await fetch(`${t.base}/api/v1/artist/audit-events`, {
      headers: { cookie: `cpg_session=${session}` },
    });
    expect(replay.status).toBe(401);
    // Signing in again needs the password again (the issuer session ended too).
    const again = await openSignIn(new Browser(), t.base);
    expect(again.form.action).toMatch(/\/login$/);
    const logout = await t.handle.db
      .selectFrom('audit_events')
      .select('action')
      .where('action', '=', 'signout')
      .execute();
    expect(logout).toHaveLength(1);
  });

  it('remember me makes a persistent cookie and a long session', async () => {
    const browser = new Browser();
    const signIn = await openSignIn(browser, t.base);
    const done = await browser.navigate(signIn.form.action, {
      form: { email: username, password, remember: '1' },
    });
    expect(done.url).toBe(`${t.base}/studio`);
    const setCookie = browser.setCookies
      .filter((c) => c.startsWith('cpg_session=') && !c.startsWith('cpg_session=;'))
      .at(-1);
    expect(setCookie).toMatch(/Expires=/i);
    const row = await t.handle.db
      .selectFrom('sessions')
      .selectAll()
      .where('remember_me', '=', true)
      .executeTakeFirstOrThrow();
    const days = (row.absolute_expires_at.getTime() - row.created_at.getTime()) / 86_400_000;
    expect(days).toBeCloseTo(t.config.session.rememberMeDays, 1);
  });

  it('never writes the password to the log', async () => {
    const logs = t.logs();
    expect(logs).toContain('sign-in failed');
    expect(logs.length).toBeGreaterThan(1000);
    expect(logs).not.toContain(password);
    expect(logs).not.toContain('not-the-password-1');
  });

  it('rate limits sign-in attempts per IP', async () => {
    const browser = new Browser();
    const signIn = await openSignIn(browser, t.base);
    const statuses: number[] = [];
    for (let i = 0; i < t.config.rateLimits.signInPerMinute + 2; i++) {
      const res = await browser.request(signIn.form.action, {
        form: { email: username, password: `wrong-${i}` },
      });
      statuses.push(res.status);
      await res.body?.cancel();
    }
    expect(statuses).toContain(429);
  });
});

describe('studio sign-in against a separate issuer configured like Auth0', () => {
  const audience = 'https://api.gallery.example';
  const clientSecret = 'a-client-secret-for-the-auth0-like-issuer';
  let t: RunningApp;
  let issuer: http.Server;
  let issuerUrl = '';
  let privateJwk: JWK;

  beforeAll(async () => {
    const issuerPort = await freePort();
    issuerUrl = `http://127.0.0.1:${issuerPort}/`;
    const appPort = await freePort();
    const appBase = `http://127.0.0.1:${appPort}`;
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    privateJwk = { ...(await exportJWK(privateKey)), kid: 'auth0-like-key', alg: 'RS256', use: 'sig' };
    const users = new Map([
      ['auth0|artist-1', { email: 'artist@gallery.example', password: 'correct horse battery' }],
    ]);
    const provider = new Provider(issuerUrl, {
      clients: [
        {
          client_id: 'studio-at-auth0',
          client_secret: clientSecret,
          redirect_uris: [`${appBase}/studio/auth/callback`],
          post_logout_redirect_uris: [`${appBase}/studio/signed-out`],
          grant_types: ['authorization_code'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_post',
        },
      ],
      jwks: { keys: [privateJwk] },
      cookies: { keys: ['auth0-like-cookie-key'] },
      extraParams: ['audience'],
      findAccount: async (_ctx: unknown, sub: string) =>
        users.has(sub)
          ? { accountId: sub, claims: async () => ({ sub, email: users.get(sub)?.email }) }
          : undefined,
      features: {
        devInteractions: { enabled: true },
        resourceIndicators: {
          enabled: true,
          defaultResource: (ctx: { oidc: { params?: Record<string, unknown> } }) =>
            ctx.oidc.params?.audience ?? audience,
          useGrantedResource: () => true,
          getResourceServerInfo: () => ({
            scope: 'manage:gallery',
            audience,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          }),
        },
      },
      // Like an Auth0 first-party app: no consent screen.
      loadExistingGrant: async (ctx: {
        oidc: { client?: { clientId: string }; session?: { accountId?: string }; provider: Provider };
      }) => {
        const { oidc } = ctx;
        if (!oidc.client || !oidc.session?.accountId) return undefined;
        const grant = new oidc.provider.Grant({
          accountId: oidc.session.accountId,
          clientId: oidc.client.clientId,
        });
        grant.addOIDCScope('openid profile email');
        grant.addResourceScope(audience, 'manage:gallery');
        await grant.save();
        return grant;
      },
    });
    issuer = http.createServer(provider.callback());
    await new Promise<void>((resolve) => issuer.listen(issuerPort, '127.0.0.1', resolve));

    t = await startAppOn(appPort, {
      OIDC_ISSUER_URL: issuerUrl,
      OIDC_CLIENT_ID: 'studio-at-auth0',
      OIDC_CLIENT_SECRET: clientSecret,
      OIDC_AUDIENCE: audience,
    });
    await createArtist(t.handle, {
      email: 'artist@gallery.example',
      name: 'Auth0 Artist',
      subject: 'auth0|artist-1',
    });
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((resolve) => issuer?.close(resolve));
  });

  async function startAppOn(port: number, env: Record<string, string>): Promise<RunningApp> {
    // startApp picks its own port; here the issuer needs the app's address first.
    const base = `http://127.0.0.1:${port}`;
    const temp = await createTempDir();
    const database = await openTestDatabase('pglite', { DATA_DIR: temp.dir, PUBLIC_URL: base, ...env });
    const app = await buildApp({
      config: database.config,
      database: database.handle,
      storage: createStorage(database.config),
    });
    await app.listen({ port, host: '127.0.0.1' });
    return {
      app,
      base,
      config: database.config,
      handle: database.handle,
      logs: () => '',
      async close() {
        await app.close();
        await database.cleanup();
        await temp.cleanup();
      },
    };
  }

  it('does not mount the embedded issuer', async () => {
    const res = await fetch(`${t.base}/oidc/.well-known/openid-configuration`);
    expect(res.status).toBe(404);
    // The sign-out form's redirect to the issuer is allowed by the CSP, nothing else foreign is.
    const page = await fetch(`${t.base}/studio/signed-out`);
    expect(page.headers.get('content-security-policy')).toContain(
      `form-action 'self' ${new URL(issuerUrl).origin}`,
    );
  });

  it('signs in with the audience parameter, reaches the studio, signs out at the issuer', async () => {
    const browser = new Browser();
    const { res, url, visited } = await browser.navigate(`${t.base}/studio`);
    const authorize = visited.find((u) => u.startsWith(`${issuerUrl}auth?`)) ?? '';
    expect(new URL(authorize).searchParams.get('audience')).toBe(audience);
    expect(new URL(authorize).searchParams.get('code_challenge_method')).toBe('S256');
    expect(res.status).toBe(200);
    const login = parseForms(await res.text(), url)[0];
    expect(login).toBeDefined();
    const done = await browser.navigate(login?.action ?? '', {
      form: { ...login?.fields, login: 'auth0|artist-1', password: 'correct horse battery' },
    });
    expect(done.url).toBe(`${t.base}/studio`);
    const studio = await done.res.text();
    expect(studio).toContain('Auth0 Artist');

    const api = await browser.request(`${t.base}/api/v1/artist/audit-events`);
    expect(api.status).toBe(200);
    expect(((await api.json()) as { auditEvents: Array<{ action: string }> }).auditEvents[0]?.action).toBe(
      'signin.success',
    );

    const csrf =
      parseForms(studio, done.url).find((f) => f.action.endsWith('/studio/auth/logout'))?.fields._csrf ?? '';
    const out = await browser.navigate(`${t.base}/studio/auth/logout`, { form: { _csrf: csrf } });
    expect(out.visited[1]?.startsWith(`${issuerUrl}session/end?`)).toBe(true);
    const confirm = parseForms(await out.res.text(), out.url)[0];
    const finished = await browser.navigate(confirm?.action ?? '', {
      form: { ...confirm?.fields, logout: 'yes' },
    });
    expect(finished.url).toBe(`${t.base}/studio/signed-out`);
    const after = await browser.request(`${t.base}/api/v1/artist/audit-events`);
    expect(after.status).toBe(401);
  });

  it('accepts RS256 access tokens from the issuer JWKS and refuses other audiences', async () => {
    const key = await importJWK(privateJwk, 'RS256');
    const token = (aud: string) =>
      new SignJWT({ permissions: ['manage:gallery'] })
        .setProtectedHeader({ alg: 'RS256', kid: 'auth0-like-key', typ: 'at+jwt' })
        .setIssuer(issuerUrl)
        .setAudience(aud)
        .setSubject('auth0|artist-1')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(key);
    const ok = await fetch(`${t.base}/api/v1/artist/audit-events`, {
      headers: { authorization: `Bearer ${await token(audience)}` },
    });
    expect(ok.status).toBe(200);
    const wrong = await fetch(`${t.base}/api/v1/artist/audit-events`, {
      headers: { authorization: `Bearer ${await token('https://other.example')}` },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
  });
});
