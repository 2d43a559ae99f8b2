// Long-lived key material, created once and kept in app_state so restarts (and every dyno) share it:
// the embedded issuer's RS256 signing key and, when SESSION_SECRET is not set, a generated secret.
import { createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import type { Config } from '../../config.js';
import type { DatabaseHandle } from '../../platform/db/types.js';
import { readOrCreateState } from './issuer-repository.js';

const STATE_KEY = 'auth.keys';

interface StoredKeys {
  secret: string;
  signingKey: JWK;
}

export interface AuthSecrets {
  /** SESSION_SECRET, or the stored generated one: keys CSRF tokens, cookies and derived client secrets. */
  readonly secret: string;
  /** Private RS256 JWK (with kid) of the embedded issuer. */
  readonly signingKey: JWK;
  /** The public half, as a JWKS. */
  readonly publicJwks: { keys: JWK[] };
  /** HMAC-SHA256 of a label with the secret (base64url): derived keys that need no storage. */
  derive(label: string): string;
}

async function generate(): Promise<StoredKeys> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint(jwk);
  return {
    secret: randomBytes(32).toString('base64url'),
    signingKey: { ...jwk, kid, alg: 'RS256', use: 'sig' },
  };
}

/** Reads the stored keys, creating them on first use (safe when several processes start at once). */
export async function loadAuthSecrets(config: Config, database: DatabaseHandle): Promise<AuthSecrets> {
  const stored = (await readOrCreateState(
    database.db,
    STATE_KEY,
    async () => (await generate()) as unknown as Record<string, unknown>,
  )) as unknown as StoredKeys;
  const secret = config.session.secret ?? stored.secret;
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicKey } = stored.signingKey;
  return {
    secret,
    signingKey: stored.signingKey,
    publicJwks: { keys: [publicKey] },
    derive: (label) => createHmac('sha256', secret).update(label).digest('base64url'),
  };
}

/** The studio client's secret at the embedded issuer: OIDC_CLIENT_SECRET, or derived from the secret. */
export function embeddedClientSecret(config: Config, secrets: AuthSecrets): string {
  return config.oidc.clientSecret ?? secrets.derive('oidc-client-secret');
}
