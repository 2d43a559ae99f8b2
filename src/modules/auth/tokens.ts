// Access tokens minted directly with the embedded issuer's signing key (`npm run token`, tests): the same
// claims the issuer puts in its JWT access tokens, so the artist API accepts them like any other.
import { randomUUID } from 'node:crypto';
import { importJWK, SignJWT } from 'jose';
import type { Config } from '../../config.js';
import type { DatabaseHandle } from '../../platform/db/types.js';
import { embeddedIssuerUrl } from './issuer.js';
import { loadAuthSecrets } from './secrets.js';

export async function mintAccessToken(
  config: Config,
  database: DatabaseHandle,
  args: { email?: string; ttlSeconds?: number } = {},
): Promise<{ token: string; expiresAt: Date; subject: string }> {
  if (config.oidc.issuerUrl) {
    throw new Error(
      'OIDC_ISSUER_URL is set: get tokens from that issuer (see docs/security.md), not the embedded one',
    );
  }
  const email = (args.email ?? config.localArtist.email).toLowerCase();
  const artist = await database.db
    .selectFrom('artists')
    .select(['idp_subject'])
    .where('email', '=', email)
    .executeTakeFirst();
  if (!artist?.idp_subject)
    throw new Error(`no artist with e-mail ${email} and a linked subject (start the app once)`);
  const secrets = await loadAuthSecrets(config, database);
  const key = await importJWK(secrets.signingKey, 'RS256');
  const ttl = Math.min(Math.max(args.ttlSeconds ?? 900, 60), 3600);
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({
    [config.oidc.permissionsClaim]: [config.oidc.requiredPermission],
    scope: config.oidc.requiredPermission,
    client_id: config.oidc.clientId,
  })
    .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: secrets.signingKey.kid ?? '' })
    .setIssuer(embeddedIssuerUrl(config))
    .setAudience(config.oidc.audience)
    .setSubject(artist.idp_subject)
    .setIssuedAt(now)
    .setExpirationTime(now + ttl)
    .setJti(randomUUID())
    .sign(key);
  return { token, expiresAt: new Date((now + ttl) * 1000), subject: artist.idp_subject };
}
