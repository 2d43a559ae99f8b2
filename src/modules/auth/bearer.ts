// Bearer access tokens for the artist API, verified with jose: RS256 signature against the issuer's JWKS,
// issuer, audience, expiry, and the required permission in the permissions claim.
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Config } from '../../config.js';
import { AppError } from '../../platform/errors.js';
import type { RelyingParty } from './relying-party.js';
import { embeddedIssuerUrl } from './issuer.js';
import type { AuthSecrets } from './secrets.js';

export class InvalidTokenError extends Error {}

export interface TokenVerifier {
  /** The verified subject; throws InvalidTokenError for anything not acceptable. */
  verify(token: string): Promise<{ subject: string }>;
}

export function createTokenVerifier(config: Config, secrets: AuthSecrets, rp: RelyingParty): TokenVerifier {
  let keys: Promise<{ issuer: string; jwks: JWTVerifyGetKey }> | undefined;
  const resolveKeys = () => {
    if (!config.oidc.issuerUrl) {
      // The embedded issuer's keys are ours: no HTTP round trip needed.
      return Promise.resolve({
        issuer: embeddedIssuerUrl(config),
        jwks: createLocalJWKSet(secrets.publicJwks),
      });
    }
    keys ??= rp
      .configuration()
      .then((c) => {
        const meta = c.serverMetadata();
        if (!meta.jwks_uri) throw new Error('the issuer publishes no jwks_uri');
        return { issuer: meta.issuer, jwks: createRemoteJWKSet(new URL(meta.jwks_uri)) };
      })
      .catch((error: unknown) => {
        keys = undefined;
        throw error;
      });
    return keys;
  };
  return {
    async verify(token) {
      const { issuer, jwks } = await resolveKeys();
      let payload: Record<string, unknown>;
      try {
        ({ payload } = await jwtVerify(token, jwks, {
          issuer,
          audience: config.oidc.audience,
          algorithms: ['RS256'],
          requiredClaims: ['exp', 'sub'],
          clockTolerance: 30,
        }));
      } catch (error) {
        // The issuer's JWKS being unreachable is our problem, not a bad token.
        if (!(error instanceof errors.JOSEError) || error.code === 'ERR_JWKS_TIMEOUT') {
          throw new AppError(
            'SERVICE_UNAVAILABLE',
            'The sign-in service cannot be reached to verify the token',
          );
        }
        throw new InvalidTokenError(error.message);
      }
      const permissions = payload[config.oidc.permissionsClaim];
      if (!Array.isArray(permissions) || !permissions.includes(config.oidc.requiredPermission)) {
        throw new InvalidTokenError(`the token lacks the ${config.oidc.requiredPermission} permission`);
      }
      return { subject: String(payload.sub) };
    },
  };
}
