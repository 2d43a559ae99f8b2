// Studio sessions in the database: the cookie carries a random token, the table only its SHA-256.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../config.js';
import type { DatabaseHandle } from '../../platform/db/types.js';
import {
  deleteExpiredSessions,
  deleteSessionRow,
  findSessionWithArtist,
  insertSession,
  touchSession,
} from './sessions-repository.js';

export const SESSION_COOKIE = 'cpg_session';
/** last_seen_at / idle expiry are written at most this often per session. */
export const TOUCH_INTERVAL_MS = 60_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface SessionArtist {
  sessionId: string;
  csrfToken: string;
  artist: { id: string; email: string; displayName: string };
}

export interface NewSession {
  token: string;
  id: string;
  csrfToken: string;
  absoluteExpiresAt: Date;
}

export function sessionLifetimes(
  config: Config,
  remember: boolean,
  now: Date,
): { idle: Date; absolute: Date } {
  const absolute = new Date(
    now.getTime() +
      (remember
        ? config.session.rememberMeDays * 86_400_000
        : config.session.absoluteTimeoutHours * 3_600_000),
  );
  // "Remember me" sessions survive days without use; ordinary ones end after the idle timeout.
  const idleMs = remember ? absolute.getTime() - now.getTime() : config.session.idleTimeoutMinutes * 60_000;
  const idle = new Date(Math.min(now.getTime() + idleMs, absolute.getTime()));
  return { idle, absolute };
}

/** A brand-new session (new random id every sign-in, so a planted id can never become authenticated). */
export async function createSession(
  config: Config,
  database: DatabaseHandle,
  args: {
    artistId: string;
    remember: boolean;
    ip: string | null;
    userAgent: string | null;
    idToken: string | null;
  },
): Promise<NewSession> {
  const token = randomBytes(32).toString('base64url');
  const id = hashToken(token);
  const csrfToken = randomBytes(32).toString('base64url');
  const now = new Date();
  const { idle, absolute } = sessionLifetimes(config, args.remember, now);
  // Sessions whose browser never came back would otherwise stay forever, with their IP and user agent.
  await deleteExpiredSessions(database.db, now);
  await insertSession(database.db, {
    id,
    artist_id: args.artistId,
    created_at: now,
    last_seen_at: now,
    idle_expires_at: idle,
    absolute_expires_at: absolute,
    remember_me: args.remember,
    csrf_secret: csrfToken,
    user_agent: args.userAgent?.slice(0, 512) ?? null,
    ip: args.ip,
    id_token_hint: args.idToken,
  });
  return { token, id, csrfToken, absoluteExpiresAt: absolute };
}

/** The live session of a cookie token, sliding its idle expiry; expired sessions are deleted. */
export async function resumeSession(
  config: Config,
  database: DatabaseHandle,
  token: string,
  now = new Date(),
): Promise<SessionArtist | null> {
  if (token.length < 20 || token.length > 100) return null;
  const id = hashToken(token);
  const row = await findSessionWithArtist(database.db, id);
  if (!row) return null;
  if (row.idleExpiresAt <= now || row.absoluteExpiresAt <= now) {
    await deleteSessionRow(database.db, id);
    return null;
  }
  if (now.getTime() - row.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
    const idleMs = row.rememberMe
      ? row.absoluteExpiresAt.getTime() - now.getTime()
      : config.session.idleTimeoutMinutes * 60_000;
    const idle = new Date(Math.min(now.getTime() + idleMs, row.absoluteExpiresAt.getTime()));
    await touchSession(database.db, id, now, idle);
  }
  return { sessionId: row.id, csrfToken: row.csrfSecret, artist: row.artist };
}

export async function deleteSession(database: DatabaseHandle, sessionId: string): Promise<string | null> {
  return (await deleteSessionRow(database.db, sessionId))?.idTokenHint ?? null;
}

/** Constant-time comparison of a submitted CSRF token with the session's. */
export function csrfMatches(expected: string, submitted: unknown): boolean {
  if (typeof submitted !== 'string' || submitted.length === 0) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(submitted);
  return a.length === b.length && timingSafeEqual(a, b);
}
