// The embedded issuer's one artist: created on first start, password from config or generated and shown once.
import { randomUUID } from 'node:crypto';
import type { Config } from '../../config.js';
import type { DatabaseHandle } from '../../platform/db/types.js';
import { generatePassword, hashPassword, verifyPassword } from './passwords.js';
import {
  findArtistByEmail,
  hasSiteOwner,
  insertArtist,
  replacePassword,
  updateArtistCredentials,
} from './artists-repository.js';

export interface LocalArtistResult {
  created: boolean;
  username: string;
  /** Set only when a password was generated now: show it once, it is not stored anywhere readable. */
  password?: string;
}

/** Subject the embedded issuer puts in tokens for a local artist. */
export const localSubject = (artistId: string): string => `local|${artistId}`;

/**
 * Makes sure the local artist exists with a password (embedded issuer only; a no-op with an external issuer).
 * LOCAL_ARTIST_PASSWORD, when set, is the source of truth and replaces a different stored password.
 */
export async function ensureLocalArtist(
  config: Config,
  database: DatabaseHandle,
): Promise<LocalArtistResult> {
  const email = config.localArtist.email.toLowerCase();
  if (config.oidc.issuerUrl) return { created: false, username: email };
  const existing = await findArtistByEmail(database.db, email);
  if (!existing) {
    const password = config.localArtist.password ?? generatePassword();
    const id = randomUUID();
    const inserted = await insertArtist(database.db, {
      id,
      email,
      displayName: config.localArtist.name,
      subject: localSubject(id),
      passwordHash: await hashPassword(password),
      // The local artist of a new installation operates it (backups, takedown notices).
      role: (await hasSiteOwner(database.db)) ? 'artist' : 'owner',
    });
    if (!inserted) return { created: false, username: email }; // another process won the race
    return config.localArtist.password
      ? { created: true, username: email }
      : { created: true, username: email, password };
  }
  const updates: { subject?: string; passwordHash?: string } = {};
  if (!existing.idp_subject) updates.subject = localSubject(existing.id);
  let generated: string | undefined;
  if (config.localArtist.password) {
    if (
      !existing.password_hash ||
      !(await verifyPassword(config.localArtist.password, existing.password_hash))
    ) {
      updates.passwordHash = await hashPassword(config.localArtist.password);
    }
  } else if (!existing.password_hash) {
    generated = generatePassword();
    updates.passwordHash = await hashPassword(generated);
  }
  if (Object.keys(updates).length > 0) {
    await updateArtistCredentials(database.db, existing.id, updates);
  }
  return generated
    ? { created: false, username: email, password: generated }
    : { created: false, username: email };
}

/** Prints the generated credentials once, as lines a script can read (`username: …`, `password: …`). */
export function printLocalCredentials(
  result: LocalArtistResult,
  config: Config,
  write: (text: string) => void = (text) => void process.stdout.write(text),
): void {
  if (!result.password) return;
  write(
    [
      '',
      'Studio sign-in for the local artist (the password is shown only now;',
      'set a new one with `npm run artist -- reset-password`):',
      `studio: ${config.publicUrl}/studio`,
      `username: ${result.username}`,
      `password: ${result.password}`,
      '',
      '',
    ].join('\n'),
  );
}

/** Sets a new generated password for an artist signing in at the embedded issuer; ends their sessions. */
export async function resetPassword(database: DatabaseHandle, email: string): Promise<string> {
  const password = generatePassword();
  const hash = await hashPassword(password);
  const found = await replacePassword(database.db, email.toLowerCase(), hash, localSubject);
  if (!found) throw new Error(`no artist with e-mail ${email}`);
  return password;
}
