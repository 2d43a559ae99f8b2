// What visitors may read of the catalogue, for every surface that shows it: the public JSON API (answers kept a
// moment, per catalogue generation) and the views the public pages and the studio's preview
// present. Visibility is the policy's (policy.ts), applied in the repositories through the public scope.
import type { Kysely } from 'kysely';
import type { Database, Language } from '../../platform/db/schema.js';
import type { Storage } from '../../platform/storage/types.js';
import { NotFoundError } from '../../platform/errors.js';
import { isPublishedStatus } from './policy.js';
import * as present from './presenters.js';
import * as galleries from './galleries-repository.js';
import * as exhibitions from './exhibitions-repository.js';
import type { PrintFilters } from './prints-repository.js';
import { galleryCards, printCards, type CardImageRow, type PrintCardRow } from './cards-repository.js';
import { loadLabels, loadPrintRecord, PUBLIC_SCOPE, type PrintRecord, type ReadScope } from './read-model.js';
import type { PublicCache } from './kit.js';
import { listEnvelope, paging, type PageInput } from './kit.js';
import type { Labels } from './presenters.js';
import { CardsAt } from './cards-cache.js';

/** A gallery as its page shows it: the gallery, its prints in order, and the card images of each. */
export interface GalleryView {
  readonly gallery: galleries.GalleryListRow;
  readonly prints: galleries.GalleryPrintRow[];
  readonly labels: Labels;
  /** Card data (image, placeholder, availability) of each print, by print id. */
  readonly cards: Map<string, PrintCardRow>;
}

/** A print as its page shows it: the record, and the gallery it is seen in (for the breadcrumb and neighbours). */
export interface PrintView {
  readonly record: PrintRecord;
  readonly gallery:
    | {
        readonly row: galleries.GalleryListRow | undefined;
        /** The gallery's prints as visitors see them (the previewed print among them). */
        readonly prints: galleries.GalleryPrintRow[];
      }
    | undefined;
}

export class PublicCatalogue {
  readonly #db: Kysely<Database>;
  readonly #storage: Storage;
  readonly #cache: PublicCache;
  readonly #printCards = new CardsAt<PrintCardRow>();
  readonly #galleryCards = new CardsAt<CardImageRow>();

  constructor(db: Kysely<Database>, storage: Storage, cache: PublicCache) {
    this.#db = db;
    this.#storage = storage;
    this.#cache = cache;
  }

  // ---------- the public API ----------

