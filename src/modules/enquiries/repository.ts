// SQL of enquiries: storing what the public forms send (with the notification e-mail in the same transaction),
// the artist's inbox (always scoped by the artist's id), the notification outbox, and the retention clean-up.
import { sql, type Kysely, type Transaction } from 'kysely';
import type {
  Database,
  EnquiryPrintRef,
  EnquiryStatus,
  Language,
  Localized,
  NotificationStatus,
} from '../../platform/db/schema.js';
import { pageWithTotal, type PageWindow } from '../../platform/db/paging.js';
import { publicPrint } from '../catalogue/policy.js';

export type Db = Kysely<Database> | Transaction<Database>;

export const ENQUIRY_STATUSES: readonly EnquiryStatus[] = ['new', 'answered', 'closed'];
export const DEFAULT_RETENTION_MONTHS = 24;

export interface EnquirySummary {
  id: string;
  createdAt: Date;
  status: EnquiryStatus;
  name: string;
  email: string;
  printId: string | null;
  printTitle: string | null;
  /** A shortlist sent with one enquiry, in the visitor's order; null otherwise. */
  prints: EnquiryPrintRef[] | null;
  /** The viewing room it was sent from (id cleared when the room is deleted). */
  roomId: string | null;
  roomTitle: string | null;
  /** The first line of the message, shortened. */
  excerpt: string;
}

export interface EnquiryDetail extends Omit<EnquirySummary, 'excerpt'> {
  message: string;
  interest: string | null;
  language: Language;
  notes: string;
  updatedAt: Date;
  /** The newest notification's status (sent, failed, outbox…), when there is one. */
  notification: { status: NotificationStatus; attempts: number; lastError: string | null } | null;
}

export interface NotificationView {
  id: string;
  enquiryId: string;
  recipient: string;
  replyTo: string;
  subject: string;
  body: string;
  status: NotificationStatus;
  attempts: number;
  lastError: string | null;
  sentAt: Date | null;
  createdAt: Date;
}

const asDate = (value: Date | string): Date => (value instanceof Date ? value : new Date(value));

/** The site owner a general contact message goes to: the earliest owner. */
export async function siteOwnerId(db: Db): Promise<string | undefined> {
  const row = await db
    .selectFrom('artists')
    .select('id')
    .where('role', '=', 'owner')
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}

/** A print visitors may see (decision 008), with its artist and title; undefined otherwise. */
export async function publicPrintForEnquiry(
  db: Db,
  printId: string,
): Promise<{ id: string; artistId: string; title: Localized } | undefined> {
  const row = await db
    .selectFrom('prints as p')
    .select(['p.id', 'p.artist_id', 'p.title'])
    .where('p.id', '=', printId)
    .where(publicPrint('p'))
    .executeTakeFirst();
  return row ? { id: row.id, artistId: row.artist_id, title: row.title ?? {} } : undefined;
}

/** Of these ids, the prints visitors may see (decision 008), with their artists and titles, in the given order. */
export async function publicPrintsForEnquiry(
  db: Db,
  printIds: readonly string[],
): Promise<{ id: string; artistId: string; title: Localized }[]> {
  if (printIds.length === 0) return [];
  const rows = await db
    .selectFrom('prints as p')
    .select(['p.id', 'p.artist_id', 'p.title'])
    .where('p.id', 'in', [...printIds])
    .where(publicPrint('p'))
    .execute();
  const byId = new Map(rows.map((r) => [r.id, { id: r.id, artistId: r.artist_id, title: r.title ?? {} }]));
  return printIds.flatMap((id) => byId.get(id) ?? []);
}

/** Where the artist wants notices: the contact e-mail of the settings, else the sign-in address. */
export async function notificationAddress(db: Db, artistId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('artists as a')
    .leftJoin('settings as s', 's.artist_id', 'a.id')
    .select(['a.email', 's.contact_email'])
    .where('a.id', '=', artistId)
    .executeTakeFirst();
  return row ? row.contact_email || row.email : undefined;
}

/** The public contact address (settings) of the site owner, when the owner gave one. */
export async function publicContactEmail(db: Db, artistId: string): Promise<string | null> {
  const row = await db
    .selectFrom('settings')
    .select('contact_email')
    .where('artist_id', '=', artistId)
    .executeTakeFirst();
  return row?.contact_email ?? null;
}

export interface NewEnquiry {
  artistId: string;
  printId: string | null;
  printTitle: string | null;
  prints?: EnquiryPrintRef[] | null;
  roomId?: string | null;
  roomTitle?: string | null;
  name: string;
  email: string;
  message: string;
  interest: string | null;
  language: Language;
}

export interface NewNotification {
  recipient: string;
  replyTo: string;
  subject: string;
  /** {id} in the body is replaced by the enquiry's id (the studio link). */
  body: string;
  status: Extract<NotificationStatus, 'outbox' | 'pending'>;
}

