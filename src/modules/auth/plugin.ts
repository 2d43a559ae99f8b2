// Authentication for the whole app: decides who the request is (studio session or Bearer token), mounts the
// embedded issuer when no external one is configured, serves the studio's sign-in/sign-out routes, enforces CSRF
// on cookie-authenticated state changes, and registers cookies and (route-level) rate limiting.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import type { Config } from '../../config.js';
import type { DatabaseHandle } from '../../platform/db/types.js';
import { AppError, errorBody } from '../../platform/errors.js';
import { loadAssets } from '../../platform/assets.js';
import '../../platform/auth-context.js';
import { auditFromRequest, recordAudit } from '../audit/index.js';
import { auditRoutes } from '../audit/routes.js';
import { loadAuthSecrets, type AuthSecrets } from './secrets.js';
import { createProvider, embeddedIssuerRoutes, REMEMBER_COOKIE } from './issuer.js';
import {
  createRelyingParty,
  endSessionUrl,
  finishLogin,
  StaleAuthenticationError,
  startLogin,
  type LoginState,
} from './relying-party.js';
import { createTokenVerifier, InvalidTokenError } from './bearer.js';
import { findArtistBySubject } from './artists-repository.js';
import {
  createSession,
  csrfMatches,
  deleteSession,
  hashToken,
  resumeSession,
  SESSION_COOKIE,
} from './sessions.js';
import { messagePage, type PageChrome } from './pages.js';
import { csrfTokens, requireStudioSession, safeReturnTo } from './guards.js';
import { declaredTooLarge, MAX_STASH_BYTES, stashForm, STASHES_PER_IP_PER_HOUR } from './form-stash.js';

export { csrfToken, requireStudioSession, safeReturnTo } from './guards.js';

export interface AuthDeps {
  config: Config;
  database: DatabaseHandle;
}

const AUTH_STATE_COOKIE = 'cpg_auth';
/**
 * Set when this browser's studio session ended (sign-out, timeout, a session that no longer exists): the next
 * sign-in asks the issuer to authenticate again. Read by the sign-in routes only; cleared by a sign-in.
 */
const REAUTH_COOKIE = 'cpg_reauth';
/** Studio POSTs that arrived without a session: their form is kept, then the artist is sent to sign in. */
const awaitingSignIn = new WeakSet<FastifyRequest>();
const routeTables = new WeakMap<FastifyInstance, Array<{ method: string; url: string }>>();

/** Every route registered after the auth plugin (method, url): authorization tests walk them all. */
export function registeredRoutes(app: FastifyInstance): ReadonlyArray<{ method: string; url: string }> {
  return routeTables.get(app) ?? [];
}

/** The artist API: everything under /api/v1/artist. */
const isArtistApi = (route: string): boolean =>
  route === '/api/v1/artist' || route.startsWith('/api/v1/artist/');

/** Studio pages (everything under /studio except the sign-in flow itself). */
function isStudioPage(route: string): boolean {
  if (route !== '/studio' && !route.startsWith('/studio/')) return false;
  return !route.startsWith('/studio/auth/') && route !== '/studio/signed-out';
}

/** Where signing in happens: the studio (its sign-in routes included) and the embedded issuer. */
const isSignInArea = (route: string): boolean =>
  route === '/studio' || route.startsWith('/studio/') || route === '/oidc' || route.startsWith('/oidc/');

/**
 * Whether a Host (or X-Forwarded-Host) value names PUBLIC_URL's host. Cookies are scoped by host name, not port,
 * so the name alone decides (without case or a trailing dot).
 */
function sameHostName(requestHost: string, canonical: URL): boolean {
  let name: string;
  try {
    name = new URL(`http://${requestHost.trim()}`).hostname;
  } catch {
    return false;
  }
  return name.replace(/\.$/, '') === canonical.hostname.replace(/\.$/, '');
}

/** The artist API and the whole studio (sign-in flow included): answers for the artist alone. */
const isPrivateArea = (route: string): boolean =>
  isArtistApi(route) || route === '/studio' || route.startsWith('/studio/');
