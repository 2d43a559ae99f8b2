// End to end: a real HTTP client signs in to the studio through the embedded issuer's own sign-in page, uses the
// artist API with the session cookie, signs out (studio and issuer), and the session is dead afterwards.
// The same flow then runs against a separately started oidc-provider configured like Auth0.
import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { exportJWK, importJWK, SignJWT, type JWK } from 'jose';
import { sql } from 'kysely';
import { Provider } from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { createArtist } from '../../src/modules/auth/artists.js';
import { ensureLocalArtist, printLocalCredentials } from '../../src/modules/auth/local-artist.js';
import { hashToken } from '../../src/modules/auth/sessions.js';
import { AUTH_TIME_TOLERANCE_S } from '../../src/modules/auth/relying-party.js';
import { createLogger } from '../../src/platform/logger.js';
import type { DatabaseHandle } from '../../src/platform/db/types.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/db.js';
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
  let captured = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      captured += chunk.toString();
      done();
    },
  });
  // The production logger options (serializers, redaction), at the most talkative level.
  const logger = createLogger({ logLevel: 'trace' }, stream);
  const t = await openTestApp(engine, { PUBLIC_URL: base, ...env }, { logger, listenPort: port });
  return { ...running(t, base), logs: () => captured };
}

/** What the tests use of an app listening at base. */
function running(t: TestApp, base: string): RunningApp {
  return { app: t.app, base, config: t.config, handle: t.handle, logs: () => '', close: () => t.cleanup() };
}

/** The idle timeout of the browser's studio session passes (its expiry moved as time would move it). */
async function passIdleTimeout(handle: DatabaseHandle, browser: Browser, base: string): Promise<void> {
  const cookie = browser.cookie(base, 'cpg_session') ?? '';
  await handle.db
    .updateTable('sessions')
    .set({ idle_expires_at: new Date(Date.now() - 60_000) })
    .where('id', '=', hashToken(cookie))
    .execute();
}

