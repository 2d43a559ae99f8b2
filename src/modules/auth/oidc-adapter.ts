// oidc-provider storage adapter on the app database (table oidc_payloads, migration 0005_auth).
import type { DatabaseHandle } from '../../platform/db/types.js';
import {
  consumePayload,
  deleteExpiredPayloads,
  deletePayload,
  deletePayloadsOfGrant,
  findPayload,
  upsertPayload,
  type StoredPayload,
} from './issuer-repository.js';

type Payload = Record<string, unknown>;

/** The adapter class oidc-provider instantiates once per model name. */
export function databaseAdapter(database: DatabaseHandle) {
  const { db } = database;
  const live = (row: StoredPayload | undefined) => {
    if (!row || (row.expiresAt && row.expiresAt <= new Date())) return undefined;
    const payload = (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as Payload;
    return row.consumedAt ? { ...payload, consumed: Math.floor(row.consumedAt.getTime() / 1000) } : payload;
  };
  return class DatabaseAdapter {
    readonly model: string;
    constructor(model: string) {
      this.model = model;
    }

    async upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
      await upsertPayload(db, {
        model: this.model,
        id,
        payload: JSON.stringify(payload),
        grantId: typeof payload.grantId === 'string' ? payload.grantId : null,
        userCode: typeof payload.userCode === 'string' ? payload.userCode : null,
        uid: typeof payload.uid === 'string' ? payload.uid : null,
        expiresAt: expiresIn ? new Date(Date.now() + expiresIn * 1000) : null,
      });
      // Expired rows are swept now and then rather than by a separate job.
      if (Math.random() < 0.02) await deleteExpiredPayloads(db, new Date());
    }

    async find(id: string) {
      return live(await findPayload(db, this.model, 'id', id));
    }

    async findByUid(uid: string) {
      return live(await findPayload(db, this.model, 'uid', uid));
    }

    async findByUserCode(userCode: string) {
      return live(await findPayload(db, this.model, 'user_code', userCode));
    }

    async consume(id: string): Promise<void> {
      await consumePayload(db, this.model, id, new Date());
    }

    async destroy(id: string): Promise<void> {
      await deletePayload(db, this.model, id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await deletePayloadsOfGrant(db, grantId);
    }
  };
}
