// A print's images (issue 19, decision 024): the primary (prints.image_id, its alt text the print's) and the
// additional images — detail, signature, plate mark, verso, in situ, state proof, other — each with its own alt
// text in both languages and a place in the order. Adding one takes the same direct-upload road as replacing the
// primary and the same pipeline; its files follow the print's visibility (media/visibility.ts places every image of
// the print). Every action is the artist's own (another artist's print is "not found"), audited, and refused with
// the field it is about.
import type { Kysely } from 'kysely';
import type { Database, ImageRole, Localized, PrintRow } from '../../platform/db/schema.js';
import type { Queue } from '../../platform/queue/index.js';
import type { Storage } from '../../platform/storage/types.js';
import { AppError, BadRequestError, ConflictError, NotFoundError } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import { consumeUpload } from '../media/uploads.js';
import { deleteImageFiles } from '../media/originals.js';
import { artistImageList, missingForPublication } from './presenters.js';
import * as repo from './print-images-repository.js';
import * as prints from './prints-repository.js';
import { toLocalized } from './localize.js';
import { mapDbError, type Actor, type Changes, type Trx } from './kit.js';
import { isPublishedStatus } from './policy.js';
import { gateRefusal, type PrintsService } from './prints-service.js';

/** The roles an additional image may have; 'primary' is the print's own image (make one primary instead). */
export const ADDITIONAL_ROLES = [
  'detail',
  'signature',
  'plate_mark',
  'verso',
  'in_situ',
  'state_proof',
  'other',
] as const satisfies ReadonlyArray<Exclude<ImageRole, 'primary'>>;
export type AdditionalRole = (typeof ADDITIONAL_ROLES)[number];
export const IMAGE_ROLES = ['primary', ...ADDITIONAL_ROLES] as const satisfies readonly ImageRole[];

/** At most this many additional images per print. */
export const MAX_ADDITIONAL_IMAGES = 30;

export interface AddImageInput {
  uploadId: string;
  role: AdditionalRole;
  altText?: Localized | undefined;
}

export interface UpdateImageInput {
  role?: ImageRole | undefined;
  altText?: Localized | undefined;
  /** 1 … the number of additional images (the primary is always first). */
  position?: number | undefined;
}

function isAdditionalRole(role: string): role is AdditionalRole {
  return (ADDITIONAL_ROLES as readonly string[]).includes(role);
}

/** The artist's view of one image of the print (artist media URLs: a draft's files are private). */
function presentImage(
  image: {
    id: string;
    role: ImageRole;
    position: number;
    alt: Localized;
    status: string;
    error: string | null;
  },
  versions: Parameters<typeof artistImageList>[0],
) {
  const list = artistImageList(versions);
  return {
    id: image.id,
    role: image.role,
    primary: image.role === 'primary',
    position: image.position,
    altText: { da: image.alt.da ?? '', en: image.alt.en ?? '' },
    status: image.status,
    error: image.error,
    thumbnailUrl: list.find((v) => v.version === 'thumbnail')?.url ?? null,
    versions: list,
  };
}

export type PrintImageView = ReturnType<typeof presentImage>;

export class PrintImagesService {
  readonly #db: Kysely<Database>;
  readonly #storage: Storage;
  readonly #queue: Queue | undefined;
  readonly #changes: Changes;
  readonly #prints: PrintsService;

  constructor(
    db: Kysely<Database>,
    storage: Storage,
    queue: Queue | undefined,
    changes: Changes,
    p: PrintsService,
  ) {
    this.#db = db;
    this.#storage = storage;
    this.#queue = queue;
    this.#changes = changes;
    this.#prints = p;
  }

  /** The primary first (when the print has one), then the additional images in their order. */
  async list(actor: Actor, printId: string): Promise<{ images: PrintImageView[] }> {
    const print = await this.#prints.own(this.#db, actor, printId);
    return this.#list(this.#db, print);
  }

