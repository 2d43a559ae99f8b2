// SQL of the embedded issuer's storage: its key material in `app_state` and oidc-provider's models
// (sessions, interactions, grants, codes) in `oidc_payloads` (migration 0005_auth).
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';

type Db = Kysely<Database>;

/** The stored value under an app_state key, creating it with `initial` when absent (first writer wins). */
export async function readOrCreateState(
  db: Db,
  key: string,
  initial: () => Promise<Record<string, unknown>>,
): Promise<Record<string, unknown>> {
  const row = await db.selectFrom('app_state').select('value').where('key', '=', key).executeTakeFirst();
  if (row) return row.value as Record<string, unknown>;
  await db
    .insertInto('app_state')
    .values({ key, value: await initial() })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const stored = await db
    .selectFrom('app_state')
    .select('value')
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
  return stored.value as Record<string, unknown>;
}

interface OidcPayloadsTable {
  model: string;
  id: string;
  payload: Record<string, unknown> | string;
  grant_id: string | null;
  user_code: string | null;
  uid: string | null;
  expires_at: Date | null;
  consumed_at: Date | null;
}

type OidcDb = Kysely<Database & { oidc_payloads: OidcPayloadsTable }>;
const oidc = (db: Db) => db as unknown as OidcDb;

export interface StoredPayload {
  payload: Record<string, unknown> | string;
  expiresAt: Date | null;
  consumedAt: Date | null;
}

export interface PayloadRow {
  model: string;
  id: string;
  payload: string;
  grantId: string | null;
  userCode: string | null;
  uid: string | null;
  expiresAt: Date | null;
}

export async function upsertPayload(db: Db, row: PayloadRow): Promise<void> {
  const values = {
    model: row.model,
    id: row.id,
    payload: row.payload,
    grant_id: row.grantId,
    user_code: row.userCode,
    uid: row.uid,
    expires_at: row.expiresAt,
  };
  await oidc(db)
    .insertInto('oidc_payloads')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['model', 'id']).doUpdateSet({
        payload: values.payload,
        grant_id: values.grant_id,
        user_code: values.user_code,
        uid: values.uid,
        expires_at: values.expires_at,
      }),
    )
    .execute();
}

export async function deleteExpiredPayloads(db: Db, now: Date): Promise<void> {
  await oidc(db).deleteFrom('oidc_payloads').where('expires_at', '<', now).execute();
}

/** One payload of a model, looked up by its id, uid or user code. */
export async function findPayload(
  db: Db,
  model: string,
  by: 'id' | 'uid' | 'user_code',
  value: string,
): Promise<StoredPayload | undefined> {
  const row = await oidc(db)
    .selectFrom('oidc_payloads')
    .select(['payload', 'expires_at', 'consumed_at'])
    .where('model', '=', model)
    .where(by, '=', value)
    .executeTakeFirst();
  return row && { payload: row.payload, expiresAt: row.expires_at, consumedAt: row.consumed_at };
}

export async function consumePayload(db: Db, model: string, id: string, at: Date): Promise<void> {
  await oidc(db)
    .updateTable('oidc_payloads')
    .set({ consumed_at: at })
    .where('model', '=', model)
    .where('id', '=', id)
    .execute();
}

export async function deletePayload(db: Db, model: string, id: string): Promise<void> {
  await oidc(db).deleteFrom('oidc_payloads').where('model', '=', model).where('id', '=', id).execute();
}

export async function deletePayloadsOfGrant(db: Db, grantId: string): Promise<void> {
  await oidc(db).deleteFrom('oidc_payloads').where('grant_id', '=', grantId).execute();
}
