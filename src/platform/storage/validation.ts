// Argument checks shared by the drivers (besides keys, see keys.ts); all run before any I/O.
import { BadRequestError } from '../errors.js';
import { assertValidKey } from './keys.js';
import type { StorageArea, UploadTargetRequest } from './types.js';

export const STORAGE_AREAS: readonly StorageArea[] = ['originals', 'public', 'backups'];

/** Longest lifetime accepted for an upload target (S3's presigned limit). */
export const MAX_UPLOAD_TTL_SECONDS = 7 * 24 * 3600;

export function assertValidArea(area: unknown): asserts area is StorageArea {
  if (!(STORAGE_AREAS as readonly unknown[]).includes(area)) {
    throw new BadRequestError(`Unknown storage area ${JSON.stringify(area)}`);
  }
}

/** Byte range with an inclusive end, like HTTP Range. */
export function assertValidRange(range: { start: number; end?: number }): void {
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || start < 0)
    throw new BadRequestError('Range start must be a non-negative integer');
  if (end !== undefined && (!Number.isSafeInteger(end) || end < start)) {
    throw new BadRequestError('Range end must be an integer not below the start');
  }
}

/** A MIME type like "image/jpeg" (parameters allowed, no control characters). */
const CONTENT_TYPE =
  /^[A-Za-z0-9!#$&^_.+-]+\/[A-Za-z0-9!#$&^_.+-]+(\s*;\s*[A-Za-z0-9!#$&^_.+-]+=[A-Za-z0-9!#$&^_.+"-]+)*$/;

export function assertUploadTargetRequest(request: UploadTargetRequest): void {
  assertValidArea(request.area);
  assertValidKey(request.key);
  if (
    request.contentType !== undefined &&
    (typeof request.contentType !== 'string' ||
      request.contentType.length > 200 ||
      !CONTENT_TYPE.test(request.contentType))
  ) {
    throw new BadRequestError('Upload content type must be a MIME type such as image/jpeg');
  }
  if (!Number.isSafeInteger(request.maxBytes) || request.maxBytes < 1) {
    throw new BadRequestError('Upload maxBytes must be a positive integer');
  }
  const ttl = request.expiresInSeconds;
  if (!Number.isSafeInteger(ttl) || ttl < 1 || ttl > MAX_UPLOAD_TTL_SECONDS) {
    throw new BadRequestError(`Upload expiry must be from 1 to ${MAX_UPLOAD_TTL_SECONDS} seconds`);
  }
}