const PRIVATE_NO_STORE = 'private, no-store';

/**
 * The pattern of the route the request matched; the raw path only when no route matched (a 404 under /studio or
 * the artist API stays closed). Guards compare this: the router decodes percent-encoding, so `/%73tudio/…`
 * reaches the `/studio/…` routes while its raw URL does not start with /studio.
 */
const matchedRoute = (req: FastifyRequest): string => req.routeOptions.url ?? req.url.split('?')[0] ?? '';
const AUTH_STATE_TTL_MS = 15 * 60_000;
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
function sealState(secrets: AuthSecrets, state: LoginState): string {
  const body = Buffer.from(JSON.stringify({ ...state, exp: Date.now() + AUTH_STATE_TTL_MS })).toString(
    'base64url',
  );
  return `${body}.${createHmac('sha256', secrets.derive('auth-state')).update(body).digest('base64url')}`;
}

function openState(secrets: AuthSecrets, sealed: string | undefined): LoginState | null {
  if (!sealed) return null;
  const [body, mac] = sealed.split('.');
  if (!body || !mac) return null;
  const expected = Buffer.from(
    createHmac('sha256', secrets.derive('auth-state')).update(body).digest('base64url'),
  );
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as LoginState & {
      exp: number;
    };
    return parsed.exp > Date.now() ? parsed : null;
  } catch {
    return null;
  }
}