/** Stores the enquiry and its notification in one transaction; their ids. */
export async function insertEnquiry(
  db: Kysely<Database>,
  enquiry: NewEnquiry,
  notification: NewNotification,
): Promise<{ enquiryId: string; notificationId: string }> {
  return db.transaction().execute(async (trx) => {
    const { id: enquiryId } = await trx
      .insertInto('enquiries')
      .values({
        artist_id: enquiry.artistId,
        print_id: enquiry.printId,
        print_title: enquiry.printTitle,
        prints: enquiry.prints ? JSON.stringify(enquiry.prints) : null,
        room_id: enquiry.roomId ?? null,
        room_title: enquiry.roomTitle ?? null,
        name: enquiry.name,
        email: enquiry.email,
        message: enquiry.message,
        interest: enquiry.interest,
        language: enquiry.language,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { id: notificationId } = await trx
      .insertInto('enquiry_notifications')
      .values({
        enquiry_id: enquiryId,
        artist_id: enquiry.artistId,
        recipient: notification.recipient,
        reply_to: notification.replyTo,
        subject: notification.subject,
        body: notification.body.replaceAll('{id}', enquiryId),
        status: notification.status,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { enquiryId, notificationId };
  });
}

/** Enquiries exist and belong to this confirmation (the public confirmation page). */
export async function enquiryExists(db: Db, id: string): Promise<boolean> {
  return (
    (await db.selectFrom('enquiries').select('id').where('id', '=', id).executeTakeFirst()) !== undefined
  );
}

function excerptOf(message: string): string {
  const line = message.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}

/** The artist's enquiries, newest first, optionally of some statuses. */
export async function listEnquiries(
  db: Db,
  artistId: string,
  statuses: readonly EnquiryStatus[] | undefined,
  page: PageWindow,
): Promise<{ rows: EnquirySummary[]; total: number }> {
  let base = db.selectFrom('enquiries as e').where('e.artist_id', '=', artistId);
  if (statuses && statuses.length > 0) base = base.where('e.status', 'in', statuses);
  const { rows, total } = await pageWithTotal(
    base,
    (qb) =>
      qb
        .select([
          'e.id',
          'e.created_at',
          'e.status',
          'e.name',
          'e.email',
          'e.print_id',
          'e.print_title',
          'e.prints',
          'e.room_id',
          'e.room_title',
          'e.message',
        ])
        .orderBy('e.created_at', 'desc')
        .orderBy('e.id', 'desc'),
    page,
  );
  return {
    total,
    rows: rows.map((r) => ({
      id: r.id,
      createdAt: asDate(r.created_at),
      status: r.status,
      name: r.name,
      email: r.email,
      printId: r.print_id,
      printTitle: r.print_title,
      prints: r.prints,
      roomId: r.room_id,
      roomTitle: r.room_title,
      excerpt: excerptOf(r.message),
    })),
  };
}

export async function countEnquiriesByStatus(
  db: Db,
  artistId: string,
): Promise<Record<EnquiryStatus, number>> {
  const rows = await db
    .selectFrom('enquiries')
    .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
    .where('artist_id', '=', artistId)
    .groupBy('status')
    .execute();
  const counts: Record<EnquiryStatus, number> = { new: 0, answered: 0, closed: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

/** One of the artist's enquiries; undefined when there is none with this id (or it is another artist's). */
export async function findEnquiry(db: Db, artistId: string, id: string): Promise<EnquiryDetail | undefined> {
  const row = await db
    .selectFrom('enquiries')
    .selectAll()
    .where('id', '=', id)
    .where('artist_id', '=', artistId)
    .executeTakeFirst();
  if (!row) return undefined;
  const note = await db
    .selectFrom('enquiry_notifications')
    .select(['status', 'attempts', 'last_error'])
    .where('enquiry_id', '=', id)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return {
    id: row.id,
    createdAt: asDate(row.created_at),
    updatedAt: asDate(row.updated_at),
    status: row.status,
    name: row.name,
    email: row.email,
    printId: row.print_id,
    printTitle: row.print_title,
    prints: row.prints,
    roomId: row.room_id,
    roomTitle: row.room_title,
    message: row.message,
    interest: row.interest,
    language: row.language,
    notes: row.notes,
    notification: note ? { status: note.status, attempts: note.attempts, lastError: note.last_error } : null,
  };
}

/** Locks one of the artist's enquiries for a change; its status and notes before it. */
export async function lockEnquiry(
  trx: Transaction<Database>,
  artistId: string,
  id: string,
): Promise<{ status: EnquiryStatus; notes: string } | undefined> {
  return trx
    .selectFrom('enquiries')
    .select(['status', 'notes'])
    .where('id', '=', id)
    .where('artist_id', '=', artistId)
    .forUpdate()
    .executeTakeFirst();
}

export async function updateEnquiry(
  trx: Transaction<Database>,
  id: string,
  values: { status?: EnquiryStatus; notes?: string },
): Promise<void> {
  await trx.updateTable('enquiries').set(values).where('id', '=', id).execute();
}

export async function deleteEnquiryRow(
  trx: Transaction<Database>,
  artistId: string,
  id: string,
): Promise<boolean> {
  const result = await trx
    .deleteFrom('enquiries')
    .where('id', '=', id)
    .where('artist_id', '=', artistId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * Deletes enquiries older than their artist's retention period (settings.enquiry_retention_months, 24 months for
 * an artist without settings) as of `now`; their notifications go with them. How many per artist.
 */
export async function deleteExpiredEnquiries(
  db: Db,
  now: Date,
): Promise<Array<{ artistId: string; deleted: number }>> {
  const { rows } = await sql<{ artist_id: string; deleted: string }>`
    with expired as (
      delete from enquiries e
      where e.created_at < ${now}::timestamptz - make_interval(months => coalesce(
        (select s.enquiry_retention_months from settings s where s.artist_id = e.artist_id),
        ${DEFAULT_RETENTION_MONTHS}))
      returning e.artist_id
    )
    select artist_id, count(*)::text as deleted from expired group by artist_id order by artist_id`.execute(
    db,
  );
  return rows.map((r) => ({ artistId: r.artist_id, deleted: Number(r.deleted) }));
}

export async function retentionMonths(db: Db, artistId: string): Promise<number> {
  const row = await db
    .selectFrom('settings')
    .select('enquiry_retention_months')
    .where('artist_id', '=', artistId)
    .executeTakeFirst();
  return row?.enquiry_retention_months ?? DEFAULT_RETENTION_MONTHS;
}

export async function countNewEnquiries(db: Db, artistId: string): Promise<number> {
  const row = await db
    .selectFrom('enquiries')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('artist_id', '=', artistId)
    .where('status', '=', 'new')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ---------------------------------------------------------------- notifications

function notificationView(r: {
  id: string;
  enquiry_id: string;
  recipient: string;
  reply_to: string;
  subject: string;
  body: string;
  status: NotificationStatus;
  attempts: number;
  last_error: string | null;
  sent_at: Date | string | null;
  created_at: Date | string;
}): NotificationView {
  return {
    id: r.id,
    enquiryId: r.enquiry_id,
    recipient: r.recipient,
    replyTo: r.reply_to,
    subject: r.subject,
    body: r.body,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    sentAt: r.sent_at ? asDate(r.sent_at) : null,
    createdAt: asDate(r.created_at),
  };
}

/** The artist's notifications (the outbox, or what was sent), newest first. */
export async function listNotifications(
  db: Db,
  artistId: string,
  page: PageWindow,
): Promise<{ rows: NotificationView[]; total: number }> {
  const base = db.selectFrom('enquiry_notifications as n').where('n.artist_id', '=', artistId);
  const { rows, total } = await pageWithTotal(
    base,
    (qb) =>
      qb
        .select([
          'n.id',
          'n.enquiry_id',
          'n.recipient',
          'n.reply_to',
          'n.subject',
          'n.body',
          'n.status',
          'n.attempts',
          'n.last_error',
          'n.sent_at',
          'n.created_at',
        ])
        .orderBy('n.created_at', 'desc')
        .orderBy('n.id', 'desc'),
    page,
  );
  return { total, rows: rows.map(notificationView) };
}

/** A notification the job is to send; undefined when it is gone (its enquiry was deleted) or already sent. */
export async function notificationToSend(db: Db, id: string): Promise<NotificationView | undefined> {
  const row = await db
    .selectFrom('enquiry_notifications')
    .selectAll()
    .where('id', '=', id)
    .where('status', 'in', ['pending', 'failed'])
    .executeTakeFirst();
  return row ? notificationView(row) : undefined;
}

export async function recordNotificationAttempt(
  db: Db,
  id: string,
  outcome: { sent: true } | { sent: false; error: string; final: boolean },
): Promise<void> {
  await db
    .updateTable('enquiry_notifications')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      ...(outcome.sent
        ? { status: 'sent' as const, sent_at: new Date(), last_error: null }
        : {
            status: outcome.final ? ('failed' as const) : ('pending' as const),
            last_error: outcome.error.slice(0, 1000),
          }),
    }))
    .where('id', '=', id)
    .execute();
}

/** Removes every enquiry of the artist (the demo seed's --reset). */
export async function deleteArtistEnquiries(db: Db, artistId: string): Promise<number> {
  const result = await db.deleteFrom('enquiries').where('artist_id', '=', artistId).executeTakeFirst();
  return Number(result.numDeletedRows);
}
