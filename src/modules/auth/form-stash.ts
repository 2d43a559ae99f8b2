// Nothing typed is lost when the studio session expires: a studio form posted without a live session is kept
// (for STASH_TTL_MS, bound to the posting browser by an HTTP-only cookie), the artist signs in again and lands on
// a page that gives the form back to save. The kept form is never applied without a fresh, CSRF-checked submit.
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';

export const STASH_COOKIE = 'cpg_stash';
export const STASH_TTL_MS = 60 * 60_000;
/** Upper bound of kept forms at any time: unauthenticated posts must not fill the database. */
const MAX_PENDING = 200;

export interface StashedForm {
  id: string;
  path: string;
  fields: [string, string][];
  createdAt: Date;
}

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

/**
 * Keeps the form of a same-origin studio POST that arrived without a session and returns the id to resume it,
 * or null when it cannot be kept (not a urlencoded form, cross-site, or too many pending).
 */
export async function stashForm(
  db: Kysely<Database>,
  req: FastifyRequest,
  reply: FastifyReply,
  options: { publicOrigin: string; secure: boolean },
): Promise<string | null> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) return null;
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== options.publicOrigin) return null;
  if (req.headers['sec-fetch-site'] === 'cross-site') return null;
  const path = req.url.split('?')[0] ?? '';
  if (!path.startsWith('/studio/') || path.length > 500) return null;
  const fields = fieldsOf(req.body);
  if (!fields) return null;

  await db.deleteFrom('studio_form_stash').where('expires_at', '<', new Date()).execute();
  const { pending } = await db
    .selectFrom('studio_form_stash')
    .select((eb) => eb.fn.countAll<string>().as('pending'))
    .executeTakeFirstOrThrow();
  if (Number(pending) >= MAX_PENDING) return null;

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
  const { id } = await db
    .insertInto('studio_form_stash')
    .values({
      path,
      fields: JSON.stringify(fields),
      browser_key: browserKey(key),
      expires_at: new Date(Date.now() + STASH_TTL_MS),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** The kept form, if it exists, has not expired and was posted by this browser. */
export async function findStashedForm(
  db: Kysely<Database>,
  req: FastifyRequest,
  id: string,
): Promise<StashedForm | undefined> {
  const key = req.cookies[STASH_COOKIE];
  if (!key || !/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const row = await db
    .selectFrom('studio_form_stash')
    .select(['id', 'path', 'fields', 'created_at'])
    .where('id', '=', id)
    .where('browser_key', '=', browserKey(key))
    .where('expires_at', '>', new Date())
    .executeTakeFirst();
  if (!row) return undefined;
  const fields = typeof row.fields === 'string' ? (JSON.parse(row.fields) as [string, string][]) : row.fields;
  return { id: row.id, path: row.path, fields, createdAt: new Date(row.created_at) };
}

export async function discardStashedForm(
  db: Kysely<Database>,
  req: FastifyRequest,
  id: string,
): Promise<void> {
  const form = await findStashedForm(db, req, id);
  if (form) await db.deleteFrom('studio_form_stash').where('id', '=', form.id).execute();
}
