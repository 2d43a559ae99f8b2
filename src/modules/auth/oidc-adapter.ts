// oidc-provider storage adapter on the app database (table oidc_payloads, migration 0005_auth).
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { DatabaseHandle } from '../../platform/db/types.js';

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

type AuthDatabase = Database & { oidc_payloads: OidcPayloadsTable };

type Payload = Record<string, unknown>;

/** The adapter class oidc-provider instantiates once per model name. */
export function databaseAdapter(database: DatabaseHandle) {
  const db = database.db as unknown as Kysely<AuthDatabase>;
  const live = (
    row:
      | { payload: OidcPayloadsTable['payload']; expires_at: Date | null; consumed_at: Date | null }
      | undefined,
  ) => {
    if (!row || (row.expires_at && row.expires_at <= new Date())) return undefined;
    const payload = (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as Payload;
    return row.consumed_at ? { ...payload, consumed: Math.floor(row.consumed_at.getTime() / 1000) } : payload;
  };
  return class DatabaseAdapter {
    readonly model: string;
    constructor(model: string) {
      this.model = model;
    }

    async upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
      const row = {
        model: this.model,
        id,
        payload: JSON.stringify(payload),
        grant_id: typeof payload.grantId === 'string' ? payload.grantId : null,
        user_code: typeof payload.userCode === 'string' ? payload.userCode : null,
        uid: typeof payload.uid === 'string' ? payload.uid : null,
        expires_at: expiresIn ? new Date(Date.now() + expiresIn * 1000) : null,
      };
      await db
        .insertInto('oidc_payloads')
        .values(row)
        .onConflict((oc) =>
          oc.columns(['model', 'id']).doUpdateSet({
            payload: row.payload,
            grant_id: row.grant_id,
            user_code: row.user_code,
            uid: row.uid,
            expires_at: row.expires_at,
          }),
        )
        .execute();
      // Expired rows are swept now and then rather than by a separate job.
      if (Math.random() < 0.02) {
        await db.deleteFrom('oidc_payloads').where('expires_at', '<', new Date()).execute();
      }
    }

    async find(id: string) {
      return live(
        await db
          .selectFrom('oidc_payloads')
          .select(['payload', 'expires_at', 'consumed_at'])
          .where('model', '=', this.model)
          .where('id', '=', id)
          .executeTakeFirst(),
      );
    }

    async findByUid(uid: string) {
      return live(
        await db
          .selectFrom('oidc_payloads')
          .select(['payload', 'expires_at', 'consumed_at'])
          .where('model', '=', this.model)
          .where('uid', '=', uid)
          .executeTakeFirst(),
      );
    }

    async findByUserCode(userCode: string) {
      return live(
        await db
          .selectFrom('oidc_payloads')
          .select(['payload', 'expires_at', 'consumed_at'])
          .where('model', '=', this.model)
          .where('user_code', '=', userCode)
          .executeTakeFirst(),
      );
    }

    async consume(id: string): Promise<void> {
      await db
        .updateTable('oidc_payloads')
        .set({ consumed_at: new Date() })
        .where('model', '=', this.model)
        .where('id', '=', id)
        .execute();
    }

    async destroy(id: string): Promise<void> {
      await db.deleteFrom('oidc_payloads').where('model', '=', this.model).where('id', '=', id).execute();
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await db.deleteFrom('oidc_payloads').where('grant_id', '=', grantId).execute();
    }
  };
}
