// Enquiries: what visitors send through the print page's enquiry form and the contact page, the artist's inbox,
// the notification e-mail, and deletion after the retention period.
//
// Whose enquiry it is (decision 011 extended): an enquiry about a print belongs to the print's artist; a general
// contact message is addressed to the site and belongs to the site owner. Every studio and API call is scoped by
// the signed-in artist's id, so another artist's enquiry answers "not found" (404), never its content.
//
// Notifications are written with the enquiry, in the same transaction: with SMTP configured they are `pending` and
// the `enquiry.notify` job sends them (retried with backoff; the enquiry is kept whatever the mail server says);
// without SMTP (the embedded default) they stay in the studio's outbox. Nothing is sent inside the visitor's request.
import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/actor.js';
import type { Database, EnquiryStatus, Language, Localized } from '../../platform/db/schema.js';
import type { PageWindow } from '../../platform/db/paging.js';
import { AppError, NotFoundError } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import type { Mailer } from '../../platform/mail/index.js';
import type { Queue } from '../../platform/queue/index.js';
import { auditActor, recordAudit } from '../audit/index.js';
import * as repo from './repository.js';
import type { EnquiryFields } from './validation.js';

export {
  ENQUIRY_STATUSES,
  type EnquiryDetail,
  type EnquirySummary,
  type NotificationView,
} from './repository.js';

export const NOTES_MAX = 10_000;

export function isEnquiryStatus(value: unknown): value is EnquiryStatus {
  return typeof value === 'string' && (repo.ENQUIRY_STATUSES as readonly string[]).includes(value);
}

export interface EnquiryServiceDeps {
  db: Kysely<Database>;
  /** Absent in tests and CLIs: pending notifications then wait for a worker's next sweep. */
  queue?: Queue | undefined;
  publicUrl: string;
  /** SMTP configured: notifications are sent by a job; otherwise they stay in the outbox. */
  smtp: boolean;
}

/** The viewing room an enquiry comes from, as the room's service found it open and unlocked. */
export interface RoomOrigin {
  id: string;
  artistId: string;
  /** The room's title in the visitor's language (else the other). */
  title: string;
  /** The print of the room the enquiry is about, when sent from a room's print page (drafts included). */
  print?: { id: string; title: Localized } | undefined;
}

export interface Submission {
  /** The print the enquiry is about; absent for the contact page. */
  printId?: string | undefined;
  /** A visitor's shortlist sent with one enquiry (parsed, each id once, at most SHORTLIST_MAX). */
  printIds?: readonly string[] | undefined;
  /** Sent from a viewing room: the enquiry belongs to the room's artist and names the room. */
  room?: RoomOrigin | undefined;
  fields: EnquiryFields;
  language: Language;
}

export type SubmitResult =
  | { ok: true; enquiryId: string; notificationId: string; queued: boolean }
  | { ok: false; reason: 'no-print' | 'no-recipient' };

interface TitledPrint {
  id: string;
  /** In the visitor's language (kept with the enquiry). */
  title: string;
  /** In English (the notification e-mail). */
  titleEn: string;
}

function titleOf(title: Localized, lang: Language): string {
  return (title[lang] ?? '').trim() || (title[lang === 'da' ? 'en' : 'da'] ?? '').trim() || 'Untitled print';
}

export class EnquiryService {
  readonly #db: Kysely<Database>;
  readonly #queue: Queue | undefined;
  readonly #publicUrl: string;
  readonly #smtp: boolean;

  constructor(deps: EnquiryServiceDeps) {
    this.#db = deps.db;
    this.#queue = deps.queue;
    this.#publicUrl = deps.publicUrl;
    this.#smtp = deps.smtp;
  }

