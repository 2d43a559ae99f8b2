// The artist's galleries: create, edit, publish, delete, and the ordered membership of prints (add at a
// position, move, full reorder, remove). Every action is the artist's own. A change that can alter which prints
// visitors see (publishing or unpublishing, deleting, adding or removing a print) has their image files follow
// once it has committed (media/visibility.ts).
import type { Kysely } from 'kysely';
import type { Database, Language } from '../../platform/db/schema.js';
import { AppError, BadRequestError, ConflictError, NotFoundError } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import type { PlacementScheduler } from '../media/visibility.js';
import { toLocalized } from './localize.js';
import * as present from './presenters.js';
import * as repo from './galleries-repository.js';
import { getPrint, type Db } from './prints-repository.js';
import type { Changes } from './kit.js';
import { listEnvelope, paging, type Actor, type PageInput } from './kit.js';
import type { GalleryInput } from './schemas.js';
import { isPublishedStatus } from './policy.js';

export class GalleriesService {
  readonly #db: Kysely<Database>;
  readonly #changes: Changes;
  readonly #place: PlacementScheduler;

  constructor(db: Kysely<Database>, changes: Changes, place: PlacementScheduler) {
    this.#db = db;
    this.#changes = changes;
    this.#place = place;
  }

  async #own(db: Db, actor: Actor, id: string, forUpdate = false) {
    if (!isUuid(id)) throw new NotFoundError('Gallery not found');
    const g = await repo.getGallery(db, id, { artistId: actor.artistId, publicOnly: false }, forUpdate);
    if (!g) throw new NotFoundError('Gallery not found');
    return g;
  }

  async list(actor: Actor, lang: Language, input: PageInput) {
    const p = paging(input);
    const { rows, total } = await repo.listGalleries(
      this.#db,
      { artistId: actor.artistId, publicOnly: false },
      p,
    );
    return listEnvelope(
      'galleries',
      rows.map((r) => present.artistGallery(r, lang)),
      total,
      p,
    );
  }

  async get(actor: Actor, id: string, lang: Language) {
    const g = await this.#own(this.#db, actor, id);
    const { rows } = await repo.listGalleryPrints(this.#db, id, { publicOnly: false });
    return {
      ...present.artistGallery(g, lang),
      prints: rows.map((r) => present.artistGalleryPrint(r, lang)),
    };
  }

  async #values(db: Db, actor: Actor, input: GalleryInput, lang: Language, current?: repo.GalleryListRow) {
    const values: Record<string, unknown> = {};
    const title = toLocalized(input.title, lang, current?.title);
    if (title) values.title = JSON.stringify(title);
    const description = toLocalized(input.description, lang, current?.description);
    if (description) values.description = JSON.stringify(description);
    if (input.featured !== undefined) values.featured = input.featured;
    if (input.coverPrintId !== undefined) {
      if (input.coverPrintId !== null) {
        const cover = isUuid(input.coverPrintId)
          ? await getPrint(db, input.coverPrintId, { artistId: actor.artistId, publicOnly: false })
          : undefined;
        if (!cover) throw new NotFoundError('Print not found');
      }
      values.cover_print_id = input.coverPrintId;
    }
    const status = input.status ?? current?.status ?? 'draft';
    values.status = status;
    if (isPublishedStatus(status)) {
      const t = title ?? current?.title ?? {};
      const missing = (['da', 'en'] as const).filter((l) => !t[l]?.trim()).map((l) => `title (${l})`);
      if (missing.length) {
        throw new AppError('UNPROCESSABLE', `Cannot publish the gallery: missing ${missing.join(', ')}`, {
          missing,
          field: missing[0] === 'title (da)' ? 'title.da' : 'title.en',
        });
      }
      if (!isPublishedStatus(current?.status)) values.published_at = new Date();
    }
    return values;
  }

  async create(actor: Actor, input: GalleryInput, lang: Language) {
    const id = await this.#changes.run(async (trx) => {
      const values = await this.#values(trx, actor, input, lang);
      const galleryId = await repo.insertGallery(trx, actor.artistId, values);
      await this.#changes.audit(trx, actor, 'gallery.created', 'gallery', galleryId, {
        status: values.status,
      });
      return galleryId;
    });
    return present.artistGallery(await this.#own(this.#db, actor, id), lang);
  }

  async update(actor: Actor, id: string, input: GalleryInput, lang: Language) {
    const affected = await this.#changes.run(async (trx) => {
      const current = await this.#own(trx, actor, id, true);
      const values = await this.#values(trx, actor, input, lang, current);
      await repo.updateGallery(trx, id, values);
      await this.#changes.audit(trx, actor, 'gallery.updated', 'gallery', id, { fields: Object.keys(input) });
      // Publishing or unpublishing the gallery may make its prints public or private.
      return values.status !== current.status ? repo.galleryPrintIds(trx, id) : [];
    });
    await this.#place(affected);
    return present.artistGallery(await this.#own(this.#db, actor, id), lang);
  }

  async delete(actor: Actor, id: string) {
    const affected = await this.#changes.run(async (trx) => {
      await this.#own(trx, actor, id, true);
      const printIds = await repo.galleryPrintIds(trx, id);
      await repo.deleteGallery(trx, actor.artistId, id);
      await this.#changes.audit(trx, actor, 'gallery.deleted', 'gallery', id);
      return printIds;
    });
    await this.#place(affected);
  }

  async prints(actor: Actor, id: string, lang: Language, input: PageInput) {
    await this.#own(this.#db, actor, id);
    const p = paging(input);
    const { rows, total } = await repo.listGalleryPrints(this.#db, id, { publicOnly: false, page: p });
    return listEnvelope(
      'prints',
      rows.map((r) => present.artistGalleryPrint(r, lang)),
      total,
      p,
    );
  }

  /** Full reorder: the list must name every print of the gallery once, with orders 1..n each once. */
  async reorder(actor: Actor, id: string, orders: ReadonlyArray<{ printId: string; newOrder: number }>) {
    await this.#changes.run(async (trx) => {
      await this.#own(trx, actor, id, true);
      const current = new Set(await repo.galleryPrintIds(trx, id));
      const n = current.size;
      const seen = new Set<string>();
      const positions = new Set<number>();
      const refuse = (message: string) =>
        new BadRequestError(`printOrders: ${message}`, { field: 'printOrders' });
      for (const o of orders) {
        if (!current.has(o.printId)) throw refuse(`print ${o.printId} is not in this gallery`);
        if (seen.has(o.printId)) throw refuse(`print ${o.printId} is listed twice`);
        if (o.newOrder > n) throw refuse(`newOrder ${o.newOrder} is beyond the ${n} prints`);
        if (positions.has(o.newOrder)) throw refuse(`newOrder ${o.newOrder} is used twice`);
        seen.add(o.printId);
        positions.add(o.newOrder);
      }
      if (seen.size !== n) throw refuse(`must list all ${n} prints of the gallery (got ${seen.size})`);
      await repo.setPositions(trx, id, orders);
      await this.#changes.audit(trx, actor, 'gallery.reordered', 'gallery', id, { count: n });
    });
  }

  async movePrint(actor: Actor, galleryId: string, printId: string, position: number) {
    await this.#changes.run(async (trx) => {
      await this.#own(trx, actor, galleryId, true);
      const from = await repo.galleryPrintPosition(trx, galleryId, printId);
      if (from === undefined) throw new NotFoundError('The print is not in this gallery');
      const n = await repo.galleryPrintCount(trx, galleryId);
      if (position > n)
        throw new BadRequestError(`position: must be between 1 and ${n}`, { field: 'position' });
      await repo.moveTo(trx, galleryId, printId, from, position);
      await this.#changes.audit(trx, actor, 'gallery.print_moved', 'gallery', galleryId, {
        printId,
        from,
        to: position,
      });
    });
  }

  async addPrint(actor: Actor, galleryId: string, printId: string, order: number | undefined) {
    const added = await this.#changes.run(async (trx) => {
      await this.#own(trx, actor, galleryId, true);
      const print = isUuid(printId)
        ? await getPrint(trx, printId, { artistId: actor.artistId, publicOnly: false })
        : undefined;
      if (!print) throw new NotFoundError('Print not found');
      if ((await repo.galleryPrintPosition(trx, galleryId, printId)) !== undefined) {
        throw new ConflictError('The print is already in this gallery', { field: 'printId' });
      }
      const n = await repo.galleryPrintCount(trx, galleryId);
      if (order !== undefined && order > n + 1)
        throw new BadRequestError(`order: must be between 1 and ${n + 1}`, { field: 'order' });
      const position = order ?? n + 1;
      await repo.insertAt(trx, galleryId, printId, position);
      await this.#changes.audit(trx, actor, 'gallery.print_added', 'gallery', galleryId, {
        printId,
        position,
      });
      return { printId, order: position };
    });
    await this.#place([printId]);
    return added;
  }

  async removePrint(actor: Actor, galleryId: string, printId: string) {
    await this.#changes.run(async (trx) => {
      await this.#own(trx, actor, galleryId, true);
      const position = await repo.galleryPrintPosition(trx, galleryId, printId);
      if (position === undefined) throw new NotFoundError('The print is not in this gallery');
      await repo.removeAt(trx, galleryId, printId, position);
      await this.#changes.audit(trx, actor, 'gallery.print_removed', 'gallery', galleryId, { printId });
    });
    await this.#place([printId]);
  }
}
