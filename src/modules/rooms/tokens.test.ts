import { describe, expect, it } from 'vitest';
import {
  hashRoomToken,
  isRoomToken,
  newRoomToken,
  openRoomToken,
  sealRoomToken,
  signUnlock,
  unlockCookieName,
  verifyUnlock,
} from './tokens.js';

describe('room tokens', () => {
  it('are 256 random bits in base64url, different every time', () => {
    const a = newRoomToken();
    const b = newRoomToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(a).not.toBe(b);
    expect(isRoomToken(a)).toBe(true);
    expect(isRoomToken(`${a}x`)).toBe(false);
    expect(isRoomToken('../etc/passwd')).toBe(false);
  });

  it('are stored as a SHA-256 hash, which is not the token', () => {
    const token = newRoomToken();
    expect(hashRoomToken(token)).toBe(hashRoomToken(token));
    expect(hashRoomToken(token)).not.toContain(token);
    expect(hashRoomToken(token)).not.toBe(hashRoomToken(newRoomToken()));
  });

  it('seal and open with the same key only', () => {
    const token = newRoomToken();
    const sealed = sealRoomToken(token, 'key one');
    expect(sealed).not.toContain(token);
    expect(sealRoomToken(token, 'key one')).not.toBe(sealed); // a fresh IV each time
    expect(openRoomToken(sealed, 'key one')).toBe(token);
    expect(openRoomToken(sealed, 'key two')).toBeUndefined();
    // Altered ciphertext fails authentication. (The first character of a base64url part carries six whole bits;
    // the last character of the tag carries padding bits a decoder ignores, so altering it proves nothing.)
    const [version, iv, body, tag] = sealed.split('.') as [string, string, string, string];
    const altered = `${body[0] === 'A' ? 'B' : 'A'}${body.slice(1)}`;
    expect(openRoomToken([version, iv, altered, tag].join('.'), 'key one')).toBeUndefined();
    expect(openRoomToken('garbage', 'key one')).toBeUndefined();
  });
});

describe('unlock cookies', () => {
  const room = '3f2a8c1e-0000-4000-8000-000000000001';
  const now = new Date('2026-12-07T10:00:00Z');
  const until = new Date('2026-12-07T12:00:00Z');

  it('unlock the room they were signed for until they expire', () => {
    const value = signUnlock('k', room, 'hash', until);
    expect(verifyUnlock('k', room, 'hash', value, now)).toBe(true);
    expect(verifyUnlock('k', room, 'hash', value, until)).toBe(false);
  });

  it('do not unlock another room, after a password change, with another key, or when altered', () => {
    const value = signUnlock('k', room, 'hash', until);
    expect(verifyUnlock('k', room.replace(/1$/, '2'), 'hash', value, now)).toBe(false);
    expect(verifyUnlock('k', room, 'new hash', value, now)).toBe(false);
    expect(verifyUnlock('other', room, 'hash', value, now)).toBe(false);
    const [, mac] = value.split('.');
    expect(verifyUnlock('k', room, 'hash', `${Math.floor(until.getTime() / 1000) + 3600}.${mac}`, now)).toBe(
      false,
    );
    expect(verifyUnlock('k', room, 'hash', undefined, now)).toBe(false);
    expect(verifyUnlock('k', room, 'hash', 'nonsense', now)).toBe(false);
  });

  it('are named per room', () => {
    expect(unlockCookieName(room)).toBe('cpg_room_3f2a8c1e000040008000000000000001');
  });
});
