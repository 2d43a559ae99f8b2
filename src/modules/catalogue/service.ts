// The catalogue's rules: visibility, ordering, the publishing gate, the edition ledger, localized input.
// No fastify here: routes parse and present, this decides.
import { randomUUID } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, Language, Localized, PrintRow, PrintUpdate } from '../../platform/db/schema.js';
import type { Storage } from '../../platform/storage/types.js';
import type { Queue } from '../../platform/queue/index.js';
import { consumeUpload } from '../media/uploads.js';
import { deleteImageFiles } from '../media/service.js';
import { placePrintImages } from '../media/visibility.js';
import { AppError, BadRequestError, ConflictError, NotFoundError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import * as repo from './repository.js';
import * as present from './presenters.js';
import { editionSummary, parseDimensions, toLocalized } from './localize.js';
import { watermarkKey } from './watermark.js';
import {
  LOCALIZED_PRINT_FIELDS,
  type GalleryInput,
  type ImpressionInput,
  type LocalizedPrintField,
  type PrintInputBody,
  type SettingsInput,
} from './schemas.js';

export interface Actor {
  artistId: string;
  actor: string;
  requestId?: string | undefined;
}

export interface PageInput {
  page?: number | undefined;
  limit?: number | undefined;
}

export const DEFAULT_LIMIT = 20;

function paging(input: PageInput): { page: number; limit: number; offset: number } {
  const page = input.page ?? 1;
  const limit = input.limit ?? DEFAULT_LIMIT;
  return { page, limit, offset: (page - 1) * limit };
}

function listEnvelope<K extends string, T>(
  key: K,
  items: T[],
  total: number,
  page: { page: number; limit: number },
) {
  return {
    [key]: items,
    totalCount: total,
    currentPage: page.page,
    totalPages: Math.ceil(total / page.limit),
  } as { [P in K]: T[] } & { totalCount: number; currentPage: number; totalPages: number };
}

/** Maps database constraint errors to API errors (unique → 409, check → 400). */
function mapDbError(error: unknown): never {
  const e = error as { code?: string; constraint?: string; message?: string };
  if (e?.code === '23505') throw new ConflictError(`Already exists (${e.constraint ?? 'unique constraint'})`);
  if (e?.code === '23514') throw new BadRequestError(`Invalid value (${e.constraint ?? 'check constraint'})`);
  throw error;
}

/** Blank text is "not set". */
function orNull(value: string | null): string | null {
  return value === null || value.trim() === '' ? null : value;
}

function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'oe')
    .replace(/å/g, 'aa')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
}

const ORIGINAL_CONTENT_TYPES = new Set([
  'image/jpeg',
  'image/png',
  'image/heic',
  'image/heif',
  'image/tiff',
  'image/webp',
]);

export interface UploadedImage {
  stream: Readable;
  filename: string | undefined;
  contentType: string;
}

/**
 * A tiny in-process cache of public answers (published data only). Entries live PUBLIC_CACHE_TTL_MS; every change
 * made through this service clears it at once, so this process never serves a stale draft state; other processes
 * (and changes made by the worker) are at most that old.
 */
export const PUBLIC_CACHE_TTL_MS = 2000;
const PUBLIC_CACHE_MAX = 2000;

export class CatalogueService {
  private readonly publicCache = new Map<string, { expires: number; value: Promise<unknown> }>();

