// Takedown notices as the studio handles them. Notices are addressed to the site, not to one artist (the table has
// no artist column), so they are the site owner's to read and act on: every call checks that first (403 for any
// other artist). The SQL is in studio-repository.ts; the public form's in repository.ts.
import type { Kysely } from 'kysely';
import type { Database, TakedownStatus } from '../../platform/db/schema.js';
import type { PageWindow } from '../../platform/db/paging.js';
import { requireSiteOwner } from '../auth/site-owner.js';
import {
  countNoticesByStatus,
  findNotice,
  listNotices,
  recordNoticeAction,
  setNoticeStatus,
  type NoticeDetail,
  type NoticeSummary,
  type TakedownActor,
} from './studio-repository.js';
import { isUuid } from '../../platform/ids.js';

export class TakedownService {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  #authorize(actor: Pick<TakedownActor, 'artistId'>): Promise<void> {
    return requireSiteOwner(this.#db, actor.artistId, 'Takedown notices');
  }

  /** Notices newest first (optionally of some statuses), and how many there are of each status. */
  async list(
    actor: Pick<TakedownActor, 'artistId'>,
    filter: { statuses?: readonly TakedownStatus[] | undefined },
    page: PageWindow,
  ): Promise<{ rows: NoticeSummary[]; total: number; counts: Record<TakedownStatus, number> }> {
    await this.#authorize(actor);
    const [found, counts] = await Promise.all([
      listNotices(this.#db, filter, page),
      countNoticesByStatus(this.#db),
    ]);
    return { ...found, counts };
  }

  /** One notice with its trail; undefined when there is no such notice. */
  async get(actor: Pick<TakedownActor, 'artistId'>, id: string): Promise<NoticeDetail | undefined> {
    await this.#authorize(actor);
    return isUuid(id) ? findNotice(this.#db, id) : undefined;
  }

  /** Records an action (and a status change with it); false when the notice does not exist (any more). */
  async recordAction(
    actor: TakedownActor,
    id: string,
    input: Parameters<typeof recordNoticeAction>[3],
  ): Promise<boolean> {
    await this.#authorize(actor);
    return recordNoticeAction(this.#db, id, actor, input);
  }

  async setStatus(
    actor: TakedownActor,
    id: string,
    status: TakedownStatus,
    note: string | null,
  ): Promise<'changed' | 'unchanged' | 'missing'> {
    await this.#authorize(actor);
    return setNoticeStatus(this.#db, id, actor, status, note);
  }
}
