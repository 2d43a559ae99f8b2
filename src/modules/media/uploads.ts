// Direct uploads: the browser gets a short-lived signed target (S3 presigned POST/PUT or the local driver's
// signed URL), sends the file straight to storage, then a print create/update attaches it with consumeUpload().
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database, ImageRole, Localized } from '../../platform/db/schema.js';
import { AppError, BadRequestError, NotFoundError } from '../../platform/errors.js';
import type { Storage, UploadTarget } from '../../platform/storage/types.js';
import { insertUpload, insertUploadedImage, lockUpload, markUploadConsumed } from './repository.js';
import { sniffStoredFile } from './upload-type.js';

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
  /** What the client says the file is; a hint only (many clients cannot know, or send application/octet-stream). */
  contentType?: string | undefined;
  size: number;
}

export interface CreatedUpload {
  uploadId: string;
  target: UploadTarget;
}

/** The declared type when it names an accepted image type, else application/octet-stream. */
function declaredImageType(declared: string | undefined): string {
  const type = declared?.toLowerCase().split(';')[0]?.trim() ?? '';
  return (ACCEPTED_UPLOAD_TYPES as readonly string[]).includes(type) ? type : 'application/octet-stream';
}

/**
 * Signs a direct upload. Any declared type is fine: the type comes from the file's bytes when the upload is
 * attached (consumeUpload), so a JPEG sent as application/octet-stream works and a PDF named .jpg does not.
 */
export async function createUpload(
  db: Kysely<Database>,
  storage: Storage,
  limits: { maxBytes: number; ttlSeconds: number },
  artistId: string,
  input: CreateUploadInput,
): Promise<CreatedUpload> {
  if (input.size > limits.maxBytes) {
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `The file is ${input.size} bytes; the largest accepted upload is ${limits.maxBytes} bytes`,
    );
  }
  const contentType = declaredImageType(input.contentType);
  const uploadId = randomUUID();
  const key = `uploads/${uploadId}`;
  const target = await storage.createUploadTarget({
    area: 'originals',
    key,
    contentType,
    maxBytes: input.size,
    expiresInSeconds: limits.ttlSeconds,
  });
  await insertUpload(db, {
    id: uploadId,
    artistId,
    key,
    contentType,
    filename: input.filename.slice(0, 255),
    maxBytes: input.size,
    expiresAt: target.expiresAt,
  });
  return { uploadId, target };
}

export interface ConsumedUpload {
  imageId: string;
  originalKey: string;
  bytes: number;
}

/**
 * Attaches a finished upload to a print: checks it belongs to the artist, is unused, its file arrived within the
 * signed size and its first bytes are a supported image (415 with the reason otherwise), then creates the `images`
 * row (status processing, the type the bytes say) with the uploaded object as its original and marks the upload
 * consumed so the clean-up job leaves it alone. No bytes are copied here: the row names `uploads/<uploadId>` until
 * the worker's processing run (or the hourly sweep) moves the file to its permanent key
 * `originals/<imageId>/original` (originals.ts) — uploads/ is expired by the bucket's lifecycle rule.
 * Run it inside the transaction that creates/updates the print, then set prints.image_status = 'processing' and
 * send 'image.process' {imageId} after commit.
 */
export async function consumeUpload(
  db: Kysely<Database> | Transaction<Database>,
  storage: Storage,
  params: {
    artistId: string;
    uploadId: string;
    printId: string | null;
    /** An additional image of the print (decision 024); without it the upload is (a replacement of) the primary. */
    additional?: { role: Exclude<ImageRole, 'primary'>; position: number; altText: Localized };
  },
): Promise<ConsumedUpload> {
  const upload = await lockUpload(db, params.artistId, params.uploadId);
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
  // The bytes decide (one ranged read of the first few hundred); a non-image is refused with the reason.
  const contentType = await sniffStoredFile(storage, 'originals', upload.storage_key, 'The uploaded file');
  const imageId = await insertUploadedImage(db, {
    artistId: params.artistId,
    printId: params.printId,
    originalKey: upload.storage_key,
    filename: upload.original_filename,
    contentType,
    bytes: object.size,
    ...(params.additional ? { additional: params.additional } : {}),
  });
  await markUploadConsumed(db, upload.id);
  return { imageId, originalKey: upload.storage_key, bytes: object.size };
}