  /** The e-mail address the contact page may show: the site owner's contact e-mail from the settings. */
  async publicContactEmail(): Promise<string | null> {
    const owner = await repo.siteOwnerId(this.#db);
    return owner ? repo.publicContactEmail(this.#db, owner) : null;
  }

  /** How long the site keeps enquiries, as the privacy policy says: the site owner's setting. */
  async siteRetentionMonths(): Promise<number> {
    const owner = await repo.siteOwnerId(this.#db);
    return owner ? repo.retentionMonths(this.#db, owner) : repo.DEFAULT_RETENTION_MONTHS;
  }

  /** Title of a print visitors may see, for the enquiry form; undefined when there is no such public print. */
  async printTitle(printId: string, lang: Language): Promise<string | undefined> {
    if (!isUuid(printId)) return undefined;
    const print = await repo.publicPrintForEnquiry(this.#db, printId);
    return print ? titleOf(print.title, lang) : undefined;
  }

  /** Stores a visitor's enquiry (validated by the caller) with its notification, and queues the sending. */
  async submit(submission: Submission): Promise<SubmitResult> {
    const { fields, language } = submission;
    const about = await this.#subjectOf(submission);
    if (!about) return { ok: false, reason: 'no-print' };
    const recipient = about.artistId ? await repo.notificationAddress(this.#db, about.artistId) : undefined;
    if (!about.artistId || !recipient) return { ok: false, reason: 'no-recipient' };

    const printUrl = (id: string) => `${this.#publicUrl}/${language}/prints/${id}`;
    const { print, list, room } = about;
    const what = print
      ? `an enquiry about “${print.titleEn}”`
      : list
        ? `an enquiry about ${list.length === 1 ? 'a print' : `${list.length} prints`} on their list`
        : 'a message';
    const where = room
      ? `from the viewing room “${room.title}”`
      : print || list
        ? "through the gallery's website"
        : "through the gallery's contact page";
    const subject = print
      ? `Enquiry about “${print.titleEn}” from ${fields.name}${room ? ` (viewing room “${room.title}”)` : ''}`
      : list
        ? `Enquiry about ${list.length === 1 ? '1 print' : `${list.length} prints`} from ${fields.name}`
        : room
          ? `Message from ${fields.name} in the viewing room “${room.title}”`
          : `Message from ${fields.name} through the contact page`;
    const lines = [
      `${fields.name} sent ${what} ${where}.`,
      '',
      `Name: ${fields.name}`,
      `E-mail: ${fields.email} (reply to this e-mail to answer)`,
      ...(fields.interest ? [`Impression or edition: ${fields.interest}`] : []),
      `Written in: ${language === 'da' ? 'Danish' : 'English'}`,
      // A room's print may be a draft: the studio link works, a public one would not.
      ...(print && !room ? [`Print: ${printUrl(print.id)}`] : []),
      ...(print && room ? [`Print: ${this.#publicUrl}/studio/prints/${print.id}`] : []),
      ...(list ? ['Prints:', ...list.map((p) => `- “${p.titleEn}”: ${printUrl(p.id)}`)] : []),
      '',
      'Message:',
      fields.message,
      '',
      '--',
      // {id} becomes the enquiry's id when it is stored.
      `In the studio: ${this.#publicUrl}/studio/enquiries/{id}`,
    ];
    const stored = await repo.insertEnquiry(
      this.#db,
      {
        artistId: about.artistId,
        printId: print?.id ?? null,
        printTitle: print?.title ?? null,
        prints: list ? list.map((p) => ({ id: p.id, title: p.title })) : null,
        roomId: room?.id ?? null,
        roomTitle: room?.title ?? null,
        name: fields.name,
        email: fields.email,
        message: fields.message,
        interest: fields.interest,
        language,
      },
      {
        recipient,
        replyTo: fields.email,
        subject,
        body: lines.join('\n'),
        status: this.#smtp ? 'pending' : 'outbox',
      },
    );
    let queued = false;
    if (this.#smtp && this.#queue) {
      await this.#queue.send('enquiry.notify', { notificationId: stored.notificationId });
      queued = true;
    }
    return { ok: true, ...stored, queued };
  }

  /** Whose enquiry it is and what it is about; undefined when the print(s) asked about are not (or no longer) public. */
  async #subjectOf(submission: Submission): Promise<
    | {
        artistId: string | undefined;
        print?: TitledPrint;
        list?: TitledPrint[];
        room?: { id: string; title: string };
      }
    | undefined
  > {
    const { language } = submission;
    const titled = (p: { id: string; title: Localized }): TitledPrint => ({
      id: p.id,
      title: titleOf(p.title, language),
      titleEn: titleOf(p.title, 'en'),
    });
    if (submission.room) {
      const { room } = submission;
      return {
        artistId: room.artistId,
        room: { id: room.id, title: room.title },
        ...(room.print ? { print: titled(room.print) } : {}),
      };
    }
    if (submission.printIds !== undefined) {
      const ids = submission.printIds.filter(isUuid);
      const found = await repo.publicPrintsForEnquiry(this.#db, ids);
      if (found.length === 0) return undefined;
      // One artist's prints go to that artist; a list across artists is a message to the site.
      const artists = new Set(found.map((p) => p.artistId));
      const [only] = artists;
      return {
        artistId: artists.size === 1 ? only : await repo.siteOwnerId(this.#db),
        list: found.map(titled),
      };
    }
    if (submission.printId !== undefined) {
      const found = isUuid(submission.printId)
        ? await repo.publicPrintForEnquiry(this.#db, submission.printId)
        : undefined;
      return found ? { artistId: found.artistId, print: titled(found) } : undefined;
    }
    return { artistId: await repo.siteOwnerId(this.#db) };
  }

  /** The confirmation page exists only for a stored enquiry. */
  async exists(id: string): Promise<boolean> {
    return isUuid(id) && repo.enquiryExists(this.#db, id);
  }

  async list(
    actor: Actor,
    statuses: readonly EnquiryStatus[] | undefined,
    page: PageWindow,
  ): Promise<{ rows: repo.EnquirySummary[]; total: number; counts: Record<EnquiryStatus, number> }> {
    const [found, counts] = await Promise.all([
      repo.listEnquiries(this.#db, actor.artistId, statuses, page),
      repo.countEnquiriesByStatus(this.#db, actor.artistId),
    ]);
    return { ...found, counts };
  }

  async newCount(actor: Actor): Promise<number> {
    return repo.countNewEnquiries(this.#db, actor.artistId);
  }

  /** One of the artist's enquiries; undefined for an unknown id or another artist's enquiry. */
  async get(actor: Actor, id: string): Promise<repo.EnquiryDetail | undefined> {
    return isUuid(id) ? repo.findEnquiry(this.#db, actor.artistId, id) : undefined;
  }

  /** Changes the status and/or the notes; 404 when it is not the artist's. Audited. */
  async update(
    actor: Actor,
    id: string,
    change: { status?: EnquiryStatus | undefined; notes?: string | undefined },
  ): Promise<repo.EnquiryDetail> {
    if (change.status !== undefined && !isEnquiryStatus(change.status))
      throw new AppError('BAD_REQUEST', 'status must be new, answered or closed', { field: 'status' });
    if (change.notes !== undefined && change.notes.length > NOTES_MAX)
      throw new AppError('BAD_REQUEST', `notes must be at most ${NOTES_MAX} characters`, { field: 'notes' });
    if (!isUuid(id)) throw new NotFoundError('Enquiry not found');
    await this.#db.transaction().execute(async (trx) => {
      const before = await repo.lockEnquiry(trx, actor.artistId, id);
      if (!before) throw new NotFoundError('Enquiry not found');
      const values: { status?: EnquiryStatus; notes?: string } = {};
      if (change.status !== undefined && change.status !== before.status) values.status = change.status;
      if (change.notes !== undefined && change.notes !== before.notes) values.notes = change.notes;
      if (Object.keys(values).length === 0) return;
      await repo.updateEnquiry(trx, id, values);
      if (values.status)
        await recordAudit(trx, {
          ...auditActor(actor),
          action: 'enquiry.status_changed',
          entityType: 'enquiry',
          entityId: id,
          details: { from: before.status, to: values.status },
        });
      if (values.notes !== undefined)
        await recordAudit(trx, {
          ...auditActor(actor),
          action: 'enquiry.notes_updated',
          entityType: 'enquiry',
          entityId: id,
          details: { length: values.notes.length },
        });
    });
    const after = await repo.findEnquiry(this.#db, actor.artistId, id);
    if (!after) throw new NotFoundError('Enquiry not found');
    return after;
  }

  /** Deletes one of the artist's enquiries (and its notification); 404 when it is not theirs. Audited. */
  async delete(actor: Actor, id: string): Promise<void> {
    if (!isUuid(id)) throw new NotFoundError('Enquiry not found');
    await this.#db.transaction().execute(async (trx) => {
      if (!(await repo.deleteEnquiryRow(trx, actor.artistId, id)))
        throw new NotFoundError('Enquiry not found');
      // The audit event names the enquiry, not the visitor: the personal data goes with the row.
      await recordAudit(trx, {
        ...auditActor(actor),
        action: 'enquiry.deleted',
        entityType: 'enquiry',
        entityId: id,
      });
    });
  }

  async notifications(actor: Actor, page: PageWindow) {
    return repo.listNotifications(this.#db, actor.artistId, page);
  }

  async retentionMonths(actor: Actor): Promise<number> {
    return repo.retentionMonths(this.#db, actor.artistId);
  }

  /** Deletes every enquiry older than its artist's retention period; one audit event per artist. */
  async deleteExpired(now: Date = new Date()): Promise<number> {
    return this.#db.transaction().execute(async (trx) => {
      const deleted = await repo.deleteExpiredEnquiries(trx, now);
      for (const d of deleted)
        await recordAudit(trx, {
          artistId: d.artistId,
          actor: null,
          action: 'enquiry.expired_deleted',
          entityType: 'enquiry',
          details: { deleted: d.deleted, before: now.toISOString() },
        });
      return deleted.reduce((sum, d) => sum + d.deleted, 0);
    });
  }

  /**
   * Sends one notification (the job's work). A failure is recorded and thrown, so the queue retries it; the
   * enquiry itself is never touched. Returns false when there is nothing to send (deleted, or already sent).
   */
  async deliver(notificationId: string, mailer: Mailer, attempt: { final: boolean }): Promise<boolean> {
    const note = await repo.notificationToSend(this.#db, notificationId);
    if (!note) return false;
    try {
      await mailer.send({
        to: note.recipient,
        replyTo: note.replyTo,
        subject: note.subject,
        text: note.body,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await repo.recordNotificationAttempt(this.#db, notificationId, {
        sent: false,
        error: message,
        final: attempt.final,
      });
      throw error;
    }
    await repo.recordNotificationAttempt(this.#db, notificationId, { sent: true });
    return true;
  }
}
