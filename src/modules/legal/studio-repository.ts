// SQL of the studio's takedown pages: the notices received through the public form, their trail of actions, and
// recording what the site owner did. Notices have no artist column: they are addressed to the site, so only its
// owner handles them (the rule is TakedownService's, takedowns.ts). Each change is written with its audit event in
// one transaction, so the trail and the audit log never disagree.
import type { Kysely } from 'kysely';
import type { Database, Language, TakedownStatus } from '../../platform/db/schema.js';
import { pageWithTotal, type PageWindow } from '../../platform/db/paging.js';
import { auditActor, recordAudit } from '../audit/index.js';
import type { Actor } from '../../platform/actor.js';

export const TAKEDOWN_STATUSES: readonly TakedownStatus[] = [
  'received',
  'in_review',
  'actioned',
  'rejected',
  'withdrawn',
];

/** What each status means, in the studio's words (also written into the trail when the status changes). */
export const TAKEDOWN_STATUS_LABELS: Readonly<Record<TakedownStatus, string>> = {
  received: 'Received',
  in_review: 'In review',
  actioned: 'Actioned (content removed or disabled)',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn by the claimant',
};

export function isTakedownStatus(value: string): value is TakedownStatus {
  return (TAKEDOWN_STATUSES as readonly string[]).includes(value);
}

/** Trail entry written whenever the status changes, whatever form changed it. */
export const STATUS_CHANGED_ACTION = 'status_changed';

export interface NoticeSummary {
  id: string;
  receivedAt: Date;
  status: TakedownStatus;
  workConcerned: string;
  claimantName: string;
  claimantEmail: string;
  /** The newest entry of the trail (received, claimant contacted…). */
  lastAction: string | null;
  lastActionAt: Date | null;
}

export interface NoticeAction {
  id: string;
  action: string;
  note: string | null;
  actor: string | null;
  takenAt: Date;
}

export interface NoticeDetail {
  id: string;
  receivedAt: Date;
  updatedAt: Date;
  status: TakedownStatus;
  workConcerned: string;
  /** One address per line, as the claimant sent them. */
  infringingUrls: string[];
  description: string | null;
  claimantName: string;
  claimantEmail: string;
  claimantAddress: string | null;
  claimantPhone: string | null;
  statementGoodFaith: boolean;
  statementAccuracy: boolean;
  signature: string;
  language: Language;
  actions: NoticeAction[];
}

const asDate = (value: Date | string): Date => (value instanceof Date ? value : new Date(value));

/** Notices newest first, optionally of some statuses only. */
export async function listNotices(
  db: Kysely<Database>,
  filter: { statuses?: readonly TakedownStatus[] | undefined },
  page: PageWindow,
): Promise<{ rows: NoticeSummary[]; total: number }> {
  let base = db.selectFrom('takedown_notices as n');
  if (filter.statuses && filter.statuses.length > 0) base = base.where('n.status', 'in', filter.statuses);
  const { rows, total } = await pageWithTotal(
    base,
    (qb) =>
      qb
        .select([
          'n.id',
          'n.received_at',
          'n.status',
          'n.work_concerned',
          'n.claimant_name',
          'n.claimant_email',
        ])
        .select((eb) => [
          eb
            .selectFrom('takedown_actions as a')
            .select('a.action')
            .whereRef('a.notice_id', '=', 'n.id')
            .orderBy('a.taken_at', 'desc')
            .orderBy('a.id', 'desc')
            .limit(1)
            .as('last_action'),
          eb
            .selectFrom('takedown_actions as a')
            .select('a.taken_at')
            .whereRef('a.notice_id', '=', 'n.id')
            .orderBy('a.taken_at', 'desc')
            .orderBy('a.id', 'desc')
            .limit(1)
            .as('last_action_at'),
        ])
        .orderBy('n.received_at', 'desc')
        .orderBy('n.id', 'desc'),
    page,
  );
  return {
    total,
    rows: rows.map((r) => ({
      id: r.id,
      receivedAt: asDate(r.received_at),
      status: r.status,
      workConcerned: r.work_concerned,
      claimantName: r.claimant_name,
      claimantEmail: r.claimant_email,
      lastAction: r.last_action ?? null,
      lastActionAt: r.last_action_at ? asDate(r.last_action_at) : null,
    })),
  };
}

