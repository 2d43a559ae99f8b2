// The public forms' minimum fill time, without a cookie: the form carries the time it was rendered, signed with an
// HMAC of a server secret, in a hidden field. A post is accepted only when at least MIN_FILL_MS have passed since
// then (people read and type; bots post at once) and at most MAX_AGE_MS (a stale page gets a fresh form back, with
// what was typed). The token says nothing about the visitor and is not stored.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const MIN_FILL_MS = 3_000;
export const MAX_AGE_MS = 24 * 60 * 60 * 1000;

export type FormTokenCheck = 'ok' | 'too-fast' | 'expired' | 'invalid';

function sign(key: string, issuedAt: number): string {
  return createHmac('sha256', key).update(`enquiry-form:${issuedAt}`).digest('base64url');
}

/** A token saying "this form was rendered at `now`". */
export function issueFormToken(key: string, now: number = Date.now()): string {
  return `${now}.${sign(key, now)}`;
}

export function checkFormToken(key: string, token: unknown, now: number = Date.now()): FormTokenCheck {
  if (typeof token !== 'string' || token.length > 100) return 'invalid';
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return 'invalid';
  const issuedAt = Number(match[1]);
  const expected = Buffer.from(sign(key, issuedAt));
  const given = Buffer.from(match[2]!);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
  const age = now - issuedAt;
  // A token from the future (clock skew between dynos is seconds at most) is treated like a fresh one.
  if (age < MIN_FILL_MS) return 'too-fast';
  if (age > MAX_AGE_MS) return 'expired';
  return 'ok';
}
