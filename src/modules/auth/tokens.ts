// Access tokens minted directly with the embedded issuer's signing key (`npm run token`, tests): the same
// claims the issuer puts in its JWT access tokens, so the artist API accepts them like any other.
// With the embedded database the running gallery holds the only connection (one process per folder), so it
// leaves what minting needs in DATA_DIR/run/embedded-issuer.json (owner-only, removed on a clean stop) and
// `npm run token` uses that while the gallery runs instead of opening the database.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { importJWK, SignJWT, type JWK } from 'jose';
import type { Config } from '../../config.js';
import type { DatabaseHandle } from '../../platform/db/types.js';
import { embeddedIssuerUrl } from './issuer.js';
import { loadAuthSecrets } from './secrets.js';
import { findArtistByEmail, listArtistRows } from './artists-repository.js';

export interface MintArgs {
  email?: string;
  ttlSeconds?: number;
}

export interface MintedToken {
  token: string;
  expiresAt: Date;
  subject: string;
}

/** What signing needs: the issuer's private key and the subjects of the artists who may get tokens. */
interface TokenMaterial {
  /** The process that wrote it; material from a process that is gone is not used. */
  pid: number;
  signingKey: JWK;
  artists: Array<{ email: string; subject: string }>;
}

function refuseExternalIssuer(config: Config): void {
  if (config.oidc.issuerUrl) {
    throw new Error(
      'OIDC_ISSUER_URL is set: get tokens from that issuer (see docs/security.md), not the embedded one',
    );
  }
}

async function sign(
  config: Config,
  signingKey: JWK,
  subject: string,
  ttlSeconds?: number,
): Promise<MintedToken> {
  const key = await importJWK(signingKey, 'RS256');
  const ttl = Math.min(Math.max(ttlSeconds ?? 900, 60), 3600);
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({
    [config.oidc.permissionsClaim]: [config.oidc.requiredPermission],
    scope: config.oidc.requiredPermission,
    client_id: config.oidc.clientId,
  })
    .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: signingKey.kid ?? '' })
    .setIssuer(embeddedIssuerUrl(config))
    .setAudience(config.oidc.audience)
    .setSubject(subject)
    .setIssuedAt(now)
    .setExpirationTime(now + ttl)
    .setJti(randomUUID())
    .sign(key);
  return { token, expiresAt: new Date((now + ttl) * 1000), subject };
}

const noSubject = (email: string) =>
  new Error(`no artist with e-mail ${email} and a linked subject (start the app once)`);

export async function mintAccessToken(
  config: Config,
  database: DatabaseHandle,
  args: MintArgs = {},
): Promise<MintedToken> {
  refuseExternalIssuer(config);
  const email = (args.email ?? config.localArtist.email).toLowerCase();
  const artist = await findArtistByEmail(database.db, email);
  if (!artist?.idp_subject) throw noSubject(email);
  const secrets = await loadAuthSecrets(config, database);
  return sign(config, secrets.signingKey, artist.idp_subject, args.ttlSeconds);
}

export function tokenMaterialPath(config: Config): string {
  return path.join(config.dataDir, 'run', 'embedded-issuer.json');
}

/** Written by the running gallery (embedded database and issuer); returns a remover for the clean stop. */
export async function writeTokenMaterial(
  config: Config,
  database: DatabaseHandle,
): Promise<() => Promise<void>> {
  const secrets = await loadAuthSecrets(config, database);
  const rows = await listArtistRows(database.db);
  const material: TokenMaterial = {
    pid: process.pid,
    signingKey: secrets.signingKey,
    artists: rows.flatMap((r) => (r.idp_subject ? [{ email: r.email, subject: r.idp_subject }] : [])),
  };
  const file = tokenMaterialPath(config);
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(temp, JSON.stringify(material), { mode: 0o600 });
  await fs.rename(temp, file);
  return async () => {
    await fs.rm(file, { force: true });
  };
}

/** Mints from the material the running gallery (process `holderPid`) left; throws when it is not there. */
export async function mintFromRunningGallery(
  config: Config,
  holderPid: number,
  args: MintArgs = {},
): Promise<MintedToken> {
  refuseExternalIssuer(config);
  let material: TokenMaterial;
  try {
    material = JSON.parse(await fs.readFile(tokenMaterialPath(config), 'utf8')) as TokenMaterial;
  } catch {
    throw new Error(
      `the gallery running as pid ${holderPid} left no token material: restart it, then try again`,
    );
  }
  if (material.pid !== holderPid) {
    throw new Error(`the token material is not the running gallery's (pid ${holderPid}): restart it`);
  }
  const email = (args.email ?? config.localArtist.email).toLowerCase();
  const subject = material.artists.find((a) => a.email === email)?.subject;
  if (!subject) throw noSubject(email);
  return sign(config, material.signingKey, subject, args.ttlSeconds);
}
