// The artist's prints: the inventory, one print with its image versions and EXIF, creating (with an image or
// not), editing, the publishing gate, replacing and retrying the image, deleting. Every action is the artist's
// own (another artist's print is "not found"); refusals name the field they are about.
import { randomUUID } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { Database, Language, Localized, PrintRow, PrintUpdate } from '../../platform/db/schema.js';
import type { Storage } from '../../platform/storage/types.js';
import type { Queue } from '../../platform/queue/index.js';
import { AppError, BadRequestError, ConflictError, NotFoundError } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import { ACCEPTED_UPLOAD_TYPES, consumeUpload } from '../media/uploads.js';
import { deleteImageFiles } from '../media/originals.js';
import { deleteKeptReplacedImages } from '../media/retirement.js';
import { placePrintImages, placePrints } from '../media/visibility.js';
import { editionSummary, parseDimensions, toLocalized } from './localize.js';
import * as present from './presenters.js';
import * as editions from './editions-repository.js';
import * as galleries from './galleries-repository.js';
import * as prints from './prints-repository.js';
import { additionalAltTexts, setImageFields } from './print-images-repository.js';
import { resolveTerm } from './vocabulary-service.js';
import { loadLabels } from './read-model.js';
import type { Changes } from './kit.js';
import { listEnvelope, mapDbError, paging, slugify, type Actor, type PageInput } from './kit.js';
import { LOCALIZED_PRINT_FIELDS, type LocalizedPrintField, type PrintInputBody } from './schemas.js';
import type { Db } from './prints-repository.js';
import { isPublishedStatus } from './policy.js';

/** Types a stored original may have: the uploads' one list (the type itself comes from the file's bytes). */
const ORIGINAL_CONTENT_TYPES: ReadonlySet<string> = new Set(ACCEPTED_UPLOAD_TYPES);

export interface UploadedImage {
  stream: Readable;
  filename: string | undefined;
  contentType: string;
}

/** An inventory number as stored: trimmed; blank is none. */
export function inventoryNumberOf(value: string | null): string | null {
  const v = value?.trim() ?? '';
  return v === '' ? null : v;
}

/** Alt texts of the print's additional images (the gate asks for both languages of each). */
async function additionalAlt(db: Db, printId: string) {
  return (await additionalAltTexts(db, [printId])).get(printId) ?? [];
}

/** A refusal of the publishing gate: what is still missing, per field and language. */
export function gateRefusal(missing: string[]): AppError {
  const field = missing[0]?.replace(/ \((da|en|processed)\)$/, (_m, l: string) =>
    l === 'processed' ? '' : `.${l}`,
  );
  return new AppError('UNPROCESSABLE', `Cannot publish the print: missing ${missing.join(', ')}`, {
    missing,
    ...(field ? { field } : {}),
  });
}

export class PrintsService {
  readonly #db: Kysely<Database>;
  readonly #storage: Storage;
  readonly #queue: Queue | undefined;
  readonly #changes: Changes;

  constructor(db: Kysely<Database>, storage: Storage, queue: Queue | undefined, changes: Changes) {
    this.#db = db;
    this.#storage = storage;
    this.#queue = queue;
    this.#changes = changes;
  }

  /** The artist's print, locked for the transaction when asked; another artist's is "not found". */
  async own(db: Db, actor: Actor, id: string, forUpdate = false): Promise<PrintRow> {
    if (!isUuid(id)) throw new NotFoundError('Print not found');
    const p = await prints.getPrint(db, id, { artistId: actor.artistId, publicOnly: false }, forUpdate);
    if (!p) throw new NotFoundError('Print not found');
    return p;
  }

