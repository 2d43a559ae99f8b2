// The secrets of a viewing room (docs/decisions/015-viewing-rooms.md):
// - the link's token: 32 random bytes (256 bits), base64url (43 characters). The database keeps its SHA-256 for
//   the lookup and the token sealed (AES-256-GCM, key derived from the installation's secret) so the studio can
//   show the link again; the token itself is never logged (the room routes log no URLs).
// - the unlock cookie of a password-protected room: room id, expiry and an HMAC over both and the room's password
//   hash, so changing or removing the password ends every unlock.
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

const TOKEN_BYTES = 32;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A new link token: 256 random bits, base64url. */
export function newRoomToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/** True when the value has the shape of a token (checked before any lookup). */
export function isRoomToken(value: unknown): value is string {
  return typeof value === 'string' && TOKEN_PATTERN.test(value);
}

/** What the database stores and looks up: SHA-256 of the token (base64url). */
export function hashRoomToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

function key(secretKey: string): Buffer {
  // secretKey is already a derived, purpose-bound key (AuthSecrets.derive); hash it to 32 bytes.
  return createHash('sha256').update(secretKey).digest();
}

/** `v1.<iv>.<ciphertext>.<tag>` (base64url): the token encrypted with the derived key. */
export function sealRoomToken(token: string, secretKey: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(secretKey), iv);
  const body = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return [
    'v1',
    iv.toString('base64url'),
    body.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
  ].join('.');
}

/** The token, or undefined when the seal was made with another key (a restore from another installation). */
export function openRoomToken(sealed: string, secretKey: string): string | undefined {
  const [version, iv, body, tag] = sealed.split('.');
  if (version !== 'v1' || !iv || !body || !tag) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key(secretKey), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const token = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
    return isRoomToken(token) ? token : undefined;
  } catch {
    return undefined;
  }
}

/** Name of a room's unlock cookie: one per room, so unlocking one room opens no other. */
export function unlockCookieName(roomId: string): string {
  return `cpg_room_${roomId.replaceAll('-', '')}`;
}

function unlockMac(secretKey: string, roomId: string, expires: number, passwordHash: string): string {
  return createHmac('sha256', secretKey).update(`${roomId}|${expires}|${passwordHash}`).digest('base64url');
}

/** The unlock cookie's value: `<expires (unix seconds)>.<mac>`. */
export function signUnlock(secretKey: string, roomId: string, passwordHash: string, expiresAt: Date): string {
  const expires = Math.floor(expiresAt.getTime() / 1000);
  return `${expires}.${unlockMac(secretKey, roomId, expires, passwordHash)}`;
}

/** True when the cookie value unlocks this room (right room, right password, not expired). */
export function verifyUnlock(
  secretKey: string,
  roomId: string,
  passwordHash: string,
  value: string | undefined,
  now: Date,
): boolean {
  if (!value) return false;
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value);
  if (!match) return false;
  const expires = Number(match[1]);
  if (expires * 1000 <= now.getTime()) return false;
  const expected = Buffer.from(unlockMac(secretKey, roomId, expires, passwordHash));
  const given = Buffer.from(match[2] ?? '');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