  async #list(db: Kysely<Database> | Trx, print: PrintRow): Promise<{ images: PrintImageView[] }> {
    const extras = await repo.additionalImages(db, print.id);
    const primary = print.image_id ? await repo.printImage(db, print.id, print.image_id) : undefined;
    const ids = [...(primary ? [primary.id] : []), ...extras.map((e) => e.id)];
    const versions = await repo.versionsOf(db, ids);
    const images: PrintImageView[] = [];
    if (primary)
      images.push(
        presentImage(
          { ...primary, role: 'primary', position: 0, alt: print.alt_text },
          versions.get(primary.id) ?? [],
        ),
      );
    for (const e of extras) images.push(presentImage({ ...e, alt: e.alt_text }, versions.get(e.id) ?? []));
    return { images };
  }

  /** Attaches a finished direct upload as an additional image and queues its processing after the commit. */
  async add(actor: Actor, printId: string, input: AddImageInput): Promise<{ image: PrintImageView }> {
    if (!isAdditionalRole(input.role))
      throw new BadRequestError(
        `body.role: an added image is one of ${ADDITIONAL_ROLES.join(', ')} (make it primary afterwards)`,
        { field: 'role' },
      );
    if (!isUuid(input.uploadId)) throw new NotFoundError('Upload not found');
    const altText = toLocalized(input.altText ?? {}, 'en') ?? {};
    const imageId = await this.#changes
      .run(async (trx) => {
        const print = await this.#prints.own(trx, actor, printId, true);
        const lacking = (['da', 'en'] as const).filter((l) => !altText[l]);
        if (isPublishedStatus(print.status) && lacking.length > 0)
          throw new AppError(
            'UNPROCESSABLE',
            `altText: the print is published, so the image needs its alt text in ${lacking.join(' and ')}`,
            { field: `altText.${lacking[0]}`, missing: lacking.map((l) => `altText (${l})`) },
          );
        const extras = await repo.additionalImages(trx, print.id);
        if (extras.length >= MAX_ADDITIONAL_IMAGES)
          throw new ConflictError(`A print has at most ${MAX_ADDITIONAL_IMAGES} additional images.`, {
            field: 'image',
          });
        const { imageId: id } = await consumeUpload(trx, this.#storage, {
          artistId: actor.artistId,
          uploadId: input.uploadId,
          printId: print.id,
          additional: { role: input.role, position: extras.length + 1, altText },
        });
        await this.#gate(trx, print);
        await this.#changes.audit(trx, actor, 'print.image_added', 'print', print.id, {
          imageId: id,
          role: input.role,
        });
        return id;
      })
      .catch(mapDbError);
    if (this.#queue) await this.#queue.send('image.process', { imageId });
    const { images } = await this.list(actor, printId);
    const image = images.find((i) => i.id === imageId);
    if (!image) throw new NotFoundError('Image not found');
    return { image };
  }

  /** Sets an image's role, alt text and place; the primary's alt text is the print's. */
  async update(actor: Actor, printId: string, imageId: string, input: UpdateImageInput) {
    return this.#change(actor, printId, 'print.image_updated', async (trx, print) => {
      const image = await this.#image(trx, print, imageId);
      const isPrimary = image.id === print.image_id;
      const details: Record<string, unknown> = { imageId, fields: Object.keys(input) };
      if (input.role !== undefined) {
        if (isPrimary && input.role !== 'primary')
          throw new ConflictError(
            'role: the primary image stays primary; make another image primary first.',
            { field: 'role' },
          );
        if (!isPrimary && !isAdditionalRole(input.role))
          throw new BadRequestError(
            `body.role: use "make primary" to make this image the print's primary image`,
            { field: 'role' },
          );
      }
      if (input.altText !== undefined) {
        const merged = toLocalized(input.altText, 'en', isPrimary ? print.alt_text : image.alt_text) ?? {};
        if (isPrimary) await prints.updatePrint(trx, print.id, { alt_text: JSON.stringify(merged) });
        await repo.setImageFields(trx, image.id, { alt_text: JSON.stringify(merged) });
      }
      if (!isPrimary && input.role !== undefined && input.role !== 'primary')
        await repo.setImageFields(trx, image.id, { role: input.role });
      if (input.position !== undefined) {
        const extras = await repo.additionalImages(trx, print.id);
        const max = extras.length;
        if (isPrimary ? input.position !== 0 : input.position < 1 || input.position > max)
          throw new BadRequestError(
            isPrimary
              ? 'body.position: the primary image is always first (0)'
              : `body.position: must be between 1 and ${max}`,
            { field: 'position' },
          );
        if (!isPrimary) {
          const order = extras.map((e) => e.id).filter((id) => id !== image.id);
          order.splice(input.position - 1, 0, image.id);
          await repo.renumber(trx, order);
        }
      }
      return details;
    });
  }

  /** Puts the additional images in the given order (every one of them, each once). */
  async reorder(actor: Actor, printId: string, imageIds: readonly string[]) {
    return this.#change(actor, printId, 'print.images_reordered', async (trx, print) => {
      const extras = await repo.additionalImages(trx, print.id);
      const known = new Set(extras.map((e) => e.id));
      if (
        imageIds.length !== known.size ||
        new Set(imageIds).size !== imageIds.length ||
        imageIds.some((id) => !known.has(id))
      )
        throw new BadRequestError(
          'body.imageIds: list every additional image of the print once (the primary is always first)',
          { field: 'imageIds' },
        );
      await repo.renumber(trx, imageIds);
      return { imageIds: [...imageIds] };
    });
  }

  /**
   * Makes a processed additional image the print's primary image (cards, search, the API's `images`): its alt
   * text becomes the print's; the previous primary takes its role, place and the print's previous alt text.
   */
  async makePrimary(actor: Actor, printId: string, imageId: string) {
    return this.#change(actor, printId, 'print.image_made_primary', async (trx, print) => {
      const image = await this.#image(trx, print, imageId);
      if (image.id === print.image_id) return { imageId, previousPrimaryId: image.id };
      if (image.role === 'primary')
        throw new ConflictError('This image is a replacement still being processed.', { field: 'image' });
      if (image.status !== 'completed')
        throw new ConflictError('Only a processed image can be the primary image.', { field: 'image' });
      if (await repo.hasPendingPrimary(trx, print.id, print.image_id))
        throw new ConflictError(
          'A replacement of the primary image is being processed; wait until it is ready.',
          { field: 'image' },
        );
      if (print.image_id) {
        await repo.setImageFields(trx, print.image_id, {
          role: image.role,
          position: image.position,
          alt_text: JSON.stringify(print.alt_text),
        });
      }
      await repo.setImageFields(trx, image.id, { role: 'primary', position: 0 });
      await prints.updatePrint(trx, print.id, {
        image_id: image.id,
        image_status: 'completed',
        image_error: null,
        alt_text: JSON.stringify(image.alt_text),
      });
      // A published print: the new primary must still meet the gate (its alt text is now the print's).
      return { imageId, previousPrimaryId: print.image_id };
    });
  }

  /** Removes an additional image; its files (versions, tiles, original) go after the commit. */
  async remove(actor: Actor, printId: string, imageId: string): Promise<void> {
    let removed: { id: string; originalKey: string } | undefined;
    await this.#change(actor, printId, 'print.image_removed', async (trx, print) => {
      const image = await this.#image(trx, print, imageId);
      if (image.id === print.image_id || image.role === 'primary')
        throw new ConflictError(
          'The primary image cannot be removed; replace it, or make another image primary first.',
          { field: 'image' },
        );
      await repo.deleteImageRow(trx, image.id);
      const rest = (await repo.additionalImages(trx, print.id)).map((e) => e.id);
      await repo.renumber(trx, rest);
      removed = { id: image.id, originalKey: image.original_key };
      return { imageId, role: image.role };
    });
    // After the commit; a failure leaves orphans for the clean-up, never rows naming missing files.
    if (removed) await deleteImageFiles(this.#storage, removed).catch(() => undefined);
  }

  /**
   * Retries processing of an additional image whose processing failed: it goes back to `processing`, the change is
   * audited (`print.image_retried`, as for the primary), and after the commit 'image.process' is queued for it —
   * the same job as the first run. The primary image is retried with its print (PrintsService.retryImage); an image
   * that has not failed is a conflict; without a queue nothing is pretended.
   */
  async retry(actor: Actor, printId: string, imageId: string): Promise<{ images: PrintImageView[] }> {
    const queue = this.#queue;
    if (!queue)
      throw new AppError(
        'SERVICE_UNAVAILABLE',
        'Image processing is not running here, so it cannot be retried now. Try again later.',
      );
    const result = await this.#change(actor, printId, 'print.image_retried', async (trx, print) => {
      const image = await this.#image(trx, print, imageId);
      if (image.id === print.image_id || image.role === 'primary')
        throw new ConflictError("The primary image is retried with its print (retry the print's image).", {
          field: 'image',
        });
      if (image.status !== 'failed')
        throw new ConflictError(
          image.status === 'completed'
            ? 'The image is processed; there is nothing to retry.'
            : 'The image is already being processed.',
          { field: 'image' },
        );
      await repo.setImageStatus(trx, image.id, 'processing', null);
      return { imageId, previousError: image.error };
    });
    // After the commit, so the worker never picks up a job for rows it cannot see yet.
    try {
      await queue.send('image.process', { imageId });
    } catch (error) {
      // Not queued: say so on the image rather than leave it "processing" forever.
      await this.#changes.run((trx) =>
        repo.setImageStatus(trx, imageId, 'failed', 'The retry could not be queued. Please retry again.'),
      );
      throw error;
    }
    return result;
  }

  /** One change: the print locked, the gate asked again, audited; answers the print's images. */
  async #change(
    actor: Actor,
    printId: string,
    action: string,
    apply: (trx: Trx, print: PrintRow) => Promise<Record<string, unknown>>,
  ): Promise<{ images: PrintImageView[] }> {
    return this.#changes
      .run(async (trx) => {
        const print = await this.#prints.own(trx, actor, printId, true);
        const details = await apply(trx, print);
        const saved = await this.#prints.own(trx, actor, print.id);
        await this.#gate(trx, saved);
        await this.#changes.audit(trx, actor, action, 'print', print.id, details);
        return this.#list(trx, saved);
      })
      .catch(mapDbError);
  }

  /** One image of the locked print, locked too; 404 when the print has no such image. */
  async #image(trx: Trx, print: PrintRow, imageId: string): Promise<repo.PrintImageRow> {
    const image = isUuid(imageId) ? await repo.printImage(trx, print.id, imageId, true) : undefined;
    if (!image) throw new NotFoundError('Image not found');
    return image;
  }

  /** A published print's images must all keep their alt text in both languages (the publishing gate). */
  async #gate(trx: Trx, print: PrintRow): Promise<void> {
    if (!isPublishedStatus(print.status)) return;
    const extras = await repo.additionalImages(trx, print.id);
    const missing = missingForPublication(
      print,
      await prints.hasImageVersions(trx, print.image_id),
      extras.map((r) => ({ id: r.id, alt_text: r.alt_text })),
    );
    if (missing.length) throw gateRefusal(missing);
  }
}