  async list(actor: Actor, lang: Language, input: PageInput & prints.PrintFilters) {
    const p = paging(input);
    if (input.galleryId) {
      const gallery = await galleries.getGallery(this.#db, input.galleryId, {
        artistId: actor.artistId,
        publicOnly: false,
      });
      if (!gallery) throw new NotFoundError('Gallery not found');
    }
    const [{ rows, total }, labels] = await Promise.all([
      prints.listPrints(this.#db, actor.artistId, input, p),
      loadLabels(this.#db, actor.artistId),
    ]);
    const tags = await prints.tagsOf(
      this.#db,
      rows.map((r) => r.id),
    );
    return listEnvelope(
      'prints',
      rows.map((r) =>
        present.artistPrint(r, lang, {
          storage: this.#storage,
          labels,
          extras: { thumbnailKey: r.thumbnail_key, tags: tags.get(r.id) ?? [] },
          imageShown: r.image_shown,
        }),
      ),
      total,
      p,
    );
  }

  async get(actor: Actor, id: string, lang: Language) {
    const row = await this.own(this.#db, actor, id);
    const [labels, versions, tags, counts, exif, additional] = await Promise.all([
      loadLabels(this.#db, actor.artistId),
      prints.imageVersions(this.#db, row.image_id),
      prints.tagsOf(this.#db, [row.id]),
      editions.editionCounts(this.#db, row.id),
      prints.exifOf(this.#db, row.image_id),
      additionalAlt(this.#db, row.id),
    ]);
    const thumb = versions.find((v) => v.version === 'thumbnail');
    const base = present.artistPrint(row, lang, {
      storage: this.#storage,
      labels,
      extras: { thumbnailKey: thumb?.storage_key ?? null, tags: tags.get(row.id) ?? [] },
      imageShown: versions.length > 0,
    });
    return {
      ...base,
      missingForPublication: present.missingForPublication(row, versions.length > 0, additional),
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

  /** Whether visitors see the print now (published, and in a published gallery: the policy). */
  async isPublic(actor: Actor, id: string): Promise<boolean> {
    await this.own(this.#db, actor, id);
    return prints.printIsPublic(this.#db, id);
  }

  /** The EXIF read from the print's current original, whole (the print's own answer summarises it). */
  async exif(actor: Actor, id: string) {
    const row = await this.own(this.#db, actor, id);
    return prints.exifOf(this.#db, row.image_id);
  }

  #resolveTerm(db: Db, actor: Actor, kind: string, field: string, value: string | null) {
    return resolveTerm(db, actor.artistId, kind, field, value);
  }

  /** Turns API input (new or legacy names) into column values. */
  async #values(db: Db, actor: Actor, input: PrintInputBody, current?: PrintRow): Promise<PrintUpdate> {
    const lang: Language = input.language ?? 'en';
    const values: PrintUpdate = {};
    for (const field of Object.keys(LOCALIZED_PRINT_FIELDS) as LocalizedPrintField[]) {
      const column = LOCALIZED_PRINT_FIELDS[field];
      const merged = toLocalized(input[field], lang, current?.[column]);
      if (merged) values[column] = JSON.stringify(merged);
    }
    if (input.status !== undefined) values.status = input.status;
    if (input.inventoryNumber !== undefined)
      values.inventory_number = inventoryNumberOf(input.inventoryNumber);
    if (input.year !== undefined) values.year = input.year;
    if (input.technique !== undefined) {
      values.technique_key = await this.#resolveTerm(db, actor, 'technique', 'technique', input.technique);
    }
    if (input.plateType !== undefined) {
      values.plate_material_key = await this.#resolveTerm(
        db,
        actor,
        'plate_material',
        'plateType',
        input.plateType,
      );
    }
    if (input.availability !== undefined) {
      values.availability_key = await this.#resolveTerm(
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
            {
              field: 'dimensions',
            },
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
        if (!m)
          throw new BadRequestError(`body.editionInfo: cannot read "${info}" (e.g. 50 or "5/50")`, {
            field: 'editionInfo',
          });
        values.edition_size = Number(m[1]);
      }
    }
    if (input.editionSize !== undefined) values.edition_size = input.editionSize;
    if (input.artistProofs !== undefined) values.artist_proofs = input.artistProofs;
    if (input.zoomMaxPixels !== undefined) values.zoom_max_pixels = input.zoomMaxPixels;
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

  #tagValues(input: PrintInputBody) {
    if (!input.tags) return undefined;
    const lang = input.language ?? 'en';
    const bySlug = new Map<string, Localized>();
    for (const tag of input.tags) {
      const label = typeof tag === 'string' ? { da: tag.trim(), en: tag.trim() } : toLocalized(tag, lang)!;
      const slug = slugify(label.en ?? label.da ?? '');
      if (!slug)
        throw new BadRequestError(`body.tags: "${JSON.stringify(tag)}" has no usable letters or digits`, {
          field: 'tags',
        });
      if (!bySlug.has(slug)) bySlug.set(slug, label);
    }
    return [...bySlug].map(([slug, label]) => ({ slug, label }));
  }

  /** The rules that span fields and tables (the ledger, the publishing gate); throws to roll back. */
  async #check(db: Db, row: PrintRow) {
    const extent = await editions.ledgerExtent(db, row.id);
    const numbered = extent.find((r) => r.kind === 'numbered');
    if (
      numbered &&
      (row.edition_size === null || row.edition_size < Math.max(numbered.n, numbered.max ?? 0))
    ) {
      throw new ConflictError(
        `editionSize: ${numbered.n} numbered impressions are recorded (highest number ${numbered.max}); ` +
          `the edition size cannot be ${row.edition_size ?? 'empty'}. Delete or renumber impressions first.`,
        { field: 'editionSize' },
      );
    }
    const ap = extent.find((r) => r.kind === 'AP');
    if (ap && row.artist_proofs !== null && row.artist_proofs < Math.max(ap.n, ap.max ?? 0)) {
      throw new ConflictError(
        `artistProofs: ${ap.n} artist's proofs are recorded (highest number ${ap.max}); ` +
          `the number of artist's proofs cannot be ${row.artist_proofs}.`,
        { field: 'artistProofs' },
      );
    }
    if (isPublishedStatus(row.status)) {
      // A published print keeps showing its processed image while a replacement is processed.
      const missing = present.missingForPublication(
        row,
        await prints.hasImageVersions(db, row.image_id),
        await additionalAlt(db, row.id),
      );
      if (missing.length) throw gateRefusal(missing);
    }
  }

  async #save(
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
    /** Columns set besides the input's (the service's own, e.g. clearing an awaited image name). */
    extra?: PrintUpdate,
  ): Promise<{ printId: string; queueImageIds: string[] }> {
    const { uploadId, ...fields } = input;
    let placed: string | undefined;
    return this.#changes
      .run(async (trx) => {
        const current = id ? await this.own(trx, actor, id, true) : undefined;
        const values = { ...(await this.#values(trx, actor, fields, current)), ...extra };
        let printId: string;
        if (current) {
          if (isPublishedStatus(values.status) && !isPublishedStatus(current.status))
            values.published_at = new Date();
          await prints.updatePrint(trx, current.id, values);
          printId = current.id;
        } else {
          if (isPublishedStatus(values.status)) values.published_at = new Date();
          printId = await prints.insertPrint(trx, actor.artistId, values);
        }
        // The primary image's alt text is the print's (decision 024): its row keeps a copy for when it stops being
        // primary.
        if (values.alt_text !== undefined && current?.image_id)
          await setImageFields(trx, current.image_id, { alt_text: values.alt_text as string });
        const tags = this.#tagValues(input);
        if (tags) await prints.setPrintTags(trx, actor.artistId, printId, tags);
        if (image) await prints.attachImage(trx, { ...image, artistId: actor.artistId, printId });
        let uploadedImageId: string | undefined;
        if (uploadId) {
          // A direct upload: the print keeps showing its current image until the new one is processed.
          ({ imageId: uploadedImageId } = await consumeUpload(trx, this.#storage, {
            artistId: actor.artistId,
            uploadId,
            printId,
          }));
          await prints.markImageProcessing(trx, printId);
        }
        const saved = await this.own(trx, actor, printId);
        await this.#check(trx, saved);
        await this.#changes.audit(trx, actor, current ? 'print.updated' : 'print.created', 'print', printId, {
          fields: Object.keys(fields),
          ...(image ? { imageId: image.imageId } : {}),
          ...(uploadedImageId ? { imageId: uploadedImageId } : {}),
        });
        if (saved.status !== (current?.status ?? 'draft')) {
          // Published ⇄ draft: the image files move between the public and the private area while the print row
          // is locked (media/visibility.ts), so an unpublished print's image URLs stop working at once.
          placed = printId;
          await placePrintImages(trx, this.#storage, printId);
        }
        const queueImageIds = [image?.imageId ?? uploadedImageId].filter((i): i is string => !!i);
        // A new zoom limit: every image of the print is cut again (its tiles and info.json follow the limit).
        if (current && saved.zoom_max_pixels !== current.zoom_max_pixels)
          for (const imageId of await prints.imagesToRetile(trx, printId))
            if (!queueImageIds.includes(imageId)) queueImageIds.push(imageId);
        return { printId, queueImageIds };
      })
      .catch(async (error: unknown) => {
        // The status change rolled back: the files go back where the unchanged data wants them.
        if (placed) await placePrints(this.#db, this.#storage, [placed]).catch(() => undefined);
        return mapDbError(error);
      });
  }

  /** Saves, then queues processing of a newly attached image once the transaction has committed. */
  async #saveAndQueue(actor: Actor, input: PrintInputBody, id: string | undefined, extra?: PrintUpdate) {
    const saved = await this.#save(actor, input, id, undefined, extra);
    if (this.#queue)
      for (const imageId of saved.queueImageIds) await this.#queue.send('image.process', { imageId });
    return saved;
  }

  async create(actor: Actor, input: PrintInputBody, lang: Language) {
    const { printId } = await this.#saveAndQueue(actor, input, undefined);
    return this.get(actor, printId, lang);
  }

  /**
   * A finished direct upload given to the one print of the artist that waits for an image of its file name (set by
   * a spreadsheet import), which then waits no more; undefined (nothing done) when no print — or several — wait.
   */
  async attachAwaited(actor: Actor, uploadId: string, lang: Language) {
    if (!isUuid(uploadId)) return undefined;
    const printId = await prints.printAwaitingUpload(this.#db, actor.artistId, uploadId);
    if (!printId) return undefined;
    await this.#saveAndQueue(actor, { uploadId }, printId, { awaited_image_name: null });
    return this.get(actor, printId, lang);
  }

  async update(actor: Actor, id: string, input: PrintInputBody, lang: Language) {
    await this.#saveAndQueue(actor, input, id);
    return this.get(actor, id, lang);
  }

  /** Stores the original (streamed, size-limited by the caller), creates the print and queues processing. */
  async createWithImage(actor: Actor, input: PrintInputBody, image: UploadedImage, lang: Language) {
    if (!ORIGINAL_CONTENT_TYPES.has(image.contentType)) {
      image.stream.resume();
      throw new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        `image: ${image.contentType} is not accepted (JPEG, PNG, HEIC/HEIF/AVIF, TIFF or WebP)`,
        { field: 'image' },
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
      await this.#storage.put('originals', originalKey, counted, { contentType: image.contentType });
      if ((image.stream as Readable & { truncated?: boolean }).truncated) {
        throw new AppError('PAYLOAD_TOO_LARGE', 'image: the file is larger than the upload limit', {
          field: 'image',
        });
      }
      if (bytes === 0) throw new BadRequestError('image: the file is empty', { field: 'image' });
    } catch (error) {
      await this.#storage.delete('originals', originalKey).catch(() => undefined);
      throw error;
    }
    let id: string;
    try {
      ({ printId: id } = await this.#save(actor, input, undefined, {
        imageId,
        originalKey,
        filename: image.filename,
        contentType: image.contentType,
        bytes,
      }));
    } catch (error) {
      await this.#storage.delete('originals', originalKey).catch(() => undefined);
      throw error;
    }
    if (this.#queue) await this.#queue.send('image.process', { imageId });
    return this.get(actor, id, lang);
  }

  async delete(actor: Actor, id: string) {
    const images = await this.#changes.run(async (trx) => {
      await this.own(trx, actor, id, true);
      await galleries.removeFromAllGalleries(trx, id);
      const removed = await prints.deletePrint(trx, actor.artistId, id);
      await this.#changes.audit(trx, actor, 'print.deleted', 'print', id, {
        images: removed.map((i) => i.id),
      });
      return removed;
    });
    // Files go after the commit; a failure here leaves orphans for the clean-up job, never dangling rows. The files
    // of replaced images still kept for cached pages (decision 027) go now too: the print is gone.
    for (const image of images) await deleteImageFiles(this.#storage, image).catch(() => undefined);
    await deleteKeptReplacedImages(this.#storage, id).catch(() => undefined);
  }

  /**
   * Deletes the artist's whole catalogue — galleries, prints, images (also those on no print) and tags — and, after
   * the commit, the files of exactly the images removed. Only the demo seed's --reset asks for this.
   */
  async deleteCatalogue(actor: Actor): Promise<void> {
    const images = await this.#changes.run(async (trx) => {
      const removed = await prints.deleteArtistCatalogue(trx, actor.artistId);
      await this.#changes.audit(trx, actor, 'catalogue.deleted', 'artist', actor.artistId, {
        images: removed.length,
      });
      return removed;
    });
    for (const image of images) await deleteImageFiles(this.#storage, image);
  }

  /**
   * Retries processing of a print whose image failed: the print's newest image (the one that failed) goes back to
   * `processing`, the change is audited, and after the commit 'image.process' is queued for it. A print that has
   * not failed is a conflict; without a queue nothing is pretended.
   */
  async retryImage(actor: Actor, printId: string): Promise<{ printId: string; imageId: string }> {
    const queue = this.#queue;
    if (!queue) {
      throw new AppError(
        'SERVICE_UNAVAILABLE',
        'Image processing is not running here, so it cannot be retried now. Try again later.',
      );
    }
    const imageId = await this.#changes.run(async (trx) => {
      const print = await this.own(trx, actor, printId, true);
      if (print.image_status !== 'failed') {
        throw new ConflictError(
          print.image_status === 'processing'
            ? 'The image is already being processed.'
            : 'Only an image whose processing failed can be retried.',
          { field: 'image' },
        );
      }
      // The newest image of the print is the one whose failure the print shows (see markImageFailed).
      const image = await prints.newestImage(trx, actor.artistId, printId);
      if (!image)
        throw new ConflictError('The print has no uploaded image to process; upload one.', {
          field: 'image',
        });
      await prints.setImageProcessing(trx, printId, image.id);
      await this.#changes.audit(trx, actor, 'print.image_retried', 'print', printId, {
        imageId: image.id,
        previousError: image.error,
      });
      return image.id;
    });
    // After the commit, so the worker never picks up a job for rows it cannot see yet.
    try {
      await queue.send('image.process', { imageId });
    } catch (error) {
      // Not queued: say so on the print rather than leave it "processing" forever.
      await this.#changes.run((trx) =>
        prints.setImageFailed(trx, printId, imageId, 'The retry could not be queued. Please retry again.'),
      );
      throw error;
    }
    return { printId, imageId };
  }
}