  private cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const hit = this.publicCache.get(key);
    if (hit && hit.expires > now) return hit.value as Promise<T>;
    if (this.publicCache.size >= PUBLIC_CACHE_MAX) this.publicCache.clear();
    const value = load();
    this.publicCache.set(key, { expires: now + PUBLIC_CACHE_TTL_MS, value });
    // Failures (404s included) are never cached.
    value.catch(() => this.publicCache.delete(key));
    return value;
  }

  /** Runs a change in one transaction; cached public answers are forgotten when it ends (committed or not). */
  private async tx<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction().execute(fn);
    } finally {
      this.invalidatePublic();
    }
  }

  /** Forgets every cached public answer (called by every change). */
  invalidatePublic(): void {
    this.publicCache.clear();
  }

  private readonly db: Kysely<Database>;
  private readonly storage: Storage;
  private readonly queue: Queue | undefined;

  constructor(db: Kysely<Database>, storage: Storage, queue: Queue | undefined) {
    this.db = db;
    this.storage = storage;
    this.queue = queue;
  }

  private async labels(artistId: string | null) {
    return present.labelsFrom(await repo.vocabulary(this.db, artistId));
  }

  // ---------- public ----------

  async publicGalleries(lang: Language, input: PageInput) {
    return this.cached(`galleries|${lang}|${input.page}|${input.limit}`, () =>
      this.loadPublicGalleries(lang, input),
    );
  }

  private async loadPublicGalleries(lang: Language, input: PageInput) {
    const p = paging(input);
    const { rows, total } = await repo.listGalleries(this.db, { publicOnly: true }, p);
    return listEnvelope(
      'galleries',
      rows.map((r) => present.publicGallery(r, lang, this.storage)),
      total,
      p,
    );
  }

  async publicGallery(id: string, lang: Language) {
    return this.cached(`gallery|${id}|${lang}`, () => this.loadPublicGallery(id, lang));
  }

  private async loadPublicGallery(id: string, lang: Language) {
    const gallery = await repo.getGallery(this.db, id, { publicOnly: true });
    if (!gallery) throw new NotFoundError('Gallery not found');
    const [{ rows }, labels] = await Promise.all([
      repo.listGalleryPrints(this.db, id, { publicOnly: true }),
      this.labels(gallery.artist_id),
    ]);
    return {
      ...present.publicGallery(gallery, lang, this.storage),
      prints: rows.map((r) => present.publicGalleryPrint(r, lang, this.storage, labels)),
    };
  }

  async publicGalleryPrints(id: string, lang: Language, input: PageInput & repo.PrintFilters) {
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
    return this.cached(key, () => this.loadPublicGalleryPrints(id, lang, input));
  }

  private async loadPublicGalleryPrints(id: string, lang: Language, input: PageInput & repo.PrintFilters) {
    const gallery = await repo.getGallery(this.db, id, { publicOnly: true });
    if (!gallery) throw new NotFoundError('Gallery not found');
    const p = paging(input);
    const [{ rows, total }, labels] = await Promise.all([
      repo.listGalleryPrints(this.db, id, { publicOnly: true, filters: input, page: p }),
      this.labels(gallery.artist_id),
    ]);
    return listEnvelope(
      'prints',
      rows.map((r) => present.publicGalleryPrint(r, lang, this.storage, labels)),
      total,
      p,
    );
  }

  async publicPrint(id: string, lang: Language, imageVersion?: string) {
    return this.cached(`print|${id}|${lang}|${imageVersion ?? ''}`, () =>
      this.loadPublicPrint(id, lang, imageVersion),
    );
  }

  private async loadPublicPrint(id: string, lang: Language, imageVersion?: string) {
    const row = await repo.getPrint(this.db, id, { publicOnly: true });
    if (!row) throw new NotFoundError('Print not found');
    const [labels, versions, tags, counts] = await Promise.all([
      this.labels(row.artist_id),
      // The current image's versions: while a replacement is processed, the previous image's (hasImageVersions).
      repo.imageVersions(this.db, row.image_id),
      repo.tagsOf(this.db, [row.id]),
      repo.editionCounts(this.db, row.id),
    ]);
    const thumb = versions.find((v) => v.version === 'thumbnail');
    return present.publicPrint(row, lang, {
      storage: this.storage,
      labels,
      versions,
      imageVersion,
      counts,
      extras: { thumbnailKey: thumb?.storage_key ?? null, tags: tags.get(row.id) ?? [] },
    });
  }

  async vocabularyList(artistId: string | null, kind?: string) {
    const rows = await repo.vocabulary(this.db, artistId, kind);
    return {
      terms: rows.map((r) => ({ kind: r.kind, key: r.key, label: r.label, builtIn: r.artist_id === null })),
    };
  }

  // ---------- artist: galleries ----------

  private async ownGallery(db: repo.Db, actor: Actor, id: string, forUpdate = false) {
    const g = await repo.getGallery(db, id, { artistId: actor.artistId, publicOnly: false }, forUpdate);
    if (!g) throw new NotFoundError('Gallery not found');
    return g;
  }

  private async ownPrint(db: repo.Db, actor: Actor, id: string, forUpdate = false): Promise<PrintRow> {
    const p = await repo.getPrint(db, id, { artistId: actor.artistId, publicOnly: false }, forUpdate);
    if (!p) throw new NotFoundError('Print not found');
    return p;
  }

  async galleries(actor: Actor, lang: Language, input: PageInput) {
    const p = paging(input);
    const { rows, total } = await repo.listGalleries(
      this.db,
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

  async gallery(actor: Actor, id: string, lang: Language) {
    const g = await this.ownGallery(this.db, actor, id);
    const { rows } = await repo.listGalleryPrints(this.db, id, { publicOnly: false });
    return {
      ...present.artistGallery(g, lang),
      prints: rows.map((r) => present.artistGalleryPrint(r, lang, this.storage)),
    };
  }

  private async galleryValues(
    db: repo.Db,
    actor: Actor,
    input: GalleryInput,
    lang: Language,
    current?: repo.GalleryListRow,
  ) {
    const values: Record<string, unknown> = {};
    const title = toLocalized(input.title, lang, current?.title);
    if (title) values.title = JSON.stringify(title);
    const description = toLocalized(input.description, lang, current?.description);
    if (description) values.description = JSON.stringify(description);
    if (input.featured !== undefined) values.featured = input.featured;
    if (input.coverPrintId !== undefined) {
      if (input.coverPrintId !== null) await this.ownPrint(db, actor, input.coverPrintId);
      values.cover_print_id = input.coverPrintId;
    }
    const status = input.status ?? current?.status ?? 'draft';
    values.status = status;
    if (status === 'published') {
      const t = title ?? current?.title ?? {};
      const missing = (['da', 'en'] as const).filter((l) => !t[l]?.trim()).map((l) => `title (${l})`);
      if (missing.length) {
        throw new AppError('UNPROCESSABLE', `Cannot publish the gallery: missing ${missing.join(', ')}`, {
          missing,
        });
      }
      if (current?.status !== 'published') values.published_at = new Date();
    }
    return values;
  }

  async createGallery(actor: Actor, input: GalleryInput, lang: Language) {
    const id = await this.tx(async (trx) => {
      const values = await this.galleryValues(trx, actor, input, lang);
      const row = await trx
        .insertInto('galleries')
        .values({ ...values, artist_id: actor.artistId })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.audit(trx, actor, 'gallery.created', 'gallery', row.id, { status: values.status });
      return row.id;
    });
    return present.artistGallery(await this.ownGallery(this.db, actor, id), lang);
  }

  async updateGallery(actor: Actor, id: string, input: GalleryInput, lang: Language) {
    await this.tx(async (trx) => {
      const current = await this.ownGallery(trx, actor, id, true);
      const values = await this.galleryValues(trx, actor, input, lang, current);
      await trx.updateTable('galleries').set(values).where('id', '=', id).execute();
      await this.audit(trx, actor, 'gallery.updated', 'gallery', id, { fields: Object.keys(input) });
    });
    return present.artistGallery(await this.ownGallery(this.db, actor, id), lang);
  }

  async deleteGallery(actor: Actor, id: string) {
    await this.tx(async (trx) => {
      await this.ownGallery(trx, actor, id, true);
      await trx
        .deleteFrom('galleries')
        .where('id', '=', id)
        .where('artist_id', '=', actor.artistId)
        .execute();
      await this.audit(trx, actor, 'gallery.deleted', 'gallery', id);
    });
  }

  async galleryPrints(actor: Actor, id: string, lang: Language, input: PageInput) {
    await this.ownGallery(this.db, actor, id);
    const p = paging(input);
    const { rows, total } = await repo.listGalleryPrints(this.db, id, { publicOnly: false, page: p });
    return listEnvelope(
      'prints',
      rows.map((r) => present.artistGalleryPrint(r, lang, this.storage)),
      total,
      p,
    );
  }

  /** Full reorder: the list must name every print of the gallery once, with orders 1..n each once. */
  async reorder(actor: Actor, id: string, orders: ReadonlyArray<{ printId: string; newOrder: number }>) {
    await this.tx(async (trx) => {
      await this.ownGallery(trx, actor, id, true);
      const current = new Set(await repo.galleryPrintIds(trx, id));
      const n = current.size;
      const seen = new Set<string>();
      const positions = new Set<number>();
      for (const o of orders) {
        if (!current.has(o.printId))
          throw new BadRequestError(`printOrders: print ${o.printId} is not in this gallery`);
        if (seen.has(o.printId)) throw new BadRequestError(`printOrders: print ${o.printId} is listed twice`);
        if (o.newOrder > n)
          throw new BadRequestError(`printOrders: newOrder ${o.newOrder} is beyond the ${n} prints`);
        if (positions.has(o.newOrder))
          throw new BadRequestError(`printOrders: newOrder ${o.newOrder} is used twice`);
        seen.add(o.printId);
        positions.add(o.newOrder);
      }
      if (seen.size !== n) {
        throw new BadRequestError(`printOrders: must list all ${n} prints of the gallery (got ${seen.size})`);
      }
      await repo.setPositions(trx, id, orders);
      await this.audit(trx, actor, 'gallery.reordered', 'gallery', id, { count: n });
    });
  }

  async movePrint(actor: Actor, galleryId: string, printId: string, position: number) {
    await this.tx(async (trx) => {
      await this.ownGallery(trx, actor, galleryId, true);
      const from = await repo.galleryPrintPosition(trx, galleryId, printId);
      if (from === undefined) throw new NotFoundError('The print is not in this gallery');
      const n = await repo.galleryPrintCount(trx, galleryId);
      if (position > n) throw new BadRequestError(`position: must be between 1 and ${n}`);
      await repo.moveTo(trx, galleryId, printId, from, position);
      await this.audit(trx, actor, 'gallery.print_moved', 'gallery', galleryId, {
        printId,
        from,
        to: position,
      });
    });
  }

  async addPrint(actor: Actor, galleryId: string, printId: string, order: number | undefined) {
    return this.tx(async (trx) => {
      await this.ownGallery(trx, actor, galleryId, true);
      await this.ownPrint(trx, actor, printId);
      if ((await repo.galleryPrintPosition(trx, galleryId, printId)) !== undefined) {
        throw new ConflictError('The print is already in this gallery');
      }
      const n = await repo.galleryPrintCount(trx, galleryId);
      if (order !== undefined && order > n + 1)
        throw new BadRequestError(`order: must be between 1 and ${n + 1}`);
      const position = order ?? n + 1;
      await repo.insertAt(trx, galleryId, printId, position);
      await this.audit(trx, actor, 'gallery.print_added', 'gallery', galleryId, { printId, position });
      return { printId, order: position };
    });
  }

  async removePrint(actor: Actor, galleryId: string, printId: string) {
    await this.tx(async (trx) => {
      await this.ownGallery(trx, actor, galleryId, true);
      const position = await repo.galleryPrintPosition(trx, galleryId, printId);
      if (position === undefined) throw new NotFoundError('The print is not in this gallery');
      await repo.removeAt(trx, galleryId, printId, position);
      await this.audit(trx, actor, 'gallery.print_removed', 'gallery', galleryId, { printId });
    });
  }

  // ---------- artist: prints ----------

  async prints(actor: Actor, lang: Language, input: PageInput & repo.PrintFilters) {
    const p = paging(input);
    if (input.galleryId) await this.ownGallery(this.db, actor, input.galleryId);
    const [{ rows, total }, labels] = await Promise.all([
      repo.listPrints(this.db, actor.artistId, input, p),
      this.labels(actor.artistId),
    ]);
    const tags = await repo.tagsOf(
      this.db,
      rows.map((r) => r.id),
    );
    return listEnvelope(
      'prints',
      rows.map((r) =>
        present.artistPrint(r, lang, {
          storage: this.storage,
          labels,
          extras: { thumbnailKey: r.thumbnail_key, tags: tags.get(r.id) ?? [] },
          imageShown: r.image_shown,
        }),
      ),
      total,
      p,
    );
  }

  async print(actor: Actor, id: string, lang: Language) {
    const row = await this.ownPrint(this.db, actor, id);
    const [labels, versions, tags, counts, exif] = await Promise.all([
      this.labels(actor.artistId),
      repo.imageVersions(this.db, row.image_id),
      repo.tagsOf(this.db, [row.id]),
      repo.editionCounts(this.db, row.id),
      repo.exifOf(this.db, row.image_id),
    ]);
    const thumb = versions.find((v) => v.version === 'thumbnail');
    const base = present.artistPrint(row, lang, {
      storage: this.storage,
      labels,
      extras: { thumbnailKey: thumb?.storage_key ?? null, tags: tags.get(row.id) ?? [] },
      imageShown: versions.length > 0,
    });
    return {
      ...base,
      exifData: present.exifData(exif),
      images: present.artistImageList(versions),
      edition: editionSummary(
        row.edition_size,
        row.artist_proofs,
        base.localized.editionState[lang] ?? '',
        counts,
        lang,
      ),
    };
  }

  private async resolveTerm(db: repo.Db, actor: Actor, kind: string, field: string, value: string | null) {
    if (value === null) return null;
    const v = value.trim().toLowerCase();
    const terms = await repo.vocabulary(db, actor.artistId, kind);
    const found = terms.find(
      (t) => t.key === v || t.label.en?.toLowerCase() === v || t.label.da?.toLowerCase() === v,
    );
    if (!found) {
      throw new BadRequestError(
        `body.${field}: unknown ${kind.replace('_', ' ')} "${value}"; known: ${terms.map((t) => t.key).join(', ')}`,
      );
    }
    return found.key;
  }

  /** Turns API input (new or legacy names) into column values. */
  private async printValues(db: repo.Db, actor: Actor, input: PrintInputBody, current?: PrintRow) {
    const lang: Language = input.language ?? 'en';
    const values: PrintUpdate = {};
    for (const field of Object.keys(LOCALIZED_PRINT_FIELDS) as LocalizedPrintField[]) {
      const column = LOCALIZED_PRINT_FIELDS[field];
      const merged = toLocalized(input[field], lang, current?.[column]);
      if (merged) values[column] = JSON.stringify(merged);
    }
    if (input.status !== undefined) values.status = input.status;
    if (input.year !== undefined) values.year = input.year;
    if (input.technique !== undefined) {
      values.technique_key = await this.resolveTerm(db, actor, 'technique', 'technique', input.technique);
    }
    if (input.plateType !== undefined) {
      values.plate_material_key = await this.resolveTerm(
        db,
        actor,
        'plate_material',
        'plateType',
        input.plateType,
      );
    }
    if (input.availability !== undefined) {
      values.availability_key = await this.resolveTerm(
        db,
        actor,
        'availability',
        'availability',
        input.availability,
      );
    }
    if (input.dimensions !== undefined && input.plateDimensions === undefined) {
      if (input.dimensions === null || input.dimensions.trim() === '') {
        values.plate_height_mm = null;
        values.plate_width_mm = null;
      } else {
        const d = parseDimensions(input.dimensions);
        if (!d)
          throw new BadRequestError(
            `body.dimensions: cannot read "${input.dimensions}" (e.g. "30cm x 40cm")`,
          );
        values.plate_height_mm = d.heightMm;
        values.plate_width_mm = d.widthMm;
      }
    }
    if (input.plateDimensions !== undefined) {
      values.plate_height_mm = input.plateDimensions?.heightMm ?? null;
      values.plate_width_mm = input.plateDimensions?.widthMm ?? null;
    }
    if (input.sheetDimensions !== undefined) {
      values.sheet_height_mm = input.sheetDimensions?.heightMm ?? null;
      values.sheet_width_mm = input.sheetDimensions?.widthMm ?? null;
    }
    if (input.editionInfo !== undefined && input.editionSize === undefined) {
      const info = input.editionInfo;
      if (info === null || typeof info === 'number') values.edition_size = info;
      else {
        const m = /^\s*(?:\d+\s*\/\s*)?(\d+)\s*$/.exec(info);
        if (!m) throw new BadRequestError(`body.editionInfo: cannot read "${info}" (e.g. 50 or "5/50")`);
        values.edition_size = Number(m[1]);
      }
    }
    if (input.editionSize !== undefined) values.edition_size = input.editionSize;
    if (input.artistProofs !== undefined) values.artist_proofs = input.artistProofs;
    if (input.price !== undefined) {
      if (input.price === null) {
        values.price_amount = null;
        values.price_currency = null;
      } else if (typeof input.price === 'number') {
        values.price_amount = input.price;
        values.price_currency = input.priceCurrency ?? current?.price_currency ?? 'DKK';
      } else {
        values.price_amount = input.price.amount;
        values.price_currency = input.price.currency;
      }
    } else if (input.priceCurrency !== undefined) {
      values.price_currency = input.priceCurrency;
    }
    return values;
  }

  private tagValues(input: PrintInputBody) {
    if (!input.tags) return undefined;
    const lang = input.language ?? 'en';
    const bySlug = new Map<string, Localized>();
    for (const tag of input.tags) {
      const label = typeof tag === 'string' ? { da: tag.trim(), en: tag.trim() } : toLocalized(tag, lang)!;
      const slug = slugify(label.en ?? label.da ?? '');
      if (!slug)
        throw new BadRequestError(`body.tags: "${JSON.stringify(tag)}" has no usable letters or digits`);
      if (!bySlug.has(slug)) bySlug.set(slug, label);
    }
    return [...bySlug].map(([slug, label]) => ({ slug, label }));
  }

  /** Checks the rules that span fields and tables; throws to roll the transaction back. */
  private async checkPrint(db: repo.Db, row: PrintRow) {
    const { rows } = await sql<{ kind: string; n: number; max: number | null }>`
      select kind, count(*)::int as n, max(number)::int as max from impressions
      where print_id = ${row.id} and kind in ('numbered', 'AP') group by kind`.execute(db);
    const numbered = rows.find((r) => r.kind === 'numbered');
    if (
      numbered &&
      (row.edition_size === null || row.edition_size < Math.max(numbered.n, numbered.max ?? 0))
    ) {
      throw new ConflictError(
        `editionSize: ${numbered.n} numbered impressions are recorded (highest number ${numbered.max}); ` +
          `the edition size cannot be ${row.edition_size ?? 'empty'}. Delete or renumber impressions first.`,
      );
    }
    const ap = rows.find((r) => r.kind === 'AP');
    if (ap && row.artist_proofs !== null && row.artist_proofs < Math.max(ap.n, ap.max ?? 0)) {
      throw new ConflictError(
        `artistProofs: ${ap.n} artist's proofs are recorded (highest number ${ap.max}); ` +
          `the number of artist's proofs cannot be ${row.artist_proofs}.`,
      );
    }
    if (row.status === 'published') {
      // A published print keeps showing its processed image while a replacement is processed.
      const missing = present.missingForPublication(row, await repo.hasImageVersions(db, row.image_id));
      if (missing.length) {
        throw new AppError('UNPROCESSABLE', `Cannot publish the print: missing ${missing.join(', ')}`, {
          missing,
        });
      }
    }
  }

  private async savePrint(
    actor: Actor,
    input: PrintInputBody,
    id: string | undefined,
    image?: {
      imageId: string;
      originalKey: string;
      filename: string | undefined;
      contentType: string;
      bytes: number;
    },
  ): Promise<{ printId: string; queueImageId: string | undefined }> {
    const { uploadId, ...fields } = input;
    let placed: { printId: string; published: boolean } | undefined;
    return this.tx(async (trx) => {
      const current = id ? await this.ownPrint(trx, actor, id, true) : undefined;
      const values = await this.printValues(trx, actor, fields, current);
      let printId: string;
      if (current) {
        if (values.status === 'published' && current.status !== 'published') values.published_at = new Date();
        if (Object.keys(values).length) {
          await trx.updateTable('prints').set(values).where('id', '=', current.id).execute();
        }
        printId = current.id;
      } else {
        if (values.status === 'published') values.published_at = new Date();
        const row = await trx
          .insertInto('prints')
          .values({ ...values, artist_id: actor.artistId })
          .returning('id')
          .executeTakeFirstOrThrow();
        printId = row.id;
      }
      const tags = this.tagValues(input);
      if (tags) await repo.setPrintTags(trx, actor.artistId, printId, tags);
      if (image) {
        await trx
          .insertInto('images')
          .values({
            id: image.imageId,
            artist_id: actor.artistId,
            print_id: printId,
            status: 'processing',
            original_key: image.originalKey,
            original_filename: image.filename ?? null,
            original_content_type: image.contentType,
            original_bytes: image.bytes,
          })
          .execute();
        await trx
          .updateTable('prints')
          .set({ image_id: image.imageId, image_status: 'processing', image_error: null })
          .where('id', '=', printId)
          .execute();
      }
      let uploadedImageId: string | undefined;
      if (uploadId) {
        // A direct upload: the print keeps showing its current image until the new one is processed.
        ({ imageId: uploadedImageId } = await consumeUpload(trx, this.storage, {
          artistId: actor.artistId,
          uploadId,
          printId,
        }));
        await trx
          .updateTable('prints')
          .set({ image_status: 'processing', image_error: null })
          .where('id', '=', printId)
          .execute();
      }
      const saved = await this.ownPrint(trx, actor, printId);
      await this.checkPrint(trx, saved);
      await this.audit(trx, actor, current ? 'print.updated' : 'print.created', 'print', printId, {
        fields: Object.keys(fields),
        ...(image ? { imageId: image.imageId } : {}),
        ...(uploadedImageId ? { imageId: uploadedImageId } : {}),
      });
      if (saved.status !== (current?.status ?? 'draft')) {
        // Published ⇄ draft: the image files move between the public and the private area while the print row
        // is locked (media/visibility.ts), so an unpublished print's image URLs stop working at once.
        placed = { printId, published: saved.status === 'published' };
        await placePrintImages(trx, this.storage, printId, placed.published);
      }
      return { printId, queueImageId: image?.imageId ?? uploadedImageId };
    }).catch(async (error: unknown) => {
      // The status change rolled back: the files go back where the unchanged status wants them.
      if (placed) {
        const { printId, published } = placed;
        await placePrintImages(this.db, this.storage, printId, !published).catch(() => undefined);
      }
      return mapDbError(error);
    });
  }

  async createPrint(actor: Actor, input: PrintInputBody, lang: Language) {
    const { printId } = await this.savePrintAndQueue(actor, input, undefined);
    return this.print(actor, printId, lang);
  }

  /** Saves, then queues processing of a newly attached image once the transaction has committed. */
  private async savePrintAndQueue(actor: Actor, input: PrintInputBody, id: string | undefined) {
    const saved = await this.savePrint(actor, input, id);
    if (saved.queueImageId && this.queue)
      await this.queue.send('image.process', { imageId: saved.queueImageId });
    return saved;
  }

  /** Stores the original (streamed, size-limited by the caller), creates the print and queues processing. */
  async createPrintWithImage(actor: Actor, input: PrintInputBody, image: UploadedImage, lang: Language) {
    if (!ORIGINAL_CONTENT_TYPES.has(image.contentType)) {
      image.stream.resume();
      throw new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        `image: ${image.contentType} is not accepted (JPEG, PNG, HEIC/HEIF, TIFF or WebP)`,
      );
    }
    const imageId = randomUUID();
    const originalKey = `originals/${imageId}/original`;
    let bytes = 0;
    const counted = image.stream.pipe(
      new Transform({
        transform(chunk: Buffer, _enc, done) {
          bytes += chunk.length;
          done(null, chunk);
        },
      }),
    );
    image.stream.on('error', (error) => counted.destroy(error));
    try {
      await this.storage.put('originals', originalKey, counted, { contentType: image.contentType });
      if ((image.stream as Readable & { truncated?: boolean }).truncated) {
        throw new AppError('PAYLOAD_TOO_LARGE', 'image: the file is larger than the upload limit');
      }
      if (bytes === 0) throw new BadRequestError('image: the file is empty');
    } catch (error) {
      await this.storage.delete('originals', originalKey).catch(() => undefined);
      throw error;
    }
    let id: string;
    try {
      ({ printId: id } = await this.savePrint(actor, input, undefined, {
        imageId,
        originalKey,
        filename: image.filename,
        contentType: image.contentType,
        bytes,
      }));
    } catch (error) {
      await this.storage.delete('originals', originalKey).catch(() => undefined);
      throw error;
    }
    if (this.queue) await this.queue.send('image.process', { imageId });
    return this.print(actor, id, lang);
  }

  async updatePrint(actor: Actor, id: string, input: PrintInputBody, lang: Language) {
    await this.savePrintAndQueue(actor, input, id);
    return this.print(actor, id, lang);
  }

  async deletePrint(actor: Actor, id: string) {
    const images = await this.tx(async (trx) => {
      await this.ownPrint(trx, actor, id, true);
      const imgs = await trx
        .selectFrom('images')
        .select(['id', 'original_key'])
        .where('print_id', '=', id)
        .execute();
      await repo.removeFromAllGalleries(trx, id);
      await trx.deleteFrom('prints').where('id', '=', id).where('artist_id', '=', actor.artistId).execute();
      if (imgs.length) {
        await trx
          .deleteFrom('images')
          .where(
            'id',
            'in',
            imgs.map((i) => i.id),
          )
          .execute();
      }
      await this.audit(trx, actor, 'print.deleted', 'print', id, { images: imgs.map((i) => i.id) });
      return imgs;
    });
    // Files go after the commit; a failure here leaves orphans for the clean-up job, never dangling rows.
    for (const image of images) {
      await deleteImageFiles(this.storage, { id: image.id, originalKey: image.original_key }).catch(
        () => undefined,
      );
    }
  }

  // ---------- impressions ----------

  async impressions(actor: Actor, printId: string, lang: Language) {
    const print = await this.ownPrint(this.db, actor, printId);
    const rows = await this.db
      .selectFrom('impressions')
      .selectAll()
      .where('print_id', '=', printId)
      .orderBy('kind')
      .orderBy('number')
      .orderBy('created_at')
      .execute();
    const counts = await repo.editionCounts(this.db, printId);
    return {
      impressions: rows.map((r) => present.impression(r, print.edition_size)),
      edition: editionSummary(
        print.edition_size,
        print.artist_proofs,
        print.edition_state[lang] ?? '',
        counts,
        lang,
      ),
    };
  }

  private checkImpression(print: PrintRow, v: { kind: string; number: number | null }): void {
    if (v.kind === 'numbered') {
      if (v.number === null) throw new BadRequestError('body.number: a numbered impression needs its number');
      if (print.edition_size === null) {
        throw new BadRequestError(
          'body.number: set the print’s edition size before recording numbered impressions',
        );
      }
      if (v.number > print.edition_size) {
        throw new BadRequestError(
          `body.number: ${v.number} is beyond the edition size ${print.edition_size}`,
        );
      }
    }
    if (
      v.kind === 'AP' &&
      v.number !== null &&
      print.artist_proofs !== null &&
      v.number > print.artist_proofs
    ) {
      throw new BadRequestError(
        `body.number: AP ${v.number} is beyond the ${print.artist_proofs} artist's proofs`,
      );
    }
  }

  private impressionValues(input: ImpressionInput) {
    const values: Record<string, unknown> = {};
    for (const [api, column] of [
      ['kind', 'kind'],
      ['number', 'number'],
      ['state', 'state'],
      ['printedOn', 'printed_on'],
      ['paper', 'paper'],
      ['ink', 'ink'],
      ['status', 'status'],
      ['location', 'location'],
      ['notes', 'notes'],
    ] as const) {
      if (input[api] !== undefined) values[column] = input[api];
    }
    if (input.price !== undefined) {
      values.price_amount = input.price?.amount ?? null;
      values.price_currency = input.price?.currency ?? null;
    }
    return values;
  }

  async createImpression(actor: Actor, printId: string, input: ImpressionInput) {
    return this.tx(async (trx) => {
      const print = await this.ownPrint(trx, actor, printId, true);
      this.checkImpression(print, { kind: input.kind ?? 'numbered', number: input.number ?? null });
      const row = await trx
        .insertInto('impressions')
        .values({ ...this.impressionValues(input), print_id: printId } as never)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.audit(trx, actor, 'impression.created', 'impression', row.id, { printId });
      return present.impression(row, print.edition_size);
    }).catch(mapDbError);
  }

  async updateImpression(actor: Actor, printId: string, impressionId: string, input: ImpressionInput) {
    return this.tx(async (trx) => {
      const print = await this.ownPrint(trx, actor, printId, true);
      const current = await trx
        .selectFrom('impressions')
        .selectAll()
        .where('id', '=', impressionId)
        .where('print_id', '=', printId)
        .executeTakeFirst();
      if (!current) throw new NotFoundError('Impression not found');
      const values = this.impressionValues(input);
      this.checkImpression(print, {
        kind: input.kind ?? current.kind,
        number: input.number !== undefined ? input.number : current.number,
      });
      const row = await trx
        .updateTable('impressions')
        .set(values as never)
        .where('id', '=', impressionId)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.audit(trx, actor, 'impression.updated', 'impression', impressionId, { printId });
      return present.impression(row, print.edition_size);
    }).catch(mapDbError);
  }

  async deleteImpression(actor: Actor, printId: string, impressionId: string) {
    await this.tx(async (trx) => {
      await this.ownPrint(trx, actor, printId, true);
      const res = await trx
        .deleteFrom('impressions')
        .where('id', '=', impressionId)
        .where('print_id', '=', printId)
        .executeTakeFirst();
      if (Number(res.numDeletedRows) === 0) throw new NotFoundError('Impression not found');
      await this.audit(trx, actor, 'impression.deleted', 'impression', impressionId, { printId });
    });
  }

  // ---------- tags, vocabulary, settings ----------

  async tags(actor: Actor) {
    const rows = await this.db
      .selectFrom('tags as t')
      .leftJoin('print_tags as pt', 'pt.tag_id', 't.id')
      .select(['t.id', 't.slug', 't.label'])
      .select((eb) => eb.fn.count<number>('pt.print_id').as('print_count'))
      .where('t.artist_id', '=', actor.artistId)
      .groupBy(['t.id', 't.slug', 't.label'])
      .orderBy('t.slug')
      .execute();
    return {
      tags: rows.map((r) => ({ id: r.id, slug: r.slug, label: r.label, printCount: Number(r.print_count) })),
    };
  }

  async addVocabularyTerm(
    actor: Actor,
    input: { kind: string; key?: string | undefined; label: { da: string; en: string } },
  ) {
    const key = input.key ?? slugify(input.label.en);
    if (!key) throw new BadRequestError('body.key: give a key (a-z, 0-9 and hyphens)');
    const existing = await repo.vocabulary(this.db, actor.artistId, input.kind);
    if (existing.some((t) => t.key === key))
      throw new ConflictError(`The ${input.kind} "${key}" already exists`);
    return this.tx(async (trx) => {
      const row = await trx
        .insertInto('vocabulary_terms')
        .values({
          artist_id: actor.artistId,
          kind: input.kind as never,
          key,
          label: JSON.stringify({ da: input.label.da.trim(), en: input.label.en.trim() }),
          sort: 1000,
        })
        .returning(['id', 'kind', 'key', 'label'])
        .executeTakeFirstOrThrow();
      await this.audit(trx, actor, 'vocabulary.created', 'vocabulary_term', row.id, { kind: row.kind, key });
      return { kind: row.kind, key: row.key, label: row.label, builtIn: false };
    }).catch(mapDbError);
  }

  async settings(actor: Actor) {
    return this.storedSettings(this.db, actor.artistId);
  }

  private async storedSettings(db: repo.Db, artistId: string) {
    const row = await db
      .selectFrom('settings')
      .selectAll()
      .where('artist_id', '=', artistId)
      .executeTakeFirst();
    return {
      profileName: row?.profile_name ?? null,
      bio: row?.bio ?? {},
      contactEmail: row?.contact_email ?? null,
      copyrightLine: row?.copyright_line ?? null,
      watermarkText: row?.watermark_text ?? null,
      watermarkPlacement: row?.watermark_placement ?? 'bottom-right',
      defaultLanguage: row?.default_language ?? 'da',
      updatedAt: row ? row.updated_at.toISOString() : null,
    };
  }

  async updateSettings(actor: Actor, input: SettingsInput) {
    return (await this.saveSettings(actor, input)).settings;
  }

  /**
   * Saves the settings. Blank names, copyright line and watermark text are stored as null ("not set": the
   * defaults apply), as the studio form sends them. When the watermark drawn on the images changes — its text,
   * its placement, or the copyright line or name it falls back to — every displayed image is regenerated.
   */
  async saveSettings(actor: Actor, input: SettingsInput) {
    const values: Record<string, unknown> = {};
    if (input.profileName !== undefined) values.profile_name = orNull(input.profileName);
    if (input.bio !== undefined) values.bio = JSON.stringify(toLocalized(input.bio, 'en') ?? {});
    if (input.contactEmail !== undefined) values.contact_email = input.contactEmail?.toLowerCase() ?? null;
    if (input.copyrightLine !== undefined) values.copyright_line = orNull(input.copyrightLine);
    if (input.watermarkText !== undefined) values.watermark_text = orNull(input.watermarkText);
    if (input.watermarkPlacement !== undefined) values.watermark_placement = input.watermarkPlacement;
    if (input.defaultLanguage !== undefined) values.default_language = input.defaultLanguage;
    const watermarkChanged = await this.tx(async (trx) => {
      // One save at a time per artist, so each compares against what the previous one stored.
      const artist = await trx
        .selectFrom('artists')
        .select('display_name')
        .where('id', '=', actor.artistId)
        .forUpdate()
        .executeTakeFirst();
      const displayName = artist?.display_name ?? '';
      const watermark = async () => watermarkKey(await this.storedSettings(trx, actor.artistId), displayName);
      const before = await watermark();
      await trx
        .insertInto('settings')
        .values({ ...values, artist_id: actor.artistId })
        .onConflict((oc) =>
          oc
            .column('artist_id')
            .doUpdateSet(Object.keys(values).length ? values : { artist_id: actor.artistId }),
        )
        .execute();
      await this.audit(trx, actor, 'settings.updated', 'settings', actor.artistId, {
        fields: Object.keys(input),
      });
      return (await watermark()) !== before;
    });
    if (watermarkChanged && this.queue)
      await this.queue.send('image.regenerate-all', { artistId: actor.artistId });
    return {
      settings: await this.settings(actor),
      watermarkChanged,
      regenerating: watermarkChanged && this.queue !== undefined,
    };
  }

  private audit(
    db: repo.Db,
    actor: Actor,
    action: string,
    entityType: string,
    entityId: string,
    details?: Record<string, unknown>,
  ) {
    this.invalidatePublic();
    return recordAudit(db, {
      artistId: actor.artistId,
      actor: actor.actor,
      action,
      entityType,
      entityId,
      ...(actor.requestId ? { requestId: actor.requestId } : {}),
      ...(details ? { details } : {}),
    });
  }
}