  async galleries(lang: Language, input: PageInput) {
    return this.#cache.cached(`galleries|${lang}|${input.page}|${input.limit}`, async () => {
      const p = paging(input);
      const { rows, total } = await galleries.listGalleries(this.#db, { publicOnly: true }, p);
      return listEnvelope(
        'galleries',
        rows.map((r) => present.publicGallery(r, lang, this.#storage)),
        total,
        p,
      );
    });
  }

  async gallery(id: string, lang: Language) {
    return this.#cache.cached(`gallery|${id}|${lang}`, async () => {
      const gallery = await galleries.getGallery(this.#db, id, { publicOnly: true });
      if (!gallery) throw new NotFoundError('Gallery not found');
      const [{ rows }, labels] = await Promise.all([
        galleries.listGalleryPrints(this.#db, id, { publicOnly: true }),
        loadLabels(this.#db, gallery.artist_id),
      ]);
      return {
        ...present.publicGallery(gallery, lang, this.#storage),
        prints: rows.map((r) => present.publicGalleryPrint(r, lang, this.#storage, labels)),
      };
    });
  }

  async galleryPrints(id: string, lang: Language, input: PageInput & PrintFilters) {
    const key = JSON.stringify([
      'gallery-prints',
      id,
      lang,
      input.page,
      input.limit,
      input.technique,
      input.year,
      input.plateType,
      input.paperType,
    ]);
    return this.#cache.cached(key, async () => {
      const gallery = await galleries.getGallery(this.#db, id, { publicOnly: true });
      if (!gallery) throw new NotFoundError('Gallery not found');
      const p = paging(input);
      const [{ rows, total }, labels] = await Promise.all([
        galleries.listGalleryPrints(this.#db, id, { publicOnly: true, filters: input, page: p }),
        loadLabels(this.#db, gallery.artist_id),
      ]);
      return listEnvelope(
        'prints',
        rows.map((r) => present.publicGalleryPrint(r, lang, this.#storage, labels)),
        total,
        p,
      );
    });
  }

  async print(id: string, lang: Language, imageVersion?: string) {
    return this.#cache.cached(`print|${id}|${lang}|${imageVersion ?? ''}`, async () => {
      const record = await loadPrintRecord(this.#db, id, PUBLIC_SCOPE);
      if (!record) throw new NotFoundError('Print not found');
      return present.publicPrintOf(record, lang, this.#storage, imageVersion);
    });
  }

  // ---------- views for pages ----------

  /** A public gallery with its public prints; undefined when visitors may not see it. */
  async galleryView(id: string): Promise<GalleryView | undefined> {
    const gallery = await galleries.getGallery(this.#db, id, { publicOnly: true });
    if (!gallery) return undefined;
    const [{ rows }, labels] = await Promise.all([
      galleries.listGalleryPrints(this.#db, id, { publicOnly: true }),
      loadLabels(this.#db, gallery.artist_id),
    ]);
    const cards = await printCards(
      this.#db,
      rows.map((r) => r.print_id),
    );
    return { gallery, prints: rows, labels, cards };
  }

  /**
   * Card data of public prints (home, search), by print id; prints visitors may not see are left out. Given the
   * catalogue generation the caller read before (the search page has it), rows are kept for that generation.
   */
  async printCards(ids: readonly string[], generation?: number): Promise<Map<string, PrintCardRow>> {
    return this.#printCards.get(ids, generation, (missing) => printCards(this.#db, missing));
  }

  /** The site artist's exhibitions for the CV, newest first, linking only public prints. */
  async exhibitions(): Promise<exhibitions.PublicExhibitionRow[]> {
    return exhibitions.siteExhibitions(this.#db);
  }

  /** The exhibitions a print was shown at (the print page lists them), newest first. */
  async exhibitionsOfPrint(printId: string): Promise<exhibitions.ExhibitionRow[]> {
    return exhibitions.exhibitionsOfPrint(this.#db, printId);
  }

  /** The card image of public galleries, by gallery id (kept per generation like print cards). */
  async galleryCards(ids: readonly string[], generation?: number): Promise<Map<string, CardImageRow>> {
    return this.#galleryCards.get(ids, generation, (missing) => galleryCards(this.#db, missing));
  }

  /**
   * A print with the gallery it is seen in: `preferredGalleryId` when the scope sees the print there, else the
   * first gallery holding it (public ones first). Public scope: undefined unless visitors may see the print. The
   * artist's scope (the preview) shows the gallery's prints as visitors would, with this print among them.
   */
  async printView(id: string, scope: ReadScope, preferredGalleryId?: string): Promise<PrintView | undefined> {
    const record = await loadPrintRecord(this.#db, id, scope);
    if (!record) return undefined;
    const held = record.galleries;
    const chosen = held.find((g) => g.id === preferredGalleryId) ?? held[0];
    if (!chosen) return { record, gallery: undefined };
    const galleryScope =
      scope.kind === 'public' ? { publicOnly: true } : { artistId: scope.artistId, publicOnly: false };
    const [row, order] = await Promise.all([
      galleries.getGallery(this.#db, chosen.id, galleryScope),
      galleries.listGalleryPrints(this.#db, chosen.id, { publicOnly: scope.kind === 'public' }),
    ]);
    const prints =
      scope.kind === 'public'
        ? order.rows
        : order.rows.filter((r) => isPublishedStatus(r.status) || r.print_id === record.row.id);
    return { record, gallery: { row, prints } };
  }
}
