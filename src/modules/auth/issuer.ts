// The embedded OpenID Connect issuer (oidc-provider), mounted at /oidc when OIDC_ISSUER_URL is not set.
// It knows one client (the studio) and the artists with a password; it issues RS256 tokens like Auth0 would:
// JWT access tokens for the API audience carrying the permissions claim.
import type { IncomingMessage } from 'node:http';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import { Provider, errors, type AccessTokenLike, type KoaContextWithOIDC } from 'oidc-provider';
import type { Config } from '../../config.js';
import type { DatabaseHandle } from '../../platform/db/types.js';
import { recordAudit } from '../audit/index.js';
import { embeddedClientSecret, type AuthSecrets } from './secrets.js';
import { DUMMY_HASH, verifyPassword } from './passwords.js';
import { logoutConfirmPage, messagePage, signInPage, type PageChrome } from './pages.js';
import { authorizeRateLimit, signInRateLimit } from './rate-limits.js';
import { databaseAdapter } from './oidc-adapter.js';
import { findArtistByEmail, findArtistBySubject } from './artists-repository.js';

export const OIDC_MOUNT = '/oidc';
export const REMEMBER_COOKIE = 'cpg_remember';
export const embeddedIssuerUrl = (config: Config): string => `${config.publicUrl}${OIDC_MOUNT}`;
export const callbackUrl = (config: Config): string => `${config.publicUrl}/studio/auth/callback`;
export const signedOutUrl = (config: Config): string => `${config.publicUrl}/studio/signed-out`;

const OIDC_SCOPES = 'openid profile email';

