// SQL of the audit trail: appending an event (in the transaction of the change it records), and reading one
// artist's own events, newest first (occurred_at, then id). The studio's audit log, its dashboard and
// GET /api/v1/artist/audit-events all read through here.
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { AuditEventsTable, Database } from '../../platform/db/schema.js';
import { pageWithTotal, type PageWindow } from '../../platform/db/paging.js';
import { nextDay, startOfDay } from '../../platform/days.js';
import { likeLiteral } from '../../platform/db/like.js';

/** What to keep; an empty or absent value keeps everything. */
export interface AuditFilter {
  /** An exact action ("print.updated"), or a family ending in ".*" ("print.*"). */
  action?: string | undefined;
  /** First Copenhagen day (YYYY-MM-DD), inclusive. */
  from?: string | undefined;
  /** Last Copenhagen day (YYYY-MM-DD), inclusive. */
  to?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
}

export interface AuditEventView {
  id: number;
  occurredAt: Date;
  action: string;
  actor: string | null;
  entityType: string | null;
  entityId: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
}

/** LIKE pattern of an action family: the prefix taken literally. */
function likePrefix(prefix: string): string {
  return `${likeLiteral(prefix)}%`;
}

function artistEvents(db: Kysely<Database>, artistId: string, filter: AuditFilter) {
  let base = db.selectFrom('audit_events').where('artist_id', '=', artistId);
  if (filter.action?.endsWith('.*')) {
    base = base.where('action', 'like', likePrefix(filter.action.slice(0, -1)));
  } else if (filter.action) {
    base = base.where('action', '=', filter.action);
  }
  if (filter.from) base = base.where('occurred_at', '>=', startOfDay(filter.from));
  if (filter.to) base = base.where('occurred_at', '<', startOfDay(nextDay(filter.to)));
  if (filter.entityType) base = base.where('entity_type', '=', filter.entityType);
  if (filter.entityId) base = base.where('entity_id', '=', filter.entityId);
  return base;
}

type EventRow = Awaited<ReturnType<ReturnType<typeof newestFirst>['execute']>>[number];

function newestFirst(base: ReturnType<typeof artistEvents>) {
  return base.selectAll().orderBy('occurred_at', 'desc').orderBy('id', 'desc');
}

function toView(r: EventRow): AuditEventView {
  return {
    id: Number(r.id),
    occurredAt: r.occurred_at instanceof Date ? r.occurred_at : new Date(r.occurred_at),
    action: r.action,
    actor: r.actor,
    entityType: r.entity_type,
    entityId: r.entity_id,
    ip: r.ip,
    userAgent: r.user_agent,
    requestId: r.request_id,
    details: (typeof r.details === 'string' ? JSON.parse(r.details) : r.details) as Record<string, unknown>,
  };
}

/** The artist's events matching the filter, newest first, one page of them, and how many match. */
export async function findAuditEvents(
  db: Kysely<Database>,
  artistId: string,
  filter: AuditFilter,
  window: PageWindow,
): Promise<{ events: AuditEventView[]; total: number }> {
  const { rows, total } = await pageWithTotal(artistEvents(db, artistId, filter), newestFirst, window);
  return { events: rows.map(toView), total };
}

/** The artist's newest events (no count). */
export async function latestAuditEvents(
  db: Kysely<Database>,
  artistId: string,
  limit: number,
): Promise<AuditEventView[]> {
  const rows = await newestFirst(artistEvents(db, artistId, {}))
    .limit(limit)
    .execute();
  return rows.map(toView);
}

/** The actions and entity kinds that occur in the artist's log: what a filter can usefully offer. */
export async function auditVocabulary(
  db: Kysely<Database>,
  artistId: string,
): Promise<{ actions: string[]; entityTypes: string[] }> {
  const [actions, entities] = await Promise.all([
    db
      .selectFrom('audit_events')
      .select('action')
      .distinct()
      .where('artist_id', '=', artistId)
      .orderBy('action')
      .execute(),
    db
      .selectFrom('audit_events')
      .select('entity_type')
      .distinct()
      .where('artist_id', '=', artistId)
      .where('entity_type', 'is not', null)
      .orderBy('entity_type')
      .execute(),
  ]);
  return {
    actions: actions.map((r) => r.action),
    entityTypes: entities.map((r) => r.entity_type).filter((e): e is string => e !== null),
  };
}

export async function insertAuditEvent(
  db: Kysely<Database> | Transaction<Database>,
  event: Insertable<AuditEventsTable> | ReadonlyArray<Insertable<AuditEventsTable>>,
): Promise<void> {
  const rows = Array.isArray(event) ? event : [event];
  // In slices, well under PostgreSQL's 65,535 parameters per statement.
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('audit_events')
      .values(rows.slice(i, i + 500))
      .execute();
  }
}
