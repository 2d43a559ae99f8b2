// Nothing typed is lost when the studio session expires: a studio form posted without a live session is kept
// (for STASH_TTL_MS, bound to the posting browser by an HTTP-only cookie), the artist signs in again and lands on
// a page that gives the form back to save. The kept form is never applied without a fresh, CSRF-checked submit.
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import {
  countStashes,
  deleteExpiredStashes,
  deleteStash,
  findStash,
  insertStash,
  trimBrowserStashes,
} from './form-stash-repository.js';
import { isUuid } from '../../platform/ids.js';

export const STASH_COOKIE = 'cpg_stash';
export const STASH_TTL_MS = 60 * 60_000;
/** Upper bound of kept forms at any time: unauthenticated posts must not fill the database. */
const MAX_PENDING = 200;
/** Largest form kept, in bytes (as posted, and as stored): studio forms are text, far below this. */
export const MAX_STASH_BYTES = 64 * 1024;
/** Kept forms per browser (stash cookie): a new one replaces the oldest. */
export const MAX_STASHES_PER_BROWSER = 5;
/** Forms kept per client IP and hour (the limit counts only forms that would be kept). */
export const STASHES_PER_IP_PER_HOUR = 20;

export interface StashedForm {
  id: string;
  path: string;
  fields: [string, string][];
  createdAt: Date;
}

/** What became of a form posted without a session. */
export type StashOutcome =
  | { kept: true; id: string }
  /** not a same-origin urlencoded studio form, or every slot taken: sign in without it */
  | { kept: false; reason: 'not_kept' }
  /** larger than MAX_STASH_BYTES, or this IP kept too many forms lately: say so */
  | { kept: false; reason: 'too_large' | 'rate_limited' };

function browserKey(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** [name, value] pairs of a parsed urlencoded body, without the (stale) CSRF token. */
function fieldsOf(body: unknown): [string, string][] | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const fields: [string, string][] = [];
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (name === '_csrf') continue;
    for (const v of [value].flat()) if (typeof v === 'string') fields.push([name, v]);
  }
  return fields;
}

/** Only urlencoded forms are kept (the studio's forms); anything else goes straight to sign-in. */
export const isStashableType = (req: FastifyRequest): boolean =>
  (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');

/** A declared body above MAX_STASH_BYTES: answered before the body is read. */
export function declaredTooLarge(req: FastifyRequest): boolean {
  const length = Number(req.headers['content-length']);
  return isStashableType(req) && Number.isFinite(length) && length > MAX_STASH_BYTES;
}

/**
 * Keeps the form of a same-origin studio POST that arrived without a session (see StashOutcome). `withinRate`
 * is asked (and counts) only for a form that would be kept.
 */
export async function stashForm(
  db: Kysely<Database>,
  req: FastifyRequest,
  reply: FastifyReply,
  options: { publicOrigin: string; secure: boolean; withinRate: () => Promise<boolean> },
): Promise<StashOutcome> {
  const notKept = { kept: false, reason: 'not_kept' } as const;
  if (!isStashableType(req)) return notKept;
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== options.publicOrigin) return notKept;
  if (req.headers['sec-fetch-site'] === 'cross-site') return notKept;
  const path = req.url.split('?')[0] ?? '';
  if (!path.startsWith('/studio/') || path.length > 500) return notKept;
  const fields = fieldsOf(req.body);
  if (!fields) return notKept;
  const stored = JSON.stringify(fields);
  if (Buffer.byteLength(stored) > MAX_STASH_BYTES) return { kept: false, reason: 'too_large' };
  if (!(await options.withinRate())) return { kept: false, reason: 'rate_limited' };

  await deleteExpiredStashes(db, new Date());
  if ((await countStashes(db)) >= MAX_PENDING) return notKept;

  let key = req.cookies[STASH_COOKIE];
  if (!key || !/^[A-Za-z0-9_-]{43}$/.test(key)) {
    key = randomBytes(32).toString('base64url');
    reply.setCookie(STASH_COOKIE, key, {
      path: '/studio',
      httpOnly: true,
      sameSite: 'lax',
      secure: options.secure,
      maxAge: STASH_TTL_MS / 1000,
    });
  }
  await trimBrowserStashes(db, browserKey(key), MAX_STASHES_PER_BROWSER - 1);
  const id = await insertStash(db, {
    path,
    fields: stored,
    browserKey: browserKey(key),
    expiresAt: new Date(Date.now() + STASH_TTL_MS),
  });
  return { kept: true, id };
}

/** The kept form, if it exists, has not expired and was posted by this browser. */
export async function findStashedForm(
  db: Kysely<Database>,
  req: FastifyRequest,
  id: string,
): Promise<StashedForm | undefined> {
  const key = req.cookies[STASH_COOKIE];
  if (!key || !isUuid(id)) return undefined;
  const row = await findStash(db, id, browserKey(key), new Date());
  if (!row) return undefined;
  const fields = typeof row.fields === 'string' ? (JSON.parse(row.fields) as [string, string][]) : row.fields;
  return { id: row.id, path: row.path, fields, createdAt: row.createdAt };
}

export async function discardStashedForm(
  db: Kysely<Database>,
  req: FastifyRequest,
  id: string,
): Promise<void> {
  const form = await findStashedForm(db, req, id);
  if (form) await deleteStash(db, form.id);
}