export function createProvider(
  config: Config,
  database: DatabaseHandle,
  secrets: AuthSecrets,
  chrome: PageChrome,
): Provider {
  const { audience, permissionsClaim, requiredPermission, clientId } = config.oidc;
  const provider = new Provider(embeddedIssuerUrl(config), {
    adapter: databaseAdapter(database),
    clients: [
      {
        client_id: clientId,
        client_secret: embeddedClientSecret(config, secrets),
        client_name: 'Copper Print Gallery studio',
        redirect_uris: [callbackUrl(config)],
        post_logout_redirect_uris: [signedOutUrl(config)],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    jwks: { keys: [secrets.signingKey] },
    cookies: { keys: [secrets.derive('oidc-cookies')] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    scopes: ['openid', 'profile', 'email'],
    responseTypes: ['code'],
    pkce: { required: () => true },
    extraParams: ['audience'],
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 900,
      // The issuer's own sign-in lasts no longer than the studio session it opens (as Auth0's tenant settings).
      Session: (_ctx: unknown, session: { transient?: boolean }) =>
        session.transient
          ? config.session.absoluteTimeoutHours * 3600
          : config.session.rememberMeDays * 86_400,
      Grant: 14 * 86_400,
    },
    async findAccount(_ctx: unknown, sub: string) {
      const artist = await findArtistBySubject(database.db, sub);
      if (!artist) return undefined;
      return {
        accountId: sub,
        claims: async () => ({ sub, email: artist.email, email_verified: true, name: artist.displayName }),
      };
    },
    interactions: {
      url: (_ctx: unknown, interaction: { uid: string }) => `${OIDC_MOUNT}/interaction/${interaction.uid}`,
    },
    // The studio is first party: no consent screen, the grant covers sign-in and the artist API.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const { oidc } = ctx;
      if (!oidc.client || !oidc.session?.accountId) return undefined;
      const grantId = oidc.result?.consent?.grantId ?? oidc.session.grantIdFor(oidc.client.clientId);
      if (grantId) return oidc.provider.Grant.find(grantId);
      const grant = new oidc.provider.Grant({
        accountId: oidc.session.accountId,
        clientId: oidc.client.clientId,
      });
      grant.addOIDCScope(OIDC_SCOPES);
      grant.addResourceScope(audience, requiredPermission);
      await grant.save();
      return grant;
    },
    async extraTokenClaims(_ctx: unknown, token: AccessTokenLike) {
      if (token.kind === 'AccessToken' && token.resourceServer?.audience === audience) {
        return { [permissionsClaim]: [requiredPermission] };
      }
      return undefined;
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx: KoaContextWithOIDC, form: string) {
          // The studio's sign-out (already a CSRF-checked form) sends an ID token of this very session: end the
          // issuer's session too, without asking again. Anything else gets the confirmation page (the spec's MUST).
          if (isStudioLogoutOfThisSession(ctx, clientId)) {
            await endIssuerSession(ctx);
            ctx.status = 303;
            ctx.redirect(postLogoutTarget(ctx, signedOutUrl(config)));
            return;
          }
          ctx.type = 'html';
          ctx.body = logoutConfirmPage(chrome, form);
        },
        async postLogoutSuccessSource(ctx: KoaContextWithOIDC) {
          ctx.type = 'html';
          ctx.body = messagePage(chrome, 'Signed out', 'You are signed out.', {
            href: '/studio',
            text: 'Sign in again',
          });
        },
      },
      resourceIndicators: {
        enabled: true,
        // Auth0 names the API with `audience`; RFC 8707 with `resource`. Both lead to the one API.
        defaultResource: (ctx: KoaContextWithOIDC) => {
          const requested = ctx.oidc.params?.audience;
          return typeof requested === 'string' && requested ? requested : audience;
        },
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: unknown, resource: string) => {
          if (resource !== audience) throw new errors.InvalidTarget('unknown API audience');
          return {
            scope: requiredPermission,
            audience,
            accessTokenTTL: 600,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    async renderError(ctx: KoaContextWithOIDC, out: { error?: string; error_description?: string }) {
      ctx.type = 'html';
      ctx.body = messagePage(
        chrome,
        'Sign-in problem',
        out.error_description ?? out.error ?? 'The sign-in request could not be completed.',
        { href: '/studio', text: 'Start again' },
      );
    },
  });
  // pinPublicOrigin() sets the forwarded headers on every request it sees, so they are trustworthy.
  provider.proxy = true;
  return provider;
}

/** An end-session request of the studio client whose (validated) id_token_hint names the session's account. */
function isStudioLogoutOfThisSession(ctx: KoaContextWithOIDC, clientId: string): boolean {
  const { client, session, entities } = ctx.oidc;
  const subject = entities.IdTokenHint?.payload.sub;
  return client?.clientId === clientId && typeof subject === 'string' && session?.accountId === subject;
}

/** Ends the browser's issuer session: its grants and their codes and tokens, the session, its cookie. */
async function endIssuerSession(ctx: KoaContextWithOIDC): Promise<void> {
  const { provider, session } = ctx.oidc;
  if (!session) return;
  for (const { grantId } of Object.values(session.authorizations ?? {})) {
    if (!grantId) continue;
    await provider.AccessToken.revokeByGrantId(grantId);
    await provider.AuthorizationCode.revokeByGrantId(grantId);
    await (await provider.Grant.find(grantId))?.destroy();
  }
  await session.destroy();
  ctx.cookies.set(provider.cookieName('session'), null, { httpOnly: true, sameSite: 'lax' });
}

/** The registered post_logout_redirect_uri the request named (checked by the provider), with its state. */
function postLogoutTarget(ctx: KoaContextWithOIDC, fallback: string): string {
  const { post_logout_redirect_uri: uri, state } = ctx.oidc.params ?? {};
  const target = new URL(typeof uri === 'string' ? uri : fallback);
  if (typeof state === 'string') target.searchParams.set('state', state);
  return target.href;
}

/**
 * The issuer builds its endpoint URLs from the request; pin them to PUBLIC_URL whatever Host or
 * X-Forwarded-* the client sent, so discovery always matches the issuer identifier.
 */
function pinPublicOrigin(config: Config, raw: IncomingMessage): void {
  const url = new URL(config.publicUrl);
  raw.headers.host = url.host;
  raw.headers['x-forwarded-proto'] = url.protocol.slice(0, -1);
  delete raw.headers['x-forwarded-host'];
}

export interface IssuerRouteDeps {
  config: Config;
  database: DatabaseHandle;
  provider: Provider;
  chrome: PageChrome;
}

function html(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
}

/** Mounts the issuer under /oidc (raw Node request/response) and serves its sign-in pages with Fastify. */
export const embeddedIssuerRoutes: FastifyPluginAsync<IssuerRouteDeps> = async (app, deps) => {
  const { config, database, provider, chrome } = deps;
  const callback = provider.callback();

  // The provider reads its own request bodies: leave the stream untouched.
  await app.register(async (raw) => {
    raw.removeAllContentTypeParsers();
    raw.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));
    const mount = async (req: FastifyRequest, reply: FastifyReply) => {
      reply.hijack();
      pinPublicOrigin(config, req.raw);
      const incoming = req.raw as typeof req.raw & { originalUrl?: string };
      incoming.originalUrl = incoming.url;
      incoming.url = (incoming.url ?? '/').slice(OIDC_MOUNT.length) || '/';
      await callback(incoming, reply.raw);
    };
    raw.all(`${OIDC_MOUNT}/*`, { schema: { hide: true } }, mount);
    raw.all(
      `${OIDC_MOUNT}/auth`,
      { schema: { hide: true }, config: { rateLimit: authorizeRateLimit(config) } },
      mount,
    );
  });

  await app.register(async (pages) => {
    await pages.register(formbody);
    const expired = (reply: FastifyReply) =>
      html(
        reply,
        400,
        messagePage(chrome, 'Sign-in expired', 'This sign-in page has expired or was already used.', {
          href: '/studio',
          text: 'Start signing in again',
        }),
      );

    pages.get<{ Params: { uid: string } }>(
      `${OIDC_MOUNT}/interaction/:uid`,
      { schema: { hide: true } },
      async (req, reply) => {
        pinPublicOrigin(config, req.raw);
        const details = await provider.interactionDetails(req.raw, reply.raw).catch(() => null);
        if (!details || details.uid !== req.params.uid) return expired(reply);
        if (details.prompt.name === 'login') {
          const hint = details.params.login_hint;
          return html(
            reply,
            200,
            signInPage(chrome, {
              action: `${OIDC_MOUNT}/interaction/${details.uid}/login`,
              email: typeof hint === 'string' ? hint : '',
              remember: false,
            }),
          );
        }
        // Consent for the first-party studio is implied (loadExistingGrant normally answers it already).
        const accountId = details.session?.accountId;
        if (!accountId) return expired(reply);
        const grant = new provider.Grant({ accountId, clientId: config.oidc.clientId });
        grant.addOIDCScope(OIDC_SCOPES);
        grant.addResourceScope(config.oidc.audience, config.oidc.requiredPermission);
        const grantId = await grant.save();
        const to = await provider.interactionResult(req.raw, reply.raw, { consent: { grantId } });
        return reply.redirect(to, 303);
      },
    );

    pages.post<{ Params: { uid: string }; Body: Record<string, unknown> }>(
      `${OIDC_MOUNT}/interaction/:uid/login`,
      { schema: { hide: true }, config: { rateLimit: signInRateLimit(config) } },
      async (req, reply) => {
        pinPublicOrigin(config, req.raw);
        const details = await provider.interactionDetails(req.raw, reply.raw).catch(() => null);
        if (!details || details.uid !== req.params.uid || details.prompt.name !== 'login')
          return expired(reply);
        const body = req.body && typeof req.body === 'object' ? req.body : {};
        const email = typeof body.email === 'string' ? body.email.trim().toLowerCase().slice(0, 320) : '';
        const password = typeof body.password === 'string' ? body.password : '';
        const remember = body.remember === '1' || body.remember === 'on';
        const artist = email ? await findArtistByEmail(database.db, email) : undefined;
        // Unknown users cost the same scrypt as real ones: timing does not reveal which e-mails exist.
        const matches = await verifyPassword(password, artist?.password_hash ?? DUMMY_HASH);
        if (!artist || !artist.password_hash || !artist.idp_subject || !matches) {
          const reason = !artist ? 'unknown_user' : !artist.password_hash ? 'no_password' : 'wrong_password';
          const ua = req.headers['user-agent'];
          await recordAudit(database.db, {
            artistId: artist?.id ?? null,
            actor: email || null,
            action: 'signin.failure',
            ip: req.ip,
            userAgent: typeof ua === 'string' ? ua : undefined,
            requestId: req.id,
            details: { reason, issuer: 'embedded' },
          });
          // The typed e-mail address stays out of the log (it is in the audit trail, for the artist only).
          req.log.warn({ reason }, 'sign-in failed');
          return html(
            reply,
            401,
            signInPage(chrome, {
              action: `${OIDC_MOUNT}/interaction/${details.uid}/login`,
              email,
              remember,
              error: 'The e-mail address or the password is not right.',
            }),
          );
        }
        const to = await provider.interactionResult(
          req.raw,
          reply.raw,
          { login: { accountId: artist.idp_subject, remember, amr: ['pwd'] } },
          { mergeWithLastSubmission: false },
        );
        if (remember) {
          // Read once by the studio callback (same site): the studio session then lasts rememberMeDays.
          reply.setCookie(REMEMBER_COOKIE, '1', {
            path: '/studio/auth/callback',
            httpOnly: true,
            sameSite: 'lax',
            secure: config.publicUrl.startsWith('https:'),
            maxAge: 900,
          });
        }
        return reply.redirect(to, 303);
      },
    );
  });
};
