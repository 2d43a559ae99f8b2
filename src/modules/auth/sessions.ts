// Studio sessions in the database: the cookie carries a random token, the table only its SHA-256.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../config.js';
import type { DatabaseHandle } from '../../platform/db/types.js';

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
  await database.db
    .insertInto('sessions')
    .values({
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
    })
    .execute();
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
  const row = await database.db
    .selectFrom('sessions')
    .innerJoin('artists', 'artists.id', 'sessions.artist_id')
    .select([
      'sessions.id',
      'sessions.csrf_secret',
      'sessions.last_seen_at',
      'sessions.idle_expires_at',
      'sessions.absolute_expires_at',
      'sessions.remember_me',
      'artists.id as artist_id',
      'artists.email',
      'artists.display_name',
    ])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  if (row.idle_expires_at <= now || row.absolute_expires_at <= now) {
    await database.db.deleteFrom('sessions').where('id', '=', id).execute();
    return null;
  }
  if (now.getTime() - row.last_seen_at.getTime() >= TOUCH_INTERVAL_MS) {
    const idleMs = row.remember_me
      ? row.absolute_expires_at.getTime() - now.getTime()
      : config.session.idleTimeoutMinutes * 60_000;
    const idle = new Date(Math.min(now.getTime() + idleMs, row.absolute_expires_at.getTime()));
    await database.db
      .updateTable('sessions')
      .set({ last_seen_at: now, idle_expires_at: idle })
      .where('id', '=', id)
      .execute();
  }
  return {
    sessionId: row.id,
    csrfToken: row.csrf_secret,
    artist: { id: row.artist_id, email: row.email, displayName: row.display_name },
  };
}

export async function deleteSession(database: DatabaseHandle, sessionId: string): Promise<string | null> {
  const row = await database.db
    .deleteFrom('sessions')
    .where('id', '=', sessionId)
    .returning('id_token_hint')
    .executeTakeFirst();
  return row?.id_token_hint ?? null;
}

/** Constant-time comparison of a submitted CSRF token with the session's. */
export function csrfMatches(expected: string, submitted: unknown): boolean {
  if (typeof submitted !== 'string' || submitted.length === 0) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(submitted);
  return a.length === b.length && timingSafeEqual(a, b);
}
