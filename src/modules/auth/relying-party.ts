// The studio as an OpenID Connect relying party (openid-client): code flow with PKCE, state and nonce.
// Discovery is lazy and cached: against the embedded issuer it is an HTTP call to this very app, which must be
// listening by then (it is, by the time a browser asks to sign in).
import * as client from 'openid-client';
import type { Config } from '../../config.js';
import { embeddedIssuerUrl } from './issuer.js';
import { embeddedClientSecret, type AuthSecrets } from './secrets.js';

export interface RelyingParty {
  readonly issuerUrl: string;
  /** The discovered configuration (cached after the first success). */
  configuration(): Promise<client.Configuration>;
}

export function createRelyingParty(config: Config, secrets: AuthSecrets): RelyingParty {
  const issuerUrl = config.oidc.issuerUrl ?? embeddedIssuerUrl(config);
  const secret = config.oidc.issuerUrl ? config.oidc.clientSecret : embeddedClientSecret(config, secrets);
  let pending: Promise<client.Configuration> | undefined;
  return {
    issuerUrl,
    configuration() {
      pending ??= client
        .discovery(
          new URL(issuerUrl),
          config.oidc.clientId,
          { id_token_signed_response_alg: 'RS256' },
          secret ? client.ClientSecretPost(secret) : client.None(),
          {
            // http issuers only outside production (local development, tests).
            execute:
              issuerUrl.startsWith('http:') && !config.isProduction ? [client.allowInsecureRequests] : [],
            timeout: 10,
          },
        )
        .catch((error: unknown) => {
          pending = undefined; // try again on the next sign-in
          throw error;
        });
      return pending;
    },
  };
}

export interface LoginState {
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string;
  remember: boolean;
  /** The browser's studio session ended (sign-out, timeout): the issuer must ask for the password again. */
  reauthenticate: boolean;
  /** When the authorization request was made (seconds since the epoch). */
  startedAt: number;
}

/** Clock difference allowed between the issuer's auth_time and this server's clock, in seconds. */
export const AUTH_TIME_TOLERANCE_S = 5;

/** The issuer signed the artist in without asking again although the request demanded it. */
export class StaleAuthenticationError extends Error {}

export async function startLogin(
  config: Config,
  rp: RelyingParty,
  args: { returnTo: string; remember: boolean; reauthenticate: boolean },
): Promise<{ url: string; state: LoginState }> {
  const configuration = await rp.configuration();
  const verifier = client.randomPKCECodeVerifier();
  const state: LoginState = {
    state: client.randomState(),
    nonce: client.randomNonce(),
    verifier,
    returnTo: args.returnTo,
    remember: args.remember,
    reauthenticate: args.reauthenticate,
    startedAt: Math.floor(Date.now() / 1000),
  };
  const url = client.buildAuthorizationUrl(configuration, {
    redirect_uri: `${config.publicUrl}/studio/auth/callback`,
    scope: 'openid profile email',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state: state.state,
    nonce: state.nonce,
    // Auth0 issues an access token for the API only when asked with `audience`; the embedded issuer accepts it too.
    audience: config.oidc.audience,
    // An issuer session that outlived the studio's must not sign the artist in again silently: ask for the
    // password (prompt=login) and have auth_time in the ID token (max_age=0) to check it was asked.
    ...(args.reauthenticate ? { prompt: 'login', max_age: '0' } : {}),
  });
  return { url: url.href, state };
}

/** Exchanges the code; throws on any mismatch (state, nonce, PKCE, issuer, audience, signature). */
export async function finishLogin(
  rp: RelyingParty,
  currentUrl: URL,
  state: LoginState,
): Promise<{ subject: string; idToken: string | null }> {
  const configuration = await rp.configuration();
  const tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
    pkceCodeVerifier: state.verifier,
    expectedState: state.state,
    expectedNonce: state.nonce,
    idTokenExpected: true,
  });
  const claims = tokens.claims();
  if (!claims?.sub) throw new Error('the ID token has no subject');
  if (state.reauthenticate) {
    const authTime = claims.auth_time;
    if (typeof authTime !== 'number' || authTime < state.startedAt - AUTH_TIME_TOLERANCE_S) {
      throw new StaleAuthenticationError(
        `the issuer did not authenticate again (auth_time ${String(authTime)}, request at ${state.startedAt})`,
      );
    }
  }
  return { subject: claims.sub, idToken: tokens.id_token ?? null };
}

/** The issuer's end-session URL (RP-initiated logout), or null when the issuer has none. */
export async function endSessionUrl(
  config: Config,
  rp: RelyingParty,
  idToken: string | null,
): Promise<string | null> {
  const configuration = await rp.configuration();
  if (!configuration.serverMetadata().end_session_endpoint) return null;
  const params: Record<string, string> = {
    client_id: config.oidc.clientId,
    post_logout_redirect_uri: `${config.publicUrl}/studio/signed-out`,
  };
  if (idToken) params.id_token_hint = idToken;
  return client.buildEndSessionUrl(configuration, params).href;
}