/** The embedded issuer's stored sessions (oidc-provider Session payloads) of the artist with this e-mail. */
async function issuerSessionsOf(handle: DatabaseHandle, email: string): Promise<unknown[]> {
  const artist = await handle.db
    .selectFrom('artists')
    .select('idp_subject')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  const { rows } = await sql<{ payload: unknown }>`
    select payload from oidc_payloads where model = 'Session' and (expires_at is null or expires_at > now())
  `.execute(handle.db);
  return rows
    .map((r) => (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as { accountId?: string })
    .filter((p) => p.accountId === artist.idp_subject);
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
    // Studio sign-out → the issuer's end-session endpoint → signed out: no confirmation page in between.
    expect(out.visited[1]).toMatch(/\/oidc\/session\/end\?.*id_token_hint=/);
    expect(out.visited).toHaveLength(3);
    expect(out.url).toBe(`${t.base}/studio/signed-out`);
    expect(out.res.status).toBe(200);
    expect(await out.res.text()).toContain('signed out');
    // The issuer's own session is gone from its store.
    expect(await issuerSessionsOf(t.handle, username)).toEqual([]);

    // The old cookie is dead server-side, even when replayed.
    expect(await t.handle.db.selectFrom('sessions').select('id').execute()).toHaveLength(0);
    const replay = await fetch(`${t.base}/api/v1/artist/audit-events`, {
      headers: { cookie: `cpg_session=${session}` },
    });
    expect(replay.status).toBe(401);
    // Signing in again in the same browser needs the password again, and says so to the issuer.
    const again = await openSignIn(browser, t.base);
    expect(again.form.action).toMatch(/\/login$/);
    const authorize = new URL(again.visited.find((u) => u.includes('/oidc/auth?')) ?? t.base);
    expect(authorize.searchParams.get('prompt')).toBe('login');
    expect(authorize.searchParams.get('max_age')).toBe('0');
    const back = await browser.navigate(again.form.action, { form: { email: username, password } });
    expect(back.url).toBe(`${t.base}/studio`);
    const logout = await t.handle.db
      .selectFrom('audit_events')
      .select('action')
      .where('action', '=', 'signout')
      .execute();
    expect(logout).toHaveLength(1);
  });

  it('asks for the password again after the studio session timed out, though the issuer session lives on', async () => {
    const browser = new Browser();
    const signIn = await openSignIn(browser, t.base);
    const first = await browser.navigate(signIn.form.action, { form: { email: username, password } });
    expect(first.url).toBe(`${t.base}/studio`);
    expect(await issuerSessionsOf(t.handle, username)).not.toEqual([]);
    await passIdleTimeout(t.handle, browser, t.base);

    const again = await browser.navigate(`${t.base}/studio`);
    expect(again.url).toMatch(/\/oidc\/interaction\/[^/]+$/);
    const form = parseForms(await again.res.text(), again.url)[0];
    expect(form?.action).toMatch(/\/login$/);
    const authorize = new URL(again.visited.find((u) => u.includes('/oidc/auth?')) ?? t.base);
    expect(authorize.searchParams.get('prompt')).toBe('login');
    const back = await browser.navigate(form?.action ?? '', { form: { email: username, password } });
    expect(back.url).toBe(`${t.base}/studio`);
    // Signed in afresh: the mark that the studio session had ended is gone.
    expect(browser.setCookies.some((c) => c.startsWith('cpg_reauth=1'))).toBe(true);
    expect(browser.cookie(t.base, 'cpg_reauth')).toBeUndefined();
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

  it('keeps every secret of a whole journey out of the log', async () => {
    const before = t.logs().length;
    const browser = new Browser();
    const signIn = await openSignIn(browser, t.base);
    const mistyped = 'mistyped.artist@example.org';
    for (const attempt of [
      { email: mistyped, password: 'wrong-password-one' },
      { email: username, password: 'wrong-password-two' },
    ]) {
      const wrong = await browser.request(signIn.form.action, { form: attempt });
      expect(wrong.status).toBe(401);
      await wrong.body?.cancel();
    }
    const done = await browser.navigate(signIn.form.action, { form: { email: username, password } });
    expect(done.url).toBe(`${t.base}/studio`);
    const callback = new URL(done.visited.find((u) => u.includes('/studio/auth/callback?')) ?? '');
    const code = callback.searchParams.get('code') ?? '';
    const state = callback.searchParams.get('state') ?? '';
    expect(code.length).toBeGreaterThan(20);
    expect(state.length).toBeGreaterThan(20);
    const csrf =
      parseForms(await done.res.text(), done.url).find((f) => f.action.endsWith('/studio/auth/logout'))
        ?.fields._csrf ?? '';
    const session = browser.cookie(t.base, 'cpg_session') ?? '';

    // A signed local upload: the token in the URL is the whole credential.
    const created = await fetch(`${t.base}/api/v1/artist/uploads`, {
      method: 'POST',
      headers: {
        cookie: `cpg_session=${session}`,
        'x-csrf-token': csrf,
        origin: t.base,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ filename: 'plate.png', contentType: 'image/png', size: 4 }),
    });
    expect(created.status).toBe(201);
    const target = (await created.json()) as { url: string; headers: Record<string, string> };
    const token = target.url.split('/uploads/direct/')[1] ?? '';
    expect(token).toContain('.');
    const put = await fetch(target.url, {
      method: 'PUT',
      headers: target.headers,
      body: new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
    });
    expect(put.status).toBe(204);
    // The same token once more through a percent-encoded spelling of the route, and a forged one.
    const [tokenBody, signature] = token.split('.');
    const again = await fetch(`${t.base}/uploads/%64irect/${token}`, {
      method: 'PUT',
      headers: target.headers,
      body: new Uint8Array([1]),
    });
    await again.body?.cancel();
    const forged = await fetch(`${t.base}/uploads/direct/${tokenBody}.${'A'.repeat(43)}`, {
      method: 'PUT',
      headers: target.headers,
      body: new Uint8Array([1]),
    });
    expect(forged.status).toBe(403);

    const out = await browser.navigate(`${t.base}/studio/auth/logout`, { form: { _csrf: csrf } });
    const idTokenHint = new URL(out.visited[1] ?? t.base).searchParams.get('id_token_hint') ?? '';
    expect(idTokenHint.split('.')).toHaveLength(3);

    const logs = t.logs().slice(before);
    expect(logs).toContain('/uploads/direct/');
    expect(logs).toContain('/studio/auth/callback');
    expect(logs).toContain('sign-in failed');
    const secrets = {
      mistyped,
      username,
      password,
      'first wrong password': 'wrong-password-one',
      'second wrong password': 'wrong-password-two',
      'upload token': tokenBody ?? '',
      'upload signature': signature ?? '',
      code,
      state,
      'id token': idTokenHint.split('.')[1] ?? '',
      session,
      csrf,
    };
    for (const [name, value] of Object.entries(secrets)) {
      expect(value.length, name).toBeGreaterThan(8);
      expect(logs.includes(value), `${name} in the log`).toBe(false);
      expect(logs.includes(encodeURIComponent(value)), `${name} (URL-encoded) in the log`).toBe(false);
    }
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

  it('bounds the sign-ins one IP may start at the issuer, and what they store', async () => {
    const signIn = await openSignIn(new Browser(), t.base);
    const authorize = signIn.visited.find((u) => u.includes('/oidc/auth?'));
    expect(authorize).toBeDefined();
    const interactions = async () =>
      Number(
        (
          await sql<{
            n: string;
          }>`select count(*) as n from oidc_payloads where model = 'Interaction'`.execute(t.handle.db)
        ).rows[0]!.n,
      );
    const before = await interactions();
    const limit = t.config.rateLimits.signInPerMinute * 3;
    const statuses: number[] = [];
    // A script asking for sign-ins without ever finishing one, as fast as it can.
    for (let i = 0; i < limit + 5; i++) {
      const res = await new Browser().request(authorize!);
      statuses.push(res.status);
      await res.body?.cancel();
    }
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(5);
    expect(statuses.every((s) => s === 429 || (s >= 300 && s < 400))).toBe(true);
    expect((await interactions()) - before).toBeLessThanOrEqual(limit);
  });
});

describe('studio sign-in against a separate issuer configured like Auth0', () => {
  const audience = 'https://api.gallery.example';
  const clientSecret = 'a-client-secret-for-the-auth0-like-issuer';
  let t: RunningApp;
  let issuer: http.Server;
  let issuerUrl = '';
  let privateJwk: JWK;
  let ignoreReauthentication = false;

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
    const callback = provider.callback();
    issuer = http.createServer((req, res) => {
      // A non-compliant issuer, when a test asks for one: it drops the demand to authenticate again.
      if (ignoreReauthentication && req.url?.startsWith('/auth?')) {
        const url = new URL(req.url, issuerUrl);
        url.searchParams.delete('prompt');
        url.searchParams.delete('max_age');
        req.url = url.pathname + url.search;
      }
      void callback(req, res);
    });
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
    return running(await openTestApp('pglite', { PUBLIC_URL: base, ...env }, { listenPort: port }), base);
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

  /** Submits the issuer's (development) login form shown on `page`; resolves on the studio. */
  async function submitIssuerLogin(browser: Browser, page: { res: Response; url: string }): Promise<void> {
    const login = parseForms(await page.res.text(), page.url)[0];
    expect(login?.action).toContain(issuerUrl);
    const done = await browser.navigate(login?.action ?? '', {
      form: { ...login?.fields, login: 'auth0|artist-1', password: 'correct horse battery' },
    });
    expect(done.url).toBe(`${t.base}/studio`);
  }
  const signInAtIssuer = async (browser: Browser) =>
    submitIssuerLogin(browser, await browser.navigate(`${t.base}/studio`));

  it('asks the issuer for the password again after a studio sign-out that stayed at the studio', async () => {
    const browser = new Browser();
    await signInAtIssuer(browser);
    const studio = await browser.request(`${t.base}/studio`);
    const csrf =
      parseForms(await studio.text(), `${t.base}/studio`).find((f) =>
        f.action.endsWith('/studio/auth/logout'),
      )?.fields._csrf ?? '';
    // The studio session ends; the browser never reaches the issuer's end-session page.
    const out = await browser.request(`${t.base}/studio/auth/logout`, { form: { _csrf: csrf } });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')?.startsWith(`${issuerUrl}session/end?`)).toBe(true);

    const again = await browser.navigate(`${t.base}/studio`);
    const authorize = new URL(again.visited.find((u) => u.startsWith(`${issuerUrl}auth?`)) ?? issuerUrl);
    expect(authorize.searchParams.get('prompt')).toBe('login');
    expect(authorize.searchParams.get('max_age')).toBe('0');
    // The issuer's login form, not the studio.
    expect(again.url.startsWith(issuerUrl)).toBe(true);
    await submitIssuerLogin(browser, again);
  });

  it('refuses a sign-in the issuer did not authenticate again (auth_time older than the request)', async () => {
    const browser = new Browser();
    await signInAtIssuer(browser);
    // The studio session times out; the issuer session stays. auth_time moves into the past.
    await new Promise((resolve) => setTimeout(resolve, (AUTH_TIME_TOLERANCE_S + 1.5) * 1000));
    await passIdleTimeout(t.handle, browser, t.base);
    ignoreReauthentication = true;
    try {
      const again = await browser.navigate(`${t.base}/studio`);
      // Straight through the issuer without a form, then refused at the callback.
      expect(again.url.startsWith(`${t.base}/studio/auth/callback?`)).toBe(true);
      expect(again.res.status).toBe(401);
      expect(await again.res.text()).toContain('did not ask for your password again');
    } finally {
      ignoreReauthentication = false;
    }
    expect(browser.cookie(t.base, 'cpg_session')).toBeUndefined();
    const failure = await t.handle.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'signin.failure')
      .orderBy('occurred_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(failure.details).toMatchObject({ reason: 'reauthentication_missing' });
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
