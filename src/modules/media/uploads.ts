// Direct uploads: the browser gets a short-lived signed target (S3 presigned POST/PUT or the local driver's
// signed URL), sends the file straight to storage, then a print create/update attaches it with consumeUpload().
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import { AppError, BadRequestError, NotFoundError } from '../../platform/errors.js';
import type { Storage, UploadTarget } from '../../platform/storage/types.js';

export const ACCEPTED_UPLOAD_TYPES = [
  'image/jpeg',
  'image/png',
  'image/tiff',
  'image/webp',
  'image/heic',
  'image/heif',
  'image/avif',
] as const;

export interface CreateUploadInput {
  filename: string;
  contentType: string;
  size: number;
}

export interface CreatedUpload {
  uploadId: string;
  target: UploadTarget;
}

export async function createUpload(
  db: Kysely<Database>,
  storage: Storage,
  limits: { maxBytes: number; ttlSeconds: number },
  artistId: string,
  input: CreateUploadInput,
): Promise<CreatedUpload> {
  const contentType = input.contentType.toLowerCase().split(';')[0]?.trim() ?? '';
  if (!(ACCEPTED_UPLOAD_TYPES as readonly string[]).includes(contentType)) {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      `Unsupported image type "${input.contentType}": upload JPEG, PNG, TIFF, WebP or HEIF/HEIC/AVIF`,
    );
  }
  if (input.size > limits.maxBytes) {
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `The file is ${input.size} bytes; the largest accepted upload is ${limits.maxBytes} bytes`,
    );
  }
  const uploadId = randomUUID();
  const key = `uploads/${uploadId}`;
  const target = await storage.createUploadTarget({
    area: 'originals',
    key,
    contentType,
    maxBytes: input.size,
    expiresInSeconds: limits.ttlSeconds,
  });
  await db
    .insertInto('uploads')
    .values({
      id: uploadId,
      artist_id: artistId,
      storage_key: key,
      content_type: contentType,
      original_filename: input.filename.slice(0, 255),
      max_bytes: input.size,
      expires_at: target.expiresAt,
    })
    .execute();
  return { uploadId, target };
}

export interface ConsumedUpload {
  imageId: string;
  originalKey: string;
  bytes: number;
}

/**
 * Attaches a finished upload to a print: checks it belongs to the artist, is unused and its file arrived within
 * the signed size, then creates the `images` row (status processing) with the uploaded object as its original and
 * marks the upload consumed so the clean-up job leaves it alone. No bytes are copied here: the row names
 * `uploads/<uploadId>` until the worker's processing run (or the hourly sweep) moves the file to its permanent key
 * `originals/<imageId>/original` (originals.ts) — uploads/ is expired by the bucket's lifecycle rule.
 * Run it inside the transaction that creates/updates the print, then set prints.image_status = 'processing' and
 * send 'image.process' {imageId} after commit.
 */
export async function consumeUpload(
  db: Kysely<Database> | Transaction<Database>,
  storage: Storage,
  params: { artistId: string; uploadId: string; printId: string | null },
): Promise<ConsumedUpload> {
  const upload = await db
    .selectFrom('uploads')
    .selectAll()
    .where('id', '=', params.uploadId)
    .where('artist_id', '=', params.artistId)
    .forUpdate()
    .executeTakeFirst();
  if (!upload) throw new NotFoundError('Upload not found');
  if (upload.status === 'consumed') throw new BadRequestError('This upload is already attached to a print');
  if (upload.status === 'expired')
    throw new BadRequestError('This upload has expired; please upload the file again');
  const object = await storage.head('originals', upload.storage_key);
  if (!object || object.size === 0)
    throw new BadRequestError('The file of this upload has not arrived in storage (upload it first)');
  if (object.size > upload.max_bytes) {
    await storage.delete('originals', upload.storage_key);
    throw new AppError('PAYLOAD_TOO_LARGE', 'The uploaded file is larger than the size it was signed for');
  }
  const image = await db
    .insertInto('images')
    .values({
      artist_id: params.artistId,
      print_id: params.printId,
      status: 'processing',
      original_key: upload.storage_key,
      original_filename: upload.original_filename,
      original_content_type: upload.content_type,
      original_bytes: object.size,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.updateTable('uploads').set({ status: 'consumed' }).where('id', '=', upload.id).execute();
  return { imageId: image.id, originalKey: upload.storage_key, bytes: object.size };
}