export const authPlugin = fp<AuthDeps>(
  async (app, { config, database }) => {
    app.decorateRequest('artist', null);
    const routes: Array<{ method: string; url: string }> = [];
    routeTables.set(app, routes);
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) routes.push({ method, url: route.url });
    });
    if (!app.hasDecorator('parseCookie')) await app.register(cookie);
    await app.register(rateLimit, { global: false });

    const secrets = await loadAuthSecrets(config, database);
    const assets = await loadAssets();
    const chrome: PageChrome = { stylesheets: [assets.url('site.css'), assets.url('studio.css')] };
    const secure = config.publicUrl.startsWith('https:');
    const publicOrigin = new URL(config.publicUrl).origin;

    if (!config.oidc.issuerUrl) {
      if (config.isProduction && !config.oidc.allowEmbeddedIssuer) {
        throw new Error('the embedded OpenID Connect issuer is refused in production (set OIDC_ISSUER_URL)');
      }
      const provider = createProvider(config, database, secrets, chrome);
      await app.register(embeddedIssuerRoutes, { config, database, provider, chrome });
    }
    const rp = createRelyingParty(config, secrets);
    const verifier = createTokenVerifier(config, secrets, rp);

    // Lives as long as any issuer session the studio session may have left behind.
    const markSessionEnded = (reply: FastifyReply) =>
      reply.setCookie(REAUTH_COOKIE, '1', {
        path: '/studio/auth',
        httpOnly: true,
        sameSite: 'lax',
        secure,
        maxAge: config.session.rememberMeDays * 86_400,
      });

    const html = (reply: FastifyReply, status: number, body: string) =>
      reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);

    // Forms kept per client IP (counters per process, like the other rate limits).
    const stashRate = app.createRateLimit({
      max: STASHES_PER_IP_PER_HOUR,
      timeWindow: 3_600_000,
      keyGenerator: (req) => `stash:${req.ip}`,
    });
    /** A form posted without a session that cannot be kept: say so, and offer to sign in. */
    const formNotKept = (reply: FastifyReply, reason: 'too_large' | 'rate_limited') =>
      html(
        reply,
        reason === 'too_large' ? 413 : 429,
        messagePage(
          chrome,
          'Form not kept',
          reason === 'too_large'
            ? `Your studio session had ended, and this form is too large to keep while you sign in (more than ${MAX_STASH_BYTES / 1024} KB). Sign in, then submit it again.`
            : 'Your studio session had ended, and too many forms from your network were kept in the last hour to keep this one. Sign in, then submit it again.',
          { href: '/studio/auth/login', text: 'Sign in' },
        ),
      );

    const refuseToken = (reply: FastifyReply) =>
      reply
        .code(401)
        .header('www-authenticate', 'Bearer error="invalid_token"')
        .header('cache-control', 'no-store')
        .send(errorBody('UNAUTHORIZED', 'The access token is invalid, expired or not for this API'));

    // Signing in only works on PUBLIC_URL's host name: the state cookie, the issuer and the callback must share it.
    // A studio or issuer page opened under another name (127.0.0.1 for localhost, the *.herokuapp.com name beside a
    // custom domain) moves to the canonical origin before the flow starts. req.host honours X-Forwarded-Host only
    // within TRUST_PROXY; the target is always PUBLIC_URL, never a header. Only GET/HEAD: a body is not replayed.
    const canonical = new URL(config.publicUrl);
    app.addHook('onRequest', async (req, reply) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') return;
      if (!isSignInArea(matchedRoute(req)) || sameHostName(req.host, canonical)) return;
      const pathAndQuery = req.url.startsWith('/') ? req.url : '/studio';
      return reply.header('cache-control', PRIVATE_NO_STORE).redirect(canonical.origin + pathAndQuery, 308);
    });

    // Whatever the artist API and the studio answer (pages, JSON, errors, redirects) is for the signed-in artist
    // only: never stored by a shared cache, nor kept by the browser. A route may choose its own private policy
    // (the artist's image files: `private, max-age`, their URLs change with every processing run).
    app.addHook('onSend', async (req, reply, payload) => {
      if (!isPrivateArea(matchedRoute(req))) return payload;
      const own = reply.getHeader('cache-control');
      if (typeof own !== 'string' || !/^private\b/.test(own)) reply.header('cache-control', PRIVATE_NO_STORE);
      return payload;
    });

    app.addHook('onRequest', async (req, reply) => {
      const route = matchedRoute(req);
      if (route.startsWith('/oidc/') || route.startsWith('/assets/')) return;
      const authorization = req.headers.authorization;
      const bearer = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1] : undefined;
      if (bearer) {
        let subject: string;
        try {
          ({ subject } = await verifier.verify(bearer));
        } catch (error) {
          if (!(error instanceof InvalidTokenError)) throw error;
          req.log.info({ reason: error.message }, 'bearer token refused');
          return refuseToken(reply);
        }
        const artist = await findArtistBySubject(database.db, subject);
        if (!artist) {
          req.log.info({ subject }, 'bearer token subject is not linked to an artist');
          return refuseToken(reply);
        }
        req.artist = { ...artist, via: 'bearer' };
        return;
      }
      const token = req.cookies[SESSION_COOKIE];
      if (token) {
        const session = await resumeSession(config, database, token);
        if (session) {
          req.artist = { ...session.artist, via: 'session', sessionId: session.sessionId };
          csrfTokens.set(req, session.csrfToken);
        } else {
          reply.clearCookie(SESSION_COOKIE, { path: '/' });
          markSessionEnded(reply);
        }
      }
      if (req.artist) return;
      // Defence in depth: the whole artist API and studio are closed without credentials, before any body is
      // parsed or validated, even if a route forgets requireArtist / requireStudioSession.
      if (isArtistApi(route)) {
        throw new AppError('UNAUTHORIZED', 'Sign-in required: send a valid session cookie or Bearer token');
      }
      if (isStudioPage(route)) {
        // A form posted after the session expired is kept (preHandler below, once the body is parsed), unless it
        // says up front that it is too large: then its body is never read.
        if (req.method === 'POST') {
          if (declaredTooLarge(req)) return formNotKept(reply.header('connection', 'close'), 'too_large');
          awaitingSignIn.add(req);
          return;
        }
        return requireStudioSession(req, reply);
      }
    });

    // Runs before every route's own preHandlers: an unauthenticated studio POST never reaches its handler.
    app.addHook('preHandler', async (req, reply) => {
      if (!awaitingSignIn.has(req)) return;
      const outcome = await stashForm(database.db, req, reply, {
        publicOrigin,
        secure,
        withinRate: async () => {
          const limit = await stashRate(req);
          return limit.isAllowed || !limit.isExceeded;
        },
      });
      if (!outcome.kept && outcome.reason !== 'not_kept') return formNotKept(reply, outcome.reason);
      const returnTo = outcome.kept ? `/studio/resume/${outcome.id}` : '/studio';
      return reply.redirect(`/studio/auth/login?returnTo=${encodeURIComponent(returnTo)}`, 303);
    });

    // CSRF: state changes authenticated by the session cookie need the session's token and, when the browser
    // sends one, a same-origin Origin. Bearer requests carry their credential explicitly and need neither.
    app.addHook('preValidation', async (req) => {
      if (!STATE_CHANGING.has(req.method) || req.artist?.via !== 'session') return;
      const origin = req.headers.origin;
      const body = req.body as Record<string, unknown> | null | undefined;
      const submitted =
        req.headers['x-csrf-token'] ?? (body && typeof body === 'object' ? body._csrf : undefined);
      if (
        (origin === undefined || origin === publicOrigin) &&
        csrfMatches(csrfTokens.get(req) ?? '', submitted)
      )
        return;
      const route = matchedRoute(req);
      if (route === '/studio' || route.startsWith('/studio/') || isArtistApi(route)) {
        req.log.warn({ origin }, 'state-changing request without a valid CSRF token refused');
        throw new AppError('FORBIDDEN', 'Missing or invalid CSRF token (or a cross-site request)');
      }
      // Elsewhere (public forms) the request proceeds, but not as the signed-in artist.
      req.artist = null;
    });

    const failure = async (
      req: FastifyRequest,
      reason: string,
      actor: string | null,
      details: Record<string, unknown> = {},
    ) => {
      const { ip, userAgent, requestId } = auditFromRequest(req);
      await recordAudit(database.db, {
        artistId: null,
        actor,
        action: 'signin.failure',
        ip,
        userAgent,
        requestId,
        details: { reason, issuer: rp.issuerUrl, ...details },
      });
      req.log.warn({ reason }, 'sign-in failed');
    };

    await app.register(async (routes) => {
      await routes.register(formbody);

      routes.get<{ Querystring: { returnTo?: string; remember?: string } }>(
        '/studio/auth/login',
        { schema: { hide: true } },
        async (req, reply) => {
          const returnTo = safeReturnTo(req.query.returnTo, config.publicUrl);
          if (req.artist?.via === 'session') return reply.redirect(returnTo, 303);
          let login: Awaited<ReturnType<typeof startLogin>>;
          try {
            login = await startLogin(config, rp, {
              returnTo,
              remember: req.query.remember === '1',
              reauthenticate: req.cookies[REAUTH_COOKIE] === '1',
            });
          } catch (error) {
            req.log.error({ err: error, issuer: rp.issuerUrl }, 'OpenID Connect discovery failed');
            return html(
              reply,
              503,
              messagePage(
                chrome,
                'Sign-in unavailable',
                'The sign-in service cannot be reached right now. Please try again in a moment.',
              ),
            );
          }
          reply.setCookie(AUTH_STATE_COOKIE, sealState(secrets, login.state), {
            path: '/studio/auth',
            httpOnly: true,
            sameSite: 'lax',
            secure,
            maxAge: AUTH_STATE_TTL_MS / 1000,
          });
          return reply.header('cache-control', 'no-store').redirect(login.url, 303);
        },
      );

      routes.get<{ Querystring: Record<string, string | undefined> }>(
        '/studio/auth/callback',
        { schema: { hide: true } },
        async (req, reply) => {
          const state = openState(secrets, req.cookies[AUTH_STATE_COOKIE]);
          reply.clearCookie(AUTH_STATE_COOKIE, { path: '/studio/auth' });
          const again = { href: '/studio/auth/login', text: 'Sign in again' };
          if (!state) {
            return html(
              reply,
              400,
              messagePage(
                chrome,
                'Sign-in expired',
                'This sign-in took too long or was started elsewhere.',
                again,
              ),
            );
          }
          if (typeof req.query.error === 'string') {
            await failure(req, 'issuer_error', null, { error: req.query.error.slice(0, 100) });
            return html(
              reply,
              401,
              messagePage(chrome, 'Not signed in', 'The sign-in was cancelled or refused.', again),
            );
          }
          let result: { subject: string; idToken: string | null };
          try {
            result = await finishLogin(rp, new URL(req.url, config.publicUrl), state);
          } catch (error) {
            if (error instanceof StaleAuthenticationError) {
              await failure(req, 'reauthentication_missing', null, { message: error.message });
              return html(
                reply,
                401,
                messagePage(
                  chrome,
                  'Not signed in',
                  'The sign-in service did not ask for your password again after your studio session ended. Sign in again.',
                  again,
                ),
              );
            }
            await failure(req, 'callback_invalid', null, {
              message: error instanceof Error ? error.message.slice(0, 200) : 'error',
            });
            return html(
              reply,
              400,
              messagePage(chrome, 'Not signed in', 'The sign-in response could not be verified.', again),
            );
          }
          const artist = await findArtistBySubject(database.db, result.subject);
          if (!artist) {
            await failure(req, 'unknown_subject', result.subject);
            return html(
              reply,
              403,
              messagePage(
                chrome,
                'No studio access',
                'This account is not linked to an artist of this gallery. The operator links it with `npm run artist -- link`.',
              ),
            );
          }
          // Whatever session the browser had (valid or planted) ends here; the new one gets a fresh random id.
          const previous = req.cookies[SESSION_COOKIE];
          if (previous) await deleteSession(database, hashToken(previous));
          const remember = state.remember || req.cookies[REMEMBER_COOKIE] === '1';
          reply.clearCookie(REMEMBER_COOKIE, { path: '/studio/auth/callback' });
          reply.clearCookie(REAUTH_COOKIE, { path: '/studio/auth' });
          const ua = req.headers['user-agent'];
          const session = await createSession(config, database, {
            artistId: artist.id,
            remember,
            ip: req.ip,
            userAgent: typeof ua === 'string' ? ua : null,
            idToken: result.idToken,
          });
          reply.setCookie(SESSION_COOKIE, session.token, {
            path: '/',
            httpOnly: true,
            sameSite: 'lax',
            secure,
            ...(remember ? { expires: session.absoluteExpiresAt } : {}),
          });
          const { ip, userAgent, requestId } = auditFromRequest(req);
          await recordAudit(database.db, {
            artistId: artist.id,
            actor: artist.email,
            action: 'signin.success',
            ip,
            userAgent,
            requestId,
            details: { issuer: rp.issuerUrl, subject: result.subject, remember },
          });
          return reply.header('cache-control', 'no-store').redirect(state.returnTo, 303);
        },
      );

      routes.post('/studio/auth/logout', { schema: { hide: true } }, async (req, reply) => {
        const artist = req.artist;
        if (artist?.via !== 'session' || !artist.sessionId) return reply.redirect('/studio/signed-out', 303);
        const idToken = await deleteSession(database, artist.sessionId);
        await recordAudit(database.db, { ...auditFromRequest(req), action: 'signout' });
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        markSessionEnded(reply);
        const to = await endSessionUrl(config, rp, idToken).catch((error: unknown) => {
          req.log.warn({ err: error }, 'issuer logout unavailable');
          return null;
        });
        return reply.redirect(to ?? '/studio/signed-out', 303);
      });

      routes.get('/studio/signed-out', { schema: { hide: true } }, async (_req, reply) =>
        html(
          reply,
          200,
          messagePage(chrome, 'Signed out', 'You are signed out of the studio.', {
            href: '/studio',
            text: 'Sign in again',
          }),
        ),
      );
    });

    await app.register(auditRoutes, { database });
  },
  { name: 'auth' },
);