/** Notices per status (for the filter's counts). */
export async function countNoticesByStatus(db: Kysely<Database>): Promise<Record<TakedownStatus, number>> {
  const rows = await db
    .selectFrom('takedown_notices')
    .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy('status')
    .execute();
  const counts = Object.fromEntries(TAKEDOWN_STATUSES.map((s) => [s, 0])) as Record<TakedownStatus, number>;
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

export async function findNotice(db: Kysely<Database>, id: string): Promise<NoticeDetail | undefined> {
  const row = await db.selectFrom('takedown_notices').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const actions = await db
    .selectFrom('takedown_actions')
    .selectAll()
    .where('notice_id', '=', id)
    .orderBy('taken_at', 'asc')
    .orderBy('id', 'asc')
    .execute();
  return {
    id: row.id,
    receivedAt: asDate(row.received_at),
    updatedAt: asDate(row.updated_at),
    status: row.status,
    workConcerned: row.work_concerned,
    infringingUrls: row.infringing_url
      .split('\n')
      .map((u) => u.trim())
      .filter(Boolean),
    description: row.description,
    claimantName: row.claimant_name,
    claimantEmail: row.claimant_email,
    claimantAddress: row.claimant_address,
    claimantPhone: row.claimant_phone,
    statementGoodFaith: row.statement_good_faith,
    statementAccuracy: row.statement_accuracy,
    signature: row.signature,
    language: row.language,
    actions: actions.map((a) => ({
      id: a.id,
      action: a.action,
      note: a.note,
      actor: a.actor,
      takenAt: asDate(a.taken_at),
    })),
  };
}

/** Who acts on a notice: the platform's actor (auth-context.ts actorOf). */
export type TakedownActor = Actor;

/**
 * Records an action taken on a notice and, when `status` differs from the notice's current one, the status change
 * (its own trail entry and audit event). Returns false when the notice does not exist (any more).
 */
export async function recordNoticeAction(
  db: Kysely<Database>,
  noticeId: string,
  actor: TakedownActor,
  input: { action: string; note: string | null; takenAt: Date; status?: TakedownStatus | undefined },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const notice = await trx
      .selectFrom('takedown_notices')
      .select(['id', 'status'])
      .where('id', '=', noticeId)
      .forUpdate()
      .executeTakeFirst();
    if (!notice) return false;
    const action = await trx
      .insertInto('takedown_actions')
      .values({
        notice_id: noticeId,
        action: input.action,
        note: input.note,
        actor: actor.actor,
        taken_at: input.takenAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      ...auditActor(actor),
      action: 'takedown.action_recorded',
      entityType: 'takedown_notice',
      entityId: noticeId,
      details: { action: input.action, takenAt: input.takenAt.toISOString(), actionId: action.id },
    });
    if (input.status && input.status !== notice.status) {
      await changeStatus(trx, noticeId, notice.status, input.status, actor, null);
    }
    return true;
  });
}

/** Changes a notice's status (a trail entry and an audit event); false when the notice does not exist. */
export async function setNoticeStatus(
  db: Kysely<Database>,
  noticeId: string,
  actor: TakedownActor,
  status: TakedownStatus,
  note: string | null,
): Promise<'changed' | 'unchanged' | 'missing'> {
  return db.transaction().execute(async (trx) => {
    const notice = await trx
      .selectFrom('takedown_notices')
      .select(['id', 'status'])
      .where('id', '=', noticeId)
      .forUpdate()
      .executeTakeFirst();
    if (!notice) return 'missing';
    if (notice.status === status) return 'unchanged';
    await changeStatus(trx, noticeId, notice.status, status, actor, note);
    return 'changed';
  });
}

async function changeStatus(
  trx: Kysely<Database>,
  noticeId: string,
  from: TakedownStatus,
  to: TakedownStatus,
  actor: TakedownActor,
  note: string | null,
): Promise<void> {
  await trx.updateTable('takedown_notices').set({ status: to }).where('id', '=', noticeId).execute();
  await trx
    .insertInto('takedown_actions')
    .values({
      notice_id: noticeId,
      action: STATUS_CHANGED_ACTION,
      taken_at: new Date(),
      note: `${TAKEDOWN_STATUS_LABELS[from]} → ${TAKEDOWN_STATUS_LABELS[to]}${note ? `: ${note}` : ''}`,
      actor: actor.actor,
    })
    .execute();
  await recordAudit(trx, {
    ...auditActor(actor),
    action: 'takedown.status_changed',
    entityType: 'takedown_notice',
    entityId: noticeId,
    details: { from, to },
  });
}
