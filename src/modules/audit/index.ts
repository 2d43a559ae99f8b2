// The audit trail: who did what, from where. Written in the same transaction as the change it records.
import type { FastifyRequest } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { Actor } from '../../platform/actor.js';
import '../../platform/auth-context.js';
import { insertAuditEvent } from './repository.js';

export interface AuditEventInput {
  artistId: string | null;
  /** IdP subject or e-mail; for failed sign-ins the name tried. */
  actor: string | null;
  /** e.g. 'signin.success', 'signin.failure', 'signout', 'print.updated'. */
  action: string;
  entityType?: string;
  entityId?: string;
  ip?: string;
  userAgent?: string;
  requestId?: string;
  details?: Record<string, unknown>;
}

const MAX_USER_AGENT = 512;

function auditRow(e: AuditEventInput) {
  return {
    artist_id: e.artistId,
    actor: e.actor === null ? null : e.actor.slice(0, 320),
    action: e.action,
    entity_type: e.entityType ?? null,
    entity_id: e.entityId ?? null,
    ip: e.ip ?? null,
    user_agent: e.userAgent === undefined ? null : e.userAgent.slice(0, MAX_USER_AGENT),
    request_id: e.requestId ?? null,
    details: e.details ?? {},
  };
}

/**
 * Appends one audit event, or many in few statements (a change of many rows: bulk edit, import), in the order
 * given; pass the transaction of the change so both commit or neither does.
 */
export async function recordAudit(
  db: Kysely<Database> | Transaction<Database>,
  e: AuditEventInput | readonly AuditEventInput[],
): Promise<void> {
  const events = Array.isArray(e) ? (e as readonly AuditEventInput[]) : [e as AuditEventInput];
  if (events.length === 0) return;
  await insertAuditEvent(db, events.map(auditRow));
}

/** Who acted, as an audit event names them: spread into recordAudit's event (the service-side auditFromRequest). */
export function auditActor(
  actor: Actor,
): Pick<AuditEventInput, 'artistId' | 'actor' | 'requestId' | 'ip' | 'userAgent'> {
  return {
    artistId: actor.artistId,
    actor: actor.actor,
    ...(actor.requestId ? { requestId: actor.requestId } : {}),
    ...(actor.ip ? { ip: actor.ip } : {}),
    ...(actor.userAgent ? { userAgent: actor.userAgent } : {}),
  };
}

/** The request-derived audit fields: spread into recordAudit's event. */
export function auditFromRequest(req: FastifyRequest): {
  artistId: string | null;
  actor: string | null;
  ip: string;
  userAgent: string | undefined;
  requestId: string;
} {
  const ua = req.headers['user-agent'];
  return {
    artistId: req.artist?.id ?? null,
    actor: req.artist?.email ?? null,
    ip: req.ip,
    userAgent: typeof ua === 'string' ? ua : undefined,
    requestId: req.id,
  };
}
